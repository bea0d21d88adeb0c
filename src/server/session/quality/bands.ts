// Score bands shown next to the number.
import type { QualityReport } from '../../../protocol/quality-schemas.js';

export type QualityBand = QualityReport['band'];

export const BAND_EXCELLENT = 80;
export const BAND_GOOD = 60;

export function bandFor(score: number): QualityBand {
  return score >= BAND_EXCELLENT ? 'excellent' : score >= BAND_GOOD ? 'good' : 'needs-attention';
}

/** The 0..100 integer score from the parts' points. */
export function totalScore(partPoints: readonly number[]): number {
  const sum = partPoints.reduce((a, b) => a + b, 0);
  return Math.min(100, Math.max(0, Math.round(sum)));
}
