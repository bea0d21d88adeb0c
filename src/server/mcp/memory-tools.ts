// Registers the memory tools: thin adapters from MCP calls to MemoryService.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as S from '../../protocol/memory-schemas.js';
import { MemoryToolNames as T } from '../../protocol/tool-names.js';
import type { MemoryBrowser } from '../memory/browse.js';
import type { ConversationImporter } from '../memory/conversations/importer.js';
import type { MemoryService } from '../memory/memory-service.js';
import { formatList, formatSearchResults, searchHeader } from './format.js';
import { toolResult } from './result.js';

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

export function registerMemoryTools(server: McpServer, memory: MemoryService, browser: MemoryBrowser, importer: ConversationImporter): void {
  server.registerTool(
    T.memoryGroups,
    {
      title: 'Memory groups',
      description: 'Browse memory without a query: the days, tags or files memories are grouped under, with counts.',
      inputSchema: S.memoryGroupsInput,
      outputSchema: S.memoryGroupsOutput,
      annotations: readOnly,
    },
    async (args) => {
      const out = await browser.groups(args.group_by, args);
      const lines = out.groups.slice(0, 50).map((g) => `- ${g.key} (${g.count})`);
      return toolResult(`${out.total} memories in ${out.groups.length} ${args.group_by} groups (project: ${out.scope})\n${lines.join('\n')}`, out);
    },
  );

  server.registerTool(
    T.listMemories,
    {
      title: 'List memories',
      description: 'Memories newest first, optionally one group of memory_groups, a page at a time.',
      inputSchema: S.listMemoriesInput,
      outputSchema: S.listMemoriesOutput,
      annotations: readOnly,
    },
    async (args) => {
      const out = await browser.list(args);
      return toolResult(formatList(`${out.total} memories (project: ${out.scope}), from ${out.offset}`, out.items, out.offset + 1), out);
    },
  );

  server.registerTool(
    T.storeReflection,
    {
      title: 'Store reflection',
      description: 'Remember an insight, decision or lesson, with optional tags and related files. It becomes searchable by every search tool at once. Secrets in it (API keys, tokens, passwords) are replaced with [redacted: <kind>] markers before it is stored (unless the server runs with --no-redact).',
      inputSchema: S.storeReflectionInput,
      outputSchema: S.storeReflectionOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async (args) => {
      const out = await memory.storeMemory(args);
      const tags = out.tags.length ? ` with tags ${out.tags.join(', ')}` : '';
      const note = out.embedded ? '' : ' (no embedding model yet: searchable by keyword now, by meaning once a model is available)';
      const redacted = out.redactions.length ? ` Redacted before storing: ${out.redactions.map((r) => `${r.count} ${r.kind}`).join(', ')}.` : '';
      return toolResult(`Stored reflection ${out.id} in project ${out.project}${tags}${note}.${redacted}`, out);
    },
  );

  server.registerTool(
    T.reflectOnPast,
    {
      title: 'Reflect on past',
      description:
        'Search past reflections, checkpoints, handoffs and conversations by meaning and keywords. Scope is the current project unless project is given ("all" for every project).',
      inputSchema: S.reflectOnPastInput,
      outputSchema: S.searchOutput,
      annotations: readOnly,
    },
    async (args) => {
      const out = await memory.reflectOnPast(args);
      return toolResult(formatSearchResults(searchHeader(out), out.results), out);
    },
  );

  server.registerTool(
    T.quickSearch,
    {
      title: 'Quick search',
      description: 'Count the memories matching a query and show the best ones (up to limit).',
      inputSchema: S.quickSearchInput,
      outputSchema: S.quickSearchOutput,
      annotations: readOnly,
    },
    async (args) => {
      const out = await memory.quickSearch(args);
      return toolResult(formatSearchResults(`${searchHeader(out)}; showing ${out.results.length}`, out.results), out);
    },
  );

  server.registerTool(
    T.searchSummary,
    {
      title: 'Search summary',
      description: 'Summarise what memory holds about a query: count, time range, kinds, projects and frequent terms.',
      inputSchema: S.searchSummaryInput,
      outputSchema: S.searchSummaryOutput,
      annotations: readOnly,
    },
    async (args) => {
      const out = await memory.searchSummary(args);
      const lines = [searchHeader(out)];
      if (out.count > 0) {
        lines.push(`From ${out.first_at} to ${out.last_at}`);
        lines.push(`Kinds: ${Object.entries(out.by_kind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
        lines.push(`Projects: ${Object.entries(out.by_project).map(([k, n]) => `${k} ${n}`).join(', ')}`);
        lines.push(`Frequent terms: ${out.frequent_terms.map((t) => `${t.term} (${t.count})`).join(', ')}`);
      }
      return toolResult(lines.join('\n'), out);
    },
  );

  server.registerTool(
    T.getMoreResults,
    {
      title: 'Get more results',
      description: 'The next page of a reflect_on_past search: same query and filters, results from offset on.',
      inputSchema: S.getMoreResultsInput,
      outputSchema: S.pagedSearchOutput,
      annotations: readOnly,
    },
    async (args) => {
      const out = await memory.getMoreResults(args);
      const more = out.has_more ? `; more from offset ${out.offset + out.count}` : '';
      return toolResult(formatList(`${searchHeader(out)} from offset ${out.offset}${more}`, out.results, out.offset + 1), out);
    },
  );

  server.registerTool(
    T.searchByFile,
    {
      title: 'Search by file',
      description:
        'Memories about a file: first those that list it among their files, then those whose text mentions it, longer path matches and the file\'s own project first. Paths match when one ends with the other at a "/" after normalising, so absolute paths from any machine, relative paths and Windows paths all work.',
      inputSchema: S.searchByFileInput,
      outputSchema: S.searchByFileOutput,
      annotations: readOnly,
    },
    async (args) => {
      const out = await memory.searchByFile(args);
      return toolResult(formatList(`${out.count} memories about ${out.file_path} (project: ${out.scope})`, out.results), out);
    },
  );

  server.registerTool(
    T.searchByConcept,
    {
      title: 'Search by concept',
      description: 'Search memories about a concept (matched in text, tags and file paths) and list the files and tags most often involved with it.',
      inputSchema: S.searchByConceptInput,
      outputSchema: S.searchByConceptOutput,
      annotations: readOnly,
    },
    async (args) => {
      const out = await memory.searchByConcept({ ...args, query: args.concept });
      const files = out.related_files.length
        ? `\n\nRelated files:\n${out.related_files.map((f) => `- ${f.path} (${f.count})`).join('\n')}`
        : '';
      const tags = out.related_tags.length ? `\n\nRelated tags: ${out.related_tags.map((t) => `${t.tag} (${t.count})`).join(', ')}` : '';
      return toolResult(formatSearchResults(searchHeader(out), out.results) + files + tags, out);
    },
  );

  server.registerTool(
    T.reflectionStats,
    {
      title: 'Memory statistics',
      description: 'Counts by kind and project, embedded vs. not, the embedding model and search mode, data dir and size on disk.',
      inputSchema: {},
      outputSchema: S.reflectionStatsOutput,
      annotations: readOnly,
    },
    async () => {
      const out = { ...(await memory.stats()), conversations: await importer.status() };
      const last = out.conversations.last_import;
      const kinds = Object.entries(out.by_kind).map(([k, n]) => `${k} ${n}`).join(', ');
      const projects = Object.entries(out.by_project).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
      const text = [
        `${out.total} memories (${kinds}); ${out.embedded} embedded, ${out.not_embedded} waiting for a vector`,
        `Projects: ${projects}`,
        `Search mode: ${out.mode}; model ${out.model.model_id}: ${out.model.state} (${out.model.detail})`,
        `Vectors: ${out.dimension}-d, ${out.metric}; data dir ${out.data_dir}, ${(out.size_bytes / 1_048_576).toFixed(1)} MB on disk`,
        `Conversations: ${out.conversations.root}${out.conversations.watching ? ' (watched)' : ''}; ` +
          (last ? `last import ${last.finished_at}: ${last.chunks_added} chunks from ${last.files_changed} of ${last.files} transcripts, ${last.skipped_lines} lines skipped` : 'not imported yet'),
      ].join('\n');
      return toolResult(text, out);
    },
  );

  server.registerTool(
    T.getMemory,
    {
      title: 'Get memory',
      description: 'The full text and details of one memory.',
      inputSchema: S.getMemoryInput,
      outputSchema: S.getMemoryOutput,
      annotations: readOnly,
    },
    async ({ id }) => {
      const out = await memory.getMemory(id);
      const m = out.memory;
      const subagent = m.conversation?.subagent ? ' (holds subagent lines)' : '';
      const origin = m.conversation && m.source ? `\nfrom ${m.source}, lines ${m.conversation.lines[0]}–${m.conversation.lines[1]}${subagent}` : '';
      return toolResult(`${m.kind} ${m.id} (${m.project}, ${m.created_at})${m.tags.length ? ` [${m.tags.join(', ')}]` : ''}${origin}\n\n${m.text}`, out);
    },
  );

  server.registerTool(
    T.deleteMemory,
    {
      title: 'Delete memory',
      description: 'Delete one memory by id.',
      inputSchema: S.deleteMemoryInput,
      outputSchema: S.deleteMemoryOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      const out = await memory.deleteMemory(id);
      return toolResult(out.deleted ? `Deleted memory ${id}.` : `No memory with id ${id}; nothing deleted.`, out);
    },
  );

  server.registerTool(
    T.setTags,
    {
      title: 'Set tags',
      description: "Replace a memory's tags.",
      inputSchema: S.setTagsInput,
      outputSchema: S.setTagsOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ id, tags }) => {
      const out = await memory.setTags(id, tags);
      return toolResult(`Tags of ${id}: ${out.tags.join(', ') || 'none'}.`, out);
    },
  );
}
