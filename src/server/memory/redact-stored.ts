// Memories stored before redaction existed, or while it was off, are redacted in place once: every
// text passes through the same redaction as new memories. Conversation chunks whose transcripts
// still exist are also imported again (see the import format); this pass covers reflections,
// checkpoints, handoffs and chunks of transcripts that are gone.
import type { Logger } from '../log.js';
import { addRedactions, type RedactionCount } from '../secrets/redact.js';
import type { ImportStateStore } from './conversations/import-state.js';
import type { Redactor } from './redaction.js';
import type { MemoryStore } from './store.js';

/** Bumped when redaction finds more than before, so stored memories are scanned again. */
export const REDACTION_PASS = 1;
const BATCH = 500;

export interface StoredRedaction {
  scanned: number;
  changed: number;
  redactions: RedactionCount[];
}

/**
 * With redaction on, redacts every stored memory unless that was done already; with it off, records
 * that memories stored from now on may hold secrets. Null when there was nothing to do. Each batch
 * is one commit that changes only the text column, so it does not undo a concurrent tag or vector
 * write; vectors made from the old text are kept.
 */
export async function redactStoredMemories(
  store: MemoryStore,
  redactor: Redactor,
  marks: ImportStateStore,
  log: Logger,
  signal?: AbortSignal,
): Promise<StoredRedaction | null> {
  if (!redactor.enabled) {
    await marks.markStoredRedacted(null);
    return null;
  }
  if (await marks.storedRedacted(REDACTION_PASS)) return null;
  const ids = (await store.scan(['id'])).map((r) => r.id!).sort();
  const out: StoredRedaction = { scanned: 0, changed: 0, redactions: [] };
  for (let i = 0; i < ids.length; i += BATCH) {
    // Stopped (the server is closing): what is done stays done; the next start does the rest.
    if (signal?.aborted) return out;
    const rows = await store.byIds(ids.slice(i, i + BATCH));
    const red = await redactor.redactMany(rows.map((r) => r.text));
    const changed = rows.flatMap((r, k) => (red.texts[k] !== r.text ? [{ id: r.id, text: red.texts[k]! }] : []));
    await store.setTexts(changed);
    for (const e of red.each) out.redactions = addRedactions(out.redactions, e);
    out.scanned += rows.length;
    out.changed += changed.length;
  }
  await marks.markStoredRedacted(REDACTION_PASS);
  if (out.changed) log.info(`redacted secrets in ${out.changed} of ${out.scanned} stored memories: ${out.redactions.map((r) => `${r.count} ${r.kind}`).join(', ')}`);
  return out;
}
