// The handoff document written when a session ends: what happened, how the score moved, what
// was remembered and changed, and what to do next. Kept in the data dir, never in the repository.
import fs from 'node:fs';
import path from 'node:path';
import type { QualityReport } from '../../protocol/quality-schemas.js';
import type { StoredMemory } from '../memory/schema.js';
import { excerpt } from '../memory/text.js';
import { runGit } from './git.js';
import type { CheckpointRow, SessionRow } from './session-store.js';
import { projectSlug } from './workspace.js';

const LIST_MAX = 50;

export interface HandoffInput {
  session: SessionRow;
  endedAt: number;
  final: QualityReport;
  checkpoints: CheckpointRow[];
  memories: StoredMemory[];
  filesChanged: string[];
  openItems?: readonly string[] | undefined;
  nextSteps?: readonly string[] | undefined;
}

export function durationMinutes(from: number, to: number): number {
  return Math.max(0, Math.round((to - from) / 60_000));
}

function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

const when = (t: number): string => new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const signed = (d: number): string => (d > 0 ? `+${d}` : `${d}`);

/** One paragraph for the next session's start. */
export function handoffSummary(h: HandoffInput): string {
  const mins = durationMinutes(h.session.started_at, h.endedAt);
  const delta = h.final.score - h.session.start_score;
  return (
    `Session of ${formatDuration(mins)} ended at quality ${h.final.score}/100 (${signed(delta)} since its start at ${h.session.start_score}); ` +
    `${h.checkpoints.length} checkpoint${h.checkpoints.length === 1 ? '' : 's'}, ${h.memories.length} memor${h.memories.length === 1 ? 'y' : 'ies'} stored, ` +
    `${h.filesChanged.length} file${h.filesChanged.length === 1 ? '' : 's'} changed.`
  );
}

export function renderHandoff(h: HandoffInput): string {
  const s = h.session;
  const lines: string[] = [];
  lines.push(`# Session handoff: ${s.project}`, '');
  lines.push(handoffSummary(h), '');
  lines.push(`- Session: ${s.id}`);
  lines.push(`- Workspace: ${s.workspace}`);
  lines.push(`- Started: ${when(s.started_at)}; ended: ${when(h.endedAt)} (${formatDuration(durationMinutes(s.started_at, h.endedAt))})`);
  lines.push(`- Final quality score: ${h.final.score}/100 (${h.final.band}), measured: ${h.final.measured_max} of 100 points`, '');

  lines.push('## Score trend', '');
  const trend = [`start ${s.start_score}`, ...h.checkpoints.map((c) => `${c.score}`), `end ${h.final.score}`];
  lines.push(trend.join(' → '), '');
  for (const p of h.final.parts) lines.push(`- ${p.label}: ${p.points}/${p.measured_max}${p.measured_max < p.max ? ` measured of ${p.max}` : ''}`);
  lines.push('');

  lines.push(`## Checkpoints (${h.checkpoints.length})`, '');
  if (h.checkpoints.length === 0) lines.push('None.');
  else {
    lines.push('| time | score | commit |', '|---|---|---|');
    for (const c of h.checkpoints) lines.push(`| ${when(c.created_at)} | ${c.score} | ${c.commit_hash ? c.commit_hash.slice(0, 7) : c.commit_status} |`);
  }
  lines.push('');

  lines.push(`## Memories stored during the session (${h.memories.length})`, '');
  if (h.memories.length === 0) lines.push('None.');
  for (const m of h.memories.slice(0, LIST_MAX)) lines.push(`- (${m.kind}) ${excerpt(m.text, [], 160)}`);
  if (h.memories.length > LIST_MAX) lines.push(`- … and ${h.memories.length - LIST_MAX} more`);
  lines.push('');

  lines.push(`## Files changed since the session began (${h.filesChanged.length})`, '');
  if (h.filesChanged.length === 0) lines.push('None.');
  for (const f of h.filesChanged.slice(0, LIST_MAX)) lines.push(`- ${f}`);
  if (h.filesChanged.length > LIST_MAX) lines.push(`- … and ${h.filesChanged.length - LIST_MAX} more`);
  lines.push('');

  // Read back by the next session's context pack (context-handoff.ts).
  for (const [title, list] of [['Open items', h.openItems], ['Next steps', h.nextSteps]] as const) {
    if (!list?.length) continue;
    lines.push(`## ${title}`, '');
    for (const item of list) lines.push(`- ${item.replace(/\s+/g, ' ').trim()}`);
    lines.push('');
  }

  lines.push('## Recommendations', '');
  if (h.final.recommendations.length === 0) lines.push('None: keep it up.');
  for (const r of h.final.recommendations.slice(0, 5)) lines.push(`- ${r.text} (+${r.gain})`);
  if (h.final.recommendations.length > 5) lines.push(`- … and ${h.final.recommendations.length - 5} more`);
  lines.push('');
  return lines.join('\n');
}

/** Files changed since the session's first commit: committed, staged, unstaged and untracked. */
export async function filesChangedSince(root: string, startCommit: string | null): Promise<string[]> {
  const files = new Set<string>();
  if (startCommit) {
    const diff = await runGit(root, ['diff', '--name-only', '-z', startCommit]);
    if (diff.code === 0) for (const f of diff.stdout.split('\0')) if (f) files.add(f);
  } else {
    const diff = await runGit(root, ['diff', '--name-only', '-z', 'HEAD']);
    if (diff.code === 0) for (const f of diff.stdout.split('\0')) if (f) files.add(f);
  }
  const untracked = await runGit(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (untracked.code === 0) for (const f of untracked.stdout.split('\0')) if (f) files.add(f);
  return [...files].sort();
}

export function writeHandoffFile(dataDir: string, project: string, sessionId: string, endedAt: number, text: string): string {
  const dir = path.join(dataDir, 'handoffs', projectSlug(project));
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date(endedAt).toISOString().replace(/[:]/g, '').replace(/\..*/, '');
  const file = path.join(dir, `${stamp}-${sessionId.slice(0, 8)}.md`);
  // Written to a temporary name first so a crash never leaves half a handoff.
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
  return file;
}
