// The language server through the LSP protocol library: every request, the command, cancellation,
// the relevance floor, settings, and a memory stored over MCP reaching an open file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  CodeLensResolveRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExecuteCommandRequest,
  HoverRequest,
  LSPErrorCodes,
  PublishDiagnosticsNotification,
  ResponseError,
  ShowDocumentRequest,
  WorkspaceSymbolRequest,
  type CodeLens,
  type Diagnostic,
  type Hover,
  type PublishDiagnosticsParams,
  type SymbolInformation,
} from 'vscode-languageserver-protocol/node';
import { LSP_FILE_MEMORIES_COMMAND, type FileMemoriesResult } from '../../src/protocol/lsp.js';
import type { FixtureRepo } from '../support/git-fixture.js';
import { FILES, makeServiceRepo, PROJECT, storeNotes } from '../support/lsp-fixture.js';
import { protocolMessages, startLsp, type LspHandle } from '../support/lsp-process.js';
import { startServer, tempDir, type ServerHandle } from '../support/server-process.js';
import { waitFor } from '../support/wait.js';

let repo: FixtureRepo;
let dataDir: string;
let mcp: ServerHandle;
let lsp: LspHandle;
const shown: string[] = [];
let lensRefreshes = 0;
const diagnostics = new Map<string, PublishDiagnosticsParams>();

const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const uriOf = (rel: string): string => pathToFileURL(path.join(repo.dir, rel)).href;

async function open(h: LspHandle, rel: string, version = 1, text = FILES[rel]!): Promise<string> {
  const uri = uriOf(rel);
  await h.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'plaintext', version, text } });
  return uri;
}

/** Position of the `nth` occurrence of `needle` in a fixture file (character inside the word). */
function at(rel: string, needle: string): { line: number; character: number } {
  const lines = FILES[rel]!.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not in ${rel}`);
  return { line, character: lines[line]!.indexOf(needle) + 2 };
}

async function hover(h: LspHandle, rel: string, needle: string): Promise<string | null> {
  const res = (await h.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(rel) }, position: at(rel, needle) })) as Hover | null;
  if (!res) return null;
  return typeof res.contents === 'object' && 'value' in res.contents ? res.contents.value : JSON.stringify(res.contents);
}

async function lensTitle(h: LspHandle, rel: string): Promise<string | null> {
  const lenses = (await h.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(rel) } })) ?? [];
  if (lenses.length === 0) return null;
  assert.equal(lenses.length, 1);
  assert.equal(lenses[0]!.command, undefined, 'lenses are resolved lazily');
  const resolved = (await h.conn.sendRequest(CodeLensResolveRequest.type, lenses[0]!)) as CodeLens;
  return resolved.command?.title ?? null;
}

before(async () => {
  repo = await makeServiceRepo();
  dataDir = tempDir('lsp-proto');
  mcp = await startServer({ dataDir, cwd: repo.dir });
  await storeNotes(mcp);
  lsp = await startLsp({ dataDir, root: repo.dir });
  lsp.conn.onRequest(ShowDocumentRequest.type, (p) => {
    shown.push(p.uri);
    return { success: true };
  });
  lsp.conn.onRequest(CodeLensRefreshRequest.type, () => {
    lensRefreshes++;
  });
  lsp.conn.onNotification(PublishDiagnosticsNotification.method, (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
  });
  for (const f of Object.keys(FILES)) await open(lsp, f);
});

after(async () => {
  await lsp?.close();
  await mcp?.close();
  await repo?.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('code lens', () => {
  test('a file that memories list gets one lens with counts and age', async () => {
    assert.equal(await lensTitle(lsp, 'src/queue/worker.ts'), '2 memories · last just now');
    assert.equal(await lensTitle(lsp, 'src/db/pool.ts'), '1 memory · last just now');
  });

  test('a file that a memory only mentions gets a lens; one no memory is about gets none', async () => {
    assert.equal(await lensTitle(lsp, 'scripts/backfill.py'), '1 memory · last just now');
    // Listed by one memory and mentioned by the same one: counted once.
    assert.equal(await lensTitle(lsp, 'config/settings.yaml'), '1 memory · last just now');
    assert.equal(await lensTitle(lsp, 'src/api/routes.ts'), null);
    assert.equal(await lensTitle(lsp, 'README.md'), null);
  });

  test('the lens command is the server command with the file URI', async () => {
    const [lens] = (await lsp.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf('src/queue/worker.ts') } })) ?? [];
    const resolved = (await lsp.conn.sendRequest(CodeLensResolveRequest.type, lens!)) as CodeLens;
    assert.equal(resolved.command?.command, LSP_FILE_MEMORIES_COMMAND);
    assert.deepEqual(resolved.command?.arguments, [uriOf('src/queue/worker.ts')]);
  });
});

describe('file memories command', () => {
  test('returns the memories and shows a markdown summary', async () => {
    const before = shown.length;
    const out = (await lsp.conn.sendRequest(ExecuteCommandRequest.type, { command: LSP_FILE_MEMORIES_COMMAND, arguments: [uriOf('src/queue/worker.ts')] })) as FileMemoriesResult;
    assert.equal(out.project, PROJECT);
    assert.equal(out.count, 2);
    assert.ok(out.memories.some((m) => m.excerpt.includes('maxRetriesPerRequest') && m.match === 'files'));
    const summary = fs.readFileSync(fileURLToPath(out.summary_uri), 'utf8');
    assert.match(summary, /^# Memories about src\/queue\/worker\.ts/);
    assert.match(summary, /BullMQ workers need maxRetriesPerRequest: null/);
    await waitFor('showDocument', () => shown.length > before);
    assert.equal(shown.at(-1), out.summary_uri);
  });

  test('an unknown command or a missing argument is a clear error', async () => {
    await assert.rejects(lsp.conn.sendRequest(ExecuteCommandRequest.type, { command: 'nope', arguments: [] }), /unknown command nope/);
    await assert.rejects(lsp.conn.sendRequest(ExecuteCommandRequest.type, { command: LSP_FILE_MEMORIES_COMMAND, arguments: [] }), /needs a file URI or path/);
  });
});

describe('hover', () => {
  test('an identifier a memory names shows that memory, with kind, age, tags and a link', async () => {
    const md = await hover(lsp, 'src/queue/worker.ts', 'maxRetriesPerRequest');
    assert.ok(md, 'hover expected');
    assert.match(md, /`maxRetriesPerRequest`/);
    assert.match(md, /\*\*Reflection\*\* · just now · #gotcha #queue · \[Open\]\(file:\/\/.*\.md\)/);
    assert.match(md, /BullMQ workers need maxRetriesPerRequest: null/);
    // The other project's note about the same identifier stays out.
    assert.doesNotMatch(md, /analytics/);
    const link = /\[Open\]\((file:[^)]+)\)/.exec(md)![1]!;
    // Memory documents are written in the background, right after the answer.
    await waitFor('the memory document', () => fs.existsSync(fileURLToPath(link)));
    assert.match(fs.readFileSync(fileURLToPath(link), 'utf8'), /otherwise the worker throws on start/);
  });

  test('config keys in code, YAML and Python', async () => {
    assert.match((await hover(lsp, 'src/db/pool.ts', 'idleTimeoutMillis')) ?? '', /must set idleTimeoutMillis below/);
    assert.match((await hover(lsp, 'config/settings.yaml', 'idle_timeout')) ?? '', /below the database idle\\_timeout/);
    assert.match((await hover(lsp, 'scripts/backfill.py', 'max_retries')) ?? '', /rate-limits above that/);
  });

  test('a relative import path shows the memories about the file it names', async () => {
    assert.match((await hover(lsp, 'src/api/routes.ts', '../db/pool')) ?? '', /must set idleTimeoutMillis below/);
  });

  test('nothing below the relevance floor, nothing for generic words', async () => {
    // Shares only "timeout" with a memory: below the floor.
    assert.equal(await hover(lsp, 'config/settings.yaml', 'statement_timeout'), null);
    // Keywords, short and ubiquitous words never hover.
    assert.equal(await hover(lsp, 'src/queue/worker.ts', 'const connection'), null);
    assert.equal(await hover(lsp, 'src/queue/worker.ts', 'async (job)'), null);
    assert.equal(await hover(lsp, 'src/db/pool.ts', 'max: 10'), null);
    // A path no memory is about.
    assert.equal(await hover(lsp, 'README.md', 'docs/runbook.md'), null);
    // Markup in memory text is escaped, so a stored note cannot inject links.
    assert.doesNotMatch((await hover(lsp, 'src/db/pool.ts', 'idleTimeoutMillis')) ?? '', /[^\\]\(25s in config/);
  });
});

describe('workspace symbols', () => {
  test('memories matching the query, located at the file they list', async () => {
    const symbols = (await lsp.conn.sendRequest(WorkspaceSymbolRequest.type, { query: 'renderer concurrency' })) as SymbolInformation[];
    const s = symbols.find((x) => x.name.startsWith('Raised invoice worker concurrency'));
    assert.ok(s, JSON.stringify(symbols));
    assert.equal(s.location.uri, uriOf('src/queue/worker.ts'));
    assert.match(s.containerName ?? '', /^Reflection · just now · src\/queue\/worker\.ts$/);
  });

  test('a memory without files is a markdown document of the memory', async () => {
    const symbols = (await lsp.conn.sendRequest(WorkspaceSymbolRequest.type, { query: 'lunch offsite' })) as SymbolInformation[];
    assert.equal(symbols.length, 1);
    await waitFor('the memory document', () => fs.existsSync(fileURLToPath(symbols[0]!.location.uri)));
    assert.match(fs.readFileSync(fileURLToPath(symbols[0]!.location.uri), 'utf8'), /12 vegetarian, 4 vegan/);
  });

  test('an empty query or one nothing matches lists nothing; other projects stay out', async () => {
    assert.deepEqual(await lsp.conn.sendRequest(WorkspaceSymbolRequest.type, { query: '' }), []);
    assert.deepEqual(await lsp.conn.sendRequest(WorkspaceSymbolRequest.type, { query: 'kubernetes helm chart' }), []);
    const symbols = (await lsp.conn.sendRequest(WorkspaceSymbolRequest.type, { query: 'maxRetriesPerRequest' })) as SymbolInformation[];
    assert.equal(symbols.length, 1);
  });
});

describe('cancellation', () => {
  /** Writes a request and its $/cancelRequest in one write, as a client cancelling at once does. */
  const cancelledAtOnce = async (id: string, method: string, params: object): Promise<{ error?: { code: number } }> => {
    const frame = (msg: object): string => {
      const body = JSON.stringify(msg);
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    };
    lsp.child.stdin.write(frame({ jsonrpc: '2.0', id, method, params }) + frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }));
    return waitFor(`the reply to ${id}`, () => {
      try {
        return (protocolMessages(lsp.stdout()) as { id?: unknown; error?: { code: number } }[]).find((m) => m.id === id) ?? null;
      } catch {
        return null; // a message still being written
      }
    });
  };

  test('a cancelled request answers RequestCancelled and the server keeps serving', async () => {
    const symbols = await cancelledAtOnce('cancel-symbols', 'workspace/symbol', { query: 'flaky fonts snapshots' });
    assert.equal(symbols.error?.code, LSPErrorCodes.RequestCancelled);
    const hovered = await cancelledAtOnce('cancel-hover', 'textDocument/hover', { textDocument: { uri: uriOf('src/queue/worker.ts') }, position: at('src/queue/worker.ts', 'enableReadyCheck') });
    assert.equal(hovered.error?.code, LSPErrorCodes.RequestCancelled);
    assert.match((await hover(lsp, 'src/queue/worker.ts', 'enableReadyCheck')) ?? '', /Keep enableReadyCheck false/);
  });
});

describe('changes', () => {
  test('a memory stored over MCP reaches the lens and hover of an open file without reopening it', async () => {
    assert.equal(await lensTitle(lsp, 'src/api/routes.ts'), null);
    assert.equal(await hover(lsp, 'src/api/routes.ts', 'health'), null);
    const refreshes = lensRefreshes;
    await mcp.call('store_reflection', { content: 'The health route must not hit the primary database; point it at the replica.', files: ['src/api/routes.ts'], tags: ['ops'] });
    await waitFor('a code lens refresh request', () => lensRefreshes > refreshes);
    assert.equal(await lensTitle(lsp, 'src/api/routes.ts'), '1 memory · last just now');
    assert.match((await hover(lsp, 'src/api/routes.ts', 'health')) ?? '', /point it at the replica/);
  });

  test('diagnostics are off by default and follow the setting', async () => {
    await new Promise((r) => setTimeout(r, 400));
    const worker = uriOf('src/queue/worker.ts');
    assert.ok(!diagnostics.get(worker)?.diagnostics.length, 'no diagnostics by default');
    await lsp.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { sessionMgmt: { editor: { diagnostics: true } } } });
    const got = await waitFor('diagnostics', () => (diagnostics.get(worker)?.diagnostics.length ? diagnostics.get(worker) : null));
    const d = got.diagnostics.find((x) => messageOf(x).includes('maxRetriesPerRequest'));
    assert.ok(d, JSON.stringify(got.diagnostics));
    assert.equal(d.severity, 3);
    assert.equal(d.source, 'session-mgmt');
    assert.deepEqual(d.range.start, { line: 5, character: 2 });
    // One per memory: enableReadyCheck, named by the same memory, adds none.
    assert.equal(got.diagnostics.filter((x) => messageOf(x).includes('BullMQ')).length, 1);
    // Only gotcha/warning memories: the concurrency decision is not a diagnostic.
    assert.ok(!got.diagnostics.some((x) => messageOf(x).includes('concurrency')));
    // The pool warning names idleTimeoutMillis, which pool.ts holds.
    const pool = await waitFor('pool diagnostics', () => diagnostics.get(uriOf('src/db/pool.ts'))?.diagnostics.length);
    assert.equal(pool, 1);
    // An edit that removes the identifier removes its diagnostic.
    await lsp.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: worker, version: 2 }, contentChanges: [{ text: 'export {};\n' }] });
    await waitFor('diagnostics after the edit', () => diagnostics.get(worker)?.version === 2);
    assert.equal(diagnostics.get(worker)?.diagnostics.length, 0);
    await lsp.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: { sessionMgmt: { editor: { diagnostics: false, hover: false, codeLens: false } } } });
    await waitFor('diagnostics cleared', () => diagnostics.get(uriOf('src/db/pool.ts'))?.diagnostics.length === 0);
    assert.equal(await hover(lsp, 'src/db/pool.ts', 'idleTimeoutMillis'), null);
    assert.equal(await lensTitle(lsp, 'src/db/pool.ts'), null);
  });

  test('nothing but protocol messages on stdout', () => {
    const messages = protocolMessages(lsp.stdout());
    assert.ok(messages.length > 20);
  });
});

describe('options', () => {
  test('initialization options: client commands for the lens and the memory links, features off', async () => {
    const h = await startLsp({
      dataDir,
      root: repo.dir,
      initializationOptions: { fileMemoriesCommand: 'sessionMgmt.showFileMemories', openMemoryCommand: 'sessionMgmt.openMemory', features: { hover: true, codeLens: true } },
    });
    try {
      await open(h, 'src/queue/worker.ts');
      const [lens] = (await h.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf('src/queue/worker.ts') } })) ?? [];
      const resolved = (await h.conn.sendRequest(CodeLensResolveRequest.type, lens!)) as CodeLens;
      assert.equal(resolved.command?.command, 'sessionMgmt.showFileMemories');
      assert.deepEqual(resolved.command?.arguments, [path.join(repo.dir, 'src/queue/worker.ts')]);
      assert.match((await hover(h, 'src/queue/worker.ts', 'maxRetriesPerRequest')) ?? '', /\[Open\]\(command:sessionMgmt\.openMemory\?%5B%22[0-9a-f-]+%22%5D\)/);
    } finally {
      await h.close();
    }
  });

  test('a data dir that cannot be opened: the server answers empty and says why once on stderr', async () => {
    // A data dir that is a file: nothing can be created under it.
    const notADir = path.join(dataDir, 'not-a-dir');
    fs.writeFileSync(notADir, 'x');
    const h = await startLsp({ dataDir: notADir, root: repo.dir });
    try {
      await open(h, 'src/queue/worker.ts');
      assert.deepEqual(await h.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf('src/queue/worker.ts') } }), []);
      assert.equal(await hover(h, 'src/queue/worker.ts', 'maxRetriesPerRequest'), null);
      assert.deepEqual(await h.conn.sendRequest(WorkspaceSymbolRequest.type, { query: 'renderer' }), []);
      assert.equal(h.stderr().match(/could not open the memory store/g)?.length, 1, h.stderr());
    } finally {
      await h.close();
    }
  });

  test('bad arguments are a usage error on stderr with nothing on stdout', async () => {
    const { spawnSync } = await import('node:child_process');
    const { SERVER_JS } = await import('../support/server-process.js');
    const r = spawnSync(process.execPath, [SERVER_JS, 'lsp', '--http'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /--http does not apply to the language server/);
  });
});
