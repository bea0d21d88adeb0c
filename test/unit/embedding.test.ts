// The embedding paths of the real server, with the generated tiny model: keyword mode then
// backfill when a model appears, an explicit model folder, and a download from a loopback hub.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startModelHub } from '../support/model-hub.js';
import { startServer, tempDir, waitFor, type ServerHandle } from '../support/server-process.js';
import { writeTinyModel } from '../support/tiny-model.js';

const MODEL_ID = 'test/tiny-minilm';

interface Stats {
  total: number;
  embedded: number;
  mode: string;
  model: { state: string; source: string | null; location: string | null; detail: string };
}
interface Search {
  mode: string;
  results: { id: string; score: number }[];
}

const dirs: string[] = [];
const servers: ServerHandle[] = [];
const dirFor = (p: string): string => {
  const d = tempDir(p);
  dirs.push(d);
  return d;
};
const start = async (...a: Parameters<typeof startServer>): Promise<ServerHandle> => {
  const s = await startServer(...a);
  servers.push(s);
  return s;
};

after(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('embedding model', () => {
  it('runs in keyword mode without a model, then backfills and turns hybrid when one appears', async () => {
    const dataDir = dirFor('backfill');
    const srv = await start({ dataDir, args: ['--project', 'p', '--model', MODEL_ID], env: { SESSION_MGMT_MODEL_RECHECK_MS: '200' } });
    const stored = [];
    for (const text of ['alpha beta gamma', 'LanceDB compaction merges small fragments', 'the release checklist lives in docs']) {
      stored.push(await srv.call<{ id: string; embedded: boolean }>('store_reflection', { content: text }));
    }
    assert.ok(stored.every((s) => !s.embedded));
    const before = await srv.call<Search>('reflect_on_past', { query: 'compaction fragments' });
    assert.equal(before.mode, 'keyword');
    assert.equal(before.results.length, 1);
    // With no shared word, only a vector search can find it.
    const noWords = await srv.call<Search>('reflect_on_past', { query: 'zebra', min_score: 0 });
    assert.equal(noWords.results.length, 0);

    // A model lands in the data dir's cache (as another process's download would leave it).
    writeTinyModel(path.join(dataDir, 'models'), MODEL_ID);
    const stats = await waitFor('backfill', async () => {
      const s = await srv.call<Stats>('reflection_stats');
      return s.embedded === 3 ? s : null;
    });
    assert.equal(stats.mode, 'hybrid');
    assert.equal(stats.model.state, 'ready');
    assert.equal(stats.model.source, 'cache');

    const afterHybrid = await srv.call<Search>('reflect_on_past', { query: 'compaction fragments' });
    assert.equal(afterHybrid.mode, 'hybrid');
    assert.equal(afterHybrid.results[0]?.id, stored[1]?.id);
    const vectorOnly = await srv.call<Search>('reflect_on_past', { query: 'zebra', min_score: 0 });
    assert.equal(vectorOnly.results.length, 3, 'vector kNN should return memories sharing no word with the query');
    assert.ok(vectorOnly.results.every((r) => r.score >= 0 && r.score <= 1));

    const identical = await srv.call<Search>('reflect_on_past', { query: 'alpha beta gamma' });
    assert.equal(identical.results[0]?.id, stored[0]?.id);
    // Every word matched exactly and the same meaning: near the top of the scale (docs/search.md).
    assert.ok((identical.results[0]?.score ?? 0) > 0.95);

    const fresh = await srv.call<{ embedded: boolean }>('store_reflection', { content: 'stored after the model appeared' });
    assert.equal(fresh.embedded, true);
  });

  it('uses an explicit model folder first', async () => {
    const dataDir = dirFor('explicit');
    const modelDir = writeTinyModel(path.join(dataDir, 'elsewhere'), 'my/model');
    const srv = await start({ dataDir, args: ['--model-path', modelDir] });
    const s = await waitFor('model', async () => {
      const st = await srv.call<Stats>('reflection_stats');
      return st.model.state === 'ready' ? st : null;
    });
    assert.equal(s.model.source, 'explicit');
    assert.equal(s.model.location, modelDir);
  });

  it('reports an unusable explicit folder and falls back to keyword mode', async () => {
    const dataDir = dirFor('badpath');
    const srv = await start({ dataDir, args: ['--model-path', path.join(dataDir, 'nothing-here')] });
    const s = await waitFor('lookup', async () => {
      const st = await srv.call<Stats>('reflection_stats');
      return st.model.state === 'none' ? st : null;
    });
    assert.equal(s.mode, 'keyword');
    assert.match(s.model.detail, /nothing-here lacks config\.json/);
    assert.match(s.model.detail, /downloads are disabled/);
  });

  it('downloads from the model hub into the data dir cache, then loads from the cache offline', async () => {
    const hubRoot = dirFor('hub');
    writeTinyModel(hubRoot, 'test/tiny-hub');
    const hub = await startModelHub(hubRoot);
    try {
      const dataDir = dirFor('download');
      const srv = await start({
        dataDir,
        args: ['--model', 'test/tiny-hub', '--model-host', hub.url],
        env: { SESSION_MGMT_ALLOW_DOWNLOAD: '1' },
      });
      const s = await waitFor('download', async () => {
        const st = await srv.call<Stats>('reflection_stats');
        return st.model.state === 'ready' ? st : null;
      });
      assert.equal(s.model.source, 'download');
      assert.ok(hub.requests.some((r) => r.endsWith('/test/tiny-hub/resolve/main/onnx/model_quantized.onnx')));
      assert.ok(fs.existsSync(path.join(dataDir, 'models', 'test/tiny-hub', 'onnx', 'model_quantized.onnx')));
      await srv.close();

      const seen = hub.requests.length;
      const again = await start({ dataDir, args: ['--model', 'test/tiny-hub', '--no-download'] });
      const s2 = await waitFor('cache load', async () => {
        const st = await again.call<Stats>('reflection_stats');
        return st.model.state === 'ready' ? st : null;
      });
      assert.equal(s2.model.source, 'cache');
      assert.equal(hub.requests.length, seen, 'the cached model must load without the hub');
    } finally {
      await hub.close();
    }
  });
});
