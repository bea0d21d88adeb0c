// backup while another server process keeps writing, then restore into an empty data dir and search.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { startServer, tempDir, type ServerHandle } from '../support/server-process.js';

interface Page {
  items: Array<{ id: string; created_at: string }>;
}

async function allIds(srv: ServerHandle): Promise<string[]> {
  const page = await srv.call<Page>('list_memories', { project: 'all', limit: 1_000 });
  return page.items.map((i) => i.id).sort();
}

describe('backup and restore', () => {
  let dir: string;
  let source: string;
  let backupDir: string;
  let writer: ServerHandle;
  let acknowledgedBefore: string[] = [];
  let finalIds: string[] = [];
  let backupOut = '';

  before(async () => {
    dir = tempDir('backup');
    source = path.join(dir, 'data');
    // Compacting every few writes, so cleanup of old versions runs while the backup reads.
    writer = await startServer({ dataDir: source, args: ['--project', 'ledger-api'], env: { SESSION_MGMT_COMPACT_EVERY: '5' } });
    for (let i = 0; i < 40; i++) {
      // Each names its own merchant, so search does not fold them as near-duplicates.
      const merchant = `merchant-${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
      await writer.call('store_reflection', { content: `Ledger note for ${merchant}: reconcile the settlement batch before the nightly export.`, tags: ['ledger'] });
    }
    acknowledgedBefore = await allIds(writer);
    backupDir = path.join(dir, 'backup-1');
    let writing = true;
    const writes = (async () => {
      let i = 0;
      while (writing) await writer.call('store_reflection', { content: `Written during the backup ${i++}: the payout webhook retries three times.` });
      return i;
    })();
    const r = await runCli(['backup', '--data-dir', source, '--to', backupDir]);
    writing = false;
    const during = await writes;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(during > 0, 'the other process wrote during the backup');
    backupOut = r.stdout;
    finalIds = await allIds(writer);
  });

  after(async () => {
    await writer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies one version of each table while another process writes, and checks the copy', () => {
    assert.match(backupOut, /backup written to .* and checked: memories \d+ rows \(version \d+\)/);
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'backup.json'), 'utf8')) as { tables: Record<string, { rows: number }> };
    const rows = manifest.tables.memories?.rows ?? 0;
    assert.ok(rows >= acknowledgedBefore.length && rows <= finalIds.length, `${rows} rows between ${acknowledgedBefore.length} and ${finalIds.length}`);
  });

  it('restores into an empty data dir: everything acknowledged before the backup is there and searchable', async () => {
    const target = path.join(dir, 'restored');
    const r = await runCli(['restore', backupDir, '--data-dir', target]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /restored the backup of .* and checked it/);
    const srv = await startServer({ dataDir: target, args: ['--project', 'ledger-api'] });
    try {
      const ids = await allIds(srv);
      for (const id of acknowledgedBefore) assert.ok(ids.includes(id), `memory ${id} stored before the backup is missing`);
      for (const id of ids) assert.ok(finalIds.includes(id), `memory ${id} is not in the source`);
      const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'backup.json'), 'utf8')) as { tables: Record<string, { rows: number }> };
      assert.equal(ids.length, manifest.tables.memories?.rows);
      const found = await srv.call<{ results: Array<{ excerpt: string }> }>('reflect_on_past', { query: 'settlement batch', limit: 3 });
      assert.equal(found.results.length, 3);
      assert.match(found.results[0]?.excerpt ?? '', /settlement batch/);
      // The restored store takes new writes.
      await srv.call('store_reflection', { content: 'After the restore the store keeps working.' });
    } finally {
      await srv.close();
    }
  });

  it('refuses a non-empty data dir without --force and moves the old database aside with it', async () => {
    const r = await runCli(['restore', backupDir, '--data-dir', source]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not empty .*--force/);
    const stillThere = await allIds(writer);
    assert.deepEqual(stillThere, finalIds);

    const other = path.join(dir, 'other');
    const seed = await startServer({ dataDir: other });
    await seed.call('store_reflection', { content: 'A note that must survive a forced restore.' });
    await seed.close();
    const forced = await runCli(['restore', backupDir, '--data-dir', other, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    const aside = fs.readdirSync(other).find((n) => n.startsWith('before-restore-'));
    assert.ok(aside, 'the old database was kept');
    assert.ok(fs.existsSync(path.join(other, aside, 'lancedb', 'memories.lance')));
  });

  it('refuses bad targets and sources with exit 2', async () => {
    const notEmpty = await runCli(['backup', '--data-dir', source, '--to', backupDir]);
    assert.equal(notEmpty.code, 2);
    assert.match(notEmpty.stderr, /not empty/);
    const notBackup = await runCli(['restore', dir, '--data-dir', path.join(dir, 'x')]);
    assert.equal(notBackup.code, 2);
    assert.match(notBackup.stderr, /is not a backup/);
    const noData = await runCli(['backup', '--data-dir', path.join(dir, 'nothing')]);
    assert.equal(noData.code, 2);
    assert.match(noData.stderr, /no memory database/);
  });
});
