/// <reference types="mocha" />
// Conversation import through the extension: the transcripts folder and watch settings reach the
// bundled server, Import Conversation History imports a Claude Code transcript that edits a file
// of the workspace, and search by file, reflect_on_past and reflection_stats see the result.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ImportSummary } from '../../../src/protocol/conversation-schemas.js';
import { generateCorpus, TranscriptWriter } from '../../support/transcripts.js';
import { api, until, workspaceRoot } from './helpers.js';

const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('sessionMgmt');

/** Waits until the (restarted) server reports this conversation status. */
async function serverSees(what: string, ok: (s: { root: string; watching: boolean }) => boolean): Promise<void> {
  const a = await api();
  let last = 'nothing';
  try {
    await until(
      what,
      async () => {
        try {
          const s = await a.ctx.client.conversationStatus();
          last = JSON.stringify({ root: s?.root, watching: s?.watching, state: a.serverState() });
          return s !== null && a.serverState() === 'running' && ok(s);
        } catch (err) {
          last = String(err); // restarting
          return false;
        }
      },
      30_000,
    );
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; last seen ${last}`);
  }
}

suite('conversation import in VS Code', () => {
  let root = '';
  let transcript = '';
  let edited = '';
  let first: ImportSummary | null = null;

  suiteSetup(async () => {
    const a = await api();
    await a.whenRunning();
    // Let auto-init (and the import it starts in the background) finish before the server restarts.
    await until('auto-init', () => a.ctx.state.snapshot.session, 30_000);
    await until('the background import', () => !a.ctx.imports.busy, 30_000);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-projects-'));
    edited = path.join(workspaceRoot(), 'src', 'index.ts');
    const w = new TranscriptWriter({ cwd: workspaceRoot(), start: new Date('2026-11-20T10:00:00.000Z') });
    w.user('The quokka parser drops unicode escapes in add(); please fix it.')
      .toolUse('Edit', { file_path: edited, old_string: 'return a + b;', new_string: 'return a + b; // quokka' }, 'The file has been updated.', {
        text: 'I will fix the quokka parser in add().',
      })
      .raw('{"type": "user", "message": not json')
      .assistant('Done: the quokka parser keeps unicode escapes now.');
    transcript = w.writeTo(root);
  });

  suiteTeardown(async () => {
    await config().update('conversations.watch', undefined, vscode.ConfigurationTarget.Global);
    await config().update('conversations.root', undefined, vscode.ConfigurationTarget.Global);
    await serverSees('the default settings again', (s) => s.root !== root && !s.watching);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('sessionMgmt.conversations.root restarts the bundled server with that folder', async () => {
    const a = await api();
    const pid = a.serverPid();
    await config().update('conversations.root', root, vscode.ConfigurationTarget.Global);
    await serverSees('the new transcripts folder', (s) => s.root === root && !s.watching);
    assert.notEqual(a.serverPid(), pid, 'the server was restarted');
  });

  test('Import Conversation History imports the transcript', async () => {
    const a = await api();
    first = (await vscode.commands.executeCommand<ImportSummary | null>('sessionMgmt.importConversations')) ?? null;
    assert.ok(first, `no summary: ${a.lastError() ?? ''}`);
    assert.equal(first.cancelled, false);
    assert.equal(first.root, root);
    assert.equal(first.files, 1);
    assert.equal(first.files_changed, 1);
    assert.equal(first.skipped_lines, 1, 'the malformed line is skipped and counted');
    assert.ok(first.chunks_added >= 1);
    assert.deepEqual(first.errors, []);
  });

  test('search by file finds the conversation that edited the file', async () => {
    const a = await api();
    const reply = await a.ctx.client.searchByFile({ file_path: edited });
    const hit = reply.data?.results.find((r) => r.kind === 'conversation');
    assert.ok(hit, `no conversation among ${JSON.stringify(reply.data?.results.map((r) => r.kind))}`);
    assert.equal(hit.match, 'files');
    assert.ok(hit.files.includes('src/index.ts'), `files ${JSON.stringify(hit.files)} are relative to the project`);
    assert.equal(hit.source, transcript);
    assert.match(hit.created_at, /^2026-11-20T10:/, 'dated when the conversation happened');
  });

  test('reflect_on_past finds it by what was said', async () => {
    const a = await api();
    const reply = await a.ctx.client.search({ query: 'quokka parser unicode escapes', kinds: ['conversation'] });
    const top = reply.data?.results[0];
    assert.ok(top, 'no result');
    assert.equal(top.kind, 'conversation');
    assert.match(top.excerpt, /quokka/i);
  });

  test('reflection_stats reports the last import', async () => {
    const a = await api();
    const status = await a.ctx.client.conversationStatus();
    assert.equal(status?.root, root);
    assert.equal(status?.watching, false);
    assert.equal(status?.last_import?.chunks_added, first?.chunks_added);
    assert.equal(status?.last_import?.trigger, 'tool');
    assert.equal((await a.ctx.client.stats()).data?.conversations.last_import?.finished_at, status?.last_import?.finished_at);
  });

  test('importing again finds nothing new', async () => {
    const again = await vscode.commands.executeCommand<ImportSummary | null>('sessionMgmt.importConversations');
    assert.equal(again?.chunks_added, 0);
    assert.equal(again?.files_changed, 0);
    assert.equal(again?.files, 1);
  });

  test('cancelling an import stops it, keeps the connection, and the next import finishes the rest', async () => {
    const a = await api();
    generateCorpus({ root, bytes: 4_000_000, projects: [workspaceRoot()], sessionBytes: [150_000, 300_000], start: new Date('2026-10-01T09:00:00.000Z') });
    const ac = new AbortController();
    const seen: [number, number][] = [];
    const t0 = Date.now();
    const cancelled = a.ctx.client.importConversations({}, (_m, done, total) => {
      seen.push([done, total]);
      ac.abort();
    }, { signal: ac.signal });
    await assert.rejects(cancelled);
    const ms = Date.now() - t0;
    assert.ok(seen.length >= 1, 'progress was reported');
    assert.ok(seen.every(([d, t]) => t > 0 && d <= t), `progress within the total: ${JSON.stringify(seen)}`);
    await until('the server to record the cancelled import', async () => (await a.ctx.client.conversationStatus())?.last_import?.cancelled === true, 30_000);
    const rest = await vscode.commands.executeCommand<ImportSummary | null>('sessionMgmt.importConversations');
    assert.ok(rest, a.lastError() ?? 'no summary');
    assert.equal(rest.cancelled, false);
    assert.ok(rest.files > 10 && rest.files_changed > 0 && rest.chunks_added > 0, JSON.stringify(rest));
    const last = await vscode.commands.executeCommand<ImportSummary | null>('sessionMgmt.importConversations');
    assert.equal(last?.chunks_added, 0, 'nothing left after the second import');
    console.log(`cancelled after ${ms} ms (${seen.length} progress reports); the rest: ${rest.chunks_added} chunks from ${rest.files_changed} of ${rest.files} transcripts`);
  });

  test('sessionMgmt.conversations.watch imports new lines as they are written', async () => {
    const a = await api();
    await config().update('conversations.watch', true, vscode.ConfigurationTarget.Global);
    await serverSees('watching', (s) => s.root === root && s.watching);
    const w = TranscriptWriter.resume(transcript);
    w.user('Now the wombat cache needs an expiry.').assistant('Added a wombat cache expiry of ten minutes.');
    w.appendTo(transcript);
    const hit = await until(
      'the watcher to import the new lines',
      async () => (await a.ctx.client.search({ query: 'wombat cache expiry', kinds: ['conversation'] })).data?.results.find((r) => /wombat/i.test(r.excerpt)),
      45_000,
    );
    assert.equal(hit.source, transcript);
  });
});
