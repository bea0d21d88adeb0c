// The context pack as the MCP adapters ask for it: for the server's project (or a working directory),
// with the score line from a report just computed or else from the stored history.
import type { ContextPack } from '../../protocol/context-schemas.js';
import type { MemoryBrowser } from '../memory/browse.js';
import { buildContextPack } from '../memory/context-pack.js';
import type { MemoryService } from '../memory/memory-service.js';
import type { Lifecycle } from '../session/lifecycle.js';
import { scoreLineFromHistory } from '../session/score-line.js';

export interface ContextServices {
  memory: MemoryService;
  browser: MemoryBrowser;
  lifecycle: Lifecycle;
}

export interface ContextQuery {
  /** Project and root; the server's own when not given. */
  workspace?: { project: string; root: string } | undefined;
  budget?: number | undefined;
  /** Known score line; otherwise the last one in the history. */
  scoreLine?: string | undefined;
}

/** The services once open; a function because the MCP adapters register before the store is open. */
export type ContextSource = () => Promise<ContextServices>;

export async function contextPackFor(source: ContextSource, q: ContextQuery = {}): Promise<ContextPack> {
  const s = await source();
  const project = q.workspace?.project ?? s.memory.ctx.project;
  const projectRoot = q.workspace?.root ?? s.memory.ctx.projectRoot;
  const scoreLine = q.scoreLine ?? scoreLineFromHistory((await s.lifecycle.history({ working_directory: projectRoot, limit: 1 })).points);
  return buildContextPack({ memory: s.memory, browser: s.browser }, { project, projectRoot, budget: q.budget, scoreLine });
}
