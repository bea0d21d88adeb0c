// Small builders shared by the part modules, so every sub-metric is shaped and rounded the same way.
import type { MetricSource, QualityPart, QualityPartId, SubMetric } from '../../../protocol/quality-schemas.js';

/** Rounds to at most two decimals (points and percentages are reported this way). */
export function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}

export interface MetricInput {
  id: string;
  label: string;
  value: number | null;
  unit: string;
  points: number;
  max: number;
  source: MetricSource;
  detail: string;
  /** What would measure it; required in spirit for unknown sub-metrics. */
  how_to_measure?: string | null;
}

/** Unknown and not-applicable sub-metrics earn nothing, whatever the caller computed. */
export function metric(m: MetricInput): SubMetric {
  const measured = m.source === 'measured';
  return { ...m, value: m.value === null ? null : round2(m.value), points: measured ? round2(m.points) : 0, how_to_measure: m.how_to_measure ?? null };
}

/** A sub-metric that could not be measured: no value, no points, and what would measure it. */
export function unknownMetric(m: Omit<MetricInput, 'value' | 'points' | 'source'> & { how_to_measure: string; value?: number | null }): SubMetric {
  return metric({ ...m, value: m.value ?? null, points: 0, source: 'unknown' });
}

export function notApplicable(m: Omit<MetricInput, 'value' | 'points' | 'source'>): SubMetric {
  return metric({ ...m, value: null, points: 0, source: 'not_applicable' });
}

export const PART_LABELS: Record<QualityPartId, string> = {
  code_quality: 'Code quality',
  project_health: 'Project health',
  dev_velocity: 'Dev velocity',
  security: 'Security',
};

export function part(id: QualityPartId, max: number, metrics: SubMetric[]): QualityPart {
  const points = round2(metrics.reduce((sum, m) => sum + m.points, 0));
  const measuredMax = round2(metrics.filter((m) => m.source === 'measured').reduce((sum, m) => sum + m.max, 0));
  return { id, label: PART_LABELS[id], points, max, measured_max: measuredMax, metrics };
}

/** Points for the first threshold the value reaches; thresholds are listed from the highest down. */
export function tiered(value: number, tiers: ReadonlyArray<readonly [min: number, points: number]>, otherwise = 0): number {
  for (const [min, points] of tiers) if (value >= min) return points;
  return otherwise;
}

/** "1,234" — counts in details read better with separators; fixed locale keeps output deterministic. */
export function fmt(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}
