// The score, its four parts with every sub-metric, and the recommendations. Everything from the
// server (labels, details, recommendation texts) is set as text, never as markup.
import type { QualityPart, QualityReport, Recommendation, SubMetric } from '../../src/protocol/quality-schemas.js';
import type { StatusOutput } from '../../src/protocol/session-schemas.js';
import type { PANEL_ACTIONS } from '../../src/protocol/webview-messages.js';
import { el } from '../webview-api.js';

export type PanelAction = (typeof PANEL_ACTIONS)[number];

const NS = 'http://www.w3.org/2000/svg';

export function icon(name: string, extra = ''): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
}

const BAND_LABEL: Record<QualityReport['band'], string> = { excellent: 'Excellent', good: 'Good', 'needs-attention': 'Needs attention' };

/** Level of a ratio, for colour classes (always paired with text). */
export function level(points: number, max: number): 'high' | 'mid' | 'low' | 'none' {
  if (max <= 0) return 'none';
  const r = points / max;
  return r >= 0.8 ? 'high' : r >= 0.5 ? 'mid' : 'low';
}

const fmtPoints = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** A thin meter bar drawn as SVG (sizes as attributes: the CSP allows no inline styles). */
function meter(points: number, max: number, label: string): Element {
  const pct = max > 0 ? Math.max(0, Math.min(100, (points / max) * 100)) : 0;
  const s = document.createElementNS(NS, 'svg');
  s.setAttribute('class', `meter ${level(points, max)}`);
  s.setAttribute('role', 'meter');
  s.setAttribute('aria-label', label);
  s.setAttribute('aria-valuemin', '0');
  s.setAttribute('aria-valuemax', String(max));
  s.setAttribute('aria-valuenow', String(points));
  s.setAttribute('aria-valuetext', `${fmtPoints(points)} of ${fmtPoints(max)} points`);
  s.setAttribute('height', '8');
  for (const [cls, w] of [['track', '100%'], ['fill', `${pct.toFixed(1)}%`]] as const) {
    const r = document.createElementNS(NS, 'rect');
    r.setAttribute('class', cls);
    r.setAttribute('width', w);
    r.setAttribute('height', '100%');
    r.setAttribute('rx', '2');
    s.append(r);
  }
  return s;
}

export function signed(v: number): string {
  return v > 0 ? `+${fmtPoints(v)}` : v < 0 ? `\u2212${fmtPoints(-v)}` : '±0';
}

function delta(label: string, value: number | null, none: string): HTMLElement {
  const dir = value === null || value === 0 ? 'flat' : value > 0 ? 'up' : 'down';
  const ic = dir === 'up' ? 'arrow-up' : 'arrow-down';
  return el(
    'div',
    { class: `delta ${dir}` },
    el('dt', {}, label),
    value === null
      ? el('dd', { class: 'muted' }, none)
      : value === 0
        ? el('dd', {}, 'no change')
        : el('dd', {}, icon(ic), el('span', { class: 'delta-value' }, `${signed(value)} ${Math.abs(value) === 1 ? 'point' : 'points'}`)),
  );
}

export function renderSummary(s: StatusOutput, threshold: number): HTMLElement {
  const q = s.quality;
  const below = q.score < threshold;
  const since = s.session ? new Date(s.session.started_at).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : '';
  const session = s.session
    ? `Session open since ${since} · ${s.checkpoints} ${s.checkpoints === 1 ? 'checkpoint' : 'checkpoints'}`
    : 'No open session: this is the current score of the folder.';
  return el(
    'section',
    { class: 'card summary', 'aria-labelledby': 'score-heading' },
    el('h2', { id: 'score-heading', class: 'visually-hidden' }, 'Score'),
    el(
      'div',
      { class: 'score-line' },
      el('span', { class: `score band-${q.band}`, 'aria-label': `Quality score ${q.score} out of 100` }, String(q.score)),
      el('span', { class: 'score-max', 'aria-hidden': 'true' }, '/100'),
    ),
    el('div', { class: `band-chip band-${q.band}` }, icon(q.band === 'needs-attention' ? 'warning' : 'pass'), BAND_LABEL[q.band]),
    el('p', { class: `threshold-note${below ? ' below' : ''}` }, icon(below ? 'warning' : 'check'), below ? `Below your threshold of ${threshold}` : `At or above your threshold of ${threshold}`),
    el('dl', { class: 'deltas' }, delta('Since last checkpoint', s.delta_since_checkpoint, 'no checkpoint yet'), delta('Since session start', s.delta_since_start, s.session ? 'not known' : 'no session')),
    el('p', { class: 'measured-line' }, icon('graph'), measuredText(q)),
    el('p', { class: 'muted session-line' }, session),
  );
}

const LINT_FROM: Record<QualityReport['lint_source'], string> = {
  'lint-report': 'lint from a lint report',
  'editor-diagnostics': "lint from the editor's workspace diagnostics",
  none: 'no lint report or workspace diagnostics',
};

/** "Measured: 85 of 100 points · last commit 101 days ago · lint from a lint report". */
export function measuredText(q: QualityReport): string {
  const parts = [`Measured: ${fmtPoints(q.measured_max)} of 100 points (${fmtPoints(q.earned)} earned)`];
  if (q.last_commit) parts.push(`last commit ${q.last_commit.days_ago === 0 ? 'today' : `${q.last_commit.days_ago} ${q.last_commit.days_ago === 1 ? 'day' : 'days'} ago`}`);
  parts.push(LINT_FROM[q.lint_source]);
  return parts.join(' · ');
}

/** The secret scan's findings, each a link to its line; real credentials first, fixtures and doc examples marked low. */
export function renderSecrets(q: QualityReport, open: (file: string, line: number) => void): HTMLElement {
  const s = q.secrets;
  const section = el('section', { class: 'card secrets', 'aria-labelledby': 'secrets-heading' }, el('h2', { id: 'secrets-heading' }, icon('key'), 'Secrets'));
  const scope = s.complete ? `${s.files_scanned} files scanned` : `${s.files_scanned} of ${s.files_total} files scanned before the time budget ran out`;
  if (s.findings_total === 0) {
    section.append(el('p', { class: 'muted' }, `No credentials found (${scope}).`));
    return section;
  }
  const high = s.findings.filter((f) => f.severity === 'high').length;
  section.append(el('p', { class: 'muted' }, `${s.findings_total} ${s.findings_total === 1 ? 'finding' : 'findings'}${high ? `, ${high} in the project's own files` : ''} (${scope}). Low severity: a test fixture or documentation example.`));
  const list = el('ul', { class: 'findings' });
  s.findings.forEach((f, i) => {
    const link = el('a', { href: '#', class: 'finding-link', 'data-focus': `finding-${i}`, title: `Open ${f.file} at line ${f.line}` }, `${f.file}:${f.line}`);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      open(f.file, f.line);
    });
    list.append(
      el(
        'li',
        { class: `finding severity-${f.severity}` },
        el('span', { class: `sev sev-${f.severity}` }, icon(f.severity === 'high' ? 'warning' : 'info'), f.severity === 'high' ? 'high' : 'low'),
        link,
        el('span', { class: 'finding-kind' }, f.kind),
        f.preview ? el('code', { class: 'finding-preview' }, f.preview) : null,
        el('span', { class: 'muted finding-rule' }, f.context === 'source' ? f.rule : `${f.rule} · ${f.context.replace('-', ' ')}`),
      ),
    );
  });
  section.append(list);
  if (s.findings_total > s.findings.length) section.append(el('p', { class: 'muted' }, `and ${s.findings_total - s.findings.length} more`));
  return section;
}

const SOURCE: Record<SubMetric['source'], { icon: string; text: string; title: string }> = {
  measured: { icon: 'pass', text: 'measured', title: 'Measured from a report, a configuration or the repository; counts in the score' },
  unknown: { icon: 'question', text: 'unknown', title: 'Not measured: earns nothing and is left out of the score' },
  not_applicable: { icon: 'circle-slash', text: 'not applicable', title: 'Does not apply to this project; left out of the score' },
};

function metricRow(m: SubMetric): HTMLElement {
  const src = SOURCE[m.source];
  const measured = m.source === 'measured';
  return el(
    'li',
    { class: `metric source-${m.source}` },
    el(
      'div',
      { class: 'metric-head' },
      el('span', { class: 'metric-label' }, m.label),
      el('span', { class: `badge badge-${m.source}`, title: src.title }, icon(src.icon), src.text),
      el('span', { class: 'metric-points', 'aria-label': measured ? `${fmtPoints(m.points)} of ${fmtPoints(m.max)} points` : `not counted, worth ${fmtPoints(m.max)} points` }, measured ? `${fmtPoints(m.points)}/${fmtPoints(m.max)}` : `–/${fmtPoints(m.max)}`),
    ),
    measured ? meter(m.points, m.max, m.label) : null,
    el('p', { class: 'metric-detail' }, m.detail),
    m.how_to_measure ? el('p', { class: 'metric-how' }, icon('lightbulb'), el('span', {}, `To measure: ${m.how_to_measure}`)) : null,
  );
}

export function renderPart(p: QualityPart, open: boolean, onToggle: (open: boolean) => void): HTMLElement {
  const details = el(
    'details',
    { class: `card part part-${p.id}`, 'data-focus': `part-${p.id}` },
    el(
      'summary',
      { 'data-focus': `part-${p.id}-summary` },
      el('h3', {}, p.label),
      el('span', { class: `part-points ${level(p.points, p.measured_max)}` }, `${fmtPoints(p.points)}/${fmtPoints(p.measured_max)}`),
      p.measured_max < p.max ? el('span', { class: 'part-measured muted' }, `${fmtPoints(p.measured_max)} of ${fmtPoints(p.max)} points measured`) : null,
      meter(p.points, p.measured_max, p.label),
    ),
    p.metrics.length ? el('ul', { class: 'metrics' }, ...p.metrics.map(metricRow)) : el('p', { class: 'muted' }, 'No sub-metrics.'),
  );
  details.open = open;
  details.addEventListener('toggle', () => onToggle(details.open));
  return details;
}

/** The action a recommendation offers, if one makes sense. */
export function recommendationAction(r: Recommendation, q: QualityReport): { command: PanelAction; label: string } | null {
  // Only when the lint points came from the Problems panel is it the place to fix them.
  if (r.metric === 'lint' && q.lint_source === 'editor-diagnostics') return { command: 'workbench.actions.view.problems', label: 'Open Problems' };
  return null;
}

export function renderRecommendations(q: QualityReport, run: (command: PanelAction) => void): HTMLElement {
  const partLabel = new Map(q.parts.map((p) => [p.id, p.label]));
  const section = el('section', { class: 'card recommendations', 'aria-labelledby': 'recs-heading' }, el('h2', { id: 'recs-heading' }, icon('lightbulb'), 'Recommendations'));
  if (q.recommendations.length === 0) {
    section.append(el('p', { class: 'muted' }, 'Nothing to recommend: every measured part is at its best.'));
    return section;
  }
  const list = el('ol', { class: 'recs' });
  q.recommendations.forEach((r, i) => {
    const act = recommendationAction(r, q);
    const item = el(
      'li',
      { class: 'rec' },
      el('span', { class: 'gain', 'aria-label': `could gain ${fmtPoints(r.gain)} points` }, `+${fmtPoints(r.gain)}`),
      el('div', { class: 'rec-body' }, el('p', { class: 'rec-text' }, r.text), el('p', { class: 'muted rec-part' }, partLabel.get(r.part) ?? r.part)),
    );
    if (act) {
      const b = el('button', { type: 'button', class: 'secondary small', 'data-focus': `rec-${i}` }, act.label);
      b.addEventListener('click', () => run(act.command));
      item.append(b);
    }
    list.append(item);
  });
  section.append(list);
  return section;
}
