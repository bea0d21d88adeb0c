/// <reference types="mocha" />
// The memory language server through VS Code's own provider commands: the extension's
// LanguageClient, the lens, the hover and workspace symbols for a memory stored from the editor.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { api, until, workspaceRoot } from './helpers.js';

const hoverText = (hovers: vscode.Hover[]): string =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

suite('memory language server in VS Code', () => {
  let file: string;
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    const a = await api();
    await a.whenRunning();
    file = path.join(workspaceRoot(), 'src', 'queue-client.ts');
    fs.writeFileSync(file, 'export const queueOptions = {\n  maxRetriesPerRequest: null,\n  enableOfflineQueue: false,\n};\n');
    doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const id = await vscode.commands.executeCommand<string | null>('sessionMgmt.storeReflection', {
      content: 'Workers need maxRetriesPerRequest: null on the shared ioredis connection (see src/queue-client.ts).',
      tags: ['gotcha'],
      files: [file],
    });
    assert.ok(id, `not stored: ${a.lastError() ?? ''}`);
  });

  suiteTeardown(() => fs.rmSync(file, { force: true }));

  test('a lens on the file the memory lists, running the Search view command', async () => {
    const lens = await until(
      'a resolved memories lens',
      async () => {
        const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? [];
        return lenses.find((l) => l.command?.command === 'sessionMgmt.showFileMemories');
      },
      30_000,
    );
    assert.match(lens.command!.title, /^1 memory · last (just now|\d+ minutes? ago)$/);
    assert.equal(lens.range.start.line, 0);
    assert.deepEqual(lens.command!.arguments, [file]);
  });

  test('a hover on the identifier shows the memory with an Open link', async () => {
    const text = await until(
      'a memory hover',
      async () => hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 6))) ?? []) || null,
      20_000,
    );
    assert.match(text, /Workers need maxRetriesPerRequest: null/);
    assert.match(text, /\[Open\]\(command:sessionMgmt\.openMemory\?/);
    const none = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 2));
    assert.doesNotMatch(hoverText(none ?? []), /Session memory/);
  });

  test('workspace symbols find the memory at its file', async () => {
    const symbols = await until(
      'memory symbols',
      async () => {
        const found = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'ioredis connection')) ?? [];
        return found.find((s) => s.name.startsWith('Workers need maxRetriesPerRequest'));
      },
      20_000,
    );
    assert.equal(symbols.location.uri.fsPath, file);
  });
});
