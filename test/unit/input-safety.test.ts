// Bad input gets a clear error naming the field and writes nothing; hostile filter values
// match only themselves.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, tempDir, textOf, type ServerHandle } from '../support/server-process.js';

const HOSTILE = ["' OR 1=1 --", "it's", '"double"', 'back\\slash', '100%', 'under_score', 'ünïcødé 日本 🚀', 'line\nbreak', "x') OR ('1'='1"];

describe('input validation and hostile values', () => {
  let dir: string;
  let srv: ServerHandle;
  const total = async (): Promise<number> => (await srv.call<{ total: number }>('reflection_stats')).total;

  before(async () => {
    dir = tempDir('safety');
    srv = await startServer({ dataDir: dir, args: ['--project', 'main'] });
    await srv.call('store_reflection', { content: 'A plain memory that must survive every hostile request.' });
  });
  after(async () => {
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rejects = async (name: string, args: Record<string, unknown>, field: RegExp): Promise<void> => {
    const before = await total();
    const res = await srv.raw(name, args);
    assert.equal(res.isError, true, `${name} ${JSON.stringify(args).slice(0, 80)} was accepted`);
    assert.match(textOf(res), field);
    assert.equal(await total(), before, 'a rejected call wrote something');
  };

  it('rejects bad store_reflection input with a message naming the field', async () => {
    await rejects('store_reflection', { content: '' }, /content must not be empty/);
    await rejects('store_reflection', { content: '   \n ' }, /content must not be blank/);
    await rejects('store_reflection', { content: 'x'.repeat(60_000) }, /content must be at most 50,000 characters/);
    await rejects('store_reflection', { content: 'x'.repeat(100 * 1024) }, /content must be at most 50,000/);
    await rejects('store_reflection', { content: 'ok', tags: Array.from({ length: 1_000 }, (_, i) => `t${i}`) }, /at most 50 tags/);
    await rejects('store_reflection', { content: 'ok', tags: ['c++'] }, /tags\[0\] "c\+\+" may only contain/);
    await rejects('store_reflection', { content: 'ok', tags: ['x'.repeat(51)] }, /at most 50 characters/);
    await rejects('store_reflection', { content: 'ok', project: 'all' }, /reserved/);
    await rejects('store_reflection', { content: 'nul \0 inside' }, /content must not contain NUL/);
    await rejects('store_reflection', {}, /content/);
  });

  it('rejects bad search input', async () => {
    await rejects('reflect_on_past', { query: '' }, /query must not be empty/);
    await rejects('reflect_on_past', { query: 'q'.repeat(1_001) }, /query must be at most 1,000/);
    await rejects('reflect_on_past', { query: 'x', limit: 0 }, /limit must be at least 1/);
    await rejects('reflect_on_past', { query: 'x', limit: 1_001 }, /limit must be at most 1,000/);
    await rejects('reflect_on_past', { query: 'x', limit: 2.5 }, /limit must be a whole number/);
    await rejects('reflect_on_past', { query: 'x', min_score: 2 }, /min_score must be between 0 and 1/);
    await rejects('reflect_on_past', { query: 'x', min_score: -0.1 }, /min_score must be between 0 and 1/);
    await rejects('reflect_on_past', { query: 'x', since: 'yesterday' }, /since must be an ISO 8601 date/);
    await rejects('reflect_on_past', { query: 'x', since: '2026-02-01', until: '2026-01-01' }, /since must not be later than until/);
    await rejects('reflect_on_past', { query: 'x', kinds: ['secret'] }, /kinds/);
    await rejects('get_more_results', { query: 'x', offset: -1 }, /offset must not be negative/);
    await rejects('set_tags', { id: 'missing', tags: ['a'] }, /no memory with id "missing"/);
  });

  it('stores hostile strings verbatim and each filter value matches only itself', async () => {
    const ids = new Map<string, string>();
    for (const h of HOSTILE) {
      const out = await srv.call<{ id: string }>('store_reflection', { content: `hostile probe ${h}`, project: h, files: [`dir/${h}.ts`] });
      ids.set(h, out.id);
    }
    for (const h of HOSTILE) {
      const got = await srv.call<{ results: { id: string; project: string }[] }>('reflect_on_past', { query: `hostile probe ${h}`, project: h, limit: 50, min_score: 0 });
      assert.deepEqual(got.results.map((r) => r.id), [ids.get(h)], `project ${JSON.stringify(h)}`);
      const byFile = await srv.call<{ results: { id: string }[] }>('search_by_file', { file_path: `dir/${h}.ts`, project: 'all', limit: 50 });
      assert.deepEqual(byFile.results.map((r) => r.id), [ids.get(h)], `file ${JSON.stringify(h)}`);
      const text = await srv.call<{ memory: { text: string; project: string } }>('get_memory', { id: ids.get(h) });
      assert.equal(text.memory.text, `hostile probe ${h}`);
      assert.equal(text.memory.project, h);
    }
    // Wildcards in a path are literal: "100%" must not match "100_x" or anything else.
    const wild = await srv.call<{ results: unknown[] }>('search_by_file', { file_path: 'dir/%.ts', project: 'all' });
    assert.equal(wild.results.length, 0);
  });

  it('hostile queries and ids neither fail nor touch other rows', async () => {
    const count = await total();
    for (const h of HOSTILE) {
      const res = await srv.raw('reflect_on_past', { query: h, project: 'all' });
      assert.ok(!res.isError, `query ${JSON.stringify(h)}: ${textOf(res)}`);
      assert.deepEqual(await srv.call('delete_memory', { id: h }), { id: h, deleted: false });
    }
    assert.equal(await total(), count, 'a hostile delete removed rows');
  });

  it('NUL cannot reach a filter: a clear error and no change', async () => {
    await rejects('store_reflection', { content: 'ok', project: 'a\0b' }, /project must not contain NUL/);
    await rejects('store_reflection', { content: 'ok', files: ['a\0b.ts'] }, /file paths must not contain NUL/);
    await rejects('reflect_on_past', { query: 'ok', project: 'a\0b' }, /project must not contain NUL/);
    await rejects('delete_memory', { id: "x\0' OR 1=1 --" }, /must not contain NUL/);
    await rejects('search_by_file', { file_path: 'a\0b' }, /must not contain NUL/);
  });
});
