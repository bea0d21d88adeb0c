// Conversation import on the shapes real Claude Code transcripts have, through the real server over
// stdio into a real LanceDB: what each stored chunk holds, exactly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImportSummary } from '../../src/protocol/conversation-schemas.js';
import { startServer, tempDir, textOf, type ServerHandle } from '../support/server-process.js';
import { storedChunks, type StoredChunk } from '../support/stored-chunks.js';
import { SECRETS, writeShapes, type Shapes } from '../support/transcript-shapes.js';
import { TranscriptWriter } from '../support/transcripts.js';
import { waitFor } from '../support/wait.js';

const LONG = 10 * 60_000;

async function importAll(srv: ServerHandle): Promise<ImportSummary> {
  const r = await srv.client.callTool({ name: 'import_conversations', arguments: { project: 'all' } }, undefined, { timeout: LONG });
  if (r.isError) throw new Error(textOf(r as never));
  return r.structuredContent as ImportSummary;
}

function gitRepo(dir: string): string {
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  return dir;
}

type Expected = Omit<StoredChunk, 'id' | 'source'>;

describe('conversation import of real transcript shapes', () => {
  let dir: string;
  let lexer: string;
  let transcripts: string;
  let shapes: Shapes;
  let srv: ServerHandle;
  let summary: ImportSummary;
  let chunks: StoredChunk[];
  const of = (file: string): Expected[] => chunks.filter((c) => c.source === file).map(({ id: _id, source: _source, ...rest }) => rest);

  before(async () => {
    dir = tempDir('conv-shapes');
    const shop = gitRepo(path.join(dir, 'shop'));
    lexer = gitRepo(path.join(dir, 'lexer'));
    transcripts = path.join(dir, 'projects');
    shapes = writeShapes(transcripts, lexer);
    srv = await startServer({ dataDir: path.join(dir, 'data'), cwd: shop, args: ['--conversations-dir', transcripts] });
    summary = await importAll(srv);
    chunks = await storedChunks(srv);
  });
  after(async () => srv?.close());

  it('reports what it did: subagent lines and secrets redacted, by kind', () => {
    assert.deepEqual(summary.errors, []);
    assert.equal(summary.files, 11);
    assert.equal(summary.sidechain_lines, 4, 'the subagent prompt, its Grep call and result, its answer (warm-ups are skipped)');
    assert.equal(summary.redacted, true);
    assert.deepEqual(summary.redactions, [
      { kind: 'password', count: 1 },
      { kind: 'token', count: 1 },
      { kind: 'api key', count: 2 },
      { kind: 'authorization header', count: 1 },
      { kind: 'jwt', count: 1 },
      { kind: 'aws access key', count: 1 },
      { kind: 'private key', count: 1 },
    ]);
    assert.deepEqual(summary.by_project, { '~': 1, lexer: 8, invoicer: 1 });
    assert.equal(summary.embedded, false, 'no model: nothing was embedded');
  });

  it('reads a Windows cwd and Windows paths as Windows paths, whatever the OS', () => {
    assert.deepEqual(of(shapes.windows), [
      {
        project: 'invoicer',
        files: ['src/pdf/render.ts', '//fileserver/specs/invoices/layout.md', 'C:/Users/ann/.npmrc'],
        edited: ['src/pdf/render.ts'],
        tools: ['Read', 'Edit'],
        subagent: false,
        lines: [1, 10],
        text: [
          'User: The invoice PDF cuts off the last line item.',
          '[Read src/pdf/render.ts]',
          'Result: 1→export function render(items) {',
          '[Edit src/pdf/render.ts]',
          'Result: The file has been updated.',
          '[Read //fileserver/specs/invoices/layout.md]',
          'Result: Margins: 12 mm.',
          '[Read C:/Users/ann/.npmrc]',
          'Result: save-exact=true',
          'Assistant: The loop stopped one item early; render.ts now draws every item.',
        ].join('\n'),
      },
    ]);
  });

  it('resolves relative file paths against the line’s own cwd; MCP edit tools are edits, MCP folder listings are not files', () => {
    assert.deepEqual(of(shapes.subfolder), [
      {
        project: 'lexer',
        files: ['crates/core/docs/STANDARDS.md', 'crates/core/src/lex.rs', 'crates/core/src/token.rs', 'Cargo.toml'],
        edited: ['crates/core/docs/STANDARDS.md', 'crates/core/src/lex.rs', 'crates/core/src/token.rs'],
        tools: ['Write', 'Edit', 'mcp__desktop-commander__edit_block', 'mcp__filesystem__read_file', 'mcp__filesystem__list_directory'],
        subagent: false,
        lines: [1, 11],
        text: [
          'User: Write the coding standards next to the core crate.',
          '[Write crates/core/docs/STANDARDS.md]',
          'Result: File created successfully at: docs/STANDARDS.md',
          '[Edit crates/core/src/lex.rs]',
          'Result: ok',
          '[mcp__desktop-commander__edit_block crates/core/src/token.rs]',
          'Result: Successfully applied 1 edit.',
          '[mcp__filesystem__read_file Cargo.toml]',
          'Result: [workspace]',
          '[mcp__filesystem__list_directory crates]',
          'Result: [DIR] core',
        ].join('\n'),
      },
    ]);
  });

  it('search_by_file finds the file written from a subfolder by its absolute path and by its path in the repository', async () => {
    for (const form of [path.join(lexer, 'crates', 'core', 'docs', 'STANDARDS.md'), 'crates/core/docs/STANDARDS.md']) {
      const found = await srv.call<{ results: { source: string | null; files: string[] }[] }>('search_by_file', { file_path: form, project: 'lexer' });
      assert.equal(found.results[0]?.source, shapes.subfolder, form);
    }
  });

  it('a session in the home folder is not a project named after the user', () => {
    assert.deepEqual(of(shapes.home), [
      {
        project: '~',
        files: ['/Users/ann/notes/todo.md'],
        edited: [],
        tools: ['Read'],
        subagent: false,
        lines: [1, 3],
        text: 'User: What is on my todo list?\n[Read /Users/ann/notes/todo.md]\nResult: - renew passport',
      },
    ]);
  });

  it('stores compaction continuations as Summary:, flagged or not', () => {
    const base = { project: 'lexer', files: [], edited: [], tools: [], subagent: false };
    assert.deepEqual(of(shapes.compacted), [
      {
        ...base,
        lines: [2, 3],
        text: 'Summary: Primary request: make raw strings with a trailing backslash lex without panicking. Done: guard at end of input.\nUser: Now add a test for it.',
      },
    ]);
    assert.deepEqual(of(shapes.compactedOld), [{ ...base, lines: [2, 2], text: 'Summary: Primary request: speed up the keyword table lookup.' }]);
  });

  it('does not attach a title line that points into another file', async () => {
    assert.deepEqual(of(shapes.titled), [
      {
        project: 'lexer',
        files: [],
        edited: [],
        tools: [],
        subagent: false,
        lines: [2, 3],
        text: 'User: Why is the span of a raw string one byte off?\nAssistant: The span starts after the r prefix; it should include it.',
      },
    ]);
    const found = await srv.call<{ count: number }>('reflect_on_past', { query: 'Debugging Python Web Scraper with Selenium', project: 'all' });
    assert.equal(found.count, 0);
  });

  it('marks subagent lines, and the Task prompt reads as the assistant’s delegation', async () => {
    const [chunk] = of(shapes.delegated);
    assert.deepEqual(chunk, {
      project: 'lexer',
      files: [],
      edited: [],
      tools: ['Task', 'Grep'],
      subagent: true,
      lines: [1, 8],
      text: [
        'User: Find where tokens are allocated.',
        '[Task (Explore): Find token allocations] Assistant to subagent: I need you to search crates/core for every place a Token is allocated and report file and line.',
        'Result: Tokens are allocated in src/lex.rs:40 and src/token.rs:12.',
        'Subagent task: I need you to search crates/core for every place a Token is allocated and report file and line.',
        'Subagent [Grep "Token::new" in crates/core]',
        'Subagent result: src/lex.rs src/token.rs',
        'Subagent: Tokens are allocated in src/lex.rs:40 and src/token.rs:12.',
        'Assistant: Two places allocate tokens: lex.rs and token.rs.',
      ].join('\n'),
    });
    const id = chunks.find((c) => c.source === shapes.delegated)!.id;
    const got = await srv.raw('get_memory', { id });
    assert.match(textOf(got), /lines 1–8 \(holds subagent lines\)/);
  });

  it('skips warm-up exchanges, and the sessions that are nothing else', () => {
    assert.deepEqual(of(shapes.warmupOnly), []);
    assert.deepEqual(of(shapes.warmupThenWork), [
      { project: 'lexer', files: [], edited: [], tools: [], subagent: false, lines: [3, 3], text: 'User: Rename Tok to Token everywhere.' },
    ]);
  });

  it('skips a warm-up reply written after an import read the warm-up prompt', async () => {
    const w = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000012', start: new Date('2026-11-02T19:00:00Z'), seed: 112 }).sidechain((x) => x.user('Warmup'));
    const file = w.writeTo(transcripts);
    const first = await importAll(srv);
    assert.equal(first.chunks_added, 0);
    TranscriptWriter.resume(file, { seed: 113 })
      .sidechain((x) => x.assistant("I'm Claude Code, Anthropic's CLI for Claude. I'm ready to help."))
      .appendTo(file);
    const second = await importAll(srv);
    assert.deepEqual([second.files_changed, second.lines, second.chunks_added], [1, 1, 0]);
    assert.deepEqual((await storedChunks(srv)).filter((c) => c.source === file), []);
  });

  it('cleans terminal codes and command markup, shows todo lists, drops empty messages, stores API errors as errors', () => {
    assert.deepEqual(of(shapes.noisy), [
      {
        project: 'lexer',
        files: [],
        edited: [],
        tools: ['TodoWrite', 'Bash'],
        subagent: false,
        lines: [1, 12],
        text: [
          'User: /model',
          'Output: Set model to opus',
          'User: ! git status --short',
          'Output: M crates/core/src/lex.rs',
          'User: Run the tests.',
          '[Todos: Fix raw string span (done); Run cargo test (in progress); Update CHANGELOG (to do)]',
          '[Bash: cargo test --color=always]',
          'Result: Compiling lexer v0.4.0 test result: ok. 42 passed; 0 failed',
          "API error: You've hit your limit · resets 1am (Europe/Berlin)",
          'User: /compact keep the lexer notes',
        ].join('\n'),
      },
    ]);
    for (const c of chunks) assert.doesNotMatch(c.text, /[\x00-\x08\x0b-\x1f\x7f]|<\/?(command-|local-command|bash-|system-reminder)/, c.source);
  });

  it('redacts secrets in user text, commands and outputs, including one that straddles the cut of a result', async () => {
    assert.deepEqual(of(shapes.secrets), [
      {
        project: 'lexer',
        files: ['.env', 'deploy/id_rsa'],
        edited: [],
        tools: ['Bash', 'Read'],
        subagent: false,
        lines: [1, 7],
        text: [
          'User: The staging db is postgres://app:[redacted: password]@db.staging.internal:5432/lexer and my token is [redacted: token]',
          '[Bash: curl -s "https://rpc.example.dev/v1/?api-key=[redacted: api key]" -H "Authorization: Bearer [redacted: authorization header]"]',
          'Result: {"jsonrpc":"2.0","result":"ok","endpoint":"https://rpc.example.dev/v1/?api-key=[redacted: api key]"}',
          '[Read .env]',
          'Result: 1→# Supabase project settings for the staging deployment of the lexer playground site 2→NEXT_PUBLIC_SUPABASE_URL=https://nxqktefu.supabase.co 3→PLAYGROUND_TITLE=Lexer playground (staging) 4→SUPABASE_SERVICE_ROLE_KEY=[redacted: jwt] 5→AWS_ACCESS_KEY_ID=[redacted: aws access key]',
          '[Read deploy/id_rsa]',
          'Result: [redacted: private key]',
        ].join('\n'),
      },
    ]);
    const all = chunks.map((c) => c.text).join('\n');
    for (const secret of Object.values(SECRETS)) assert.ok(!all.includes(secret.slice(0, 12)), `${secret.slice(0, 12)}… is stored`);
    // Excerpts come from the stored text: the marker shows, the key does not.
    const hit = await srv.call<{ results: { excerpt: string }[] }>('quick_search', { query: 'rpc.example.dev api-key', project: 'lexer' });
    assert.match(hit.results[0]?.excerpt ?? '', /api-key=\[redacted: api key\]/);
    assert.equal((await srv.call<{ count: number }>('reflect_on_past', { query: SECRETS.rpcKey, project: 'all' })).count, 0);
  });

  it('store_reflection redacts too and says what it redacted', async () => {
    const r = await srv.raw('store_reflection', { content: `Staging RPC: https://rpc.example.dev/v1/?api-key=${SECRETS.rpcKey} (rotate monthly)` });
    const out = r.structuredContent as { id: string; redactions: { kind: string; count: number }[] };
    assert.deepEqual(out.redactions, [{ kind: 'api key', count: 1 }]);
    assert.match(textOf(r), /Redacted before storing: 1 api key\./);
    const got = await srv.call<{ memory: { text: string } }>('get_memory', { id: out.id });
    assert.equal(got.memory.text, 'Staging RPC: https://rpc.example.dev/v1/?api-key=[redacted: api key] (rotate monthly)');
    const plain = await srv.call<{ redactions: unknown[] }>('store_reflection', { content: 'Raw strings keep their r prefix in spans.' });
    assert.deepEqual(plain.redactions, []);
  });

  it('an import with nothing new embeds nothing and says so', async () => {
    const again = await importAll(srv);
    assert.deepEqual([again.files_changed, again.chunks_added, again.embedded, again.redactions.length], [0, 0, false, 0]);
  });

  it('a chunk’s line range covers its overlap', async () => {
    const w = new TranscriptWriter({ cwd: lexer, sessionId: 'a1000000-0000-4000-8000-000000000099', start: new Date('2026-11-03T08:00:00Z'), seed: 199 });
    // Every word names its line, so the overlap's first words say which line they came from.
    const tagged = (words: string, tag: string): string => `${words} `.repeat(3).trim().split(' ').map((x) => `${x}${tag}`).join(' ');
    for (let i = 1; i <= 12; i++) w.user(tagged('how are reserved words hashed and probed in the keyword table', `q${i}`)).assistant(tagged('they are hashed with FNV and probed linearly from the slot', `a${i}`));
    const file = w.writeTo(transcripts);
    await importAll(srv);
    const mine = (await storedChunks(srv)).filter((c) => c.source === file);
    assert.ok(mine.length >= 3, `${mine.length} chunks`);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (const c of mine.slice(1)) {
      const carry = c.text.split('\n')[0]!.replace(/^… /, '');
      // The overlap's first words come from the line the range starts at.
      const firstWords = carry.split(' ').slice(0, 4).join(' ');
      const from = lines.findIndex((l) => l.includes(firstWords.replace(/^(User|Assistant): /, '')));
      assert.ok(from >= 0, `overlap "${firstWords}" found in the transcript`);
      assert.equal(c.lines[0], from + 1, `chunk ${c.lines.join('–')} starts at line ${from + 1}, where its overlap comes from`);
      assert.ok(c.lines[0] < c.lines[1]);
    }
  });
});

describe('redaction turned off', () => {
  it('--no-redact stores secrets as written and says redaction is off', async () => {
    const dir = tempDir('conv-noredact');
    const lexer = gitRepo(path.join(dir, 'lexer'));
    const transcripts = path.join(dir, 'projects');
    const shapes = writeShapes(transcripts, lexer);
    const srv = await startServer({ dataDir: path.join(dir, 'data'), cwd: lexer, args: ['--conversations-dir', transcripts, '--no-redact'] });
    try {
      const r = await srv.client.callTool({ name: 'import_conversations', arguments: { path: shapes.secrets } }, undefined, { timeout: LONG });
      const s = r.structuredContent as ImportSummary;
      assert.equal(s.redacted, false);
      assert.deepEqual(s.redactions, []);
      assert.match(textOf(r as never), /Redaction is off/);
      const [chunk] = (await storedChunks(srv)).filter((c) => c.source === shapes.secrets);
      assert.ok(chunk?.text.includes(`api-key=${SECRETS.rpcKey}`));
      const stored = await srv.call<{ redactions: unknown[]; id: string }>('store_reflection', { content: `token ${SECRETS.githubToken}` });
      assert.deepEqual(stored.redactions, []);
    } finally {
      await srv.close();
    }
  });
});

describe('transcripts imported under older rules', () => {
  it('are imported again from the start, their chunks replaced, without deleting any data', async () => {
    const dir = tempDir('conv-format');
    const lexer = gitRepo(path.join(dir, 'lexer'));
    const transcripts = path.join(dir, 'projects');
    writeShapes(transcripts, lexer);
    const dataDir = path.join(dir, 'data');
    const args = ['--conversations-dir', transcripts];
    let srv = await startServer({ dataDir, cwd: lexer, args });
    await importAll(srv);
    const fresh = await storedChunks(srv);
    const reflection = await srv.call<{ id: string }>('store_reflection', { content: 'Keep spans byte-exact.' });
    await srv.close();

    // What a data dir written before formats were recorded holds: a state table without the
    // format and carry_line columns, and chunks made by the old rules.
    const lancedb = await import('@lancedb/lancedb');
    const arrow = await import('apache-arrow');
    const db = await lancedb.connect(path.join(dataDir, 'lancedb'));
    const states = (await (await db.openTable('transcripts')).query().toArray()) as Record<string, unknown>[];
    await db.dropTable('transcripts');
    const field = (name: string, type: InstanceType<typeof arrow.DataType>, nullable = false) => new arrow.Field(name, type, nullable);
    const oldSchema = new arrow.Schema([
      ...['path', 'project', 'root', 'conversation'].map((n) => field(n, new arrow.Utf8())),
      ...['size', 'mtime_ms', 'read_to', 'read_line', 'resume_offset', 'resume_line'].map((n) => field(n, new arrow.Float64())),
      field('carry', new arrow.Utf8()),
      field('open_id', new arrow.Utf8(), true),
      field('head_hash', new arrow.Utf8()),
      field('tail_hash', new arrow.Utf8()),
      field('updated_at', new arrow.TimestampMillisecond()),
    ]);
    const old = await db.createEmptyTable('transcripts', oldSchema);
    await old.add(states.map(({ carry_line: _c, format: _f, ...rest }) => rest));
    const imports = await db.openTable('imports');
    const last = JSON.parse(String(((await imports.query().where(`key = 'last'`).toArray()) as { summary: string }[])[0]!.summary)) as Record<string, unknown>;
    for (const added of ['sidechain_lines', 'redacted', 'redactions']) delete last[added];
    await imports.update({ where: `key = 'last'`, values: { summary: JSON.stringify(last) } });
    const memories = await db.openTable('memories');
    await memories.update({ where: `kind = 'conversation'`, values: { text: 'User: This session is being continued from a previous conversation that ran out of context.' } });
    db.close();

    srv = await startServer({ dataDir, cwd: lexer, args });
    try {
      const before = await srv.call<{ conversations: { last_import: ImportSummary } }>('reflection_stats');
      assert.deepEqual([before.conversations.last_import.redacted, before.conversations.last_import.redactions], [false, []], 'an old last import reads as unredacted');
      const again = await importAll(srv);
      assert.equal(again.files_reset, again.files, 'every transcript is imported again');
      const now = await storedChunks(srv);
      assert.deepEqual(
        now.map((c) => [c.id, c.text]),
        fresh.map((c) => [c.id, c.text]),
        'the chunks are those of a fresh import',
      );
      assert.ok(!now.some((c) => c.text.startsWith('User: This session is being continued')));
      assert.equal((await srv.call<{ memory: { text: string } }>('get_memory', { id: reflection.id })).memory.text, 'Keep spans byte-exact.');
      const settled = await importAll(srv);
      assert.deepEqual([settled.files_reset, settled.files_changed], [0, 0], 'then the state is current');
    } finally {
      await srv.close();
    }
  });
});

describe('memories stored while redaction was off', () => {
  it('are redacted in place when a redacting server starts, and their transcripts imported again', async () => {
    const dir = tempDir('conv-later-redaction');
    const lexer = gitRepo(path.join(dir, 'lexer'));
    const transcripts = path.join(dir, 'projects');
    const shapes = writeShapes(transcripts, lexer);
    const dataDir = path.join(dir, 'data');
    const args = ['--conversations-dir', transcripts];
    let srv = await startServer({ dataDir, cwd: lexer, args: [...args, '--no-redact'] });
    const stored = await srv.call<{ id: string }>('store_reflection', { content: `Staging token: ${SECRETS.githubToken}` });
    await srv.call('import_conversations', { path: shapes.secrets });
    assert.ok((await storedChunks(srv)).some((c) => c.text.includes(SECRETS.rpcKey)), 'stored as written');
    await srv.close();

    srv = await startServer({ dataDir, cwd: lexer, args });
    try {
      const text = await waitFor('the stored reflection to be redacted', async () => {
        const t = (await srv.call<{ memory: { text: string } }>('get_memory', { id: stored.id })).memory.text;
        return t.includes('[redacted') ? t : null;
      });
      assert.equal(text, 'Staging token: [redacted: token]');
      const before = await storedChunks(srv);
      // In place, what the stored text still holds whole is found; a key cut off at 300 characters is not.
      for (const s of [SECRETS.rpcKey, SECRETS.githubToken, SECRETS.dbPassword, SECRETS.bearer]) assert.ok(!before.some((c) => c.text.includes(s)), `${s.slice(0, 6)}… redacted in place`);
      const again = await srv.call<ImportSummary>('import_conversations', { path: shapes.secrets });
      assert.equal(again.files_reset, 1, 'imported again under the new setting');
      const [chunk] = (await storedChunks(srv)).filter((c) => c.source === shapes.secrets);
      assert.match(chunk?.text ?? '', /api-key=\[redacted: api key\]/);
      for (const s of Object.values(SECRETS)) assert.ok(!chunk?.text.includes(s.slice(0, 12)), `${s.slice(0, 12)}… after the import`);
    } finally {
      await srv.close();
    }
  });
});
