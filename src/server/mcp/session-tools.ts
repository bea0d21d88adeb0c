// Registers the session lifecycle tools: thin adapters from MCP calls to Lifecycle.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as S from '../../protocol/session-schemas.js';
import { SessionToolNames as T } from '../../protocol/tool-names.js';
import type { Lifecycle } from '../session/lifecycle.js';
import { formatCheckpoint, formatEnd, formatStart, formatStatus } from './session-format.js';
import { progressOf } from './progress.js';
import { toolResult } from './result.js';
import { contextPackFor, type ContextSource } from './context-source.js';
import type { Logger } from '../log.js';
import { scoreLineOf } from '../session/score-line.js';

const writes = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;

export function registerSessionTools(server: McpServer, lifecycle: Lifecycle, context: ContextSource, log: Logger): void {
  const startConfig = {
    title: 'Start session',
    description:
      'Start (or resume) a work session: analyse the project, compute its quality score (0-100), and show the previous session\'s handoff and recommendations.',
    inputSchema: S.startInput,
    outputSchema: S.startOutput,
    annotations: { ...writes, idempotentHint: true },
  };
  for (const name of [T.start, T.init]) {
    server.registerTool(name, name === T.init ? { ...startConfig, title: 'Init session', description: `Alias of ${T.start}. ${startConfig.description}` } : startConfig, async (args, extra) => {
      const out = await lifecycle.start(args.working_directory, progressOf(extra));
      // The session is open whatever happens to the pack; a start without it still says so.
      const pack = await contextPackFor(context, {
        workspace: { project: out.session.project, root: out.session.workspace },
        budget: args.context_budget,
        scoreLine: scoreLineOf(out.quality),
      }).catch((err: unknown) => {
        log.warn('could not build the context pack for start', err);
        return undefined;
      });
      return toolResult(formatStart(out, pack), pack ? { ...out, context: pack } : out);
    });
  }

  server.registerTool(
    T.checkpoint,
    {
      title: 'Checkpoint',
      description:
        'Record a checkpoint: quality score against history, a git checkpoint commit (commit: "tracked" by default, "all" or "off"), and a reflection when it was manual, the score moved by 10+ or is 90+.',
      inputSchema: S.checkpointInput,
      outputSchema: S.checkpointOutput,
      annotations: writes,
    },
    async (args, extra) => {
      const out = await lifecycle.checkpoint(args, progressOf(extra));
      return toolResult(formatCheckpoint(out), out);
    },
  );

  server.registerTool(
    T.end,
    {
      title: 'End session',
      description:
        'End the session: final quality score, a handoff document (kept in the data dir, never in the repository) for the next session, stored as a memory too.',
      inputSchema: S.endInput,
      outputSchema: S.endOutput,
      annotations: writes,
    },
    async (args, extra) => {
      const out = await lifecycle.end(args, progressOf(extra));
      return toolResult(formatEnd(out), out);
    },
  );

  server.registerTool(
    T.status,
    {
      title: 'Session status',
      description: 'Current session, quality score and breakdown, change since the last checkpoint and since the start, and server health.',
      inputSchema: S.statusInput,
      outputSchema: S.statusOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      const out = await lifecycle.status(args);
      return toolResult(formatStatus(out), out);
    },
  );

  server.registerTool(
    T.scoreHistory,
    {
      title: 'Score history',
      description: "The project's quality scores over time: session starts, checkpoints and ends, oldest first.",
      inputSchema: S.scoreHistoryInput,
      outputSchema: S.scoreHistoryOutput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      const out = await lifecycle.history(args);
      const text = out.points.length
        ? `Quality history of ${out.project}:\n${out.points.map((p) => `${p.created_at} ${p.kind} ${p.score}`).join('\n')}`
        : `No quality history for ${out.project} yet.`;
      return toolResult(text, out);
    },
  );
}
