// Past the index threshold the store builds an HNSW index; scores must stay exact cosine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { createLogger } from '../../src/server/log.js';
import { VECTOR_INDEX_MIN_ROWS } from '../../src/server/memory/compactor.js';
import type { MemoryRow } from '../../src/server/memory/schema.js';
import { MemoryStore } from '../../src/server/memory/store.js';
import { tempDir } from '../support/server-process.js';

function unit(seed: number): number[] {
  let s = seed;
  const v = Array.from({ length: 384 }, () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648 - 0.5;
  });
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const cosineDistance = (a: number[], b: number[]): number => 1 - a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('vector index', () => {
  const dir = tempDir('index');
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is built past the threshold and keeps distances exact', async () => {
    const store = await MemoryStore.open(dir, createLogger('error'), Number.MAX_SAFE_INTEGER);
    try {
      const n = VECTOR_INDEX_MIN_ROWS + 200;
      const rows: MemoryRow[] = Array.from({ length: n }, (_, i) => ({
        id: `m${i}`,
        kind: 'reflection',
        text: `memory ${i}`,
        tags: [],
        project: i % 2 ? 'odd' : 'even',
        session_id: null,
        files: [],
        source: null,
        meta: null,
        created_at: new Date(),
        vector: unit(i + 1),
      }));
      for (let i = 0; i < n; i += 1_000) await store.add(rows.slice(i, i + 1_000));
      assert.equal(await store.hasVectorIndex(), false);
      await store.compactNow();
      assert.equal(await store.hasVectorIndex(), true);

      const query = unit(42);
      const hits = await store.vectorSearch(query, "project = 'odd'", 120);
      assert.equal(hits.length, 120, 'k larger than the default search breadth must work');
      assert.equal(hits[0]?.id, 'm41');
      assert.ok(hits.every((h) => h.project === 'odd'));
      for (const h of hits.slice(0, 10)) {
        const exact = cosineDistance(query, rows[Number(h.id.slice(1))]?.vector ?? []);
        assert.ok(Math.abs(h.raw - exact) < 1e-3, `${h.id}: index distance ${h.raw} vs exact ${exact}`);
      }
    } finally {
      await store.close();
    }
  });
});
