// Messages between the extension host and its webviews (the Search view and the Quality panel).
// Defined once: the host validates what a webview sends with these schemas; the webview apps
// import the types. Every webview starts with a `ready` handshake before the host sends state.
import { z } from 'zod';
import { MEMORY_KINDS } from './limits.js';
import type { MemoryItem } from './memory-schemas.js';
import type { ScoreHistoryOutput, StatusOutput } from './session-schemas.js';

// ---- Search view ----

export const searchViewRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('search'),
    requestId: z.number().int(),
    query: z.string().max(1_000),
    scope: z.enum(['project', 'all']),
    kinds: z.array(z.enum(MEMORY_KINDS)).max(MEMORY_KINDS.length),
    tags: z.array(z.string().max(50)).max(50),
  }),
  z.object({ type: z.literal('open'), id: z.string().max(200) }),
  z.object({ type: z.literal('copy'), id: z.string().max(200) }),
  z.object({ type: z.literal('delete'), id: z.string().max(200) }),
  z.object({ type: z.literal('searchFile'), file: z.string().max(1_024) }),
]);
export type SearchViewRequest = z.output<typeof searchViewRequest>;

export type SearchViewMessage =
  | { type: 'init'; project: string; mode: 'hybrid' | 'keyword' | 'unknown'; connected: boolean }
  | {
      type: 'results';
      requestId: number;
      query: string;
      mode: 'hybrid' | 'keyword';
      scope: string;
      results: MemoryItem[];
    }
  | { type: 'error'; requestId: number | null; message: string }
  | { type: 'deleted'; id: string }
  /** Asks the view to run this query (e.g. "search by this file" from elsewhere). */
  | { type: 'setQuery'; query: string };

// ---- Quality panel ----

/** Commands a recommendation may offer; the host runs only these. */
export const PANEL_ACTIONS = ['sessionMgmt.checkpoint', 'sessionMgmt.endSession', 'sessionMgmt.startSession', 'sessionMgmt.showLog', 'sessionMgmt.restartServer', 'workbench.actions.view.problems'] as const;

export const qualityPanelRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('refresh') }),
  z.object({ type: z.literal('checkpoint') }),
  z.object({ type: z.literal('endSession') }),
  z.object({ type: z.literal('startSession') }),
  z.object({ type: z.literal('action'), command: z.enum(PANEL_ACTIONS) }),
  z.object({ type: z.literal('openFile'), path: z.string().max(1_024), line: z.number().int().min(1).max(10_000_000).optional() }),
]);
export type QualityPanelRequest = z.output<typeof qualityPanelRequest>;

export type QualityPanelMessage =
  | {
      type: 'state';
      status: StatusOutput | null;
      history: ScoreHistoryOutput['points'];
      threshold: number;
      busy: boolean;
      error: string | null;
    }
  | { type: 'busy'; busy: boolean; label: string };
