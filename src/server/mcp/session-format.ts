// Readable text for the lifecycle tools' results.
import type { ContextPack } from '../../protocol/context-schemas.js';
import type { QualityReport } from '../../protocol/quality-schemas.js';
import type { CheckpointOutput, CommitOutcome, EndOutput, StartOutput, StatusOutput } from '../../protocol/session-schemas.js';

const signed = (d: number | null): string => (d === null ? 'n/a' : d > 0 ? `+${d}` : `${d}`);

const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function formatQuality(q: QualityReport): string {
  const lines = [`Quality score: ${q.score}/100 (${q.band})`];
  for (const p of q.parts) lines.push(`- ${p.label}: ${p.points}/${p.max}`);
  return lines.join('\n');
}

/** Every sub-metric as markdown tables, one per part. */
export function formatQualityDetail(q: QualityReport): string {
  const out: string[] = ['| part | points |', '|---|---:|', ...q.parts.map((p) => `| ${p.label} | ${p.points}/${p.max} |`)];
  for (const p of q.parts) {
    out.push('', `### ${p.label}: ${p.points}/${p.max}`, '', '| metric | points | source | detail |', '|---|---:|---|---|');
    for (const m of p.metrics) out.push(`| ${cell(m.label)} | ${m.points}/${m.max} | ${m.source} | ${cell(m.detail)} |`);
  }
  return out.join('\n');
}

function recommendations(q: QualityReport, n = 5): string {
  if (q.recommendations.length === 0) return '';
  return `\n\nRecommendations:\n${q.recommendations
    .slice(0, n)
    .map((r) => `- ${r.text} (+${r.gain})`)
    .join('\n')}`;
}

/** The context pack carries the handoff and a one-line score; the quality details stay in structuredContent. */
export function formatStart(o: StartOutput, pack?: ContextPack): string {
  const head = o.resumed
    ? `Resumed session ${o.session.id} for ${o.session.project}, open since ${o.session.started_at}.`
    : `Started session ${o.session.id} for ${o.session.project}.`;
  if (pack) return `${head}\n\n${pack.text}`;
  const present = o.quality.indicators.filter((i) => i.present).map((i) => i.label);
  const missing = o.quality.indicators.filter((i) => !i.present).map((i) => i.label);
  const indicators = `\n\nProject: ${present.join(', ') || 'nothing detected'}${missing.length ? `\nMissing: ${missing.join(', ')}` : ''}`;
  const prev = o.previous_handoff
    ? `\n\nPrevious session (ended ${o.previous_handoff.ended_at}, ${o.previous_handoff.end_score}/100): ${o.previous_handoff.summary}${
        o.previous_handoff.recommendations.length ? `\nIts recommendations:\n${o.previous_handoff.recommendations.map((r) => `- ${r}`).join('\n')}` : ''
      }${o.previous_handoff.path ? `\nHandoff: ${o.previous_handoff.path}` : ''}`
    : '';
  return `${head}\n\n${formatQuality(o.quality)}${indicators}${prev}${recommendations(o.quality)}`;
}

export function formatCommit(c: CommitOutcome): string {
  if (c.status === 'committed') return `Checkpoint commit ${c.short_hash}: ${c.files.length} file(s).${c.untracked.length ? ` ${c.untracked.length} untracked file(s) left out.` : ''}`;
  const out = c.output ? `\n${c.output}` : '';
  const untracked = c.untracked.length ? `\nUntracked: ${c.untracked.slice(0, 10).join(', ')}${c.untracked.length > 10 ? ', …' : ''}` : '';
  return `No checkpoint commit: ${c.reason}.${untracked}${out}`;
}

export function formatCheckpoint(o: CheckpointOutput): string {
  const started = o.session_started ? `No session was open; started ${o.session.id}.\n` : '';
  const change = o.previous_score === null ? '' : ` (${signed(o.checkpoint.delta)} since ${o.previous_score})`;
  const reflection = o.reflection.stored ? `Stored a checkpoint reflection (${o.reflection.reason}).` : 'Routine checkpoint: no reflection stored.';
  const trend = o.history.map((h) => h.score).join(' → ');
  return `${started}Checkpoint: quality ${o.quality.score}/100${change}.\n${formatCommit(o.commit)}\n${reflection}\nThis session: ${trend}\n\n${formatQuality(o.quality)}${recommendations(o.quality, 3)}`;
}

export function formatEnd(o: EndOutput): string {
  return `Session ${o.session.id} ended after ${o.duration_minutes} min at ${o.quality.score}/100. Handoff saved to ${o.handoff_path}.\n\n${o.handoff}`;
}

export function formatStatus(o: StatusOutput): string {
  const when = (iso: string): string => `${iso.replace('T', ' ').slice(0, 16)} UTC`;
  const session = o.session
    ? `Session \`${o.session.id}\` open since ${when(o.session.started_at)}; ${plural(o.checkpoints, 'checkpoint', 'checkpoints')}. ` +
      `Change since the start: ${signed(o.delta_since_start)}; since the last checkpoint: ${signed(o.delta_since_checkpoint)}.`
    : 'No open session.';
  const model = o.health.mode === 'hybrid' ? 'hybrid search' : `keyword search only (embedding model: ${o.health.model_state})`;
  return [
    `# ${o.project}: quality ${o.quality.score}/100 (${o.quality.band})`,
    '',
    `Folder: ${o.workspace}`,
    '',
    session,
    '',
    formatQualityDetail(o.quality),
    recommendations(o.quality, 5).replace('\n\nRecommendations:\n', '\n\n## Recommendations\n\n'),
    '',
    '## Server',
    '',
    `${plural(o.health.memories, 'memory', 'memories')}; ${model}; data dir ${o.health.data_dir}.`,
    '',
  ].join('\n');
}
