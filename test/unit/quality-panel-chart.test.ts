// The Quality panel's chart geometry (media/quality/chart-model.ts): pure, no DOM.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildChart, CHART_HEIGHT, MIN_LABEL_GAP, sortPoints, trendSummary, type Formatters, type HistoryPoint } from '../../media/quality/chart-model.js';

const fmt: Formatters = {
  day: (d) => `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`,
  time: (d) => `${d.getHours()}h${d.getMinutes()}`,
};

function pt(at: string, score: number, session = 's1', kind: HistoryPoint['kind'] = 'checkpoint'): HistoryPoint {
  return { created_at: new Date(at).toISOString(), score, session_id: session, kind };
}

describe('quality panel chart geometry', () => {
  it('maps 0..100 onto the plot, one evenly spaced slot per point, oldest first', () => {
    const points = [pt('2026-03-02T10:00:00', 80, 's1'), pt('2026-03-01T10:00:00', 50, 's1', 'start'), pt('2026-03-03T10:00:00', 100, 's1', 'end')];
    const c = buildChart(points, 60, 600, fmt);
    assert.equal(c.height, CHART_HEIGHT);
    assert.deepEqual(c.markers.map((m) => m.kind), ['start', 'checkpoint', 'end']);
    const [a, b, d] = c.markers;
    assert.ok(a && b && d);
    // Even spacing, inside the plot.
    assert.ok(Math.abs(b.x - a.x - (d.x - b.x)) < 0.2);
    assert.ok(a.x > c.plot.left && d.x < c.plot.right);
    // 100 is the top of the plot, 50 half-way down, and the threshold between them.
    assert.equal(d.y, c.plot.top);
    assert.ok(Math.abs(a.y - (c.plot.top + c.plot.bottom) / 2) < 0.2);
    assert.ok(c.thresholdY < a.y && c.thresholdY > d.y);
    assert.equal(c.yTicks.map((t) => t.label).join(','), '0,25,50,75,100');
    assert.equal(c.yTicks[0]?.pos, c.plot.bottom);
    assert.match(c.line, /^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/);
  });

  it('clamps scores and ignores points without a valid date', () => {
    const c = buildChart([pt('2026-03-01T10:00:00', 140), pt('2026-03-01T11:00:00', -5), { ...pt('2026-03-01T12:00:00', 50), created_at: 'nonsense' }], 60, 400, fmt);
    assert.equal(c.markers.length, 2);
    assert.equal(c.markers[0]?.y, c.plot.top);
    assert.equal(c.markers[1]?.y, c.plot.bottom);
  });

  it('draws no line for one point, and places it in the middle', () => {
    const c = buildChart([pt('2026-03-01T10:00:00', 70)], 60, 500, fmt);
    assert.equal(c.line, '');
    assert.equal(c.markers[0]?.x, (c.plot.left + c.plot.right) / 2);
    assert.equal(buildChart([], 60, 500, fmt).markers.length, 0);
  });

  it('marks session boundaries and the open session', () => {
    const points = [pt('2026-03-01T10:00:00', 60, 'a', 'start'), pt('2026-03-01T11:00:00', 62, 'a', 'end'), pt('2026-03-02T09:00:00', 64, 'b', 'start'), pt('2026-03-02T10:00:00', 66, 'b')];
    const c = buildChart(points, 60, 600, fmt, 'b');
    assert.equal(c.sessionBreaks.length, 1);
    const [, end, start] = c.markers;
    assert.ok(end && start && c.sessionBreaks[0]! > end.x && c.sessionBreaks[0]! < start.x);
    assert.deepEqual(c.markers.map((m) => m.current), [false, false, true, true]);
  });

  it('labels where days begin, keeps labels apart and inside the drawing', () => {
    const points: HistoryPoint[] = [];
    for (let day = 1; day <= 20; day++) for (let h = 9; h < 12; h++) points.push(pt(`2026-03-${String(day).padStart(2, '0')}T${String(h).padStart(2, "0")}:00:00`, 50 + day));
    const c = buildChart(points, 60, 500, fmt);
    assert.ok(c.xTicks.length >= 3 && c.xTicks.length < 20, `${c.xTicks.length} labels`);
    for (let i = 1; i < c.xTicks.length; i++) assert.ok(c.xTicks[i]!.pos - c.xTicks[i - 1]!.pos >= MIN_LABEL_GAP);
    assert.equal(c.xTicks[0]?.label, '2026-3-1');
    assert.ok(c.radius < 4.5, 'dense points get smaller markers');
    // Within one day: hours.
    const oneDay = buildChart([pt('2026-03-01T09:00:00', 50), pt('2026-03-01T11:30:00', 55), pt('2026-03-01T15:00:00', 58)], 60, 600, fmt);
    assert.deepEqual(oneDay.xTicks.map((t) => t.label), ['9h0', '11h30', '15h0']);
    // A label near the right edge is anchored at its end.
    const edge = buildChart([pt('2026-03-01T09:00:00', 50), pt('2026-03-02T09:00:00', 50)], 60, 200, fmt);
    assert.ok(edge.xTicks.every((t) => t.anchor === 'middle' || t.anchor === 'end'));
  });

  it('summarises the trend in one sentence', () => {
    assert.match(trendSummary([], 60, fmt), /no scores recorded/);
    const s = trendSummary([pt('2026-03-01T10:00:00', 55, 'a', 'start'), pt('2026-03-03T10:00:00', 72, 'b')], 60, fmt);
    assert.match(s, /2 scores across 2 sessions from 2026-3-1 to 2026-3-3/);
    assert.match(s, /up 17 points, from 55 to 72/);
    assert.match(s, /threshold 60, 1 below it/);
    assert.match(trendSummary([pt('2026-03-01T10:00:00', 70), pt('2026-03-01T11:00:00', 70)], 60, fmt), /steady at 70; threshold 60, none below it/);
    assert.equal(sortPoints([pt('2026-03-02T00:00:00', 1), pt('2026-03-01T00:00:00', 2)])[0]?.score, 2);
  });
});
