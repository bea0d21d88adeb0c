// Several server processes on one data dir, and a server killed mid-burst.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { startServer, tempDir, type ServerHandle } from '../support/server-process.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('durability', () => {
  it('two processes writing to one data dir at once: no errors, no lost rows, each sees the other', async () => {
    const dataDir = tempDir('multi');
    dirs.push(dataDir);
    // A low compaction threshold makes the processes also compact while the other writes.
    const env = { SESSION_MGMT_COMPACT_EVERY: '10' };
    const a = await startServer({ dataDir, args: ['--project', 'shared'], env });
    const b = await startServer({ dataDir, args: ['--project', 'shared'], env });
    try {
      const N = 60;
      const write = async (srv: ServerHandle, who: string): Promise<string[]> => {
        const ids: string[] = [];
        for (let i = 0; i < N; i++) {
          ids.push((await srv.call<{ id: string }>('store_reflection', { content: `${who} wrote note ${i} about concurrency` })).id);
        }
        return ids;
      };
      const [idsA, idsB] = await Promise.all([write(a, 'writera'), write(b, 'writerb')]);
      for (const srv of [a, b]) {
        const stats = await srv.call<{ total: number }>('reflection_stats');
        assert.equal(stats.total, 2 * N);
      }
      // The notes differ only in their number, so search folds them: count the folded ids too.
      const found = (out: { results: { id: string; folded_ids?: string[] }[] }): Set<string> => new Set(out.results.flatMap((r) => [r.id, ...(r.folded_ids ?? [])]));
      const fromA = await a.call<{ results: { id: string; folded_ids?: string[] }[] }>('reflect_on_past', { query: 'writerb concurrency', limit: 200, min_score: 0.85 });
      assert.deepEqual(found(fromA), new Set(idsB));
      const fromB = await b.call<{ results: { id: string; folded_ids?: string[] }[] }>('reflect_on_past', { query: 'writera concurrency', limit: 200, min_score: 0.85 });
      assert.deepEqual(found(fromB), new Set(idsA));
      assert.doesNotMatch(a.stderr() + b.stderr(), /\[error\]/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('kill -9 during a burst of writes loses no acknowledged write', async () => {
    const dataDir = tempDir('kill');
    dirs.push(dataDir);
    const srv = await startServer({ dataDir, args: ['--project', 'crash'], env: { SESSION_MGMT_COMPACT_EVERY: '15' } });
    const acked: string[] = [];
    let stop = false;
    const burst = (async () => {
      for (let i = 0; !stop; i++) {
        try {
          const out = await srv.call<{ id: string }>('store_reflection', { content: `burst write ${i}` });
          acked.push(out.id);
        } catch {
          return; // the connection died with the process
        }
      }
    })();
    while (acked.length < 40) await new Promise((r) => setTimeout(r, 5));
    process.kill(srv.pid, 'SIGKILL');
    stop = true;
    await burst;
    await srv.close().catch(() => undefined);

    const again = await startServer({ dataDir, args: ['--project', 'crash'] });
    try {
      const stats = await again.call<{ total: number }>('reflection_stats');
      assert.ok(stats.total >= acked.length, `${stats.total} rows after restart, ${acked.length} acknowledged`);
      for (const id of acked) await again.call('get_memory', { id });
      const found = await again.call<{ results: { id: string; folded_ids?: string[] }[] }>('reflect_on_past', { query: 'burst write', limit: 1000 });
      const ids = new Set(found.results.flatMap((r) => [r.id, ...(r.folded_ids ?? [])]));
      for (const id of acked) assert.ok(ids.has(id), `acknowledged ${id} is found (directly or folded)`);
      // The table still takes writes after the crash.
      await again.call('store_reflection', { content: 'after the crash' });
    } finally {
      await again.close();
    }
  });
});
