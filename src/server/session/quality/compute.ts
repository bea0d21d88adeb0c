// computeQuality: the project quality score (0–100) with its parts, sub-metrics, indicators and recommendations.
// The rules are documented point by point in docs/quality-score.md.
import fs from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Diagnostics, QualityReport } from '../../../protocol/quality-schemas.js';
import { bandFor, totalScore } from './bands.js';
import { codeQualityPart } from './code-quality.js';
import { devVelocityPart } from './dev-velocity.js';
import { gatherFacts } from './facts.js';
import { indicators } from './indicators.js';
import { projectHealthPart } from './project-health.js';
import { recommendations } from './recommendations.js';
import { securityPart } from './security.js';

export interface ComputeQualityOptions {
  /** The editor's Problems counts; they become the lint measure. */
  diagnostics?: Diagnostics;
  /** The reference time for ages and the 30-day window (tests pass a fixed date). */
  now?: Date;
}

export async function computeQuality(dir: string, opts: ComputeQualityOptions = {}): Promise<QualityReport> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const st = await fs.stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new Error(`not a directory: ${dir}`);
  const facts = await gatherFacts(dir, now, opts.diagnostics ?? null);
  const parts = [codeQualityPart(facts), projectHealthPart(facts), devVelocityPart(facts), securityPart(facts)];
  const score = totalScore(parts.map((p) => p.points));
  return {
    score,
    band: bandFor(score),
    parts,
    ecosystems: [...facts.ecosystems],
    indicators: indicators(facts),
    recommendations: recommendations(parts, facts),
    computed_at: now.toISOString(),
    duration_ms: Math.round(performance.now() - started),
  };
}
