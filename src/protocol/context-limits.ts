// Numbers and names of the context pack, kept free of zod so the server's lazily loaded memory
// modules can import them without pulling schema code along.

/** Default token budget of a pack; `--budget`, the resource's `?budget=` and a setting change it. */
export const DEFAULT_CONTEXT_BUDGET = 1_500;
export const MIN_CONTEXT_BUDGET = 100;
export const MAX_CONTEXT_BUDGET = 20_000;
/** Budget of the few memories the UserPromptSubmit hook adds to a prompt. */
export const DEFAULT_PROMPT_BUDGET = 400;

/**
 * The relevance floor, on the one [0, 1] search score: a result below it is a near miss, never put in
 * a pack to fill the budget, and a search whose best result is below it answers "nothing relevant".
 */
export const RELEVANCE_FLOOR = 0.5;

/** Tokens are estimated as one per 4 characters (rounded up), the usual rule for English and code. */
export const CHARS_PER_TOKEN = 4;
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Tags that put a memory in the pack's "Decisions and gotchas" section. */
export const DECISION_TAGS = ['decision', 'gotcha'] as const;
/** A memory tagged `supersedes-<id>` supersedes the memory <id>; a memory tagged `superseded` is superseded. */
export const SUPERSEDES_TAG_PREFIX = 'supersedes-';
export const SUPERSEDED_TAG = 'superseded';

export const ResourceUris = {
  handoffLatest: 'session-mgmt://handoff/latest',
  context: 'session-mgmt://context',
  memoryTemplate: 'session-mgmt://memory/{id}',
  memoryPrefix: 'session-mgmt://memory/',
  sessionCurrent: 'session-mgmt://session/current',
} as const;
