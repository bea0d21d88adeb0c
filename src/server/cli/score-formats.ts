// The quality report as text, JSON, Markdown, GitHub Actions output and JUnit XML. The formats only
// present what the scoring engine reports (parts, sub-metrics, recommendations, the secret scan's
// findings); they never judge anything themselves.
import type { QualityReport } from '../../protocol/quality-schemas.js';

export const SCORE_FORMATS = ['text', 'json', 'markdown', 'github', 'junit'] as const;
export type ScoreFormat = (typeof SCORE_FORMATS)[number];

export interface Gate {
  min: number | null;
  passed: boolean;
  /** Points short of the minimum (0 when passed). */
  below_by: number;
}

export interface Finding {
  title: string;
  message: string;
  file: string | null;
  line: number | null;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The secret scan's findings, real credentials first as the engine lists them, with file and line. */
export function findingsOf(report: QualityReport): Finding[] {
  return report.secrets.findings.map((f) => ({
    title: f.severity === 'high' ? `Possible ${f.kind}` : `Possible ${f.kind} (${f.context === 'doc-example' ? 'documentation example' : 'test fixture'})`,
    message: `${f.preview} (${f.rule})`,
    file: f.file,
    line: f.line,
  }));
}

interface MetricView {
  label: string;
  points: number | null;
  max: number | null;
  source: string;
  detail: string;
}

function metricsOf(part: Json): MetricView[] {
  const metrics = Array.isArray(part.metrics) ? part.metrics.filter(isObject) : [];
  return metrics.map((m) => ({
    label: str(m.label) ?? str(m.id) ?? '?',
    points: num(m.points),
    max: num(m.max),
    source: str(m.source) ?? '',
    detail: str(m.detail) ?? '',
  }));
}

const pts = (n: number | null): string => (n === null ? '?' : String(Math.round(n * 100) / 100));
const unknownSource = (source: string): boolean => ['unknown', 'unavailable'].includes(source);

function parts(report: QualityReport): Json[] {
  return (report.parts as unknown[]).filter(isObject);
}

export function gateLine(report: QualityReport, gate: Gate): string {
  if (gate.min === null) return `Quality score ${report.score}/100 (${report.band})`;
  return gate.passed
    ? `Quality score ${report.score}/100 meets the minimum of ${gate.min}`
    : `Quality score ${report.score}/100 is ${gate.below_by} ${gate.below_by === 1 ? 'point' : 'points'} below the minimum of ${gate.min}`;
}

/** The recommendations worth the most points, as lines. */
export function topRecommendations(report: QualityReport, n: number): string[] {
  return [...report.recommendations]
    .sort((a, b) => b.gain - a.gain)
    .slice(0, n)
    .map((r) => `${r.text} (+${pts(r.gain)})`);
}

export function formatText(report: QualityReport, gate: Gate, dir: string): string {
  const lines = [`${gateLine(report, gate)}: ${dir}`];
  for (const p of parts(report)) {
    lines.push(`  ${str(p.label) ?? str(p.id)}: ${pts(num(p.points))}/${pts(num(p.max))}`);
    for (const m of metricsOf(p)) lines.push(`    - ${m.label}: ${pts(m.points)}/${pts(m.max)}${m.source ? ` (${m.source})` : ''}${m.detail ? ` ${m.detail}` : ''}`);
  }
  const recs = topRecommendations(report, 5);
  if (recs.length) lines.push('Top recommendations:', ...recs.map((r, i) => `  ${i + 1}. ${r}`));
  const findings = findingsOf(report);
  if (findings.length) lines.push('Findings:', ...findings.map((f) => `  - ${f.file ?? ''}${f.line !== null ? `:${f.line}` : ''} ${f.title}: ${f.message}`));
  return `${lines.join('\n')}\n`;
}

export function formatJson(report: QualityReport, gate: Gate): string {
  return `${JSON.stringify({ ...report, findings: findingsOf(report), gate }, null, 2)}\n`;
}

const mdCell = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function formatMarkdown(report: QualityReport, gate: Gate): string {
  const icon = gate.min === null ? '' : gate.passed ? '✅ ' : '❌ ';
  const out = [`## ${icon}${gateLine(report, gate)}`, '', '| Part | Points |', '| --- | ---: |'];
  for (const p of parts(report)) out.push(`| ${mdCell(str(p.label) ?? '')} | ${pts(num(p.points))} / ${pts(num(p.max))} |`);
  out.push('', '<details><summary>Sub-metrics</summary>', '', '| Part | Metric | Points | Source | Detail |', '| --- | --- | ---: | --- | --- |');
  for (const p of parts(report)) {
    for (const m of metricsOf(p)) {
      out.push(`| ${mdCell(str(p.label) ?? '')} | ${mdCell(m.label)} | ${pts(m.points)} / ${pts(m.max)} | ${m.source} | ${mdCell(m.detail)} |`);
    }
  }
  out.push('', '</details>');
  const recs = topRecommendations(report, 8);
  if (recs.length) out.push('', '### Recommendations', '', ...recs.map((r) => `- ${r}`));
  const findings = findingsOf(report);
  if (findings.length) {
    out.push('', '### Findings', '');
    for (const f of findings) out.push(`- ${f.file ? `\`${f.file}${f.line !== null ? `:${f.line}` : ''}\` ` : ''}**${f.title}**: ${f.message}`);
  }
  return `${out.join('\n')}\n`;
}

// GitHub's workflow command escaping: data, and property values (which also escape : and ,).
const ghData = (s: string): string => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const ghProp = (s: string): string => ghData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

/** Workflow commands for the job log: a warning per finding, an error when the gate fails. */
export function formatGithubAnnotations(report: QualityReport, gate: Gate): string {
  const out: string[] = [];
  for (const f of findingsOf(report)) {
    const props = [f.file ? `file=${ghProp(f.file)}` : null, f.line !== null ? `line=${f.line}` : null, `title=${ghProp(f.title)}`].filter(Boolean);
    out.push(`::warning ${props.join(',')}::${ghData(f.message)}`);
  }
  if (!gate.passed) {
    const recs = topRecommendations(report, 3);
    out.push(`::error title=${ghProp('Quality gate')}::${ghData([gateLine(report, gate), ...recs.map((r) => `- ${r}`)].join('\n'))}`);
  } else out.push(`::notice title=${ghProp('Quality score')}::${ghData(gateLine(report, gate))}`);
  return `${out.join('\n')}\n`;
}

const xml = (s: string): string =>
  // Characters XML 1.0 cannot hold at all are dropped; the rest are escaped.
  s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

/** JUnit XML as Jenkins and GitLab read it: the gate, every sub-metric, and a failure per finding. */
export function formatJunit(report: QualityReport, gate: Gate): string {
  const suites: string[] = [];
  const gateCase = gate.passed
    ? `    <testcase classname="quality.gate" name="${xml(gate.min === null ? 'quality score' : `quality score >= ${gate.min}`)}"/>`
    : `    <testcase classname="quality.gate" name="quality score &gt;= ${gate.min}">\n      <failure message="${xml(gateLine(report, gate))}" type="QualityGate">${xml([gateLine(report, gate), ...topRecommendations(report, 3)].join('\n'))}</failure>\n    </testcase>`;
  suites.push(`  <testsuite name="quality gate" tests="1" failures="${gate.passed ? 0 : 1}" errors="0" skipped="0">\n${gateCase}\n  </testsuite>`);
  for (const p of parts(report)) {
    const id = str(p.id) ?? 'part';
    const metrics = metricsOf(p);
    const cases = metrics.map((m) => {
      const name = xml(m.label);
      const out = `      <system-out>${xml(`${pts(m.points)}/${pts(m.max)} ${m.source}: ${m.detail}`)}</system-out>`;
      if (unknownSource(m.source)) return `    <testcase classname="quality.${xml(id)}" name="${name}">\n      <skipped message="${xml(m.detail || 'not measured')}"/>\n${out}\n    </testcase>`;
      return `    <testcase classname="quality.${xml(id)}" name="${name}">\n${out}\n    </testcase>`;
    });
    const skipped = metrics.filter((m) => unknownSource(m.source)).length;
    suites.push(`  <testsuite name="${xml(str(p.label) ?? id)}" tests="${metrics.length}" failures="0" errors="0" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const findings = findingsOf(report);
  if (findings.length) {
    const cases = findings.map((f) => {
      const where = f.file ? `${f.file}${f.line !== null ? `:${f.line}` : ''}` : f.title;
      return `    <testcase classname="quality.findings" name="${xml(where)}"${f.file ? ` file="${xml(f.file)}"` : ''}${f.line !== null ? ` line="${f.line}"` : ''}>\n      <failure message="${xml(f.message)}" type="${xml(f.title)}">${xml(`${where}: ${f.message}`)}</failure>\n    </testcase>`;
    });
    suites.push(`  <testsuite name="findings" tests="${findings.length}" failures="${findings.length}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const total = suites.reduce((n, s) => n + Number(/tests="(\d+)"/.exec(s)?.[1] ?? 0), 0);
  const failures = (gate.passed ? 0 : 1) + findings.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="session-mgmt quality" tests="${total}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
