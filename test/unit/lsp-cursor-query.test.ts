// The word under the cursor and the query it becomes: the part the shared code-aware analysis
// is meant to take over, so its rules are pinned here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstOccurrences, hoverQuery, namedIdentifiers, tokenAt, tooCommon } from '../../src/server/lsp/cursor-query.js';

const at = (line: string, needle: string, offset = 1) => tokenAt(line, line.indexOf(needle) + offset);

test('identifiers, keys and paths under the cursor', () => {
  assert.deepEqual(at('  maxRetriesPerRequest: null,', 'max'), { text: 'maxRetriesPerRequest', kind: 'key', start: 2, end: 22 });
  assert.equal(at('pool.idleTimeoutMillis = 5', 'idle')?.text, 'idleTimeoutMillis');
  assert.equal(at('const x = client.maxRetries;', 'maxR')?.kind, 'identifier');
  assert.deepEqual(at('  idle-timeout: 25s', 'idle'), { text: 'idle-timeout', kind: 'key', start: 2, end: 14 });
  assert.equal(at('max_retries = 5', 'max')?.text, 'max_retries');
  assert.deepEqual(at("import { pool } from '../db/pool';", '../'), { text: '../db/pool', kind: 'path', start: 22, end: 32 });
  assert.equal(at('See src/server/main.ts, then', 'main')?.text, 'src/server/main.ts');
  assert.equal(at('see https://example.com/a/b.html', 'example')?.kind, 'identifier');
  assert.equal(at('const ratio = total/count;', 'total')?.text, 'total');
  assert.equal(tokenAt('   ', 1), null);
  assert.equal(tokenAt('a + b', 2), null);
});

test('only specific tokens become queries', () => {
  const q = (text: string, kind: 'identifier' | 'key' | 'path' = 'identifier') => hoverQuery({ text, kind, start: 0, end: text.length });
  assert.deepEqual(q('maxRetriesPerRequest'), { kind: 'text', query: 'maxRetriesPerRequest', minScore: 0.6 });
  assert.deepEqual(q('idle_timeout', 'key'), { kind: 'text', query: 'idle_timeout', minScore: 0.6 });
  assert.deepEqual(q('src/db/pool.ts', 'path'), { kind: 'file', path: 'src/db/pool.ts' });
  assert.ok(q('renderer'));
  for (const generic of ['const', 'return', 'value', 'max', 'job', 'error', 'async', 'self']) assert.equal(q(generic), null, generic);
});

test('a plain word many memories contain is vocabulary; an identifier never is', () => {
  assert.equal(tooCommon({ kind: 'text', query: 'renderer', minScore: 0.6 }, 25, 20), true);
  assert.equal(tooCommon({ kind: 'text', query: 'renderer', minScore: 0.6 }, 3, 20), false);
  assert.equal(tooCommon({ kind: 'text', query: 'maxRetriesPerRequest', minScore: 0.6 }, 500, 20), false);
});

test('identifiers a memory names, and where a document first uses them', () => {
  const named = namedIdentifiers('Set `pool.idleTimeoutMillis` below idle_timeout; `bullmq` needs maxRetriesPerRequest: null. The pool is fine.');
  assert.deepEqual(named.sort(), ['bullmq', 'idleTimeoutMillis', 'idle_timeout', 'maxRetriesPerRequest'].sort());
  const first = firstOccurrences('a.maxRetriesPerRequest = 1;\nmaxRetriesPerRequest = 2;');
  assert.equal(first.get('maxRetriesPerRequest'), 2);
});
