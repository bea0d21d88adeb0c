// The pure analysis behind search (also used by other features): tokens, terms, queries, paths,
// near-duplicate keys and edit distance.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundedDistance } from '../../src/server/memory/analysis/edit-distance.js';
import { nearDuplicateKey } from '../../src/server/memory/analysis/fingerprint.js';
import { baseNameKey, normalisePath, pathText, suffixMatch } from '../../src/server/memory/analysis/paths.js';
import { analyseQuery, indexTerms, stemWord } from '../../src/server/memory/analysis/terms.js';
import { identifierParts, tokenize } from '../../src/server/memory/analysis/tokenize.js';
import { buildExcerpt } from '../../src/server/memory/excerpt.js';

const parts = (w: string): string[] => identifierParts(w).map((p) => p.text);

describe('search analysis', () => {
  it('splits identifiers of every style and keeps offsets', () => {
    assert.deepEqual(parts('maxRetriesPerRequest'), ['max', 'retries', 'per', 'request']);
    assert.deepEqual(parts('HTTPServerError'), ['http', 'server', 'error']);
    assert.deepEqual(parts('max_retries'), ['max', 'retries']);
    assert.deepEqual(parts('dry-run'), ['dry', 'run']);
    assert.deepEqual(parts('db.pool.max'), ['db', 'pool', 'max']);
    assert.deepEqual(parts('C:\\src\\App.tsx'), ['c', 'src', 'app', 'tsx']);
    const text = 'see maxRetries';
    const tok = tokenize(text)[1]!;
    assert.equal(tok.text, 'maxretries');
    assert.deepEqual(tok.parts.map((p) => text.slice(p.start, p.end)), ['max', 'Retries']);
  });

  it('indexes the whole identifier, stems of its parts, and CJK grams', () => {
    const terms = indexTerms('Set maxRetriesPerRequest for connections.');
    for (const t of ['maxretriesperrequest', 'max', 'retri', 'request', 'connect']) assert.ok(terms.has(t), t);
    assert.ok(!terms.has('for'), 'stop words are not indexed');
    const cjk = indexTerms('数据库连接池耗尽');
    for (const t of ['连接', '池', '耗尽']) assert.ok(cjk.has(t), t);
    assert.equal(stemWord('pagination'), stemWord('paginated'));
  });

  it('reads queries as literal text, with phrases', () => {
    const q = analyseQuery('invoices "offset scans" (AND) NOT:');
    assert.deepEqual(q.phrases, [['offset', 'scans']]);
    assert.deepEqual(q.units.map((u) => u.text), ['invoices', 'offset', 'scans']);
    assert.deepEqual(analyseQuery('why does it happen when redis is down').units.map((u) => u.text), ['redis', 'down']);
    assert.deepEqual(analyseQuery('the').units.map((u) => u.text), ['the']);
    assert.deepEqual(analyseQuery('Redisの接続').units.map((u) => u.text), ['redis', '接続']);
  });

  it('matches paths by suffix at a segment boundary across OSes', () => {
    const stored = normalisePath('api/orders.ts');
    assert.equal(suffixMatch(normalisePath('/home/ana/src/shop/api/orders.ts'), stored), 2);
    assert.equal(suffixMatch(normalisePath('C:\\Users\\ana\\shop\\API\\Orders.ts'), stored), 2);
    assert.equal(suffixMatch(normalisePath('./api/orders.ts'), stored), 2);
    assert.equal(suffixMatch(normalisePath('web/api/orders.ts'), normalisePath('lib/api/orders.ts')), 0);
    assert.equal(suffixMatch(normalisePath('/x/API/orders.ts'), stored), 0, 'POSIX paths keep case');
    assert.equal(suffixMatch(normalisePath('xapi/orders.ts'), stored), 0, 'only at a / boundary');
    assert.equal(pathText(normalisePath('file:///C:/a/../b/./c.ts')), 'c:/b/c.ts');
    assert.equal(baseNameKey(normalisePath('src\\App.TSX')), 'app.tsx');
  });

  it('keys near-duplicates apart from numbers and whitespace', () => {
    assert.equal(nearDuplicateKey('Build 4812 failed after 5000 ms'), nearDuplicateKey('Build  4815 failed after 6000\nms'));
    assert.notEqual(nearDuplicateKey('Build 4812 failed'), nearDuplicateKey('Build 4812 passed'));
  });

  it('bounds edit distance, counting a transposition as one', () => {
    assert.equal(boundedDistance('exhuasted', 'exhausted', 1), 1);
    assert.equal(boundedDistance('kitten', 'sitting', 1), 2);
    assert.equal(boundedDistance('same', 'same', 1), 0);
  });

  it('builds the excerpt around the densest match with ranges into it', () => {
    const text = `${'filler words here. '.repeat(30)}The refund webhook retried forever.`;
    const { excerpt, ranges } = buildExcerpt(text, new Set(['refund', 'webhook']));
    assert.ok(excerpt.startsWith('…'));
    assert.deepEqual(ranges.map(([s, e]) => excerpt.slice(s, e)), ['refund', 'webhook']);
  });
});
