// The Search view's pure helpers: the highlighter (segments only, never markup), ages, tags and
// the "file:" query form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { age, baseName, fileQuery, highlight, parseQuery, parseTags, type Segment } from '../../media/search/format.js';

const joined = (s: Segment[]): string => s.map((x) => x.text).join('');
const marks = (s: Segment[]): string[] => s.filter((x) => x.mark).map((x) => x.text);

describe('search view highlighter', () => {
  it('marks exactly the ranges the server returned and keeps hostile markup as literal text', () => {
    const text = 'Hostile: <img src=x onerror=alert(1)> and <script>alert(2)</script> end';
    const at = (w: string, from = 0): { start: number; end: number } => ({ start: text.indexOf(w, from), end: text.indexOf(w, from) + w.length });
    const segs = highlight(text, [at('onerror'), at('script'), at('script', 50)]);
    assert.equal(joined(segs), text);
    assert.deepEqual(marks(segs), ['onerror', 'script', 'script']);
    assert.deepEqual(
      segs.slice(0, 3).map((s) => s.text),
      ['Hostile: <img src=x ', 'onerror', '=alert(1)> and <'],
    );
  });

  it('gives back the input exactly, whatever the ranges', () => {
    const samples = ['', 'plain', '&amp; &lt;b&gt; "quotes" \'single\'', 'a\u0000b\r\n\ttabs', '🙂 emoji 🙂 test', 'x'.repeat(5_000)];
    const ranges = [{ start: 2, end: 4 }, { start: 3, end: 9 }, { start: -5, end: 1 }, { start: 4_990, end: 9_000 }, { start: 7, end: 7 }];
    for (const t of samples) assert.equal(joined(highlight(t, ranges)), t);
    assert.deepEqual(highlight('', [{ start: 0, end: 1 }]), []);
    assert.deepEqual(highlight('no ranges', undefined), [{ text: 'no ranges', mark: false }]);
  });

  it('merges overlapping and unordered ranges', () => {
    assert.deepEqual(marks(highlight('maxRetriesPerRequest', [{ start: 3, end: 10 }, { start: 0, end: 3 }])), ['maxRetries']);
    assert.deepEqual(marks(highlight('abcdef', [{ start: 1, end: 4 }, { start: 2, end: 5 }])), ['bcde']);
  });
});

describe('search view formatting', () => {
  const now = Date.parse('2026-05-10T12:00:00Z');
  it('formats ages', () => {
    assert.equal(age('2026-05-10T11:59:45Z', now), 'just now');
    assert.equal(age('2026-05-10T11:55:00Z', now), '5 min ago');
    assert.equal(age('2026-05-10T09:00:00Z', now), '3 h ago');
    assert.equal(age('2026-05-06T12:00:00Z', now), '4 days ago');
    assert.equal(age('2025-01-02T12:00:00Z', now), '2025-01-02');
    assert.equal(age('not a date', now), '');
  });

  it('parses tags', () => {
    assert.deepEqual(parseTags(' bug, Perf  build,,#decision bug '), ['bug', 'perf', 'build', 'decision']);
    assert.deepEqual(parseTags(''), []);
    assert.equal(parseTags(Array.from({ length: 80 }, (_, i) => `t${i}`).join(',')).length, 50);
    assert.deepEqual(parseTags('x'.repeat(51)), []);
  });

  it('recognises file queries', () => {
    assert.deepEqual(parseQuery('  file: src/app.ts '), { kind: 'file', file: 'src/app.ts' });
    assert.deepEqual(parseQuery('FILE:README.md'), { kind: 'file', file: 'README.md' });
    assert.deepEqual(parseQuery('file:'), { kind: 'text', text: 'file:' });
    assert.deepEqual(parseQuery(' profile: x '), { kind: 'text', text: 'profile: x' });
    assert.equal(fileQuery('src/a.ts'), 'file: src/a.ts');
    assert.deepEqual(parseQuery(fileQuery('/abs/p.ts')), { kind: 'file', file: '/abs/p.ts' });
    assert.equal(baseName('/a/b/c.ts'), 'c.ts');
    assert.equal(baseName('C:\\x\\y.ts'), 'y.ts');
    assert.equal(baseName('/'), '/');
  });
});
