// memory_groups and list_memories: the Memories tree's data, through the real server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, tempDir, textOf, type ServerHandle } from '../support/server-process.js';

interface Groups {
  total: number;
  groups: { key: string; count: number }[];
  ungrouped: number;
}
interface List {
  total: number;
  has_more: boolean;
  items: { id: string; excerpt: string; tags: string[] }[];
}

describe('browsing memory', () => {
  const dir = tempDir('browse');
  let srv: ServerHandle;
  const ids: string[] = [];
  before(async () => {
    srv = await startServer({ dataDir: dir, args: ['--project', 'p'] });
    for (let i = 0; i < 7; i++) {
      const tags = i % 2 === 0 ? ['even'] : i === 1 ? [] : ['odd', "it's"];
      const files = i < 3 ? ['src/a.ts'] : [];
      ids.push((await srv.call<{ id: string }>('store_reflection', { content: `note ${i}`, tags: tags.map((t) => t.replace("'", '')), files })).id);
    }
    await srv.call('store_reflection', { content: 'elsewhere', project: 'other' });
  });
  after(async () => {
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('groups by day, tag and file, scoped to the project', async () => {
    const day = await srv.call<Groups>('memory_groups', { group_by: 'day' });
    assert.equal(day.total, 7);
    assert.deepEqual(day.groups.map((g) => g.count), [7]);
    assert.match(day.groups[0]?.key ?? '', /^\d{4}-\d{2}-\d{2}$/);
    const tag = await srv.call<Groups>('memory_groups', { group_by: 'tag' });
    assert.deepEqual(tag.groups.map((g) => [g.key, g.count]), [['even', 4], ['its', 2], ['odd', 2]]);
    assert.equal(tag.ungrouped, 1);
    const file = await srv.call<Groups>('memory_groups', { group_by: 'file' });
    assert.deepEqual(file.groups.map((g) => [g.key, g.count]), [['src/a.ts', 3]]);
    assert.equal(file.ungrouped, 4);
    const all = await srv.call<Groups>('memory_groups', { group_by: 'day', project: 'all' });
    assert.equal(all.total, 8);
  });

  it('lists a group newest first, a page at a time', async () => {
    const first = await srv.call<List>('list_memories', { limit: 3 });
    assert.equal(first.total, 7);
    assert.equal(first.has_more, true);
    assert.deepEqual(first.items.map((i) => i.id), [ids[6], ids[5], ids[4]]);
    const rest = await srv.call<List>('list_memories', { offset: 3, limit: 10 });
    assert.deepEqual(rest.items.map((i) => i.id), [ids[3], ids[2], ids[1], ids[0]]);
    assert.equal(rest.has_more, false);
    const even = await srv.call<List>('list_memories', { group_by: 'tag', group: 'even' });
    assert.deepEqual(even.items.map((i) => i.id), [ids[6], ids[4], ids[2], ids[0]]);
    const untagged = await srv.call<List>('list_memories', { group_by: 'tag', group: '' });
    assert.deepEqual(untagged.items.map((i) => i.id), [ids[1]]);
    const file = await srv.call<List>('list_memories', { group_by: 'file', group: 'src/a.ts' });
    assert.equal(file.total, 3);
    const day = (await srv.call<Groups>('memory_groups', { group_by: 'day' })).groups[0]?.key;
    const byDay = await srv.call<List>('list_memories', { group_by: 'day', group: day });
    assert.equal(byDay.total, 7);
  });

  it('rejects a bad group clearly', async () => {
    const res = await srv.raw('list_memories', { group_by: 'day', group: "2026-01-01' OR 1=1 --" });
    assert.equal(res.isError, true);
    assert.match(textOf(res), /group must be a day like/);
    const half = await srv.raw('list_memories', { group: 'x' });
    assert.match(textOf(half), /group_by and group go together/);
  });
});
