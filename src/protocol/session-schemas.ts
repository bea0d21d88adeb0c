// Input and output schemas of the session lifecycle tools: start, checkpoint, end, status.
import { z } from 'zod';
import { DEFAULT_CONTEXT_BUDGET, MAX_CONTEXT_BUDGET, MIN_CONTEXT_BUDGET } from './context-limits.js';
import { contextPack } from './context-schemas.js';
import { diagnosticsInput, qualityReport } from './quality-schemas.js';

export const COMMIT_MODES = ['off', 'tracked', 'all'] as const;
export type CommitMode = (typeof COMMIT_MODES)[number];

export const COMMIT_STATUSES = [
  'committed',
  'off',
  'no-repo',
  'clean',
  'untracked-only',
  'in-progress',
  'detached',
  'hook-failed',
  'no-identity',
  'failed',
] as const;
export type CommitStatus = (typeof COMMIT_STATUSES)[number];

const workingDirectory = z
  .string()
  .min(1, { error: 'working_directory must not be empty' })
  .max(4_096, { error: 'working_directory is too long' })
  .optional()
  .describe("The project folder; defaults to the server's project root");

export const startInput = {
  working_directory: workingDirectory,
  context_budget: z
    .number()
    .int()
    .min(MIN_CONTEXT_BUDGET)
    .max(MAX_CONTEXT_BUDGET)
    .optional()
    .describe(`Token budget of the context pack in the result (default ${DEFAULT_CONTEXT_BUDGET})`),
};

export const checkpointInput = {
  working_directory: workingDirectory,
  commit: z
    .enum(COMMIT_MODES)
    .default('tracked')
    .describe('Git checkpoint commit: "off"; "tracked" stages only changes to tracked files; "all" also untracked files (honouring .gitignore)'),
  trigger: z
    .enum(['manual', 'auto'])
    .default('manual')
    .describe('"auto" for timer-driven checkpoints: their reflection is stored only when the score moved by 10+ or is 90+'),
  diagnostics: diagnosticsInput.optional(),
};

const handoffList = (what: string) =>
  z
    .array(z.string().min(1).max(500, { error: `each of ${what} must be at most 500 characters` }))
    .max(30, { error: `at most 30 ${what} are allowed` })
    .optional();

export const endInput = {
  working_directory: workingDirectory,
  diagnostics: diagnosticsInput.optional(),
  open_items: handoffList('open_items').describe('Work left unfinished, for the handoff (one line each)'),
  next_steps: handoffList('next_steps').describe('What the next session should do first, for the handoff (one line each)'),
};
export const statusInput = { working_directory: workingDirectory, diagnostics: diagnosticsInput.optional() };

export const sessionInfo = z.object({
  id: z.string(),
  project: z.string(),
  workspace: z.string(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  start_score: z.number(),
  end_score: z.number().nullable(),
  start_commit: z.string().nullable(),
});

export const checkpointInfo = z.object({
  id: z.string(),
  session_id: z.string(),
  created_at: z.string(),
  score: z.number(),
  delta: z.number().nullable().describe('Change from the previous checkpoint (or the session start)'),
  commit_status: z.enum(COMMIT_STATUSES),
  commit_hash: z.string().nullable(),
  reflection_id: z.string().nullable(),
});

export const commitOutcome = z.object({
  status: z.enum(COMMIT_STATUSES),
  hash: z.string().nullable(),
  short_hash: z.string().nullable(),
  message: z.string().nullable(),
  files: z.array(z.string()).describe('Files in the checkpoint commit'),
  untracked: z.array(z.string()).describe('Untracked files left out (tracked mode)'),
  reason: z.string(),
  output: z.string().nullable().describe('git or hook output when the commit failed'),
});

export const handoffSummary = z.object({
  session_id: z.string(),
  ended_at: z.string(),
  end_score: z.number(),
  summary: z.string(),
  recommendations: z.array(z.string()),
  path: z.string().nullable(),
});

export const startOutput = {
  session: sessionInfo,
  resumed: z.boolean().describe('True when an open session was returned instead of starting a new one'),
  quality: qualityReport,
  previous_handoff: handoffSummary.nullable(),
  context: contextPack.optional().describe('The context pack: last handoff, memories about the current work, decisions and gotchas'),
};

export const reflectionDecision = z.object({
  stored: z.boolean(),
  reason: z.string().describe('manual | significant-change | high-quality | routine'),
  id: z.string().nullable(),
});

export const checkpointOutput = {
  session: sessionInfo,
  session_started: z.boolean().describe('True when no session was open and this checkpoint started one'),
  checkpoint: checkpointInfo,
  quality: qualityReport,
  previous_score: z.number().nullable(),
  commit: commitOutcome,
  reflection: reflectionDecision,
  history: z.array(z.object({ created_at: z.string(), score: z.number() })).describe('Scores of this session, oldest first'),
};

export const endOutput = {
  session: sessionInfo,
  quality: qualityReport,
  handoff: z.string().describe('The handoff document (markdown)'),
  handoff_path: z.string(),
  handoff_memory_id: z.string(),
  duration_minutes: z.number(),
  files_changed: z.array(z.string()),
};

export const statusOutput = {
  project: z.string(),
  workspace: z.string(),
  session: sessionInfo.nullable(),
  quality: qualityReport,
  delta_since_checkpoint: z.number().nullable(),
  delta_since_start: z.number().nullable(),
  last_checkpoint: checkpointInfo.nullable(),
  checkpoints: z.number().int(),
  health: z.object({
    mode: z.enum(['hybrid', 'keyword']),
    model_state: z.string(),
    model_detail: z.string(),
    data_dir: z.string(),
    memories: z.number().int(),
  }),
};

export const scoreHistoryInput = {
  working_directory: workingDirectory,
  limit: z.number().int().min(1).max(1_000).default(100),
};

export const scoreHistoryOutput = {
  project: z.string(),
  points: z.array(
    z.object({
      created_at: z.string(),
      score: z.number(),
      session_id: z.string(),
      kind: z.enum(['start', 'checkpoint', 'end']),
      commit_hash: z.string().nullable(),
    }),
  ),
};

type Shape = Record<string, z.ZodType>;
type Out<S extends Shape> = z.output<z.ZodObject<S>>;
export type SessionInfo = z.output<typeof sessionInfo>;
export type CheckpointInfo = z.output<typeof checkpointInfo>;
export type CommitOutcome = z.output<typeof commitOutcome>;
export type HandoffSummary = z.output<typeof handoffSummary>;
export type StartOutput = Out<typeof startOutput>;
export type CheckpointOutput = Out<typeof checkpointOutput>;
export type EndOutput = Out<typeof endOutput>;
export type StatusOutput = Out<typeof statusOutput>;
export type ScoreHistoryOutput = Out<typeof scoreHistoryOutput>;
