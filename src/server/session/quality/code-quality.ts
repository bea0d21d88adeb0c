// Code quality, 40 points: coverage × 0.15 + lint × 0.10 + type checking × 0.10 + complexity × 0.05 (each a percentage).
import type { QualityPart, SubMetric } from '../../../protocol/quality-schemas.js';
import { ECOSYSTEM_LABELS } from './ecosystems.js';
import type { ProjectFacts } from './facts.js';
import { fmt, metric, part, plural, round2 } from './metric.js';
import type { TypeCheck } from './type-config.js';
import { TYPES_CONFIGURED, TYPES_NONE } from './type-config.js';

export const CODE_QUALITY_MAX = 40;
export const CODE_QUALITY_WEIGHTS = { coverage: 0.15, lint: 0.1, types: 0.1, complexity: 0.05 } as const;
/** Percentages used when a measure is missing (the reference server's defaults). */
export const CODE_QUALITY_FALLBACKS = { coverage: 0, lint: 100, complexity: 100 } as const;
/** Source files longer than this count against complexity. */
export const MAX_FILE_LINES = 500;

export interface CodeQualityPercents {
  coverage: number | null;
  lint: number | null;
  types: number | null;
  complexity: number | null;
}

export interface CodeQualityPoints {
  coverage: number;
  lint: number;
  types: number;
  complexity: number;
  total: number;
}

/** The code-quality arithmetic; null percentages take their fallback (types: 70 with a type checker, else 30). */
export function codeQualityPoints(p: CodeQualityPercents, opts: { typeCheckerConfigured?: boolean } = {}): CodeQualityPoints {
  const w = CODE_QUALITY_WEIGHTS;
  const coverage = round2((p.coverage ?? CODE_QUALITY_FALLBACKS.coverage) * w.coverage);
  const lint = round2((p.lint ?? CODE_QUALITY_FALLBACKS.lint) * w.lint);
  const types = round2((p.types ?? (opts.typeCheckerConfigured ? TYPES_CONFIGURED : TYPES_NONE)) * w.types);
  const complexity = round2((p.complexity ?? CODE_QUALITY_FALLBACKS.complexity) * w.complexity);
  return { coverage, lint, types, complexity, total: round2(coverage + lint + types + complexity) };
}

export function codeQualityPart(f: ProjectFacts): QualityPart {
  const coverage = coverageMetric(f);
  const lint = lintMetric(f);
  const types = typesMetric(f);
  const complexity = complexityMetric(f);
  const pts = codeQualityPoints({ coverage: coverage.value, lint: lint.value, types: types.value, complexity: complexity.value });
  return part('code_quality', CODE_QUALITY_MAX, [
    metric({ ...coverage, points: pts.coverage, max: 15 }),
    metric({ ...lint, points: pts.lint, max: 10 }),
    metric({ ...types, points: pts.types, max: 10 }),
    metric({ ...complexity, points: pts.complexity, max: 5 }),
  ]);
}

type Draft = Omit<SubMetric, 'points' | 'max'>;

function coverageMetric(f: ProjectFacts): Draft {
  const base = { id: 'coverage', label: 'Test coverage', unit: '%' };
  if (f.coverage) return { ...base, value: f.coverage.percent, source: 'measured', detail: f.coverage.detail };
  const hint = f.coveragePyData ? ' (.coverage found: export it with `coverage json` or `coverage xml`)' : '';
  return { ...base, value: CODE_QUALITY_FALLBACKS.coverage, source: 'fallback', detail: `no coverage report found${hint}` };
}

export function lintPercent(errors: number, warnings: number): number {
  return Math.max(0, 100 - 10 * errors - 2 * warnings);
}

function lintMetric(f: ProjectFacts): Draft {
  const base = { id: 'lint', label: 'Lint', unit: '%' };
  if (f.diagnostics) {
    const { errors, warnings } = f.diagnostics;
    return { ...base, value: lintPercent(errors, warnings), source: 'measured', detail: `editor diagnostics: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}` };
  }
  return { ...base, value: CODE_QUALITY_FALLBACKS.lint, source: 'fallback', detail: 'no lint data (no editor diagnostics were passed)' };
}

/**
 * One answer per detected ecosystem, weighted by how many source files each has, so a Python project with a
 * package.json for tooling is judged on its Python. Without source files the primary (first) ecosystem decides.
 */
export function typeContributors(f: ProjectFacts): TypeCheck[] {
  const weighted = f.typeChecks.filter((t) => f.sourceCounts[t.ecosystem] > 0);
  return weighted.length > 0 ? weighted : f.typeChecks.slice(0, 1);
}

function typesMetric(f: ProjectFacts): Draft {
  const base = { id: 'type_checking', label: 'Type checking', unit: '%' };
  const weighted = typeContributors(f);
  const only = weighted[0];
  if (!only) return { ...base, value: TYPES_NONE, source: 'fallback', detail: 'no ecosystem detected: no type checker' };
  if (weighted.length === 1) return { ...base, value: only.percent, source: only.source, detail: only.detail };
  const total = weighted.reduce((s, t) => s + f.sourceCounts[t.ecosystem], 0);
  const value = weighted.reduce((s, t) => s + t.percent * f.sourceCounts[t.ecosystem], 0) / total;
  const detail = weighted.map((t) => `${ECOSYSTEM_LABELS[t.ecosystem]} ${t.percent}% × ${plural(f.sourceCounts[t.ecosystem], 'file')} (${t.detail})`).join('; ');
  return { ...base, value: round2(value), source: weighted.every((t) => t.source === 'measured') ? 'measured' : 'fallback', detail: `weighted by source files: ${detail}` };
}

function complexityMetric(f: ProjectFacts): Draft {
  const base = { id: 'complexity', label: 'File size', unit: '%' };
  const total = f.sources.length;
  if (total === 0) return { ...base, value: CODE_QUALITY_FALLBACKS.complexity, source: 'fallback', detail: 'no source files found' };
  const small = f.sources.filter((s) => s.lines !== null && s.lines <= MAX_FILE_LINES).length;
  return { ...base, value: round2((small / total) * 100), source: 'measured', detail: `${fmt(small)} of ${fmt(total)} source files ≤ ${MAX_FILE_LINES} lines` };
}
