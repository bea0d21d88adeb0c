/// <reference types="mocha" />
// Store a reflection and find it again by search, by file and by concept, through the commands.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { api, until, workspaceRoot } from './helpers.js';

async function acceptQuickPickWhenReady(): Promise<void> {
  // Results arrive asynchronously; accept once the first real item is there.
  await new Promise((r) => setTimeout(r, 1_500));
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

async function openedMemoryText(): Promise<string> {
  const doc = await until('memory document', () => {
    const d = vscode.window.activeTextEditor?.document;
    return d && d.uri.scheme === 'session-mgmt' && d.uri.path.startsWith('/memory/') ? d : null;
  });
  return doc.getText();
}

suite('memory commands in VS Code', () => {
  const content = 'Zebrafish parser: the tokenizer must keep unicode escapes intact (fixed in src/index.ts).';

  test('Store Reflection stores through the real server', async () => {
    const a = await api();
    await a.whenRunning();
    const id = await vscode.commands.executeCommand<string | null>('sessionMgmt.storeReflection', {
      content,
      tags: ['parser'],
      files: [path.join(workspaceRoot(), 'src', 'index.ts')],
    });
    assert.ok(id, `not stored: ${a.lastError() ?? ''}`);
  });

  test('Store Reflection replaces a key with a marker before it is stored', async () => {
    const a = await api();
    const id = await vscode.commands.executeCommand<string | null>('sessionMgmt.storeReflection', {
      content: 'Staging RPC: https://rpc.example.dev/v1/?api-key=3f2c9a1e-5b7d-4c2a-9e8f-1a2b3c4d5e6f',
    });
    assert.ok(id, `not stored: ${a.lastError() ?? ''}`);
    const stored = (await a.ctx.client.getMemory(id)).data?.memory.text;
    assert.equal(stored, 'Staging RPC: https://rpc.example.dev/v1/?api-key=[redacted: api key]');
  });

  test('Search Memory finds it and opens it as a read-only document', async () => {
    const picked = vscode.commands.executeCommand('sessionMgmt.searchMemory', 'zebrafish tokenizer');
    await acceptQuickPickWhenReady();
    await picked;
    assert.match(await openedMemoryText(), /Zebrafish parser/);
  });

  test('Search Memory for Current File finds it by file', async () => {
    const picked = vscode.commands.executeCommand('sessionMgmt.searchCurrentFile', vscode.Uri.file(path.join(workspaceRoot(), 'src', 'index.ts')));
    await acceptQuickPickWhenReady();
    await picked;
    assert.match(await openedMemoryText(), /Zebrafish parser/);
  });

  test('Search by Concept finds it', async () => {
    const picked = vscode.commands.executeCommand('sessionMgmt.searchByConcept', 'unicode escapes tokenizer');
    await acceptQuickPickWhenReady();
    await picked;
    assert.match(await openedMemoryText(), /Zebrafish parser/);
  });

  test('bad input gets a clear error and stores nothing', async () => {
    const a = await api();
    const before = (await a.ctx.client.stats()).data?.total;
    const empty = await vscode.commands.executeCommand('sessionMgmt.storeReflection', { content: '' });
    assert.equal(empty, undefined);
    assert.equal(a.lastError(), 'Reflection not stored: A reflection cannot be empty.');
    await vscode.commands.executeCommand('sessionMgmt.storeReflection', { content: 'x'.repeat(60_000) });
    assert.match(a.lastError() ?? '', /at most 50,000 characters \(this has 60,000\)/);
    await vscode.commands.executeCommand('sessionMgmt.storeReflection', { content: 'ok', tags: ['c++'] });
    assert.match(a.lastError() ?? '', /tags\[0\] "c\+\+" may only contain/);
    assert.equal((await a.ctx.client.stats()).data?.total, before);
  });

  test('Copy MCP Configuration points at the launcher in the data dir, which runs this installation', async () => {
    const a = await api();
    const text = await vscode.commands.executeCommand<string>('sessionMgmt.copyMcpConfig', 'claude');
    const cfg = JSON.parse(text) as { mcpServers: { 'session-mgmt': { command: string; args: string[]; env?: Record<string, string> } } };
    const server = cfg.mcpServers['session-mgmt'];
    const launcher = process.platform === 'win32' ? server.args[1] : server.command;
    assert.equal(launcher, path.join(a.ctx.dataDir, 'bin', process.platform === 'win32' ? 'session-mgmt-mcp.cmd' : 'session-mgmt-mcp'));
    assert.ok(fs.existsSync(launcher ?? ''), 'the launcher exists');
    assert.ok(fs.readFileSync(launcher ?? '', 'utf8').includes(a.ctx.bundledServer), 'the launcher runs this installation');
    if (process.platform !== 'win32') {
      const custom = path.resolve(a.ctx.dataDir) !== path.join(os.homedir(), '.session-mgmt');
      assert.deepEqual(server.args, custom ? ['--data-dir', a.ctx.dataDir] : []);
    }
    assert.equal(await vscode.env.clipboard.readText(), text);
  });
});
