// The score-over-time chart: inline SVG built with createElementNS (no libraries, no markup
// strings), an aria-label that summarises the trend, and a visually hidden table of every point.
import { el } from '../webview-api.js';
import { buildChart, kindLabel, sortPoints, trendSummary, type Formatters, type HistoryPoint, type Marker } from './chart-model.js';

const NS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

export const formatters: Formatters = {
  day: (d) => d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' }),
  time: (d) => d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
};

const fullDate = (d: Date): string => d.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** One marker shape per kind: circle = checkpoint, diamond = start, square = end. */
function marker(m: Marker, r: number): SVGElement {
  const cls = `pt pt-${m.kind}${m.current ? ' current' : ''}`;
  const title = svg('title', {}, `${kindLabel(m.kind)}, ${fullDate(m.at)}: ${m.score}`);
  if (m.kind === 'checkpoint') return svg('circle', { class: cls, cx: m.x, cy: m.y, r }, title);
  if (m.kind === 'end') {
    const s = r * 1.7;
    return svg('rect', { class: cls, x: m.x - s / 2, y: m.y - s / 2, width: s, height: s }, title);
  }
  const d = r * 1.35;
  return svg('path', { class: cls, d: `M${m.x} ${m.y - d} L${m.x + d} ${m.y} L${m.x} ${m.y + d} L${m.x - d} ${m.y} Z` }, title);
}

/** A small legend swatch of a marker kind. */
export function legendSwatch(kind: 'start' | 'checkpoint' | 'end' | 'threshold'): SVGSVGElement {
  const s = svg('svg', { class: 'swatch', width: 16, height: 12, viewBox: '0 0 16 12', 'aria-hidden': 'true' });
  if (kind === 'threshold') s.append(svg('line', { class: 'threshold', x1: 0, y1: 6, x2: 16, y2: 6 }));
  else s.append(marker({ x: 8, y: 6, score: 0, kind, at: new Date(0), sessionId: '', current: true }, 4));
  for (const t of s.querySelectorAll('title')) t.remove();
  return s;
}

export function renderChart(points: readonly HistoryPoint[], threshold: number, width: number, currentSession: string | null): HTMLElement {
  const box = el('div', { class: 'chart-box' });
  if (points.length === 0) {
    box.append(el('p', { class: 'empty' }, 'No scores recorded yet. Start a session or make a checkpoint, and every score will appear here.'));
    return box;
  }
  const c = buildChart(points, threshold, width, formatters, currentSession);
  const root = svg('svg', { class: 'chart', role: 'img', width: c.width, height: c.height, viewBox: `0 0 ${c.width} ${c.height}`, 'aria-label': trendSummary(points, threshold, formatters) });
  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (const t of c.yTicks) {
    grid.append(svg('line', { class: t.label === '0' ? 'axis' : 'gridline', x1: c.plot.left, x2: c.plot.right, y1: t.pos, y2: t.pos }));
    grid.append(svg('text', { class: 'tick', x: c.plot.left - 6, y: t.pos, 'text-anchor': t.anchor, 'dominant-baseline': 'middle' }, t.label));
  }
  for (const x of c.sessionBreaks) grid.append(svg('line', { class: 'session-break', x1: x, x2: x, y1: c.plot.top, y2: c.plot.bottom }));
  for (const t of c.xTicks) {
    grid.append(svg('line', { class: 'axis', x1: t.pos, x2: t.pos, y1: c.plot.bottom, y2: c.plot.bottom + 4 }));
    grid.append(svg('text', { class: 'tick', x: t.pos, y: c.plot.bottom + 17, 'text-anchor': t.anchor }, t.label));
  }
  root.append(grid);
  const thr = svg('g', { class: 'threshold-group', 'aria-hidden': 'true' });
  thr.append(svg('line', { class: 'threshold', x1: c.plot.left, x2: c.plot.right, y1: c.thresholdY, y2: c.thresholdY }));
  // The label sits above the line, or below it when the line is near the top.
  const above = c.thresholdY - c.plot.top > 14;
  thr.append(svg('text', { class: 'threshold-label', x: c.plot.right, y: above ? c.thresholdY - 4 : c.thresholdY + 12, 'text-anchor': 'end' }, `threshold ${threshold}`));
  root.append(thr);
  if (c.line) root.append(svg('path', { class: 'line', d: c.line, 'aria-hidden': 'true' }));
  const pts = svg('g', { class: 'points' });
  for (const m of c.markers) pts.append(marker(m, c.radius));
  root.append(pts);
  box.append(root, pointsTable(points));
  return box;
}

/** The same points as a table, for screen readers (visually hidden). */
function pointsTable(points: readonly HistoryPoint[]): HTMLTableElement {
  const rows = sortPoints(points).map((p) => el('tr', {}, el('td', {}, fullDate(new Date(p.created_at))), el('td', {}, kindLabel(p.kind)), el('td', {}, String(p.score))));
  return el(
    'table',
    { class: 'visually-hidden' },
    el('caption', {}, 'Quality scores over time, oldest first'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'When'), el('th', { scope: 'col' }, 'Event'), el('th', { scope: 'col' }, 'Score'))),
    el('tbody', {}, ...rows),
  );
}
