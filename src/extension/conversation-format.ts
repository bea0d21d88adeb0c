// Words for conversation imports: the result message, progress steps, and the Session view's
// Conversations row. Pure (no 'vscode'), so it is unit-testable.
import type { ConversationStatus, ImportSummary } from '../protocol/conversation-schemas.js';
import type { ImportArgs } from './session-client.js';

const fmt = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${fmt(n)} ${n === 1 ? one : many}`;

export const CANCELLED_MESSAGE = 'Import cancelled; what was imported so far is kept.';

/** Only the known string fields of a command argument (a tree item passes its node instead). */
export function importArgsOf(value: unknown): ImportArgs {
  if (!value || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  const out: ImportArgs = {};
  for (const k of ['project', 'path', 'since'] as const) {
    const s = v[k];
    if (typeof s === 'string' && s.trim()) out[k] = s.trim();
  }
  return out;
}

/** The notes in parentheses after the counts: what was unusual about this import. */
export function importNotes(s: ImportSummary): string[] {
  const notes: string[] = [];
  if (s.skipped_lines) notes.push(`${plural(s.skipped_lines, 'malformed line')} skipped`);
  if (s.repaired_lines) notes.push(`${plural(s.repaired_lines, 'line')} with invalid UTF-8 repaired`);
  if (s.files_reset) notes.push(`${plural(s.files_reset, 'transcript')} re-imported from the start`);
  const secrets = s.redactions.reduce((n, r) => n + r.count, 0);
  if (secrets) notes.push(`${plural(secrets, 'secret')} redacted`);
  if (s.chunks_removed) notes.push(`${plural(s.chunks_removed, 'older chunk')} replaced`);
  return notes;
}

function scopeText(scope: string): string {
  return scope === 'all' ? 'any project' : `project "${scope}"`;
}

export interface ImportMessage {
  text: string;
  /** warning when some transcripts could not be read. */
  level: 'info' | 'warning';
  /** Nothing new was imported. */
  upToDate: boolean;
}

/** The message shown when an import finishes. */
export function importMessage(s: ImportSummary): ImportMessage {
  const notes = importNotes(s);
  const paren = notes.length ? ` (${notes.join('; ')})` : '';
  let text: string;
  let upToDate = false;
  if (s.cancelled) {
    text = CANCELLED_MESSAGE;
  } else if (s.files === 0 && s.errors.length === 0) {
    text = `No Claude Code transcripts of ${scopeText(s.scope)} in ${s.root}.`;
    upToDate = true;
  } else if (s.chunks_added === 0) {
    text = `Conversation history is up to date: nothing new in ${plural(s.files, 'transcript')}${paren}.`;
    upToDate = true;
  } else {
    text = `Imported ${plural(s.chunks_added, 'chunk')} from ${fmt(s.files_changed)} of ${plural(s.files, 'transcript')}${paren}.`;
    if (!s.embedded) text += ' They are found by keyword until an embedding model is available.';
  }
  if (s.errors.length) text += ` ${plural(s.errors.length, 'transcript')} could not be read; see the log.`;
  return { text, level: s.errors.length ? 'warning' : 'info', upToDate };
}

/** One log line per import. */
export function importLogLine(s: ImportSummary): string {
  const notes = importNotes(s);
  return (
    `conversation import (${s.trigger}, ${s.scope}, ${s.root}): ${plural(s.chunks_added, 'chunk')} added from ${fmt(s.files_changed)} of ` +
    `${plural(s.files, 'transcript')}, ${plural(s.lines, 'line')} read in ${(s.duration_ms / 1000).toFixed(1)} s` +
    `${notes.length ? `; ${notes.join('; ')}` : ''}${s.cancelled ? '; cancelled' : ''}${s.errors.length ? `; ${plural(s.errors.length, 'error')}` : ''}`
  );
}

/** Progress from byte counts: the new percentage and the increment to report since the last one. */
export function progressStep(lastPct: number, done: number, total: number): { pct: number; increment: number } {
  if (!(total > 0)) return { pct: lastPct, increment: 0 };
  const pct = Math.min(100, Math.max(lastPct, (done / total) * 100));
  return { pct, increment: pct - lastPct };
}

/** "just now", "12 min ago", "3 h ago", "2 days ago": the sidebar is narrow. */
export function relativeTime(iso: string, now = Date.now()): string {
  const mins = Math.floor((now - Date.parse(iso)) / 60_000);
  if (!Number.isFinite(mins) || mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  const h = Math.floor(mins / 60);
  return h < 48 ? `${h} h ago` : `${Math.floor(h / 24)} days ago`;
}

/** The Conversations row's description, e.g. "12 min ago · 4 transcripts · 120 chunks". */
export function conversationsDescription(status: ConversationStatus | null, now = Date.now()): string {
  const last = status?.last_import;
  if (!status) return 'unknown';
  if (!last) return status.watching ? 'not imported yet · watching' : 'not imported yet';
  const when = relativeTime(last.finished_at, now);
  if (last.cancelled) return `${when} · cancelled`;
  if (last.files === 0 && last.errors.length === 0) return `${when} · no transcripts`;
  if (last.chunks_added === 0) return `${when} · up to date`;
  return `${when} · ${plural(last.files_changed, 'transcript')} · ${plural(last.chunks_added, 'chunk')}`;
}

/** The Conversations row's tooltip as label/value pairs (values are plain text). */
export function conversationsDetails(status: ConversationStatus, now = Date.now()): [string, string][] {
  const rows: [string, string][] = [];
  const last = status.last_import;
  if (last) {
    rows.push(['Last import', `${new Date(last.finished_at).toLocaleString()} (${relativeTime(last.finished_at, now)}), ${last.trigger === 'watch' ? 'while watching' : 'on request'}${last.cancelled ? ', cancelled' : ''}`]);
    rows.push(['Scope', last.scope === 'all' ? 'all projects' : last.scope]);
    if (last.root !== status.root) rows.push(['Read from', last.root]);
    rows.push([
      'Transcripts',
      `${fmt(last.files)} in scope, ${fmt(last.files_changed)} with new lines${last.files_reset ? `, ${fmt(last.files_reset)} re-imported from the start` : ''}`,
    ]);
    rows.push(['Chunks', `${fmt(last.chunks_added)} added, ${fmt(last.chunks_removed)} replaced${last.chunks_added && !last.embedded ? ' (keyword search until a model is available)' : ''}`]);
    rows.push(['Lines', `${fmt(last.lines)} read, ${fmt(last.skipped_lines)} malformed skipped, ${fmt(last.repaired_lines)} repaired${last.sidechain_lines ? `, ${fmt(last.sidechain_lines)} from subagents` : ''}`]);
    rows.push(['Secrets', last.redacted ? (last.redactions.length ? `redacted: ${last.redactions.map((r) => `${fmt(r.count)} ${r.kind}`).join(', ')}` : 'none found') : 'not redacted (redaction off)']);
    rows.push(['Took', last.duration_ms < 1_000 ? `${Math.round(last.duration_ms)} ms` : `${(last.duration_ms / 1000).toFixed(1)} s`]);
    if (last.errors.length) rows.push(['Errors', `${fmt(last.errors.length)}: ${last.errors.slice(0, 3).map((e) => `${e.file}: ${e.message}`).join('; ')}${last.errors.length > 3 ? '; …' : ''}`]);
  } else {
    rows.push(['Last import', 'none yet']);
  }
  rows.push(['Transcripts folder', status.root]);
  rows.push(['Watching', status.watching ? 'yes: new lines of this project are imported as they are written' : 'no']);
  return rows;
}
