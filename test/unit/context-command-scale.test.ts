// The hook on a project with more memories than it can index within its time limit: it searches
// the newest 10,000 and says so; the MCP tools still search them all.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/server/log.js';
import type { MemoryRow } from '../../src/server/memory/schema.js';
import { MemoryStore } from '../../src/server/memory/store.js';
import { SERVER_JS, startServer, tempDir } from '../support/server-process.js';

const PROJECT = 'ledger-service';
const NEWEST = 10_000;
const OLD = 60;
const log = createLogger('error');

function row(i: number, text: string, project = PROJECT): MemoryRow {
  return {
    id: `${project}-${i}`,
    kind: 'reflection',
    text,
    tags: i % 9 === 0 ? ['decision'] : [],
    project,
    session_id: null,
    files: i % 5 === 0 ? ['src/ledger/post.ts'] : [],
    source: null,
    meta: null,
    // One memory a minute, the oldest first; the first OLD ones share one minute (a tie at no cut).
    created_at: new Date(Date.UTC(2026, 5, 1) + Math.max(0, i - OLD) * 60_000),
    vector: null,
  };
}

function context(dataDir: string, args: string[], stdin = ''): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SERVER_JS, 'context', '--time-limit-ms', '60000', '--data-dir', dataDir, '--project', PROJECT, ...args], {
    input: stdin,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SESSION_MGMT_ALLOW_DOWNLOAD: '0' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('context command on a project larger than it can index in time', () => {
  let dataDir: string;
  const total = OLD + NEWEST + 40;

  before(async () => {
    dataDir = tempDir('context-scale');
    const store = await MemoryStore.open(dataDir, log, Number.MAX_SAFE_INTEGER);
    const rows: MemoryRow[] = [];
    for (let i = 0; i < total; i++) {
      const text =
        i < OLD
          ? `Old note ${i}: the quasar reconciliation job double-posted refunds until the idempotency key was added.`
          : i === total - 3
            ? 'Nebula cache warmup must run before the ledger accepts postings, or balances read stale.'
            : `Ledger note ${i}: postings are batched per account and flushed every ${i % 7} seconds.`;
      rows.push(row(i, text));
    }
    for (let i = 0; i < 200; i++) rows.push(row(i, `Another service's note ${i} about nebula caches.`, 'other-service'));
    for (let i = 0; i < rows.length; i += 2_000) await store.add(rows.slice(i, i + 2_000));
    await store.close();
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('indexes the newest of the project only, counting ties at the cut', async () => {
    const store = await MemoryStore.openReadOnly(dataDir, log, PROJECT, NEWEST);
    try {
      assert.deepEqual(store.indexBound, { indexed: NEWEST, total });
      const index = await store.lexicalIndex();
      assert.equal(index.size, NEWEST);
      assert.equal(index.has(`${PROJECT}-${OLD - 1}`), false);
      assert.equal(index.has(`${PROJECT}-${total - 1}`), true);
    } finally {
      await store.close();
    }
    const tied = await MemoryStore.openReadOnly(dataDir, log, PROJECT, total - OLD + 1);
    try {
      // The cut falls inside the OLD memories that share one minute: all of them are indexed.
      assert.deepEqual(tied.indexBound, { indexed: total, total });
    } finally {
      await tied.close();
    }
    const all = await MemoryStore.openReadOnly(dataDir, log, PROJECT, total);
    try {
      assert.equal(all.indexBound, null);
    } finally {
      await all.close();
    }
  });

  it('finds recent memories for a prompt, says what it searched, and the MCP tools still find the old ones', async () => {
    const recent = context(dataDir, ['--prompt-from-stdin'], JSON.stringify({ prompt: 'why must the nebula cache warmup run first?' }));
    assert.equal(recent.code, 0, recent.stderr);
    assert.match(recent.stdout, new RegExp(`id ${PROJECT}-${total - 3}\\)`));
    assert.match(recent.stdout, new RegExp(`Searched the newest 10,000 of ${total.toLocaleString('en-US')} memories of ${PROJECT} \\(time limit\\); reflect_on_past searches them all\\.`));
    const old = context(dataDir, ['--prompt-from-stdin'], JSON.stringify({ prompt: 'quasar reconciliation double-posted refunds' }));
    assert.equal(old.code, 0, old.stderr);
    assert.equal(old.stdout, '', 'nothing relevant among the newest: nothing printed');
    const srv = await startServer({ dataDir, args: ['--project', PROJECT] });
    try {
      const r = await srv.call<{ results: { id: string }[] }>('reflect_on_past', { query: 'quasar reconciliation double-posted refunds', limit: 3 });
      assert.match(r.results[0]?.id ?? '', new RegExp(`^${PROJECT}-\\d+$`));
      assert.ok(Number(r.results[0]!.id.split('-').pop()) < OLD);
    } finally {
      await srv.close();
    }
  });

  it('the session pack names the bound on its last line', () => {
    const r = context(dataDir, []);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Context for ledger-service/);
    assert.match(r.stdout.trimEnd().split('\n').pop() ?? '', /^Searched the newest 10,000 of 10,100 memories of ledger-service/);
  });
});
