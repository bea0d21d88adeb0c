// Schemas of conversation import: the import_conversations tool and the record of the last
// import that reflection_stats and the Session view show.
import { z } from 'zod';
import { Limits } from './limits.js';

export const importConversationsInput = {
  path: z
    .string()
    .min(1, { error: 'path must not be empty' })
    .max(Limits.pathMaxChars, { error: `path must be at most ${Limits.pathMaxChars} characters` })
    .optional()
    .describe('A transcript (.jsonl) or a folder of them; defaults to the configured transcripts folder (~/.claude/projects)'),
  project: z
    .string()
    .min(1, { error: 'project must not be empty' })
    .max(Limits.projectMaxChars, { error: `project must be at most ${Limits.projectMaxChars} characters` })
    .optional()
    .describe('Import only transcripts of this project; defaults to the current project; "all" imports every project'),
  since: z
    .string()
    .optional()
    .describe('Only transcripts modified at or after this ISO 8601 date, e.g. 2026-05-01'),
};

const importError = z.object({ file: z.string(), message: z.string() });

/** How many secrets of one kind were replaced with a `[redacted: <kind>]` marker. */
export const redactionCount = z.object({ kind: z.string(), count: z.number().int() });

/** What one import did; also what is remembered as the last import. */
export const importSummary = z.object({
  trigger: z.enum(['tool', 'watch']),
  root: z.string().describe('The file or folder that was scanned'),
  scope: z.string().describe('The project imported, or "all"'),
  started_at: z.string(),
  finished_at: z.string(),
  duration_ms: z.number(),
  files: z.number().int().describe('Transcripts in scope'),
  files_changed: z.number().int().describe('Transcripts with new lines read'),
  files_reset: z.number().int().describe('Transcripts truncated or rewritten since the last import, or imported under older rules or the other redaction setting, re-imported from the start'),
  lines: z.number().int().describe('New lines read'),
  bytes: z.number().int().describe('New bytes read'),
  chunks_added: z.number().int(),
  chunks_removed: z.number().int().describe('Chunks replaced because their transcript grew or changed'),
  skipped_lines: z.number().int().describe('Lines that were not JSON objects, skipped'),
  repaired_lines: z.number().int().describe('Lines with invalid UTF-8, imported with the bad bytes replaced'),
  sidechain_lines: z.number().int().describe("New lines from subagents (sidechains), stored marked as the subagent's"),
  redacted: z.boolean().describe('Whether secrets were redacted (off with --no-redact)'),
  redactions: z.array(redactionCount).describe('Secrets replaced with [redacted: <kind>] markers in the new lines, by kind'),
  embedded: z.boolean().describe('Whether chunks got vectors now (otherwise they are filled in when a model is available)'),
  cancelled: z.boolean(),
  by_project: z.record(z.string(), z.number()).describe('Chunks added per project'),
  errors: z.array(importError).describe('Transcripts that could not be read'),
});

export const importConversationsOutput = importSummary.shape;

/** The conversation part of reflection_stats. */
export const conversationStatus = z.object({
  root: z.string().describe('Where transcripts are looked for'),
  watching: z.boolean().describe('Whether new lines are imported as transcripts grow'),
  last_import: importSummary.nullable(),
});

/** Where a conversation chunk came from, as get_memory reports it. */
export const conversationOrigin = z.object({
  conversation_id: z.string(),
  // A two-item array rather than a tuple: a tuple becomes draft-07's `items: [..]`, which 2020-12 rejects.
  lines: z
    .array(z.number().int())
    .length(2)
    .describe('First and last line of the transcript in the chunk (1-based)') as unknown as z.ZodType<[number, number]>,
  tools: z.array(z.string()).describe('Tools called in the chunk'),
  edited: z.array(z.string()).describe('Files a tool changed in the chunk'),
  subagent: z.boolean().describe('Whether the chunk holds lines of a subagent (sidechain), marked "Subagent" in its text'),
  first_at: z.string().nullable(),
  last_at: z.string().nullable(),
});

export type ConversationOrigin = z.output<typeof conversationOrigin>;
export type ImportSummary = z.output<typeof importSummary>;
export type ImportTrigger = ImportSummary['trigger'];
export type ConversationStatus = z.output<typeof conversationStatus>;
