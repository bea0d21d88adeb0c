// Score bands shown next to the number.
import type { QualityReport } from '../../../protocol/quality-schemas.js';

export type QualityBand = QualityReport['band'];

export const BAND_EXCELLENT = 80;
export const BAND_GOOD = 60;

export function bandFor(score: number): QualityBand {
  return score >= BAND_EXCELLENT ? 'excellent' : score >= BAND_GOOD ? 'good' : 'needs-attention';
}

/** The 0..100 integer score: points earned over the points that could be measured, scaled to 100. */
export function totalScore(earned: number, measuredMax: number): number {
  if (measuredMax <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((earned / measuredMax) * 100)));
}
