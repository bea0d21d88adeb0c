// A stored memory as a result item, the shape every memory tool returns.
import type { MemoryItem } from '../../protocol/memory-schemas.js';
import type { StoredMemory } from './schema.js';
import { excerpt } from './text.js';

export function toMemoryItem(row: StoredMemory, score: number, terms: readonly string[]): MemoryItem {
  return {
    id: row.id,
    kind: row.kind,
    excerpt: excerpt(row.text, terms),
    score,
    project: row.project,
    tags: row.tags,
    files: row.files,
    created_at: new Date(row.created_at).toISOString(),
    session_id: row.session_id,
    source: row.source,
  };
}
