// The quality report: four parts, each made of sub-metrics that say whether they were measured.
// Unknown and not-applicable sub-metrics earn nothing and leave the denominator: the score is the
// points earned over the points that could be measured, scaled to 100.
import { z } from 'zod';

export const METRIC_SOURCES = ['measured', 'unknown', 'not_applicable'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

export const subMetric = z.object({
  id: z.string().describe('Stable identifier, e.g. "coverage" or "lockfile_age"'),
  label: z.string(),
  /** The raw value the points were derived from (a percentage, a count, days...), null when unknown. */
  value: z.number().nullable(),
  unit: z.string().describe('"%", "files", "commits", "days", "branches", "" ...'),
  points: z.number(),
  max: z.number(),
  source: z.enum(METRIC_SOURCES).describe('measured: counts in the score; unknown / not_applicable: 0 points and out of the denominator'),
  detail: z.string().describe('One line saying what was found, e.g. "lcov.info: 812 of 1,000 lines covered"'),
  how_to_measure: z.string().nullable().describe('For an unknown sub-metric: what would measure it, e.g. "run `npx c8 npm test`"'),
});

export const QUALITY_PARTS = ['code_quality', 'project_health', 'dev_velocity', 'security'] as const;
export type QualityPartId = (typeof QUALITY_PARTS)[number];

export const qualityPart = z.object({
  id: z.enum(QUALITY_PARTS),
  label: z.string(),
  points: z.number().describe('Points earned by the measured sub-metrics'),
  max: z.number().describe('The weight of the part (40, 30, 20, 10)'),
  measured_max: z.number().describe('The sum of the max of its measured sub-metrics'),
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

export const SECRET_SEVERITIES = ['high', 'low'] as const;
export const SECRET_CONTEXTS = ['source', 'env-file', 'fixture', 'doc-example'] as const;

export const secretFinding = z.object({
  file: z.string().describe('Path relative to the project, "/"-separated'),
  line: z.number().int().describe('1-based'),
  column: z.number().int().describe('1-based'),
  rule: z.string(),
  kind: z.string().describe('"api key", "password", "token", "committed .env file" ...'),
  preview: z.string().describe('The value masked: never enough to use it'),
  severity: z.enum(SECRET_SEVERITIES).describe('low: a test fixture or documentation example'),
  context: z.enum(SECRET_CONTEXTS),
});

export const secretScan = z.object({
  files_scanned: z.number().int(),
  files_total: z.number().int().describe('Text files that could be scanned'),
  complete: z.boolean().describe('False when the time budget ran out before every file was scanned'),
  duration_ms: z.number(),
  findings_total: z.number().int(),
  findings: z.array(secretFinding).describe('The first findings, real credentials before fixtures'),
});

export const LINT_SOURCES = ['lint-report', 'editor-diagnostics', 'none'] as const;

export const qualityReport = z.object({
  score: z.number().int().min(0).max(100).describe('round(100 × earned / measured_max)'),
  band: z.enum(['excellent', 'good', 'needs-attention']),
  earned: z.number().describe('Points earned by the measured sub-metrics'),
  measured_max: z.number().describe('Points that could be measured, of 100'),
  parts: z.array(qualityPart),
  ecosystems: z.array(z.string()).describe('Detected: node, python, rust, go, java'),
  indicators: z.array(indicator).describe('Project indicators: git, README, manifest, tests, CI ...'),
  recommendations: z.array(recommendation),
  last_commit: z
    .object({ at: z.string(), days_ago: z.number().int() })
    .nullable()
    .describe('The last commit that is not a checkpoint commit; time-based metrics count back from it'),
  lint_source: z.enum(LINT_SOURCES).describe('Where the lint sub-metric came from'),
  secrets: secretScan,
  computed_at: z.string(),
  duration_ms: z.number(),
});

export const DIAGNOSTICS_SCOPES = ['workspace', 'open-files'] as const;

export const diagnosticsInput = z
  .object({
    errors: z.number().int().min(0, { error: 'diagnostics.errors must not be negative' }),
    warnings: z.number().int().min(0, { error: 'diagnostics.warnings must not be negative' }),
    scope: z
      .enum(DIAGNOSTICS_SCOPES)
      .optional()
      .describe('What the counts cover. Only "workspace" counts feed the lint sub-metric; without a scope they are taken as open files only'),
  })
  .describe("The editor's Problems counts; used for lint only when they cover the whole workspace and no lint report exists");

export type SubMetric = z.output<typeof subMetric>;
export type QualityPart = z.output<typeof qualityPart>;
export type Recommendation = z.output<typeof recommendation>;
export type Indicator = z.output<typeof indicator>;
export type SecretFindingReport = z.output<typeof secretFinding>;
export type SecretScan = z.output<typeof secretScan>;
export type QualityReport = z.output<typeof qualityReport>;
export type Diagnostics = z.output<typeof diagnosticsInput>;
export type LintSource = (typeof LINT_SOURCES)[number];
