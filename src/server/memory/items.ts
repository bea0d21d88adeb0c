// A stored memory as a result item, the shape every memory tool returns.
import type { MemoryItem } from '../../protocol/memory-schemas.js';
import { buildExcerpt } from './excerpt.js';
import type { StoredMemory } from './schema.js';

const NOTHING: ReadonlySet<string> = new Set();

/** `matched`: the indexed terms a search matched, marked in the excerpt; `folded`: near-duplicate ids. */
export function toMemoryItem(row: StoredMemory, score: number, matched: ReadonlySet<string> = NOTHING, folded?: readonly string[]): MemoryItem {
  const { excerpt, ranges } = buildExcerpt(row.text, matched);
  return {
    id: row.id,
    kind: row.kind,
    excerpt,
    ...(matched.size ? { matches: ranges.map(([start, end]) => ({ start, end })) } : {}),
    ...(folded ? { folded_ids: [...folded] } : {}),
    score,
    project: row.project,
    tags: row.tags,
    files: row.files,
    created_at: new Date(row.created_at).toISOString(),
    session_id: row.session_id,
    source: row.source,
  };
}
