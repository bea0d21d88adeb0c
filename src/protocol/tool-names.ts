// MCP tool names. They follow the reference server so existing prompts and habits keep working.
export const MemoryToolNames = {
  storeReflection: 'store_reflection',
  reflectOnPast: 'reflect_on_past',
  quickSearch: 'quick_search',
  searchSummary: 'search_summary',
  getMoreResults: 'get_more_results',
  searchByFile: 'search_by_file',
  searchByConcept: 'search_by_concept',
  reflectionStats: 'reflection_stats',
  getMemory: 'get_memory',
  deleteMemory: 'delete_memory',
  setTags: 'set_tags',
  memoryGroups: 'memory_groups',
  listMemories: 'list_memories',
  importConversations: 'import_conversations',
} as const;

export type MemoryToolName = (typeof MemoryToolNames)[keyof typeof MemoryToolNames];

export const SessionToolNames = {
  start: 'start',
  init: 'init',
  checkpoint: 'checkpoint',
  end: 'end',
  status: 'status',
  scoreHistory: 'score_history',
} as const;

export type SessionToolName = (typeof SessionToolNames)[keyof typeof SessionToolNames];

/** MCP prompts; Claude Code offers them as /session-mgmt:<name>. */
export const PromptNames = {
  start: 'start',
  resume: 'resume',
  checkpoint: 'checkpoint',
  end: 'end',
  status: 'status',
  reflect: 'reflect',
  quickSearch: 'quick-search',
} as const;
