// Upkeep of the memories table on disk: a store left with many small fragments is compacted when
// opened, and the versions a compaction replaced are removed once the readers' window has passed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as lancedb from '@lancedb/lancedb';
import { createLogger } from '../../src/server/log.js';
import type { MemoryRow } from '../../src/server/memory/schema.js';
import { MemoryStore } from '../../src/server/memory/store.js';
import { tempDir, waitFor } from '../support/server-process.js';

const log = createLogger('error');
const row = (i: number): MemoryRow => ({
  id: `m-${i}`,
  kind: 'reflection',
  text: `Deploy note ${i}: the migration runs before the web tier restarts.`,
  tags: ['deploy'],
  project: 'billing',
  session_id: null,
  files: [],
  source: null,
  meta: null,
  created_at: new Date(Date.UTC(2026, 9, 1, 8, i % 60)),
  vector: null,
});

function dataFiles(dataDir: string): number {
  return fs.readdirSync(path.join(dataDir, 'lancedb', 'memories.lance', 'data')).length;
}

async function versions(dataDir: string): Promise<number> {
  const db = await lancedb.connect(path.join(dataDir, 'lancedb'));
  const t = await db.openTable('memories');
  const n = (await t.listVersions()).length;
  t.close();
  return n;
}

describe('store upkeep', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('compacts at open when a previous process left many small fragments', async () => {
    const dir = tempDir('upkeep-open');
    dirs.push(dir);
    const first = await MemoryStore.open(dir, log, Number.MAX_SAFE_INTEGER);
    for (let i = 0; i < 40; i++) await first.add([row(i)]);
    await first.close();
    const before = dataFiles(dir);
    assert.ok(before >= 40, `${before} data files`);
    const store = await MemoryStore.open(dir, log, 100, 60_000);
    try {
      await waitFor('the background compaction', async () => (await store.fragments()).fragments === 1);
      assert.equal(await store.count(), 40, 'no row lost');
      assert.equal((await store.lexicalIndex()).size, 40, 'every row searchable');
    } finally {
      await store.close();
    }
  });

  it('removes replaced versions once the readers window has passed, with no further writes', async () => {
    const dir = tempDir('upkeep-window');
    dirs.push(dir);
    const store = await MemoryStore.open(dir, log, 25, 1_000);
    try {
      for (let i = 0; i < 60; i++) await store.add([row(i)]);
      await store.compactNow();
      const piled = await versions(dir);
      assert.ok(piled > 20, `${piled} versions before the window passed`);
      await waitFor('old versions removed', async () => (await versions(dir)) <= 3, 20_000);
      assert.equal(await store.count(), 60);
    } finally {
      await store.close();
    }
  });
});
