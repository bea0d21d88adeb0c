// Pure helpers of the Search view: query terms, safe highlighting as segments (never HTML), ages,
// tag lists and the "file:" query form. No DOM and no vscode imports, so unit tests run them in Node.
import type { MatchRange } from '../../src/protocol/memory-schemas.js';

/** A piece of text; `mark` pieces are where the server says the query matched. The app turns them into text nodes and <mark>. */
export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * Splits text into plain and marked segments from the match ranges the server returned with the
 * excerpt ([start, end) offsets). Ranges out of bounds, empty or overlapping are clamped or merged;
 * concatenating the segments' text gives back the input exactly.
 */
export function highlight(text: string, ranges: readonly MatchRange[] | undefined): Segment[] {
  if (!text) return [];
  const sorted = (ranges ?? [])
    .map((r) => ({ start: Math.max(0, Math.min(text.length, Math.floor(r.start))), end: Math.max(0, Math.min(text.length, Math.floor(r.end))) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  const push = (t: string, mark: boolean): void => {
    if (!t) return;
    const last = out[out.length - 1];
    if (last && last.mark === mark) last.text += t;
    else out.push({ text: t, mark });
  };
  let at = 0;
  for (const r of sorted) {
    const start = Math.max(r.start, at);
    if (r.end <= start) continue;
    push(text.slice(at, start), false);
    push(text.slice(start, r.end), true);
    at = r.end;
  }
  push(text.slice(at), false);
  return out;
}

/** "just now", "5 min ago", "3 h ago", "4 days ago", then a date. */
export function age(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const mins = Math.round((now - t) / 60_000);
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  const hours = Math.round(mins / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 60) return `${days} days ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/** "bug, Perf  build" → ["bug", "perf", "build"]: lowercased, distinct, at most 50 of at most 50 characters. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[,\s]+/)
    .map((t) => t.trim().replace(/^#/, '').toLowerCase())
    .filter((t) => t.length > 0 && t.length <= 50);
  return [...new Set(tags)].slice(0, 50);
}

export const FILE_PREFIX = 'file:';

/** "file: src/app.ts" asks for the memories about a file; anything else is a text search. */
export function parseQuery(query: string): { kind: 'text'; text: string } | { kind: 'file'; file: string } {
  const q = query.trim();
  if (q.toLowerCase().startsWith(FILE_PREFIX)) {
    const file = q.slice(FILE_PREFIX.length).trim();
    if (file) return { kind: 'file', file };
  }
  return { kind: 'text', text: q };
}

export function fileQuery(file: string): string {
  return `${FILE_PREFIX} ${file}`;
}

/** The last path segment, for a compact file chip (the full path goes in its title). */
export function baseName(file: string): string {
  const parts = file.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? file;
}

export const KIND_ICONS = { reflection: 'lightbulb', conversation: 'comment-discussion', checkpoint: 'milestone', handoff: 'notebook' } as const;
export const KIND_LABELS = { reflection: 'Reflections', conversation: 'Conversations', checkpoint: 'Checkpoints', handoff: 'Handoffs' } as const;
export type Kind = keyof typeof KIND_ICONS;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
