// computeQuality: the project quality score (0–100) with its parts, sub-metrics, indicators, recommendations and
// secret findings. The rules are documented point by point in docs/quality-score.md.
import fs from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Diagnostics, LintSource, QualityReport } from '../../../protocol/quality-schemas.js';
import { bandFor, totalScore } from './bands.js';
import { codeQualityPart } from './code-quality.js';
import { devVelocityPart } from './dev-velocity.js';
import type { ProjectFacts } from './facts.js';
import { gatherFacts } from './facts.js';
import { indicators } from './indicators.js';
import { round2 } from './metric.js';
import { projectHealthPart } from './project-health.js';
import { recommendations } from './recommendations.js';
import { securityPart } from './security.js';

export interface ComputeQualityOptions {
  /** The editor's Problems counts; they become the lint measure only when they cover the whole workspace. */
  diagnostics?: Diagnostics;
  /** The current time, for "last commit N days ago" and ages outside git (tests pass a fixed date). */
  now?: Date;
  /** Time budget of the secret scan in ms (default SECRET_SCAN_BUDGET_MS). */
  secretBudgetMs?: number;
  /** The scan-worker script (dist/quality-scan-worker.js); large projects are then scanned on worker threads. */
  scanWorker?: string;
}

/** The secret scan stops starting new files after this long; the report then says how far it got. */
export const SECRET_SCAN_BUDGET_MS = 10_000;
/** Findings listed in the report; the total is always given. */
export const MAX_LISTED_FINDINGS = 100;
const DAY_MS = 86_400_000;

export async function computeQuality(dir: string, opts: ComputeQualityOptions = {}): Promise<QualityReport> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const st = await fs.stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new Error(`not a directory: ${dir}`);
  const facts = await gatherFacts(dir, now, { diagnostics: opts.diagnostics ?? null, secretBudgetMs: opts.secretBudgetMs ?? SECRET_SCAN_BUDGET_MS, ...(opts.scanWorker ? { scanWorker: opts.scanWorker } : {}) });
  const parts = [codeQualityPart(facts), projectHealthPart(facts), devVelocityPart(facts), securityPart(facts)];
  const earned = round2(parts.reduce((s, p) => s + p.points, 0));
  const measuredMax = round2(parts.reduce((s, p) => s + p.measured_max, 0));
  const score = totalScore(earned, measuredMax);
  const anchor = facts.git?.anchor ?? null;
  return {
    score,
    band: bandFor(score),
    earned,
    measured_max: measuredMax,
    parts,
    ecosystems: [...facts.ecosystems],
    indicators: indicators(facts),
    recommendations: recommendations(parts, facts),
    last_commit: anchor === null ? null : { at: new Date(anchor * 1000).toISOString(), days_ago: Math.max(0, Math.floor((now.getTime() - anchor * 1000) / DAY_MS)) },
    lint_source: lintSource(facts),
    secrets: {
      files_scanned: facts.scan.scanned,
      files_total: facts.scan.textFiles,
      complete: facts.scan.complete,
      duration_ms: Math.round(facts.scan.durationMs),
      findings_total: facts.secrets.length,
      findings: facts.secrets.slice(0, MAX_LISTED_FINDINGS),
    },
    computed_at: now.toISOString(),
    duration_ms: Math.round(performance.now() - started),
  };
}

function lintSource(f: ProjectFacts): LintSource {
  if (f.lintReport) return 'lint-report';
  return f.diagnostics?.scope === 'workspace' ? 'editor-diagnostics' : 'none';
}
