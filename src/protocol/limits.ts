// Input limits, shared by the server's validation and any client that wants to check early.
export const Limits = {
  contentMaxChars: 50_000,
  queryMaxChars: 1_000,
  tagMaxChars: 50,
  tagsMax: 50,
  filesMax: 200,
  pathMaxChars: 1_024,
  projectMaxChars: 200,
  idMaxChars: 200,
  limitMax: 1_000,
  offsetMax: 10_000,
} as const;

/** Default min_score for every search tool; see docs/search.md for what a score means. */
export const DEFAULT_MIN_SCORE = 0.2;

/** The project value that widens a search to every project. */
export const ALL_PROJECTS = 'all';

export const MEMORY_KINDS = ['reflection', 'conversation', 'checkpoint', 'handoff'] as const;
export type MemoryKind = (typeof MEMORY_KINDS)[number];

export const EMBEDDING_DIM = 384;
