// What search finds, through the real server over stdio (keyword mode): identifier forms, stems,
// prefixes, typos, tags, concepts, literal queries, CJK, paths from any OS, one score = one order,
// excerpt windows with ranges, near-duplicate folding, and a second process seeing new memories.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServer, tempDir, textOf, type ServerHandle } from '../support/server-process.js';

interface Item {
  id: string;
  excerpt: string;
  matches?: { start: number; end: number }[];
  folded_ids?: string[];
  score: number;
  project: string;
  files: string[];
  match?: 'files' | 'text';
}
interface Search {
  count: number;
  results: Item[];
  related_files?: { path: string; count: number }[];
  related_tags?: { tag: string; count: number }[];
}

describe('search quality over stdio', () => {
  let dir: string;
  let root: string;
  let srv: ServerHandle;
  const ids: Record<string, string> = {};

  const store = async (key: string, args: Record<string, unknown>): Promise<void> => {
    ids[key] = (await srv.call<{ id: string }>('store_reflection', args)).id;
  };
  const search = (query: string, extra: Record<string, unknown> = {}): Promise<Search> => srv.call<Search>('reflect_on_past', { query, limit: 10, ...extra });
  const rank = (out: Search, key: string): number => out.results.findIndex((r) => r.id === ids[key]);

  before(async () => {
    dir = tempDir('quality');
    root = path.join(dir, 'shop');
    fs.mkdirSync(path.join(root, '.git'), { recursive: true });
    srv = await startServer({ dataDir: path.join(dir, 'data'), cwd: root });
    await store('redis', { content: 'ioredis maxRetriesPerRequest defaults to 20, so a Redis outage made every request hang. Set it to 2 for the cache client.', tags: ['redis'], files: ['src/cache/redis.ts'] });
    await store('pool', { content: 'Prisma connection pool exhausted under load; raised connection_limit to 20 in DATABASE_URL.', tags: ['database'], files: ['src/db/client.ts'] });
    await store('keyset', { content: 'Switched GET /orders from offset pagination to keyset pagination on (created_at, id).', tags: ['pagination'], files: ['src/api/orders.ts'] });
    await store('invoices', { content: 'Invoices export still uses offset scans for the admin CSV; fine while admins filter by month.', files: ['src/api/invoices.ts'] });
    await store('scattered', { content: 'Keyset is mentioned here, and much later, in another sentence entirely, pagination comes up too.' });
    await store('idem', { content: 'Payment intents carry an Idempotency-Key so a retried request never charges twice.', tags: ['payments'] });
    await store('errors', { content: 'AppError subclasses map to status codes in one middleware; unknown ones become 500.', tags: ['error-handling'], files: ['src/http/errors.ts'] });
    await store('auth', { content: 'JWT verification failed with clock skew between the auth service and the API pods.', tags: ['auth'], files: ['src/auth/jwt.ts'] });
    await store('ja', { content: '本番環境で注文APIがタイムアウトした。原因はRedisの接続プールの枯渇だった。' });
    await store('mention', { content: 'The webhook bug was in src/payments/webhooks.ts, where express.json() ran before the raw body parser.' });
    await store('listed', { content: 'Stripe signatures are verified against the raw body.', files: ['src/payments/webhooks.ts'] });
    await store('other-listed', { content: 'A different project has a webhooks file too.', files: ['lib/payments/webhooks.ts'], project: 'other' });
    await store('winfile', { content: 'Windows build script notes.', files: ['scripts/Build.ps1'] });
    const filler = 'Background: the orders service was split out of the monolith last spring and has its own database, deploy pipeline and on-call rotation. '.repeat(5);
    await store('long', { content: `${filler}The actual finding: the refund webhook retried forever because the handler returned 500 on duplicate events.` });
    for (let i = 0; i < 5; i++) await store(`nightly${i}`, { content: `Nightly build ${4810 + i} failed: orders.spec.ts timed out after ${5000 + i * 1000} ms.` });
  });

  after(async () => {
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('meets an identifier however it is written', async () => {
    for (const q of ['max retries per request', 'max_retries_per_request', 'MaxRetriesPerRequest', 'maxRetries', 'max-retries']) {
      const out = await search(q);
      assert.equal(rank(out, 'redis'), 0, `"${q}" should find maxRetriesPerRequest first`);
    }
    assert.equal(rank(await search('connectionLimit'), 'pool'), 0);
  });

  it('matches stems, prefixes and typos, exact matches first', async () => {
    assert.equal(rank(await search('connections'), 'pool'), 0);
    assert.equal(rank(await search('paginating'), 'keyset'), 0);
    assert.equal(rank(await search('idempot'), 'idem'), 0);
    assert.equal(rank(await search('exhuasted'), 'pool'), 0, 'a transposition in a long word is forgiven');
    const out = await search('pagination');
    const exact = out.results[rank(out, 'keyset')]!;
    const viaPrefix = await search('paginat');
    assert.ok(viaPrefix.results[rank(viaPrefix, 'keyset')]!.score < exact.score, 'a prefix match scores below an exact one');
  });

  it('finds memories by tag and short form, and concept search lists related files and tags', async () => {
    const out = await search('error handling');
    assert.equal(rank(out, 'errors'), 0, 'the tag error-handling meets the words error handling');
    const concept = await srv.call<Search>('search_by_concept', { concept: 'authentication', limit: 5 });
    assert.equal(rank(concept, 'auth'), 0, 'auth is a short form of authentication');
    assert.deepEqual(concept.related_files?.[0], { path: 'src/auth/jwt.ts', count: 1 });
    assert.deepEqual(concept.related_tags?.[0], { tag: 'auth', count: 1 });
  });

  it('treats every query as literal text: quotes, operators and symbols never fail', async () => {
    for (const q of ['"keyset pagination"', 'invoices "offset scans"', '(orders OR invoices) AND NOT keyset', 'created_at:desc', 'a\\b', '*', '"unterminated', 'title:"x" ~2 ^3', '🔥 orders', '\'; DROP TABLE memories; --']) {
      const res = await srv.raw('reflect_on_past', { query: q });
      assert.ok(!res.isError, `"${q}" answered an error: ${textOf(res)}`);
    }
    const phrase = await search('"keyset pagination"');
    assert.ok(rank(phrase, 'keyset') === 0 && rank(phrase, 'scattered') > 0, 'the phrase ranks above the same words apart');
    assert.equal(rank(await search('invoices "offset scans"'), 'invoices'), 0);
  });

  it('segments CJK text on both sides', async () => {
    assert.equal(rank(await search('接続プールの枯渇'), 'ja'), 0);
    assert.equal(rank(await search('タイムアウト'), 'ja'), 0);
  });

  it('sorts every list by the score it shows, and says so plainly when nothing matches', async () => {
    for (const q of ['orders pagination offset', 'request retry redis pool', 'webhook', 'the orders service database deploy']) {
      const out = await search(q, { min_score: 0 });
      const scores = out.results.map((r) => r.score);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a), `"${q}" lists ${scores.join(', ')}`);
    }
    const high = await search('keyset pagination invoices', { min_score: 0.8 });
    assert.ok(high.results.every((r) => r.score >= 0.8));
    const none = await srv.raw('reflect_on_past', { query: 'kubernetes helm chart' });
    assert.match(textOf(none), /Nothing relevant was found/);
  });

  it('shows the window that matched, with ranges that point at the query words', async () => {
    const out = await search('refund webhook duplicate events');
    const item = out.results[rank(out, 'long')]!;
    assert.match(item.excerpt, /refund webhook/);
    assert.ok(item.excerpt.startsWith('…'), 'the window is not the start of the text');
    const marked = (item.matches ?? []).map((m) => item.excerpt.slice(m.start, m.end).toLowerCase());
    for (const w of ['refund', 'webhook', 'duplicate', 'events']) assert.ok(marked.includes(w), `${w} is marked: ${marked.join(', ')}`);
    const ident = (await search('max retries')).results[0]!;
    assert.deepEqual(
      (ident.matches ?? []).map((m) => ident.excerpt.slice(m.start, m.end)),
      ['max', 'Retries'],
      'identifier parts are marked inside maxRetriesPerRequest',
    );
  });

  it('folds near-identical memories into one result that lists the others', async () => {
    const out = await search('nightly build failed');
    const nightly = out.results.filter((r) => r.excerpt.startsWith('Nightly build'));
    assert.equal(nightly.length, 1);
    assert.equal(nightly[0]!.folded_ids?.length, 4);
    const all = new Set([nightly[0]!.id, ...nightly[0]!.folded_ids!]);
    for (let i = 0; i < 5; i++) assert.ok(all.has(ids[`nightly${i}`]!));
    const res = await srv.raw('reflect_on_past', { query: 'nightly build failed' });
    assert.match(textOf(res), /\+4 near-identical/);
  });

  it('matches paths from any machine and OS by suffix, listed files first, own project preferred', async () => {
    const forms = [
      'src/payments/webhooks.ts',
      './src/payments/webhooks.ts',
      path.join(root, 'src/payments/webhooks.ts'),
      '/home/ana/code/shop/src/payments/webhooks.ts',
      'C:\\Users\\ana\\shop\\src\\payments\\webhooks.ts',
      'file:///Users/bo/shop/src/payments/webhooks.ts',
    ];
    for (const f of forms) {
      const out = await srv.call<Search>('search_by_file', { file_path: f });
      assert.equal(out.results[0]?.id, ids.listed, `${f}: the memory listing the file comes first`);
      assert.equal(out.results[0]?.match, 'files');
      assert.equal(out.results.find((r) => r.id === ids.mention)?.match, 'text', `${f}: the text mention follows`);
      const scores = out.results.map((r) => r.score);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
    }
    const all = await srv.call<Search>('search_by_file', { file_path: '/home/ana/code/shop/src/payments/webhooks.ts', project: 'all' });
    assert.ok(!all.results.some((r) => r.project === 'other'), 'lib/payments/webhooks.ts is another file');
    const win = await srv.call<Search>('search_by_file', { file_path: 'D:\\work\\shop\\SCRIPTS\\build.PS1' });
    assert.equal(win.results[0]?.id, ids.winfile, 'Windows paths compare without case');
    const posixCase = await srv.call<Search>('search_by_file', { file_path: '/home/ana/shop/scripts/build.ps1' });
    assert.equal(posixCase.count, 0, 'POSIX paths keep their case');
    const own = await srv.call<Search>('search_by_file', { file_path: '/tmp/x/other/lib/payments/webhooks.ts', project: 'all' });
    assert.equal(own.results[0]?.project, 'other');
  });

  it('lets a second server process find a memory the first one just stored', async () => {
    const second = await startServer({ dataDir: path.join(dir, 'data'), cwd: root });
    try {
      assert.equal(rank(await second.call<Search>('reflect_on_past', { query: 'keyset pagination' }), 'keyset'), 0);
      const { id } = await srv.call<{ id: string }>('store_reflection', { content: 'Zanzibar-style relationship tuples for the new permissions model.', tags: ['authz'] });
      const started = Date.now();
      let found = false;
      while (!found && Date.now() - started < 1_000) {
        found = (await second.call<Search>('reflect_on_past', { query: 'zanzibar tuples' })).results.some((r) => r.id === id);
      }
      assert.ok(found, 'found by the other process within a second');
      await second.call('delete_memory', { id });
      assert.equal((await srv.call<Search>('reflect_on_past', { query: 'zanzibar tuples' })).count, 0, 'a delete in one process is seen by the other');
      await second.call('set_tags', { id: ids.invoices, tags: ['billing-exports'] });
      assert.equal(rank(await search('billing exports'), 'invoices'), 0, 'new tags set by the other process are searched');
    } finally {
      await second.close();
    }
  });
});
