// The context pack's shape: what an agent is given without asking. Shared by the server (start,
// prompts, resources, the `context` subcommand) and the extension (Session view).
import { z } from 'zod';
import { CHARS_PER_TOKEN } from './context-limits.js';
import { MEMORY_KINDS } from './limits.js';

export const contextItem = z.object({
  id: z.string(),
  kind: z.enum(MEMORY_KINDS),
  section: z.enum(['prompt', 'relevant', 'decision']),
  created_at: z.string(),
  age: z.string().describe('How long ago it was stored, e.g. "3 days ago"'),
  score: z.number().min(0).max(1),
  why: z.string().describe('Why it was chosen'),
  excerpt: z.string(),
  stale: z.string().nullable().describe('Why it may be out of date: a file it names was committed after it was stored'),
  superseded_by: z.string().nullable().describe('The id of a newer memory that supersedes it ("superseded" when only tagged so)'),
});

export const contextHandoff = z.object({
  id: z.string(),
  created_at: z.string(),
  age: z.string(),
  summary: z.string(),
  open_items: z.array(z.string()),
  next_steps: z.array(z.string()),
});

export const contextPack = z.object({
  project: z.string(),
  mode: z.enum(['session', 'prompt']),
  branch: z.string().nullable(),
  changed_files: z.array(z.string()),
  budget: z.number().int(),
  tokens: z.number().int().describe(`Estimated tokens of text (characters / ${CHARS_PER_TOKEN}, rounded up)`),
  search_mode: z.enum(['hybrid', 'keyword']),
  score_line: z.string().nullable(),
  handoff: contextHandoff.nullable(),
  items: z.array(contextItem).describe('In the order shown'),
  more: z.object({
    count: z.number().int().describe('Items that passed the relevance floor but did not fit the budget'),
    ids: z.array(z.string()),
    hint: z.string(),
  }),
  text: z.string().describe('The pack as the agent reads it'),
});

export type ContextItem = z.output<typeof contextItem>;
export type ContextHandoff = z.output<typeof contextHandoff>;
export type ContextPack = z.output<typeof contextPack>;
