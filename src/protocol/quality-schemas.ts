// The quality report: four parts, each made of sub-metrics that say where their value came from.
import { z } from 'zod';

export const METRIC_SOURCES = ['measured', 'fallback', 'unavailable'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

export const subMetric = z.object({
  id: z.string().describe('Stable identifier, e.g. "coverage" or "lockfile_age"'),
  label: z.string(),
  /** The raw value the points were derived from (a percentage, a count, days...), null when unknown. */
  value: z.number().nullable(),
  unit: z.string().describe('"%", "files", "commits", "days", "branches", "" ...'),
  points: z.number(),
  max: z.number(),
  source: z.enum(METRIC_SOURCES),
  detail: z.string().describe('One line saying what was found, e.g. "lcov.info: 812 of 1,000 lines covered"'),
});

export const QUALITY_PARTS = ['code_quality', 'project_health', 'dev_velocity', 'security'] as const;
export type QualityPartId = (typeof QUALITY_PARTS)[number];

export const qualityPart = z.object({
  id: z.enum(QUALITY_PARTS),
  label: z.string(),
  points: z.number(),
  max: z.number(),
  metrics: z.array(subMetric),
});

export const recommendation = z.object({
  part: z.enum(QUALITY_PARTS),
  metric: z.string(),
  text: z.string(),
  /** Points that acting on it could gain. */
  gain: z.number(),
});

export const indicator = z.object({ id: z.string(), label: z.string(), present: z.boolean(), detail: z.string() });

export const qualityReport = z.object({
  score: z.number().int().min(0).max(100),
  band: z.enum(['excellent', 'good', 'needs-attention']),
  parts: z.array(qualityPart),
  ecosystems: z.array(z.string()).describe('Detected: node, python, rust, go, java'),
  indicators: z.array(indicator).describe('Project indicators: git, README, manifest, tests, CI ...'),
  recommendations: z.array(recommendation),
  computed_at: z.string(),
  duration_ms: z.number(),
});

export const diagnosticsInput = z
  .object({
    errors: z.number().int().min(0, { error: 'diagnostics.errors must not be negative' }),
    warnings: z.number().int().min(0, { error: 'diagnostics.warnings must not be negative' }),
  })
  .describe("The editor's current Problems counts; used for the lint part when no lint report exists");

export type SubMetric = z.output<typeof subMetric>;
export type QualityPart = z.output<typeof qualityPart>;
export type Recommendation = z.output<typeof recommendation>;
export type Indicator = z.output<typeof indicator>;
export type QualityReport = z.output<typeof qualityReport>;
export type Diagnostics = z.output<typeof diagnosticsInput>;
