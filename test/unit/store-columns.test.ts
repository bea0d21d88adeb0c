// The search index reads the memories table a column at a time (storage/arrow-columns.ts). What it
// holds must equal what a row-by-row read gives, for every field shape a real store has: nulls,
// empty and non-ASCII tag lists, several files, many record batches, and a catch-up after another
// process added, retagged and deleted memories.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, it } from 'node:test';
import { createLogger } from '../../src/server/log.js';
import type { MemoryRow, StoredMemory } from '../../src/server/memory/schema.js';
import { MemoryStore } from '../../src/server/memory/store.js';
import { tempDir } from '../support/server-process.js';

const log = createLogger('error');
const TAGS = [[], ['deploy'], ['设计', 'naïve-cache'], ['🔥 hot', 'perf', 'perf-2']];

function row(i: number): MemoryRow {
  return {
    id: `m-${i}`,
    kind: i % 5 === 0 ? 'checkpoint' : 'reflection',
    text: i % 7 === 0 ? `Ünïcödé note ${i}: 迁移在重启之前运行 — ok` : `Deploy note ${i}: the migration runs before the web tier restarts.`,
    tags: TAGS[i % TAGS.length]!,
    project: i % 3 === 0 ? 'billing' : 'web',
    session_id: i % 2 ? `s-${i % 4}` : null,
    files: i % 4 === 0 ? [] : [`src/${i}.ts`, 'C:\\repo\\Windows Path\\a.ts'],
    source: i % 6 === 0 ? '/home/dev/.claude/projects/x/1.jsonl' : null,
    meta: i % 8 === 0 ? JSON.stringify({ n: i }) : null,
    created_at: new Date(Date.UTC(2026, 9, 1, 8, 0, i)),
    vector: null,
  };
}

const byId = (rows: StoredMemory[]): Map<string, StoredMemory> => new Map(rows.map((r) => [r.id, r]));

/** The index's rows against a row-by-row read of the same ids (vectors aside). */
async function assertIndexMatchesTable(store: MemoryStore): Promise<number> {
  const index = await store.lexicalIndex();
  const ids = [...index.ids()];
  const table = byId(await store.byIds(ids));
  assert.equal(table.size, ids.length);
  for (const id of ids) {
    const { embedded: _a, ...indexed } = index.get(id)!.row;
    const { embedded: _b, ...read } = table.get(id)!;
    assert.deepEqual(indexed, read, id);
  }
  return ids.length;
}

describe('the index reads the table a column at a time', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('holds what a row-by-row read gives, on first build and after another process wrote', async () => {
    const dataDir = tempDir('columns');
    dirs.push(dataDir);
    const writer = await MemoryStore.open(dataDir, log, Number.MAX_SAFE_INTEGER);
    for (let b = 0; b < 5; b++) await writer.add(Array.from({ length: 600 }, (_, k) => row(b * 600 + k)));
    const reader = await MemoryStore.open(dataDir, log, Number.MAX_SAFE_INTEGER);
    try {
      assert.equal(await assertIndexMatchesTable(reader), 3_000);
      // Another process: new memories, new tags (non-ASCII too, and none), deletions.
      await writer.add([row(5_000), row(5_007)]);
      await writer.setTags('m-1', ['renamed', 'ütf-8 tag']);
      await writer.setTags('m-3', []);
      await writer.delete('m-2');
      assert.equal(await assertIndexMatchesTable(reader), 3_001);
      const index = await reader.lexicalIndex();
      assert.deepEqual(index.get('m-1')?.row.tags, ['renamed', 'ütf-8 tag']);
      assert.deepEqual(index.get('m-3')?.row.tags, []);
      assert.equal(index.has('m-2'), false);
      assert.equal(index.get('m-5007')?.row.text, row(5_007).text);
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it('keeps a project-scoped index to its project through a catch-up', async () => {
    const dataDir = tempDir('columns-scoped');
    dirs.push(dataDir);
    const writer = await MemoryStore.open(dataDir, log, Number.MAX_SAFE_INTEGER);
    await writer.add(Array.from({ length: 30 }, (_, i) => row(i)));
    await writer.close();
    const reader = await MemoryStore.openReadOnly(dataDir, log, 'billing');
    const again = await MemoryStore.open(dataDir, log, Number.MAX_SAFE_INTEGER);
    try {
      assert.equal((await reader.lexicalIndex()).size, 10);
      await again.add([row(31), row(33)]); // web, billing
      const index = await reader.lexicalIndex();
      assert.equal(index.size, 11);
      assert.deepEqual([...index.ids()].filter((id) => index.get(id)!.row.project !== 'billing'), []);
      await assertIndexMatchesTable(reader);
    } finally {
      await again.close();
      await reader.close();
    }
  });
});
