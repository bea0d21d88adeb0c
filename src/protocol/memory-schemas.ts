// Input and output schemas of the memory tools: the server registers them, clients parse
// results with them. Shapes are zod raw shapes because that is what the MCP SDK takes.
import { z } from 'zod';
import { conversationOrigin, conversationStatus, redactionCount } from './conversation-schemas.js';
import { DEFAULT_MIN_SCORE, Limits, MEMORY_KINDS } from './limits.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

const query = z
  .string()
  .min(1, { error: 'query must not be empty' })
  .max(Limits.queryMaxChars, { error: `query must be at most ${fmt(Limits.queryMaxChars)} characters` })
  .describe('What to look for, in natural language or keywords');

const limit = (def: number) =>
  z
    .number()
    .int({ error: 'limit must be a whole number' })
    .min(1, { error: 'limit must be at least 1' })
    .max(Limits.limitMax, { error: `limit must be at most ${fmt(Limits.limitMax)}` })
    .default(def)
    .describe('Maximum number of results');

const minScore = z
  .number()
  .min(0, { error: 'min_score must be between 0 and 1' })
  .max(1, { error: 'min_score must be between 0 and 1' })
  .default(DEFAULT_MIN_SCORE)
  .describe(
    'Minimum score in [0, 1] (the score every result shows; see docs/search.md): about the weighted share of the query\'s words a memory matches, raised by meaning in hybrid mode',
  );

const project = z
  .string()
  .min(1, { error: 'project must not be empty' })
  .max(Limits.projectMaxChars, { error: `project must be at most ${Limits.projectMaxChars} characters` })
  .optional()
  .describe('Project to search; defaults to the current project; "all" searches every project');

const kind = z.enum(MEMORY_KINDS);

const tags = z
  .array(z.string().max(Limits.tagMaxChars, { error: `each tag must be at most ${Limits.tagMaxChars} characters` }))
  .max(Limits.tagsMax, { error: `at most ${Limits.tagsMax} tags are allowed` });

const files = z
  .array(
    z
      .string()
      .min(1, { error: 'file paths must not be empty' })
      .max(Limits.pathMaxChars, { error: `file paths must be at most ${fmt(Limits.pathMaxChars)} characters` }),
  )
  .max(Limits.filesMax, { error: `at most ${Limits.filesMax} files are allowed` });

const id = z
  .string()
  .min(1, { error: 'id must not be empty' })
  .max(Limits.idMaxChars, { error: `id must be at most ${Limits.idMaxChars} characters` })
  .describe('Memory id');

const isoDate = z.string().max(64).describe('ISO 8601 date or date-time, e.g. 2026-05-01 or 2026-05-01T12:00:00Z');

const searchFilters = {
  kinds: z.array(kind).max(MEMORY_KINDS.length).optional().describe('Only these kinds'),
  tags: tags.optional().describe('Only memories carrying at least one of these tags'),
  since: isoDate.optional(),
  until: isoDate.optional(),
};

export const storeReflectionInput = {
  content: z
    .string()
    .min(1, { error: 'content must not be empty' })
    .max(Limits.contentMaxChars, { error: `content must be at most ${fmt(Limits.contentMaxChars)} characters` })
    .describe('The insight to remember'),
  tags: tags.optional().describe('Tags: lowercase letters, digits, "-" and "_"'),
  project: project.describe('Project the memory belongs to; defaults to the current project'),
  files: files.optional().describe('Files the memory is about (absolute or workspace-relative)'),
};

export const reflectOnPastInput = {
  query,
  limit: limit(5),
  min_score: minScore,
  project,
  ...searchFilters,
  use_decay: z.boolean().default(false).describe('Favour recent memories (half-life 30 days)'),
};

export const quickSearchInput = { query, limit: limit(5), min_score: minScore, project };

export const searchSummaryInput = { query, min_score: minScore, project };

export const getMoreResultsInput = {
  query,
  offset: z
    .number()
    .int({ error: 'offset must be a whole number' })
    .min(0, { error: 'offset must not be negative' })
    .max(Limits.offsetMax, { error: `offset must be at most ${fmt(Limits.offsetMax)}` })
    .default(3),
  limit: limit(3),
  min_score: minScore,
  project,
  ...searchFilters,
};

export const searchByFileInput = {
  file_path: z
    .string()
    .min(1, { error: 'file_path must not be empty' })
    .max(Limits.pathMaxChars, { error: `file_path must be at most ${fmt(Limits.pathMaxChars)} characters` })
    .describe('Absolute or workspace-relative path'),
  limit: limit(10),
  project,
};

export const searchByConceptInput = {
  concept: query.describe('A concept, e.g. "error handling" or "database migrations"'),
  include_files: z.boolean().default(true).describe('Also list the files related to the concept'),
  limit: limit(10),
  min_score: minScore,
  project,
};

export const getMemoryInput = { id };
export const deleteMemoryInput = { id };
export const setTagsInput = { id, tags: tags.describe('The new tags; replaces the old ones') };

export const GROUP_BY = ['day', 'tag', 'file'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const memoryGroupsInput = {
  group_by: z.enum(GROUP_BY).default('day').describe('Group by the day stored (UTC), by tag, or by file'),
  project,
  kinds: z.array(kind).max(MEMORY_KINDS.length).optional(),
};

export const listMemoriesInput = {
  group_by: z.enum(GROUP_BY).optional().describe('With group: list one group of memory_groups'),
  group: z.string().max(Limits.pathMaxChars).optional().describe('A group key from memory_groups (a YYYY-MM-DD day, a tag or a file)'),
  project,
  kinds: z.array(kind).max(MEMORY_KINDS.length).optional(),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(Limits.limitMax).default(50),
};

// ---- outputs ----

const matchRange = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });

export const memoryItem = z.object({
  id: z.string(),
  kind: kind,
  excerpt: z.string().describe('The window of the text with the most query terms'),
  matches: z
    .array(matchRange)
    .optional()
    .describe('Where the excerpt matches the query: [start, end) UTF-16 offsets into excerpt, in order'),
  folded_ids: z
    .array(z.string())
    .optional()
    .describe('Near-identical memories (same text apart from numbers and whitespace) shown once as this result'),
  score: z.number().min(0).max(1),
  project: z.string(),
  tags: z.array(z.string()),
  files: z.array(z.string()),
  created_at: z.string(),
  session_id: z.string().nullable(),
  source: z.string().nullable(),
});

const searchMeta = {
  query: z.string(),
  mode: z.enum(['hybrid', 'keyword']).describe('hybrid = vector + full-text; keyword = full-text only'),
  scope: z.string().describe('The project searched, or "all"'),
  min_score: z.number(),
};

export const searchOutput = {
  ...searchMeta,
  count: z.number().int(),
  results: z.array(memoryItem),
};

export const pagedSearchOutput = {
  ...searchOutput,
  offset: z.number().int(),
  has_more: z.boolean(),
};

export const quickSearchOutput = {
  ...searchMeta,
  count: z.number().int().describe('Matches at or above min_score'),
  top: memoryItem.nullable(),
  results: z.array(memoryItem),
};

export const searchSummaryOutput = {
  ...searchMeta,
  count: z.number().int(),
  first_at: z.string().nullable(),
  last_at: z.string().nullable(),
  by_kind: z.record(z.string(), z.number()),
  by_project: z.record(z.string(), z.number()),
  frequent_terms: z.array(z.object({ term: z.string(), count: z.number().int() })),
};

export const fileMatchItem = memoryItem.extend({
  match: z.enum(['files', 'text']).describe('files: the memory lists the file; text: its text mentions it'),
  matched_path: z.string().optional().describe('The listed or mentioned path that matched'),
});

export const searchByFileOutput = {
  file_path: z.string(),
  forms: z.array(z.string()).describe('The normalised path that was matched by suffix'),
  scope: z.string(),
  count: z.number().int(),
  results: z.array(fileMatchItem),
};

export const searchByConceptOutput = {
  ...searchOutput,
  related_files: z.array(z.object({ path: z.string(), count: z.number().int() })).describe('Files listed by the best matches, most often first'),
  related_tags: z.array(z.object({ tag: z.string(), count: z.number().int() })).describe('Tags of the best matches, most often first'),
};

export const storeReflectionOutput = {
  id: z.string(),
  kind: kind,
  project: z.string(),
  tags: z.array(z.string()),
  files: z.array(z.string()),
  embedded: z.boolean().describe('Whether a vector was stored now; otherwise it is added when a model is available'),
  created_at: z.string(),
  redactions: z.array(redactionCount).describe('Secrets replaced with [redacted: <kind>] markers before storing, by kind; empty when none'),
};

export const getMemoryOutput = {
  memory: memoryItem.omit({ excerpt: true, score: true }).extend({
    text: z.string(),
    embedded: z.boolean(),
    conversation: conversationOrigin.nullable().describe('For an imported conversation chunk: the transcript lines it came from'),
  }),
};

export const memoryGroupsOutput = {
  group_by: z.enum(GROUP_BY),
  scope: z.string(),
  total: z.number().int(),
  groups: z.array(z.object({ key: z.string(), count: z.number().int(), latest_at: z.string() })).describe('Newest first for days, largest first otherwise'),
  ungrouped: z.number().int().describe('Memories with no tag (or no file) when grouping by tag (or file)'),
};

export const listMemoriesOutput = {
  scope: z.string(),
  total: z.number().int().describe('Memories in the list (or group)'),
  offset: z.number().int(),
  has_more: z.boolean(),
  items: z.array(memoryItem).describe('Newest first; score is 1'),
};

export const deleteMemoryOutput = { id: z.string(), deleted: z.boolean() };
export const setTagsOutput = { id: z.string(), tags: z.array(z.string()) };

export const modelStatus = z.object({
  state: z.enum(['loading', 'ready', 'none']),
  model_id: z.string(),
  source: z.enum(['explicit', 'bundled', 'cache', 'download']).nullable(),
  location: z.string().nullable(),
  detail: z.string().describe('Why the model is or is not available'),
});

export const reflectionStatsOutput = {
  total: z.number().int(),
  by_kind: z.record(z.string(), z.number()),
  by_project: z.record(z.string(), z.number()),
  embedded: z.number().int(),
  not_embedded: z.number().int(),
  mode: z.enum(['hybrid', 'keyword']),
  model: modelStatus,
  dimension: z.number().int(),
  metric: z.literal('cosine'),
  data_dir: z.string(),
  size_bytes: z.number().int(),
  project: z.string().describe('The current project'),
  conversations: conversationStatus,
};

type Shape = Record<string, z.ZodType>;
export type Output<S extends Shape> = z.output<z.ZodObject<S>>;
export type Input<S extends Shape> = z.output<z.ZodObject<S>>;

export type MemoryItem = z.output<typeof memoryItem>;
export type MatchRange = z.output<typeof matchRange>;
export type FileMatchItem = z.output<typeof fileMatchItem>;
export type ModelStatus = z.output<typeof modelStatus>;
export type SearchOutput = Output<typeof searchOutput>;
export type PagedSearchOutput = Output<typeof pagedSearchOutput>;
export type QuickSearchOutput = Output<typeof quickSearchOutput>;
export type SearchSummaryOutput = Output<typeof searchSummaryOutput>;
export type SearchByFileOutput = Output<typeof searchByFileOutput>;
export type SearchByConceptOutput = Output<typeof searchByConceptOutput>;
export type StoreReflectionOutput = Output<typeof storeReflectionOutput>;
export type GetMemoryOutput = Output<typeof getMemoryOutput>;
export type ReflectionStatsOutput = Output<typeof reflectionStatsOutput>;
export type MemoryGroupsOutput = Output<typeof memoryGroupsOutput>;
export type ListMemoriesOutput = Output<typeof listMemoriesOutput>;
