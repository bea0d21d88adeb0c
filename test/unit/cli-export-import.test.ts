// export and import through the real command line: a data dir with reflections, a session with a
// checkpoint, imported conversations and vectors from the tiny model, moved to an empty data dir.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { makeRepo, type FixtureRepo } from '../support/git-fixture.js';
import { startServer, tempDir, waitFor, type ServerHandle } from '../support/server-process.js';
import { writeTinyModel } from '../support/tiny-model.js';
import { TranscriptWriter } from '../support/transcripts.js';

interface Item {
  id: string;
  kind: string;
  project: string;
  tags: string[];
  files: string[];
  created_at: string;
  session_id: string | null;
  source: string | null;
}
interface Search {
  mode: string;
  results: Array<{ id: string; score: number }>;
}

const QUERIES = ['ledger export streaming', 'flaky retry backoff', 'coupon tax total', 'index migration'];

describe('export and import', () => {
  let dir: string;
  let repo: FixtureRepo;
  let models: string;
  let source: string;
  let exportFile: string;
  let plainFile: string;
  const modelArgs = (): string[] => ['--model-path', path.join(models, 'test', 'tiny-minilm'), '--model', 'test/tiny-minilm'];

  /** A server on the data dir, once its model is loaded (so searches are hybrid). */
  async function open(dataDir: string): Promise<ServerHandle> {
    const srv = await startServer({ dataDir, cwd: repo.dir, args: [...modelArgs(), '--conversations-dir', path.join(dir, 'transcripts')] });
    await waitFor('model loaded', async () => (await srv.call<{ mode: string }>('reflection_stats')).mode === 'hybrid');
    return srv;
  }

  async function everything(srv: ServerHandle): Promise<Item[]> {
    const page = await srv.call<{ items: Item[] }>('list_memories', { project: 'all', limit: 1_000 });
    return page.items.sort((a, b) => a.id.localeCompare(b.id));
  }

  async function searches(srv: ServerHandle): Promise<Search[]> {
    const out: Search[] = [];
    for (const query of QUERIES) out.push(await srv.call<Search>('reflect_on_past', { query, project: 'all', min_score: 0, limit: 10 }));
    return out;
  }

  before(async () => {
    dir = tempDir('export');
    models = path.join(dir, 'models');
    writeTinyModel(models, 'test/tiny-minilm');
    repo = await makeRepo({ 'package.json': '{"name":"ledger-api","version":"1.0.0"}\n', 'src/export.ts': 'export const page = 500;\n', 'README.md': '# ledger-api\n' });
    new TranscriptWriter({ cwd: repo.dir, start: new Date('2026-09-14T08:00:00Z'), seed: 3 })
      .user('The checkout total is wrong when a coupon is applied: it discounts the tax too.')
      .assistant('The coupon multiplies the taxed amount; apply it to the subtotal before tax.')
      .writeTo(path.join(dir, 'transcripts'));
    source = path.join(dir, 'source');
    const srv = await open(source);
    try {
      await srv.call('start');
      await srv.call('store_reflection', { content: 'Ledger export streams entries page by page; loading everything timed out for big accounts.', tags: ['export', 'perf'], files: ['src/export.ts'] });
      await srv.call('store_reflection', { content: "Flaky network tests: retry with exponential backoff, don't sleep a fixed time.", tags: ['testing'] });
      await srv.call('store_reflection', { content: 'The index migration on accounts must run before the deploy — ünïcødé and "quotes" survive.', project: 'billing', files: ['C:\\work\\billing\\db\\migrate.sql'] });
      await srv.call('import_conversations', {});
      await srv.call('checkpoint', { commit: 'off' });
      await srv.call('end', {});
    } finally {
      await srv.close();
    }
    exportFile = path.join(dir, 'all.jsonl');
    plainFile = path.join(dir, 'plain.jsonl');
    const a = await runCli(['export', '--data-dir', source, '--all', '--with-vectors', '-o', exportFile, ...modelArgs()]);
    assert.equal(a.code, 0, a.stderr);
    const b = await runCli(['export', '--data-dir', source, '--all', '-o', plainFile, ...modelArgs()]);
    assert.equal(b.code, 0, b.stderr);
  });

  after(async () => {
    await repo.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a header, every record with every field, and an end line with the counts', () => {
    const lines = fs.readFileSync(exportFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const header = lines[0] as { type: string; format: string; version: number; embedding: { model: string; dimension: number }; vectors: boolean };
    assert.equal(header.type, 'header');
    assert.equal(header.format, 'session-mgmt-export');
    assert.equal(header.version, 1);
    assert.deepEqual(header.embedding, { model: 'test/tiny-minilm', dimension: 384 });
    assert.equal(header.vectors, true);
    const types = lines.map((l) => l.type);
    for (const t of ['memory', 'session', 'checkpoint', 'transcript', 'import']) assert.ok(types.includes(t), `no ${t} record`);
    const end = lines.at(-1) as { type: string; counts: Record<string, number> };
    assert.equal(end.type, 'end');
    assert.equal(end.counts.memory, types.filter((t) => t === 'memory').length);
    const memory = lines.find((l) => l.type === 'memory' && (l.tags as string[]).includes('perf')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(memory).sort(), ['created_at', 'files', 'id', 'kind', 'meta', 'project', 'session_id', 'source', 'tags', 'text', 'type', 'vector']);
    assert.equal((memory.vector as number[]).length, 384);
    assert.match(String(memory.created_at), /^\d{4}-\d{2}-\d{2}T/);
    const plain = fs.readFileSync(plainFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(plain.filter((l) => l.type === 'memory').every((l) => !('vector' in l)));
  });

  it('filters by project, kinds and date', async () => {
    const r = await runCli(['export', '--data-dir', source, '--project', 'billing', ...modelArgs()]);
    assert.equal(r.code, 0, r.stderr);
    const memories = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; project?: string }).filter((l) => l.type === 'memory');
    assert.equal(memories.length, 1);
    assert.equal(memories[0]?.project, 'billing');
    const kinds = await runCli(['export', '--data-dir', source, '--all', '--kinds', 'reflection,handoff', ...modelArgs()]);
    const got = new Set(kinds.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; kind?: string }).filter((l) => l.type === 'memory').map((l) => l.kind));
    assert.deepEqual([...got].sort(), ['handoff', 'reflection']);
    assert.ok(!kinds.stdout.includes('"type":"transcript"'), 'import state travels only with conversations');
    const future = await runCli(['export', '--data-dir', source, '--all', '--since', '2999-01-01', ...modelArgs()]);
    assert.match(future.stdout, /"counts":\{"memory":0,"session":0,"checkpoint":0,"transcript":0,"import":0\}/);
    const bad = await runCli(['export', '--data-dir', source, '--kinds', 'notes']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--kinds/);
    const badDate = await runCli(['export', '--data-dir', source, '--since', 'last week']);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /--since/);
  });

  it('imports into an empty data dir with the same memories, tags, files, dates, vectors and search results', async () => {
    const target = path.join(dir, 'target');
    const r = await runCli(['import', exportFile, '--data-dir', target, ...modelArgs()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /memory: \d+ added, 0 skipped/);
    assert.match(r.stdout, /invalid: 0/);
    const [a, b] = [await open(source), await open(target)];
    try {
      assert.deepEqual(await everything(b), await everything(a));
      assert.deepEqual(await searches(b), await searches(a));
      const stats = await b.call<{ not_embedded: number; mode: string }>('reflection_stats');
      assert.equal(stats.not_embedded, 0);
      const history = await b.call<{ points: Array<{ kind: string }> }>('score_history');
      assert.deepEqual(history.points.map((p) => p.kind), ['start', 'checkpoint', 'end']);
      // The import state came along: importing the same transcripts again adds nothing.
      const again = await b.call<{ chunks_added: number }>('import_conversations', {});
      assert.equal(again.chunks_added, 0);
    } finally {
      await a.close();
      await b.close();
    }
    // The same vectors: exporting the copy gives the same lines.
    const copy = await runCli(['export', '--data-dir', target, '--all', '--with-vectors', ...modelArgs()]);
    const strip = (text: string): string[] => text.trim().split('\n').slice(1).filter((l) => !l.startsWith('{"type":"import"')).sort();
    assert.deepEqual(strip(copy.stdout), strip(fs.readFileSync(exportFile, 'utf8')));

    const twice = await runCli(['import', exportFile, '--data-dir', target, ...modelArgs()]);
    assert.equal(twice.code, 0, twice.stderr);
    assert.match(twice.stdout, /memory: 0 added, \d+ skipped/);
  });

  it('re-embeds when the file has no vectors or comes from another model', async () => {
    for (const [name, file, header] of [['novectors', plainFile, null], ['othermodel', exportFile, 'other/model-v2']] as const) {
      let input = file;
      if (header) {
        input = path.join(dir, `${name}.jsonl`);
        const text = fs.readFileSync(file, 'utf8').replace('"model":"test/tiny-minilm"', `"model":"${header}"`);
        fs.writeFileSync(input, text);
      }
      const target = path.join(dir, name);
      const r = await runCli(['import', input, '--data-dir', target, ...modelArgs()]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /embedded \d+ memories with test\/tiny-minilm/);
      const srv = await open(target);
      try {
        const stats = await srv.call<{ not_embedded: number; total: number }>('reflection_stats');
        assert.equal(stats.not_embedded, 0);
        assert.ok(stats.total >= 4);
      } finally {
        await srv.close();
      }
    }
  });

  it('a file with a bad line writes nothing and names the line and the field', async () => {
    const lines = fs.readFileSync(exportFile, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('{"type":"memory"'));
    const bad = JSON.parse(lines[at] as string) as Record<string, unknown>;
    bad.created_at = 'yesterday';
    lines[at] = JSON.stringify(bad);
    lines.splice(at + 2, 0, '{"type":"memory","id":"x1","kind":"note"');
    const file = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(file, lines.join('\n'));

    const empty = path.join(dir, 'untouched');
    const r = await runCli(['import', file, '--data-dir', empty, ...modelArgs()]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`line ${at + 1}: memory field created_at must be an ISO 8601 date`));
    assert.match(r.stderr, new RegExp(`line ${at + 3}: not valid JSON`));
    assert.match(r.stderr, /nothing was imported/);
    assert.ok(!fs.existsSync(path.join(empty, 'lancedb')), 'nothing was created');

    // Into a data dir holding memories: still nothing changes.
    const target = path.join(dir, 'target');
    const before = await runCli(['export', '--data-dir', target, '--all', ...modelArgs()]);
    const again = await runCli(['import', file, '--data-dir', target, ...modelArgs()]);
    assert.equal(again.code, 1);
    const after = await runCli(['export', '--data-dir', target, '--all', ...modelArgs()]);
    assert.deepEqual(after.stdout.split('\n').slice(1), before.stdout.split('\n').slice(1));

    const cut = path.join(dir, 'cut.jsonl');
    fs.writeFileSync(cut, fs.readFileSync(exportFile, 'utf8').split('\n').slice(0, 4).join('\n'));
    const truncated = await runCli(['import', cut, '--data-dir', empty]);
    assert.equal(truncated.code, 1);
    assert.match(truncated.stderr, /end line is missing/);
  });

  it('--dry-run reports without writing; usage errors exit 2', async () => {
    const dry = path.join(dir, 'dry');
    const r = await runCli(['import', exportFile, '--dry-run', '--data-dir', dry, ...modelArgs()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /dry run, nothing written/);
    assert.match(r.stdout, /memory: \d+ to add, 0 skipped/);
    assert.ok(!fs.existsSync(path.join(dry, 'lancedb')));
    const missing = await runCli(['import', path.join(dir, 'nope.jsonl')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
    const help = await runCli(['import', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: session-mgmt import FILE/);
  });
});
