// Readable text for tool results; clients that want data read structuredContent instead.
import type { FileMatchItem, MemoryItem } from '../../protocol/memory-schemas.js';

function age(iso: string): string {
  const mins = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  const hours = Math.round(mins / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function formatItem(item: MemoryItem | FileMatchItem, n: number): string {
  const tags = item.tags.length ? ` [${item.tags.join(', ')}]` : '';
  const files = item.files.length ? `\n   files: ${item.files.slice(0, 5).join(', ')}${item.files.length > 5 ? ', …' : ''}` : '';
  return `${n}. (${item.kind}, score ${item.score.toFixed(2)}, ${item.project}, ${age(item.created_at)})${tags}\n   ${item.excerpt}${files}\n   id: ${item.id}`;
}

export function formatList(header: string, items: readonly (MemoryItem | FileMatchItem)[], start = 1): string {
  if (items.length === 0) return `${header}\nNo memories matched.`;
  return `${header}\n\n${items.map((it, i) => formatItem(it, start + i)).join('\n\n')}`;
}

export function searchHeader(o: { count: number; query: string; mode: string; scope: string; min_score: number }): string {
  const mode = o.mode === 'keyword' ? 'keyword only: no embedding model' : 'hybrid';
  return `${o.count} result${o.count === 1 ? '' : 's'} for "${o.query}" (${mode}; project: ${o.scope}; min score ${o.min_score})`;
}
