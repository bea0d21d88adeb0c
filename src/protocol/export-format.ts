// The export file: JSON Lines. A header line, then one line per record (memories, sessions,
// checkpoints, conversation import state), then an end line with the counts, so a cut-off file is
// detected. Every record line carries "type" and the columns of its table.
import type { MemoryKind } from './limits.js';

export const EXPORT_FORMAT = 'session-mgmt-export';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  type: 'header';
  format: typeof EXPORT_FORMAT;
  version: number;
  exported_at: string;
  /** The model the vectors were made with; an import into a server with another model re-embeds. */
  embedding: { model: string; dimension: number };
  /** Whether memory lines carry their vectors. */
  vectors: boolean;
  scope: { project: string; kinds: MemoryKind[] | null; since: string | null };
}

export interface ExportEnd {
  type: 'end';
  counts: Record<string, number>;
}
