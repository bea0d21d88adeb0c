// The Search view's pure helpers: the highlighter (segments only, never markup), ages, tags and
// the "file:" query form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { age, baseName, fileQuery, highlight, highlightTerms, parseQuery, parseTags, type Segment } from '../../media/search/format.js';

const joined = (s: Segment[]): string => s.map((x) => x.text).join('');
const marks = (s: Segment[]): string[] => s.filter((x) => x.mark).map((x) => x.text);

describe('search view highlighter', () => {
  it('keeps hostile markup as literal text and marks only words', () => {
    const text = 'Hostile: <img src=x onerror=alert(1)> and <script>alert(2)</script> end';
    const segs = highlight(text, highlightTerms('onerror script'));
    assert.equal(joined(segs), text);
    assert.deepEqual(marks(segs), ['onerror', 'script', 'script']);
    // No segment carries a tag: only word characters are ever marked.
    for (const m of marks(segs)) assert.match(m, /^[\p{L}\p{N}_]+$/u);
    assert.deepEqual(
      segs.slice(0, 3).map((s) => s.text),
      ['Hostile: <img src=x ', 'onerror', '=alert(1)> and <'],
    );
  });

  it('gives back the input exactly, whatever the text', () => {
    const samples = ['', 'plain', '&amp; &lt;b&gt; "quotes" \'single\'', 'a\u0000b\r\n\ttabs', '🙂 emoji 🙂 test', 'x'.repeat(5_000)];
    for (const t of samples) assert.equal(joined(highlight(t, highlightTerms('test plain amp'))), t);
    assert.deepEqual(highlight('', ['x']), []);
  });

  it('matches case-insensitively, with light stemming and word prefixes', () => {
    const segs = highlight('Testing the Tests: an INDEX of indexing tested', highlightTerms('tests indexing'));
    assert.deepEqual(marks(segs), ['Testing', 'Tests', 'INDEX', 'indexing', 'tested']);
  });

  it('handles unicode words and regex characters in the query', () => {
    assert.deepEqual(marks(highlight('Die Überprüfung läuft', highlightTerms('überprüfung'))), ['Überprüfung']);
    assert.doesNotThrow(() => highlight('a.*(b) [c] \\d+', highlightTerms('.*( [c] \\d+ $^')));
    assert.deepEqual(marks(highlight('a.*(b) [c]', highlightTerms('(c]'))), ['c']);
  });

  it('skips stop words unless the query has nothing else', () => {
    assert.deepEqual(highlightTerms('how does the store work'), ['store', 'work']);
    assert.deepEqual(highlightTerms('the'), ['the']);
    assert.deepEqual(marks(highlight('the store', highlightTerms('the store'))), ['store']);
  });

  it('leaves text unmarked without terms and merges neighbours', () => {
    assert.deepEqual(highlight('nothing to mark', []), [{ text: 'nothing to mark', mark: false }]);
    assert.deepEqual(highlight('abc', ['a']), [{ text: 'abc', mark: true }]);
  });

  it('caps the number of terms', () => {
    const many = Array.from({ length: 100 }, (_, i) => `term${i}x`).join(' ');
    assert.equal(highlightTerms(many).length, 24);
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
