// Readable text for the lifecycle tools' results.
import type { ContextPack } from '../../protocol/context-schemas.js';
import type { QualityReport } from '../../protocol/quality-schemas.js';
import type { CheckpointOutput, CommitOutcome, EndOutput, StartOutput, StatusOutput } from '../../protocol/session-schemas.js';

const signed = (d: number | null): string => (d === null ? 'n/a' : d > 0 ? `+${d}` : `${d}`);

const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "measured: 85 of 100 points; last commit 101 days ago". */
export function measuredLine(q: QualityReport): string {
  const last = q.last_commit ? `; last commit ${q.last_commit.days_ago === 0 ? 'today' : plural(q.last_commit.days_ago, 'day ago', 'days ago')}` : '';
  return `measured: ${q.measured_max} of 100 points${last}`;
}

const partLine = (p: QualityReport['parts'][number]): string =>
  `${p.label}: ${p.points}/${p.measured_max}${p.measured_max < p.max ? ` measured of ${p.max}` : ''}`;

export function formatQuality(q: QualityReport): string {
  const lines = [`Quality score: ${q.score}/100 (${q.band}), ${measuredLine(q)}`];
  for (const p of q.parts) lines.push(`- ${partLine(p)}`);
  const unknown = q.parts.flatMap((p) => p.metrics.filter((m) => m.source === 'unknown'));
  if (unknown.length) lines.push(`Not measured: ${unknown.map((m) => `${m.label} (${m.how_to_measure ?? m.detail})`).join('; ')}`);
  lines.push(formatSecrets(q));
  return lines.join('\n');
}

/** The secret scan in one line or a few: what was scanned and the first findings, "and N more" for the rest. */
export function formatSecrets(q: QualityReport, n = 5): string {
  const s = q.secrets;
  const scope = s.complete ? `${plural(s.files_scanned, 'file', 'files')} scanned` : `${s.files_scanned} of ${plural(s.files_total, 'file', 'files')} scanned (time budget reached)`;
  if (s.findings_total === 0) return `Secrets: none found (${scope}).`;
  const real = s.findings.filter((f) => f.severity === 'high').length;
  const head = `Secrets: ${plural(s.findings_total, 'finding', 'findings')} (${scope}${real < s.findings.length ? `; low severity = test fixture or doc example` : ''}):`;
  const items = s.findings.slice(0, n).map((f) => `- ${f.file}:${f.line} ${f.kind} ${f.preview ? `\`${f.preview}\` ` : ''}(${f.rule}${f.severity === 'low' ? ', low severity' : ''})`);
  const more = s.findings_total > n ? [`- and ${s.findings_total - n} more`] : [];
  return [head, ...items, ...more].join('\n');
}

/** Every sub-metric as markdown tables, one per part. */
export function formatQualityDetail(q: QualityReport): string {
  const out: string[] = [
    `Score ${q.score}/100 = ${q.earned} points earned of ${q.measured_max} measured (${measuredLine(q)}); lint from ${LINT_FROM[q.lint_source]}.`,
    '',
    '| part | points |',
    '|---|---:|',
    ...q.parts.map((p) => `| ${p.label} | ${p.points}/${p.measured_max}${p.measured_max < p.max ? ` (of ${p.max})` : ''} |`),
  ];
  for (const p of q.parts) {
    out.push('', `### ${partLine(p)}`, '', '| metric | points | source | detail |', '|---|---:|---|---|');
    for (const m of p.metrics) {
      const pts = m.source === 'measured' ? `${m.points}/${m.max}` : `–/${m.max}`;
      const how = m.how_to_measure ? ` To measure: ${m.how_to_measure}` : '';
      out.push(`| ${cell(m.label)} | ${pts} | ${m.source.replace('_', ' ')} | ${cell(m.detail + how)} |`);
    }
  }
  out.push('', formatSecrets(q, 10));
  return out.join('\n');
}

const LINT_FROM: Record<QualityReport['lint_source'], string> = {
  'lint-report': 'a lint report',
  'editor-diagnostics': "the editor's diagnostics for the whole workspace",
  none: 'neither a lint report nor whole-workspace diagnostics',
};

function recommendations(q: QualityReport, n = 5): string {
  if (q.recommendations.length === 0) return '';
  const more = q.recommendations.length > n ? `\n- and ${q.recommendations.length - n} more` : '';
  return `\n\nRecommendations:\n${q.recommendations
    .slice(0, n)
    .map((r) => `- ${r.text} (+${r.gain})`)
    .join('\n')}${more}`;
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
