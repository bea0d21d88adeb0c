// Pure helpers: filter escaping, input normalisation, text scoring, ranking weights.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterClause, recencyWeight } from '../../src/server/memory/search.js';
import { and, sqlContains, sqlString, sqlStringList, sqlTimestamp } from '../../src/server/memory/sql.js';
import { excerpt, frequentTerms, queryTerms } from '../../src/server/memory/text.js';
import { canonicalPath, InputError, normalizeTags, parseDate, resolveScope } from '../../src/server/memory/validate.js';

describe('sql escaping', () => {
  it('doubles quotes and rejects NUL', () => {
    assert.equal(sqlString("' OR 1=1 --"), "''' OR 1=1 --'");
    assert.equal(sqlString('a\\b'), "'a\\b'");
    assert.throws(() => sqlString('a\0b'), /NUL/);
    assert.equal(sqlStringList(['a', "b'"]), "'a', 'b'''");
    assert.throws(() => sqlStringList([]), /empty list/);
  });
  it('makes LIKE wildcards literal', () => {
    assert.equal(sqlContains('text', "50%_a\\b'"), "text LIKE '%50\\%\\_a\\\\b''%' ESCAPE '\\'");
  });
  it('formats timestamps and joins clauses', () => {
    assert.equal(sqlTimestamp(new Date('2026-01-02T03:04:05.006Z')), "TIMESTAMP '2026-01-02 03:04:05.006'");
    assert.equal(and([null, 'a = 1', undefined, 'b = 2']), '(a = 1) AND (b = 2)');
    assert.equal(and([]), undefined);
    assert.equal(filterClause({ scope: null }), undefined);
    assert.equal(filterClause({ scope: "o'k", kinds: ['reflection'], tags: ['x'] }), "(project = 'o''k') AND (kind IN ('reflection')) AND (array_has_any(tags, ['x']))");
  });
});

describe('input normalisation', () => {
  it('normalises tags', () => {
    assert.deepEqual(normalizeTags([' Foo ', 'foo', '', 'two words', 'a_b-c']), ['foo', 'two-words', 'a_b-c']);
    assert.throws(() => normalizeTags(['ok', 'no!']), (e: unknown) => e instanceof InputError && /tags\[1\]/.test(e.message));
  });
  it('canonicalises paths against the project root', () => {
    assert.equal(canonicalPath('/repo/src/a.ts', '/repo'), 'src/a.ts');
    assert.equal(canonicalPath('./src/a.ts', '/repo'), 'src/a.ts');
    assert.equal(canonicalPath('src\\win\\a.ts', '/repo'), 'src/win/a.ts');
    assert.equal(canonicalPath('/other/a.ts', '/repo'), '/other/a.ts');
    assert.equal(canonicalPath('/repo', '/repo'), '/repo');
  });
  it('parses dates and scopes', () => {
    assert.equal(parseDate('since', '2026-05-01')?.toISOString(), '2026-05-01T00:00:00.000Z');
    assert.throws(() => parseDate('since', '05/01/2026'), /since must be an ISO 8601 date/);
    assert.throws(() => parseDate('until', '2026-13-45'), /until must be/);
    assert.equal(resolveScope(undefined, 'cur'), 'cur');
    assert.equal(resolveScope('All', 'cur'), null);
    assert.equal(resolveScope(' other ', 'cur'), 'other');
  });
});

describe('text scoring', () => {
  it('extracts meaningful query terms', () => {
    assert.deepEqual(queryTerms('How do I fix the LanceDB index?'), ['fix', 'lancedb', 'index']);
    assert.deepEqual(queryTerms('the and'), ['the', 'and']);
  });
  it('cuts excerpts around the first match', () => {
    const text = `${'filler words '.repeat(40)}the important needle is here ${'more filler '.repeat(40)}`;
    const ex = excerpt(text, ['needle'], 80);
    assert.match(ex, /needle/);
    assert.ok(ex.startsWith('…') && ex.endsWith('…'));
    assert.ok(ex.length <= 82);
    assert.equal(excerpt('short  text\n here', ['x']), 'short text here');
  });
  it('counts frequent terms per document', () => {
    assert.deepEqual(frequentTerms(['cache cache miss', 'cache hit', 'query'], ['query'], 2), [
      { term: 'cache', count: 2 },
      { term: 'hit', count: 1 },
    ]);
  });
  it('weights recency between 0.5 and 1 with a 30-day half-life', () => {
    const now = Date.UTC(2026, 0, 31);
    assert.equal(recencyWeight(now, now), 1);
    assert.equal(recencyWeight(now - 30 * 86_400_000, now), 0.75);
    assert.ok(recencyWeight(0, now) >= 0.5 && recencyWeight(0, now) < 0.5001);
  });
});
