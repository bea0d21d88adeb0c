// Geometry of the score-over-time chart, kept free of the DOM so it can be unit-tested.
// Points are spaced evenly (one slot per recorded score) rather than by time: a session's
// checkpoints minutes apart stay readable next to sessions days apart, and the x-axis labels
// say where each day (or, within one day, each minute) begins.

export type PointKind = 'start' | 'checkpoint' | 'end';

export interface HistoryPoint {
  created_at: string;
  score: number;
  session_id: string;
  kind: PointKind;
}

export interface Marker {
  x: number;
  y: number;
  score: number;
  kind: PointKind;
  at: Date;
  sessionId: string;
  /** Belongs to the open session. */
  current: boolean;
}

export interface Tick {
  pos: number;
  label: string;
  /** text-anchor that keeps the label inside the drawing. */
  anchor: 'start' | 'middle' | 'end';
}

export interface ChartModel {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  markers: Marker[];
  /** SVG path data of the line through every marker, oldest first ("" below two points). */
  line: string;
  yTicks: Tick[];
  xTicks: Tick[];
  /** x of the boundary between two sessions (half-way between their points). */
  sessionBreaks: number[];
  thresholdY: number;
  /** Marker radius, smaller when points are dense. */
  radius: number;
}

export interface Formatters {
  day(d: Date): string;
  time(d: Date): string;
}

export const CHART_HEIGHT = 220;
const PAD = { left: 36, right: 16, top: 14, bottom: 30 };
/** Minimum distance between two x-axis labels, in pixels. */
export const MIN_LABEL_GAP = 64;
/** About half the width of a date label: nearer the edge than this, it is anchored at its end. */
const LABEL_HALF = 28;

export function clampScore(score: number): number {
  return Math.min(100, Math.max(0, Number.isFinite(score) ? score : 0));
}

export function sortPoints(points: readonly HistoryPoint[]): HistoryPoint[] {
  return points.filter((p) => Number.isFinite(Date.parse(p.created_at))).sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
}

const dayKey = (d: Date): string => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;

export function buildChart(points: readonly HistoryPoint[], threshold: number, width: number, fmt: Formatters, currentSession: string | null = null, height = CHART_HEIGHT): ChartModel {
  const w = Math.max(200, Math.round(width));
  const plot = { left: PAD.left, top: PAD.top, right: w - PAD.right, bottom: height - PAD.bottom };
  const plotW = plot.right - plot.left;
  const plotH = plot.bottom - plot.top;
  const yOf = (score: number): number => plot.bottom - (clampScore(score) / 100) * plotH;
  const sorted = sortPoints(points);
  const n = sorted.length;
  // Half a slot of margin at both ends, so the first and last markers are not on the axes.
  const step = n > 0 ? plotW / n : plotW;
  const xOf = (i: number): number => plot.left + step * (i + 0.5);
  const markers: Marker[] = sorted.map((p, i) => ({
    x: round(xOf(i)),
    y: round(yOf(p.score)),
    score: p.score,
    kind: p.kind,
    at: new Date(p.created_at),
    sessionId: p.session_id,
    current: currentSession !== null && p.session_id === currentSession,
  }));
  const line = markers.length > 1 ? markers.map((m, i) => `${i === 0 ? 'M' : 'L'}${m.x} ${m.y}`).join(' ') : '';
  const yTicks: Tick[] = [0, 25, 50, 75, 100].map((v) => ({ pos: round(yOf(v)), label: String(v), anchor: 'end' }));

  const sessionBreaks: number[] = [];
  for (let i = 1; i < n; i++) if (sorted[i]?.session_id !== sorted[i - 1]?.session_id) sessionBreaks.push(round((xOf(i) + xOf(i - 1)) / 2));

  // Label where each day begins; all within one day: label the times instead.
  const sameDay = markers.length > 0 && markers.every((m) => dayKey(m.at) === dayKey(markers[0]!.at));
  const xTicks: Tick[] = [];
  let lastKey = '';
  for (const m of markers) {
    const key = sameDay ? `${m.at.getHours()}:${m.at.getMinutes()}` : dayKey(m.at);
    if (key === lastKey) continue;
    lastKey = key;
    const prev = xTicks[xTicks.length - 1];
    if (prev && m.x - prev.pos < MIN_LABEL_GAP) continue;
    const anchor = m.x - LABEL_HALF < 0 ? 'start' : m.x + LABEL_HALF > w ? 'end' : 'middle';
    xTicks.push({ pos: m.x, label: sameDay ? fmt.time(m.at) : fmt.day(m.at), anchor });
  }
  const radius = step >= 14 ? 4.5 : step >= 7 ? 3.5 : 2.5;
  return { width: w, height, plot, markers, line, yTicks, xTicks, sessionBreaks, thresholdY: round(yOf(threshold)), radius };
}

const round = (v: number): number => Math.round(v * 10) / 10;

const KIND_WORD: Record<PointKind, string> = { start: 'session start', checkpoint: 'checkpoint', end: 'session end' };

export function kindLabel(kind: PointKind): string {
  return KIND_WORD[kind];
}

/** One sentence for the chart's aria-label: span, first and latest score, direction, threshold. */
export function trendSummary(points: readonly HistoryPoint[], threshold: number, fmt: Formatters): string {
  const sorted = sortPoints(points);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return 'Quality score over time: no scores recorded yet.';
  const sessions = new Set(sorted.map((p) => p.session_id)).size;
  const span = `${sorted.length} ${sorted.length === 1 ? 'score' : 'scores'} across ${sessions} ${sessions === 1 ? 'session' : 'sessions'}`;
  const from = fmt.day(new Date(first.created_at));
  const to = fmt.day(new Date(last.created_at));
  const when = from === to ? `on ${from}` : `from ${from} to ${to}`;
  const diff = Math.round(last.score - first.score);
  const trend = sorted.length === 1 ? `score ${last.score}` : diff === 0 ? `steady at ${last.score}` : `${diff > 0 ? 'up' : 'down'} ${Math.abs(diff)} points, from ${first.score} to ${last.score}`;
  const below = sorted.filter((p) => p.score < threshold).length;
  const thr = `threshold ${threshold}${below > 0 ? `, ${below} below it` : ', none below it'}`;
  return `Quality score over time: ${span} ${when}; ${trend}; ${thr}.`;
}
