import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageText, escapeMarkdown, lensTitle, oneLine } from '../../src/server/lsp/format.js';

const NOW = Date.parse('2026-05-20T12:00:00Z');
const ago = (ms: number) => NOW - ms;
const H = 3_600_000;

test('lens titles count conversations apart and say when the last one was', () => {
  const items = [
    { kind: 'reflection', created_at: ago(5 * 24 * H) },
    { kind: 'checkpoint', created_at: ago(3 * 24 * H) },
    { kind: 'handoff', created_at: ago(2 * 24 * H + H) },
    { kind: 'conversation', created_at: ago(9 * 24 * H) },
  ];
  assert.equal(lensTitle(items, NOW, false), '3 memories · 1 conversation · last 2 days ago');
  assert.equal(lensTitle(items.slice(3), NOW, false), '1 conversation · last 9 days ago');
  assert.equal(lensTitle(items.slice(0, 1), NOW, false), '1 memory · last 5 days ago');
  assert.equal(lensTitle([...items, { kind: 'conversation', created_at: ago(H) }], NOW, true), '3 memories · 2+ conversations · last 1 hour ago');
});

test('ages', () => {
  assert.equal(ageText(ago(10_000), NOW), 'just now');
  assert.equal(ageText(ago(60_000), NOW), '1 minute ago');
  assert.equal(ageText(ago(25 * H), NOW), 'yesterday');
  assert.equal(ageText(ago(20 * 24 * H), NOW), '2 weeks ago');
  assert.equal(ageText(ago(90 * 24 * H), NOW), '3 months ago');
  assert.equal(ageText(ago(800 * 24 * H), NOW), '2 years ago');
  assert.equal(ageText(NOW + 5_000, NOW), 'just now');
});

test('stored text cannot become markdown links, html or formatting', () => {
  assert.equal(escapeMarkdown('[run](command:x) <img src=x> *b* `c`'), '\\[run\\]\\(command:x\\) \\<img src=x\\> \\*b\\* \\`c\\`');
  assert.equal(oneLine('a\n  b\tc', 10), 'a b c');
  assert.equal(oneLine('abcdefghijkl', 6), 'abcde…');
});
