// The one line about the quality score that the context pack and start's text carry; the details
// stay in structuredContent.
import type { QualityReport } from '../../protocol/quality-schemas.js';
import type { ScoreHistoryOutput } from '../../protocol/session-schemas.js';
import { ageOf } from '../memory/context-pack-text.js';

export function scoreLineOf(q: QualityReport): string {
  const weakest = [...q.parts].sort((a, b) => a.points / a.max - b.points / b.max)[0];
  const top = q.recommendations[0];
  return (
    `Quality: ${q.score}/100 (${q.band})` +
    (weakest ? `; weakest: ${weakest.label} ${weakest.points}/${weakest.max}` : '') +
    (top ? `; first recommendation: ${top.text}` : '')
  );
}

/** From the stored history, for callers that do not compute the score (hooks, resources). */
export function scoreLineFromHistory(points: ScoreHistoryOutput['points'], now = Date.now()): string | null {
  const last = points[points.length - 1];
  if (!last) return null;
  const what = last.kind === 'start' ? 'session start' : last.kind === 'end' ? 'session end' : 'checkpoint';
  return `Quality: ${last.score}/100 at the last ${what} (${ageOf(last.created_at, now)})`;
}
