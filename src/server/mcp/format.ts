// Readable text for tool results; clients that want data read structuredContent instead.
import fs from 'node:fs';
import type { ImportSummary } from '../../protocol/conversation-schemas.js';
import { RELEVANCE_FLOOR } from '../../protocol/context-limits.js';
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
  const folded = item.folded_ids?.length ? `, +${item.folded_ids.length} near-identical` : '';
  return `${n}. (${item.kind}, score ${item.score.toFixed(2)}, ${item.project}, ${age(item.created_at)}${folded})${tags}\n   ${item.excerpt}${files}\n   id: ${item.id}`;
}

export function formatList(header: string, items: readonly (MemoryItem | FileMatchItem)[], start = 1): string {
  if (items.length === 0) return `${header}\nNo memories matched.`;
  return `${header}\n\n${items.map((it, i) => formatItem(it, start + i)).join('\n\n')}`;
}

/**
 * Search results with the relevance floor applied: when even the best is below it, the text says so
 * first and shows the results as near misses, so nothing weak is read as an answer.
 */
export function formatSearchResults(header: string, items: readonly MemoryItem[]): string {
  const best = items[0]?.score ?? null;
  if (best !== null && best >= RELEVANCE_FLOOR) return formatList(header, items);
  const none =
    best === null
      ? `Nothing relevant was found.`
      : `Nothing relevant was found: the best match scores ${best.toFixed(2)}, below the relevance floor ${RELEVANCE_FLOOR}. Near misses, not answers:`;
  return best === null ? `${header}\n${none}` : `${header}\n${none}\n\n${items.map((it, i) => formatItem(it, i + 1)).join('\n\n')}`;
}

export function searchHeader(o: { count: number; query: string; mode: string; scope: string; min_score: number }): string {
  const mode = o.mode === 'keyword' ? 'keyword only: no embedding model' : 'hybrid';
  return `${o.count} result${o.count === 1 ? '' : 's'} for "${o.query}" (${mode}; project: ${o.scope}; min score ${o.min_score})`;
}

const n = (v: number): string => v.toLocaleString('en-US');

export function formatImport(o: ImportSummary): string {
  const head = o.cancelled ? 'Import cancelled; what was imported so far is kept.' : 'Import finished.';
  if (!o.cancelled && o.files > 0 && o.files_changed === 0 && o.errors.length === 0) {
    return `Conversations are up to date: nothing new in ${n(o.files)} transcripts (project: ${o.scope}) under ${o.root}.`;
  }
  const lines = [
    `${head} ${n(o.chunks_added)} chunks added from ${n(o.files_changed)} of ${n(o.files)} transcripts (project: ${o.scope}) in ${(o.duration_ms / 1000).toFixed(1)} s.`,
    `Read ${n(o.lines)} new lines (${(o.bytes / 1_048_576).toFixed(1)} MB) from ${o.root}.`,
  ];
  if (o.files === 0) {
    lines.push(
      fs.existsSync(o.root)
        ? `No transcripts of ${o.scope === 'all' ? 'any project' : `project ${o.scope}`} were found there.`
        : 'That folder does not exist: Claude Code has not written transcripts there (another folder can be set with --conversations-dir).',
    );
  }
  if (o.files_reset) lines.push(`${n(o.files_reset)} transcripts were truncated, rewritten or imported under older rules, and were imported again from the start.`);
  if (o.chunks_removed) lines.push(`${n(o.chunks_removed)} earlier chunks were replaced.`);
  if (o.skipped_lines) lines.push(`${n(o.skipped_lines)} malformed lines were skipped.`);
  if (o.repaired_lines) lines.push(`${n(o.repaired_lines)} lines had invalid UTF-8, replaced with U+FFFD.`);
  if (o.sidechain_lines) lines.push(`${n(o.sidechain_lines)} lines came from subagents (marked "Subagent").`);
  if (o.redactions.length) lines.push(`Secrets redacted: ${o.redactions.map((r) => `${n(r.count)} ${r.kind}`).join(', ')}.`);
  else if (!o.redacted) lines.push('Redaction is off (--no-redact): secrets are stored as written.');
  if (o.chunks_added && !o.embedded) lines.push('No embedding model yet: the chunks are searchable by keyword now, by meaning once a model is available.');
  for (const e of o.errors) lines.push(`Could not read ${e.file}: ${e.message}`);
  return lines.join('\n');
}
