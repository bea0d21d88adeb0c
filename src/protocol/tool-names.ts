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
} as const;

export type MemoryToolName = (typeof MemoryToolNames)[keyof typeof MemoryToolNames];
