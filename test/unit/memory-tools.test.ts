// Round trip through the real server over stdio, in keyword mode (no model).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, tempDir, textOf, type ServerHandle } from '../support/server-process.js';

interface Item {
  id: string;
  kind: string;
  excerpt: string;
  score: number;
  project: string;
  tags: string[];
  files: string[];
}
interface Search {
  mode: string;
  scope: string;
  count: number;
  results: Item[];
}

describe('memory tools over stdio', () => {
  let dir: string;
  let root: string;
  let srv: ServerHandle;
  const ids: Record<string, string> = {};

  before(async () => {
    dir = tempDir('tools');
    root = path.join(dir, 'alpha');
    fs.mkdirSync(path.join(root, '.git'), { recursive: true });
    srv = await startServer({ dataDir: path.join(dir, 'data'), cwd: root });
    const store = async (key: string, args: Record<string, unknown>): Promise<void> => {
      ids[key] = (await srv.call<{ id: string }>('store_reflection', args)).id;
    };
    await store('lance', {
      content: 'LanceDB needs readConsistencyInterval 0 so that every process sees the commits of the others.',
      tags: ['LanceDB', ' Storage '],
      files: [path.join(root, 'src/server/memory/store.ts')],
    });
    await store('esbuild', { content: 'esbuild cannot bundle .node files; mark the native packages external.', tags: ['build'], files: ['esbuild.config.mjs'] });
    await store('retry', { content: 'Flaky network tests: retry with exponential backoff instead of sleeping a fixed time.', tags: ['testing'] });
    await store('mention', { content: 'The bug was in src/server/memory/store.ts where the filter was not escaped.' });
    // Six distinct notes (near-identical ones would fold into one result).
    const topics = ['orders', 'invoices', 'customers', 'refunds', 'shipments', 'audit logs'];
    for (let i = 0; i < 6; i++) await store(`page${i}`, { content: `Pagination of ${topics[i]}: cursor pagination of results, never offsets.` });
    await store('beta', { content: 'In project beta the LanceDB table is rebuilt nightly.', project: 'beta' });
  });

  after(async () => {
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists every tool with an output schema, read-only hints on searches', async () => {
    const { tools } = await srv.client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const name of ['store_reflection', 'reflect_on_past', 'quick_search', 'search_summary', 'get_more_results', 'search_by_file', 'search_by_concept', 'reflection_stats', 'delete_memory', 'set_tags', 'get_memory']) {
      const tool = byName.get(name);
      assert.ok(tool, `missing tool ${name}`);
      assert.ok(tool.outputSchema, `${name} has no outputSchema`);
    }
    for (const name of ['reflect_on_past', 'quick_search', 'search_by_file', 'search_by_concept', 'reflection_stats']) {
      assert.equal(byName.get(name)?.annotations?.readOnlyHint, true, name);
    }
    assert.equal(byName.get('delete_memory')?.annotations?.destructiveHint, true);
  });

  it('normalises tags and files on store', async () => {
    const got = await srv.call<{ memory: { tags: string[]; files: string[]; project: string; text: string } }>('get_memory', { id: ids.lance });
    assert.deepEqual(got.memory.tags, ['lancedb', 'storage']);
    assert.deepEqual(got.memory.files, ['src/server/memory/store.ts']);
    assert.equal(got.memory.project, 'alpha');
    assert.match(got.memory.text, /readConsistencyInterval/);
  });

  it('reflect_on_past finds a stored reflection, with text and structured content', async () => {
    const res = await srv.raw('reflect_on_past', { query: 'process commits consistency' });
    assert.ok(!res.isError);
    const out = res.structuredContent as unknown as Search;
    assert.equal(out.mode, 'keyword');
    assert.equal(out.scope, 'alpha');
    assert.equal(out.results[0]?.id, ids.lance);
    assert.ok(out.results.every((r) => r.score >= 0.2 && r.score <= 1), 'the default min_score is 0.2');
    assert.match(textOf(res), /readConsistencyInterval/);
  });

  it('honours limit and paging consistently', async () => {
    const all = await srv.call<Search>('reflect_on_past', { query: 'pagination cursor', limit: 6 });
    assert.equal(all.count, 6);
    const first = await srv.call<Search>('reflect_on_past', { query: 'pagination cursor', limit: 2 });
    assert.deepEqual(first.results.map((r) => r.id), all.results.slice(0, 2).map((r) => r.id));
    const next = await srv.call<Search & { has_more: boolean; offset: number }>('get_more_results', { query: 'pagination cursor', offset: 2, limit: 3 });
    assert.deepEqual(next.results.map((r) => r.id), all.results.slice(2, 5).map((r) => r.id));
    assert.equal(next.has_more, true);
    const quick = await srv.call<{ count: number; top: Item; results: Item[] }>('quick_search', { query: 'pagination cursor', limit: 2 });
    assert.equal(quick.count, 6);
    assert.equal(quick.results.length, 2);
    assert.equal(quick.top.id, all.results[0]?.id);
  });

  it('scopes to the current project by default and widens with "all"', async () => {
    const mine = await srv.call<Search>('reflect_on_past', { query: 'LanceDB table', limit: 10 });
    assert.ok(mine.results.every((r) => r.project === 'alpha'));
    assert.ok(!mine.results.some((r) => r.id === ids.beta));
    const all = await srv.call<Search>('reflect_on_past', { query: 'LanceDB table', limit: 10, project: 'all' });
    assert.equal(all.scope, 'all');
    assert.ok(all.results.some((r) => r.id === ids.beta));
    const beta = await srv.call<Search>('reflect_on_past', { query: 'LanceDB table', project: 'beta' });
    assert.deepEqual(beta.results.map((r) => r.id), [ids.beta]);
  });

  it('search_by_file matches relative and absolute forms, listed files before mentions', async () => {
    for (const file of ['src/server/memory/store.ts', './src/server/memory/store.ts', path.join(root, 'src/server/memory/store.ts')]) {
      const out = await srv.call<{ results: (Item & { match: string })[] }>('search_by_file', { file_path: file });
      assert.deepEqual(
        out.results.map((r) => [r.id, r.match]),
        [
          [ids.lance, 'files'],
          [ids.mention, 'text'],
        ],
        file,
      );
    }
    const none = await srv.call<{ count: number }>('search_by_file', { file_path: 'src/other.ts' });
    assert.equal(none.count, 0);
  });

  it('search_by_concept returns results and related files', async () => {
    const out = await srv.call<Search & { related_files: { path: string; count: number }[] }>('search_by_concept', { concept: 'native packages bundle' });
    assert.equal(out.results[0]?.id, ids.esbuild);
    assert.deepEqual(out.related_files, [{ path: 'esbuild.config.mjs', count: 1 }]);
  });

  it('search_summary counts, spans time and lists frequent terms', async () => {
    const out = await srv.call<{ count: number; first_at: string; last_at: string; frequent_terms: { term: string }[]; by_kind: Record<string, number> }>('search_summary', { query: 'pagination' });
    assert.equal(out.count, 6);
    assert.ok(Date.parse(out.first_at) <= Date.parse(out.last_at));
    assert.ok(out.frequent_terms.some((t) => t.term === 'cursor'));
    assert.deepEqual(out.by_kind, { reflection: 6 });
  });

  it('filters by kind, tags and time', async () => {
    const tagged = await srv.call<Search>('reflect_on_past', { query: 'LanceDB processes', tags: ['storage'] });
    assert.deepEqual(tagged.results.map((r) => r.id), [ids.lance]);
    const wrongKind = await srv.call<Search>('reflect_on_past', { query: 'LanceDB processes', kinds: ['handoff'] });
    assert.equal(wrongKind.count, 0);
    const future = await srv.call<Search>('reflect_on_past', { query: 'LanceDB processes', since: '2999-01-01' });
    assert.equal(future.count, 0);
    const past = await srv.call<Search>('reflect_on_past', { query: 'LanceDB processes', until: '2000-01-01' });
    assert.equal(past.count, 0);
    const now = await srv.call<Search>('reflect_on_past', { query: 'LanceDB processes', since: '2000-01-01', until: '2999-01-01' });
    assert.equal(now.results[0]?.id, ids.lance);
  });

  it('set_tags replaces tags and delete_memory removes exactly one memory', async () => {
    const tagged = await srv.call<{ tags: string[] }>('set_tags', { id: ids.retry, tags: ['Flaky', 'ci'] });
    assert.deepEqual(tagged.tags, ['flaky', 'ci']);
    const found = await srv.call<Search>('reflect_on_past', { query: 'backoff', tags: ['ci'] });
    assert.deepEqual(found.results.map((r) => r.id), [ids.retry]);
    const before = await srv.call<{ total: number }>('reflection_stats');
    assert.deepEqual(await srv.call('delete_memory', { id: ids.retry }), { id: ids.retry, deleted: true });
    assert.deepEqual(await srv.call('delete_memory', { id: ids.retry }), { id: ids.retry, deleted: false });
    const afterDelete = await srv.call<{ total: number }>('reflection_stats');
    assert.equal(afterDelete.total, before.total - 1);
    const gone = await srv.call<Search>('reflect_on_past', { query: 'backoff' });
    assert.equal(gone.count, 0);
  });

  it('reflection_stats reports counts, mode and storage', async () => {
    const s = await srv.call<{
      total: number;
      by_kind: Record<string, number>;
      by_project: Record<string, number>;
      embedded: number;
      not_embedded: number;
      mode: string;
      dimension: number;
      size_bytes: number;
      data_dir: string;
      model: { state: string };
    }>('reflection_stats');
    assert.equal(s.by_project.beta, 1);
    assert.equal(s.by_kind.reflection, s.total);
    assert.equal(s.embedded, 0);
    assert.equal(s.not_embedded, s.total);
    assert.equal(s.mode, 'keyword');
    assert.equal(s.model.state, 'none');
    assert.equal(s.dimension, 384);
    assert.ok(s.size_bytes > 0);
    assert.equal(s.data_dir, path.join(dir, 'data'));
  });
});
