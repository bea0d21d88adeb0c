// Code quality, 40 points: coverage 15, lint 10, type checking 10, file size 5. Each sub-metric is a percentage
// times its weight, and counts only when it was measured.
import type { QualityPart, SubMetric } from '../../../protocol/quality-schemas.js';
import { ECOSYSTEM_LABELS } from './ecosystems.js';
import type { ProjectFacts } from './facts.js';
import { fmt, metric, part, plural, round2, unknownMetric } from './metric.js';
import type { TypeCheck } from './type-config.js';

export const CODE_QUALITY_MAX = 40;
export const CODE_QUALITY_WEIGHTS = { coverage: 0.15, lint: 0.1, types: 0.1, complexity: 0.05 } as const;
/** Source files longer than this count against file size. */
export const MAX_FILE_LINES = 500;

/** A percentage times its weight, rounded to two decimals. */
export function weighted(percent: number, weight: number): number {
  return round2(percent * weight);
}

export function codeQualityPart(f: ProjectFacts): QualityPart {
  return part('code_quality', CODE_QUALITY_MAX, [coverageMetric(f), lintMetric(f), typesMetric(f), complexityMetric(f)]);
}

function coverageMetric(f: ProjectFacts): SubMetric {
  const base = { id: 'coverage', label: 'Test coverage', unit: '%', max: 15 };
  const w = CODE_QUALITY_WEIGHTS.coverage;
  if (f.coverage) return metric({ ...base, value: f.coverage.percent, points: weighted(f.coverage.percent, w), source: 'measured', detail: f.coverage.detail });
  // No test files: nothing can be covered, which is a measurement too.
  if (f.sources.length > 0 && !f.sources.some((s) => s.test)) return metric({ ...base, value: 0, points: 0, source: 'measured', detail: 'no test files, so no code is covered by tests' });
  const how = f.coveragePyData ? 'export the .coverage data with `coverage json` (or `coverage xml`)' : `run \`${f.coverageSetup.command}\``;
  const detail = f.coverageSetup.configuredIn ? `configured (${f.coverageSetup.configuredIn}), not measured: no report on disk` : 'no coverage report on disk';
  return unknownMetric({ ...base, detail, how_to_measure: how });
}

export function lintPercent(errors: number, warnings: number): number {
  return Math.max(0, 100 - 10 * errors - 2 * warnings);
}

/** How to write a report the score reads, per configured linter. */
const LINT_HOW: Record<string, string> = {
  ESLint: 'npx eslint . -f json -o eslint-report.json',
  xo: 'npx xo --reporter=json > eslint-report.json',
  Biome: 'npx biome lint --reporter=sarif > lint-results.sarif',
  Ruff: 'ruff check --output-format=sarif --output-file=lint-results.sarif',
  Flake8: 'flake8 --format=pylint, or ruff check --output-format=sarif --output-file=lint-results.sarif',
  Pylint: 'pylint --output-format=json2, or ruff check --output-format=sarif --output-file=lint-results.sarif',
  mypy: 'ruff check --output-format=sarif --output-file=lint-results.sarif',
  Clippy: 'cargo clippy --message-format=json | clippy-sarif > lint-results.sarif',
  'golangci-lint': 'golangci-lint run --out-format checkstyle > checkstyle-result.xml',
  Checkstyle: 'mvn checkstyle:checkstyle (target/checkstyle-result.xml)',
};

function lintMetric(f: ProjectFacts): SubMetric {
  const base = { id: 'lint', label: 'Lint', unit: '%', max: 10 };
  const w = CODE_QUALITY_WEIGHTS.lint;
  const counts = (e: number, w2: number): string => `${plural(e, 'error')}, ${plural(w2, 'warning')}`;
  if (f.lintReport) {
    const r = f.lintReport;
    const pct = lintPercent(r.errors, r.warnings);
    return metric({ ...base, value: pct, points: weighted(pct, w), source: 'measured', detail: `${r.file}: ${counts(r.errors, r.warnings)}` });
  }
  const d = f.diagnostics;
  if (d && d.scope === 'workspace') {
    const pct = lintPercent(d.errors, d.warnings);
    return metric({ ...base, value: pct, points: weighted(pct, w), source: 'measured', detail: `editor diagnostics for the whole workspace: ${counts(d.errors, d.warnings)}` });
  }
  const openOnly = d ? 'editor diagnostics cover only open files, so they are not counted; ' : '';
  const builtIn = f.ecosystems.filter((e) => e === 'rust' || e === 'go');
  if (f.linters.length === 0 && builtIn.length === 0 && f.ecosystems.length > 0) {
    return metric({ ...base, value: 0, points: 0, source: 'measured', detail: `${openOnly}no linter configured` });
  }
  const first = f.linters[0];
  const how = (first && LINT_HOW[first]) ?? (builtIn[0] === 'go' ? LINT_HOW['golangci-lint'] : builtIn[0] === 'rust' ? LINT_HOW['Clippy'] : 'write an ESLint JSON, Checkstyle XML or SARIF report (see docs/quality-score.md)');
  const what = f.linters.length ? `${f.linters.join(', ')} configured` : `${builtIn.map((e) => ECOSYSTEM_LABELS[e]).join(', ')} project`;
  return unknownMetric({ ...base, detail: `${openOnly}${what}, no lint report found`, how_to_measure: `run \`${how}\`` });
}

/**
 * One answer per detected ecosystem, weighted by how many source files each has, so a Python project with a
 * package.json for tooling is judged on its Python. Without source files the primary (first) ecosystem decides.
 */
export function typeContributors(f: ProjectFacts): TypeCheck[] {
  const contributing = f.typeChecks.filter((t) => f.sourceCounts[t.ecosystem] > 0);
  return contributing.length > 0 ? contributing : f.typeChecks.slice(0, 1);
}

function typesMetric(f: ProjectFacts): SubMetric {
  const base = { id: 'type_checking', label: 'Type checking', unit: '%', max: 10 };
  const w = CODE_QUALITY_WEIGHTS.types;
  const contributing = typeContributors(f);
  const only = contributing[0];
  if (!only) return unknownMetric({ ...base, detail: 'no ecosystem detected', how_to_measure: 'add a manifest (package.json, pyproject.toml, Cargo.toml, go.mod, pom.xml)' });
  const unknown = contributing.find((t) => t.source !== 'measured');
  if (unknown) return unknownMetric({ ...base, detail: unknown.detail, how_to_measure: unknown.how ?? 'make the type checker configuration readable' });
  if (contributing.length === 1) return metric({ ...base, value: only.percent, points: weighted(only.percent, w), source: 'measured', detail: only.detail });
  const total = contributing.reduce((s, t) => s + f.sourceCounts[t.ecosystem], 0);
  const value = round2(contributing.reduce((s, t) => s + t.percent * f.sourceCounts[t.ecosystem], 0) / total);
  const detail = contributing.map((t) => `${ECOSYSTEM_LABELS[t.ecosystem]} ${t.percent}% × ${plural(f.sourceCounts[t.ecosystem], 'file')} (${t.detail})`).join('; ');
  return metric({ ...base, value, points: weighted(value, w), source: 'measured', detail: `weighted by source files: ${detail}` });
}

function complexityMetric(f: ProjectFacts): SubMetric {
  const base = { id: 'complexity', label: 'File size', unit: '%', max: 5 };
  const total = f.sources.length;
  if (total === 0) return unknownMetric({ ...base, detail: 'no source files found', how_to_measure: 'add source files in a supported language' });
  const small = f.sources.filter((s) => s.lines !== null && s.lines <= MAX_FILE_LINES).length;
  const value = round2((small / total) * 100);
  return metric({ ...base, value, points: weighted(value, CODE_QUALITY_WEIGHTS.complexity), source: 'measured', detail: `${fmt(small)} of ${fmt(total)} source files ≤ ${MAX_FILE_LINES} lines` });
}
