// Conversation import through the real server over stdio: Claude Code transcripts written by the
// tests, imported into a real LanceDB, found by the search tools.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImportSummary } from '../../src/protocol/conversation-schemas.js';
import { startServer, tempDir, textOf, type ServerHandle } from '../support/server-process.js';
import { TranscriptWriter } from '../support/transcripts.js';
import { writeTinyModel } from '../support/tiny-model.js';
import { waitFor } from '../support/wait.js';

interface Item {
  id: string;
  kind: string;
  excerpt: string;
  project: string;
  files: string[];
  source: string | null;
  created_at: string;
}
interface Stats {
  by_kind: Record<string, number>;
  not_embedded: number;
  model: { state: string };
  conversations: { root: string; watching: boolean; last_import: ImportSummary | null };
}

const LONG = 30 * 60_000;

function importOnce(srv: ServerHandle, args: Record<string, unknown> = {}): Promise<ImportSummary> {
  return srv.client
    .callTool({ name: 'import_conversations', arguments: args }, undefined, { timeout: LONG })
    .then((r) => {
      if (r.isError) throw new Error(textOf(r as never));
      return r.structuredContent as ImportSummary;
    });
}

/** Every stored memory id of a kind, across projects. */
async function ids(srv: ServerHandle, kind = 'conversation'): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += 1_000) {
    const page = await srv.call<{ items: Item[]; has_more: boolean }>('list_memories', { project: 'all', kinds: [kind], offset, limit: 1_000 });
    out.push(...page.items.map((i) => i.id));
    if (!page.has_more) return out.sort();
  }
}

/** What a one-shot import of the same transcripts into an empty data dir stores. */
async function freshIds(dir: string, transcripts: string, cwd: string): Promise<string[]> {
  const srv = await startServer({ dataDir: tempDir(`${path.basename(dir)}-fresh`), cwd, args: ['--conversations-dir', transcripts] });
  try {
    await importOnce(srv, { project: 'all' });
    return await ids(srv);
  } finally {
    await srv.close();
  }
}

function gitRepo(dir: string): string {
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  return dir;
}

/** A realistic fix of a checkout bug: read, edit, test, explain. */
function checkoutSession(shop: string, start: Date): TranscriptWriter {
  return new TranscriptWriter({ cwd: shop, sessionId: '1b0e3d57-5a43-4a38-9c43-8f1b8f0c2a11', start, seed: 11 })
    .user('The checkout total is wrong when a coupon is applied: it discounts the tax too.')
    .turn({
      text: 'Let me look at how the total is computed.',
      tools: [{ name: 'Read', input: { file_path: path.join(shop, 'src/cart/total.ts') }, result: 'export function total(cart) {\n  return (cart.subtotal + cart.tax) * (1 - cart.coupon);\n}' }],
    })
    .turn({
      text: 'The coupon multiplies the taxed amount. Apply it to the subtotal before tax.',
      tools: [
        {
          name: 'Edit',
          input: { file_path: path.join(shop, 'src/cart/total.ts'), old_string: '(cart.subtotal + cart.tax) * (1 - cart.coupon)', new_string: 'cart.subtotal * (1 - cart.coupon) + cart.tax' },
          result: 'The file src/cart/total.ts has been updated.',
        },
        { name: 'Bash', input: { command: 'npm test -- cart', description: 'Run the cart tests' }, result: 'PASS src/cart/total.test.ts (12 tests)' },
      ],
    })
    .assistant('Fixed: coupons now apply to the subtotal before tax, and the cart tests pass.');
}

describe('conversation import over stdio', () => {
  let dir: string;
  let shop: string;
  let lexer: string;
  let transcripts: string;
  let srv: ServerHandle;
  let first: string;
  const start = new Date('2026-10-01T09:30:00.000Z');

  before(async () => {
    dir = tempDir('conv');
    shop = gitRepo(path.join(dir, 'shop'));
    lexer = gitRepo(path.join(dir, 'lexer'));
    transcripts = path.join(dir, 'claude', 'projects');
    first = checkoutSession(shop, start).writeTo(transcripts);
    srv = await startServer({ dataDir: path.join(dir, 'data'), cwd: shop, args: ['--conversations-dir', transcripts] });
  });
  after(async () => srv?.close());

  it('imports a session: search_by_file finds the edit, reflect_on_past finds chunks beside reflections', async () => {
    await srv.call('store_reflection', { content: 'Coupons must be applied to the subtotal before tax in the checkout total.', tags: ['checkout'] });
    const out = await importOnce(srv);
    assert.equal(out.scope, 'shop');
    assert.equal(out.files, 1);
    assert.equal(out.files_changed, 1);
    assert.ok(out.chunks_added >= 1);
    assert.equal(out.skipped_lines, 0);
    assert.equal(out.cancelled, false);
    assert.deepEqual(out.by_project, { shop: out.chunks_added });

    for (const form of ['src/cart/total.ts', path.join(shop, 'src/cart/total.ts')]) {
      const byFile = await srv.call<{ results: (Item & { match: string })[] }>('search_by_file', { file_path: form });
      const hit = byFile.results.find((r) => r.kind === 'conversation');
      assert.ok(hit, `search_by_file(${form}) finds the conversation`);
      assert.equal(hit.match, 'files');
      assert.ok(hit.files.includes('src/cart/total.ts'));
      assert.equal(hit.source, first);
      const firstLine = JSON.parse(fs.readFileSync(first, 'utf8').split('\n')[0]!) as { timestamp: string };
      assert.equal(hit.created_at, firstLine.timestamp, 'a chunk is dated by the conversation, not the import');
    }

    const hitId = (await srv.call<{ results: Item[] }>('search_by_file', { file_path: 'src/cart/total.ts' })).results[0]!.id;
    const got = await srv.call<{ memory: { conversation: { conversation_id: string; lines: [number, number]; tools: string[]; edited: string[] } | null } }>('get_memory', { id: hitId });
    assert.equal(got.memory.conversation?.conversation_id, '1b0e3d57-5a43-4a38-9c43-8f1b8f0c2a11');
    assert.equal(got.memory.conversation?.lines[0], 1);
    assert.ok(got.memory.conversation!.tools.includes('Edit') && got.memory.conversation!.tools.includes('Bash'));
    assert.deepEqual(got.memory.conversation?.edited, ['src/cart/total.ts'], 'Read is not an edit');

    const found = await srv.call<{ results: Item[] }>('reflect_on_past', { query: 'coupon subtotal before tax', limit: 10 });
    const kinds = new Set(found.results.map((r) => r.kind));
    assert.ok(kinds.has('conversation') && kinds.has('reflection'), `found kinds ${[...kinds].join(', ')}`);

    const stats = await srv.call<Stats>('reflection_stats');
    assert.equal(stats.by_kind.conversation, out.chunks_added);
    assert.equal(stats.conversations.root, transcripts);
    assert.equal(stats.conversations.last_import?.chunks_added, out.chunks_added);
    assert.equal(stats.conversations.last_import?.trigger, 'tool');
  });

  it('re-imports nothing when nothing changed; appended lines are read alone and match a one-shot import', async () => {
    const again = await importOnce(srv);
    assert.deepEqual([again.files, again.files_changed, again.lines, again.bytes, again.chunks_added], [1, 0, 0, 0, 0]);

    const more = TranscriptWriter.resume(first, { seed: 5 })
      .user('Also round the total to cents; 0.1 + 0.2 shows up at checkout.')
      .turn({ text: 'Rounding with Math.round(x * 100) / 100 in the total.', tools: [{ name: 'Edit', input: { file_path: path.join(shop, 'src/cart/round.ts'), old_string: 'x', new_string: 'y' }, result: 'ok' }] });
    const appendedLines = more.lineCount;
    const appendedBytes = more.appendTo(first);
    const grown = await importOnce(srv);
    assert.equal(grown.files_changed, 1);
    assert.equal(grown.lines, appendedLines, 'only the new lines are read as new');
    assert.equal(grown.bytes, appendedBytes);
    assert.ok(grown.chunks_added >= 1);
    const round = await srv.call<{ results: Item[] }>('search_by_file', { file_path: 'src/cart/round.ts' });
    assert.equal(round.results[0]?.kind, 'conversation');

    const mine = await ids(srv);
    assert.equal(new Set(mine).size, mine.length, 'no chunk is stored twice');
    assert.deepEqual(mine, await freshIds(dir, transcripts, shop));
  });

  it('re-imports a truncated or rewritten transcript from the start, without leftovers', async () => {
    const lines = fs.readFileSync(first, 'utf8').split('\n');
    fs.writeFileSync(first, `${lines.slice(0, 3).join('\n')}\n`);
    const cut = await importOnce(srv);
    assert.equal(cut.files_reset, 1);
    assert.ok(cut.chunks_removed >= 1);
    assert.deepEqual(await ids(srv), await freshIds(dir, transcripts, shop));
    assert.equal((await srv.call<{ count: number }>('search_by_file', { file_path: 'src/cart/round.ts' })).count, 0);

    // Same length or longer, different bytes: a rewrite, not growth.
    const other = new TranscriptWriter({ cwd: shop, sessionId: '1b0e3d57-5a43-4a38-9c43-8f1b8f0c2a11', start, seed: 12 })
      .user('Migrate the invoice PDF renderer to the new font loader.')
      .assistant(`The renderer now loads fonts lazily. ${'Invoices render the same. '.repeat(40)}`);
    fs.writeFileSync(first, other.text());
    const rewritten = await importOnce(srv);
    assert.equal(rewritten.files_reset, 1);
    const now = await srv.call<{ results: Item[] }>('reflect_on_past', { query: 'invoice font loader', limit: 5 });
    assert.ok(now.results.some((r) => r.kind === 'conversation'));
    const stale = await srv.call<{ count: number }>('reflect_on_past', { query: 'coupon subtotal tax checkout', kinds: ['conversation'], limit: 5 });
    assert.equal(stale.count, 0, 'nothing of the old transcript is left');
    assert.deepEqual(await ids(srv), await freshIds(dir, transcripts, shop));
  });

  it('skips and counts malformed lines, repairs invalid UTF-8, and handles long lines and empty files', async () => {
    const w = new TranscriptWriter({ cwd: shop, sessionId: '7f9d7c1e-0d0c-4b7e-9a49-5c8e4b1f0b22', start: new Date('2026-10-02T08:00:00Z'), seed: 21 });
    w.user('Why does the nightly export job time out?');
    w.raw('this line is not JSON');
    w.raw('[1, 2, 3]');
    w.assistant(`The export streams every order. ${'It buffers rows before writing the archive. '.repeat(70_000)}`); // ~3 MB line
    w.user('Thanks, lower the export batch size to 500 then.');
    const file = w.writeTo(transcripts);
    // Invalid UTF-8 inside an otherwise valid line, an overlong line, blank lines, and a line still being written.
    const bad = Buffer.from(`{"type":"user","timestamp":"2026-10-02T08:05:00Z","message":{"role":"user","content":"caf\xff\xfe ordering glitch"}}\n`, 'latin1');
    fs.appendFileSync(file, Buffer.concat([bad, Buffer.from('\n\n'), Buffer.alloc(17 * 1024 * 1024, 0x7a), Buffer.from('\n{"type":"user","message":{"role":"user","content":"half a li')]));
    fs.writeFileSync(path.join(path.dirname(file), 'empty.jsonl'), '');

    const out = await importOnce(srv);
    assert.deepEqual(out.errors, []);
    assert.equal(out.skipped_lines, 3, 'not JSON, not an object, and the overlong line');
    assert.equal(out.repaired_lines, 1);
    assert.ok(out.chunks_added > 400, `the 3 MB answer is split into many chunks (${out.chunks_added})`);
    const tail = await srv.call<{ results: Item[] }>('reflect_on_past', { query: 'export batch size 500', kinds: ['conversation'], limit: 3 });
    assert.ok(tail.results.length > 0, 'lines after the bad ones are imported');
    const repaired = await srv.call<{ results: Item[] }>('reflect_on_past', { query: 'ordering glitch', kinds: ['conversation'], limit: 3 });
    assert.match(repaired.results[0]?.excerpt ?? '', /caf\uFFFD\uFFFD ordering glitch/);

    // The unfinished last line is left for later and imported once it is whole.
    assert.equal((await srv.call<{ results: Item[] }>('reflect_on_past', { query: 'half a line finished', kinds: ['conversation'] })).results.length, 0);
    fs.appendFileSync(file, 'ne finished"}}\n');
    const done = await importOnce(srv);
    assert.equal(done.lines, 1);
    assert.equal(done.skipped_lines, 0);
    const finished = await srv.call<{ results: Item[] }>('reflect_on_past', { query: 'half a line finished', kinds: ['conversation'] });
    assert.ok(finished.results.length > 0);
  });

  it('scopes transcripts to their projects', async () => {
    new TranscriptWriter({ cwd: path.join(lexer, 'crates', 'core'), start: new Date('2026-10-03T10:00:00Z'), seed: 31 })
      .user('The lexer panics on a trailing backslash in raw strings.')
      .turn({ text: 'Guarding the escape at end of input.', tools: [{ name: 'Edit', input: { file_path: path.join(lexer, 'crates/core/src/lex.rs'), old_string: 'a', new_string: 'b' }, result: 'ok' }] })
      .writeTo(transcripts);

    const mine = await importOnce(srv);
    assert.equal(mine.by_project.lexer, undefined, 'the other project is not imported by default');
    const all = await importOnce(srv, { project: 'all' });
    assert.equal(all.files_changed, 1);
    assert.ok((all.by_project.lexer ?? 0) >= 1);

    const here = await srv.call<{ results: Item[] }>('reflect_on_past', { query: 'lexer trailing backslash raw strings' });
    assert.ok(!here.results.some((r) => r.project === 'lexer'), 'the current project does not see the other one');
    for (const project of ['all', 'lexer']) {
      const there = await srv.call<{ results: Item[] }>('reflect_on_past', { query: 'lexer trailing backslash raw strings', project });
      assert.equal(there.results[0]?.project, 'lexer');
    }
    const byFile = await srv.call<{ results: Item[] }>('search_by_file', { file_path: path.join(lexer, 'crates/core/src/lex.rs'), project: 'lexer' });
    assert.deepEqual(byFile.results[0]?.files, ['crates/core/src/lex.rs'], 'paths are relative to their own project');
  });

  it('rejects bad input with a clear error and changes nothing', async () => {
    const before = await srv.call<Stats>('reflection_stats');
    for (const [args, message] of [
      [{ path: path.join(dir, 'nope') }, /path ".*nope" does not exist/],
      [{ since: 'last week' }, /since must be an ISO 8601 date/],
      [{ project: '' }, /project must not be empty/],
      [{ path: 'a\0b' }, /NUL/],
    ] as const) {
      const r = await srv.raw('import_conversations', args);
      assert.equal(r.isError, true, JSON.stringify(args));
      assert.match(textOf(r), message);
    }
    const afterStats = await srv.call<Stats>('reflection_stats');
    assert.deepEqual(afterStats.by_kind, before.by_kind);
    assert.deepEqual(afterStats.conversations.last_import, before.conversations.last_import);
  });
});

describe('without transcripts', () => {
  it('says so when the transcripts folder does not exist, without failing', async () => {
    const dir = tempDir('conv-none');
    const srv = await startServer({ dataDir: path.join(dir, 'data'), cwd: gitRepo(path.join(dir, 'shop')), args: ['--conversations-dir', path.join(dir, 'no-such-folder')] });
    try {
      const r = await srv.raw('import_conversations', {});
      assert.equal(r.isError, undefined);
      assert.equal((r.structuredContent as ImportSummary).files, 0);
      assert.match(textOf(r), /That folder does not exist/);
    } finally {
      await srv.close();
    }
  });
});

describe('long imports: progress and cancellation', () => {
  let dir: string;
  let shop: string;
  let transcripts: string;
  let file: string;

  before(() => {
    dir = tempDir('conv-cancel');
    shop = gitRepo(path.join(dir, 'shop'));
    transcripts = path.join(dir, 'projects');
    const w = new TranscriptWriter({ cwd: shop, start: new Date('2026-09-01T08:00:00Z'), seed: 41 });
    for (let i = 0; i < 5_000; i++) {
      w.user(`Step ${i}: check the retry policy of worker ${i % 17} against queue ${i % 5}.`);
      w.assistant(`Worker ${i % 17} retries ${i % 4} times with backoff ${i * 3} ms; queue ${i % 5} keeps ordering. ${'The dead-letter handler records the payload and the error. '.repeat(8)}`);
    }
    file = w.writeTo(transcripts);
  });

  it('reports progress in bytes up to the total', async () => {
    const srv = await startServer({ dataDir: path.join(dir, 'progress'), cwd: shop, args: ['--conversations-dir', transcripts] });
    try {
      const seen: { progress: number; total?: number; message?: string }[] = [];
      await srv.client.callTool({ name: 'import_conversations', arguments: {} }, undefined, { timeout: LONG, onprogress: (p) => seen.push(p) });
      assert.ok(seen.length >= 2, `${seen.length} notifications`);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.progress >= seen[i - 1]!.progress);
      const last = seen[seen.length - 1]!;
      assert.equal(last.progress, fs.statSync(file).size);
      assert.equal(last.total, last.progress);
      assert.match(last.message ?? '', /^1\/1 transcripts with new lines · [\d,]+ chunks$/);
    } finally {
      await srv.close();
    }
  });

  it('a cancelled import keeps a consistent state that the next import completes', async () => {
    const full = await freshIds(dir, transcripts, shop);
    assert.ok(full.length > 600, `${full.length} chunks: several batches`);
    const srv = await startServer({ dataDir: path.join(dir, 'cancel'), cwd: shop, args: ['--conversations-dir', transcripts] });
    try {
      const abort = new AbortController();
      const call = srv.client.callTool({ name: 'import_conversations', arguments: {} }, undefined, {
        timeout: LONG,
        signal: abort.signal,
        onprogress: () => abort.abort('user cancelled'),
      });
      await assert.rejects(call);
      const stopped = await waitFor('the cancelled import to stop', async () => {
        const s = await srv.call<Stats>('reflection_stats');
        return s.conversations.last_import?.cancelled ? s : null;
      });
      const partial = stopped.by_kind.conversation ?? 0;
      assert.ok(partial > 0 && partial < full.length, `stopped part way: ${partial} of ${full.length}`);
      assert.equal(stopped.conversations.last_import?.chunks_added, partial);

      const rest = await importOnce(srv);
      assert.equal(rest.cancelled, false);
      assert.equal(rest.files_reset, 0, 'resumed, not restarted');
      assert.equal(partial + rest.chunks_added, full.length);
      assert.deepEqual(await ids(srv), full);
    } finally {
      await srv.close();
    }
  });
  it('a server killed during an import loses nothing and stores nothing twice', async () => {
    const full = await freshIds(dir, transcripts, shop);
    const dataDir = path.join(dir, 'killed');
    const srv = await startServer({ dataDir, cwd: shop, args: ['--conversations-dir', transcripts] });
    let killed = false;
    const call = srv.client.callTool({ name: 'import_conversations', arguments: {} }, undefined, {
      timeout: LONG,
      onprogress: (p) => {
        // Part way through, when a batch or two is written.
        if (!killed && p.total && p.progress >= p.total * 0.2) {
          killed = true;
          process.kill(srv.pid, 'SIGKILL');
        }
      },
    });
    await assert.rejects(call);
    await srv.close().catch(() => undefined);
    const again = await startServer({ dataDir, cwd: shop, args: ['--conversations-dir', transcripts] });
    try {
      const partial = (await again.call<Stats>('reflection_stats')).by_kind.conversation ?? 0;
      assert.ok(partial > 0 && partial < full.length, `killed part way: ${partial} of ${full.length}`);
      const rest = await importOnce(again);
      assert.equal(rest.cancelled, false);
      assert.equal(partial + rest.chunks_added, full.length);
      const mine = await ids(again);
      assert.equal(new Set(mine).size, mine.length);
      assert.deepEqual(mine, full);
    } finally {
      await again.close();
    }
  });
});

describe('conversation import with an embedding model, and watch mode', () => {
  it('embeds chunks as they are imported', async () => {
    const dir = tempDir('conv-model');
    const shop = gitRepo(path.join(dir, 'shop'));
    const transcripts = path.join(dir, 'projects');
    checkoutSession(shop, new Date('2026-10-05T10:00:00Z')).writeTo(transcripts);
    const modelDir = writeTinyModel(path.join(dir, 'model'), 'test/tiny-conv');
    const srv = await startServer({ dataDir: path.join(dir, 'data'), cwd: shop, args: ['--conversations-dir', transcripts, '--model-path', modelDir] });
    try {
      await waitFor('the model', async () => (await srv.call<Stats>('reflection_stats')).model.state === 'ready');
      const out = await importOnce(srv);
      assert.ok(out.chunks_added >= 1);
      assert.equal(out.embedded, true);
      const stats = await srv.call<Stats>('reflection_stats');
      assert.equal(stats.not_embedded, 0);
      const found = await srv.call<{ mode: string; results: Item[] }>('reflect_on_past', { query: 'coupon applied to the taxed total' });
      assert.equal(found.mode, 'hybrid');
      assert.equal(found.results[0]?.kind, 'conversation');
    } finally {
      await srv.close();
    }
  });

  it('follows transcripts as they are written, including a project folder created later', async () => {
    const dir = tempDir('conv-watch');
    const shop = gitRepo(path.join(dir, 'shop'));
    const transcripts = path.join(dir, 'projects');
    fs.mkdirSync(transcripts, { recursive: true });
    const srv = await startServer({ dataDir: path.join(dir, 'data'), cwd: shop, args: ['--conversations-dir', transcripts, '--watch-conversations'] });
    try {
      assert.equal((await srv.call<Stats>('reflection_stats')).conversations.watching, true);
      const w = new TranscriptWriter({ cwd: shop, start: new Date('2026-10-06T10:00:00Z'), seed: 51 }).user('The websocket reconnect storms the gateway after a deploy.');
      const file = w.writeTo(transcripts);
      const search = (q: string) => srv.call<{ results: Item[] }>('reflect_on_past', { query: q, kinds: ['conversation'] });
      await waitFor('the new transcript to be imported', async () => (await search('websocket reconnect storms gateway')).results.length > 0, 15_000);
      TranscriptWriter.resume(file, { seed: 52 }).assistant('Adding jitter to the reconnect backoff so clients spread out.').appendTo(file);
      await waitFor('the appended line to be imported', async () => (await search('jitter reconnect backoff clients')).results.length > 0, 15_000);
      const last = (await srv.call<Stats>('reflection_stats')).conversations.last_import;
      assert.equal(last?.trigger, 'watch');
    } finally {
      await srv.close();
    }
  });
});
