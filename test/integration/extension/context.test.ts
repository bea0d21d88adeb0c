/// <reference types="mocha" />
// The Session view's "Context for the next agent" row and the document it opens, against the real
// server in the real VS Code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { SessionTree } from '../../../src/extension/views/session-tree.js';
import { api, git, until, workspaceRoot } from './helpers.js';

suite('context pack in the Session view', () => {
  let tree: SessionTree | null = null;
  teardown(() => {
    tree?.dispose();
    tree = null;
  });
  // The suites after this one share the workspace: leave it clean.
  suiteTeardown(() => {
    git(['checkout', '--', 'src/index.ts']);
  });

  test('shows "Agent context: N items, ~T tokens" and opens it as a document', async () => {
    const a = await api();
    await a.whenRunning();
    await vscode.commands.executeCommand('sessionMgmt.startSession');
    await until('a session', () => a.ctx.state.snapshot.session);
    // Work in progress on a file a decision is about.
    const file = path.join(workspaceRoot(), 'src', 'index.ts');
    fs.appendFileSync(file, '\nexport const sub = (a: number, b: number): number => a - b;\n');
    const id = await vscode.commands.executeCommand<string | null>('sessionMgmt.storeReflection', {
      content: 'Decided: arithmetic helpers in src/index.ts stay pure functions without logging.',
      tags: ['decision'],
      files: [file],
    });
    assert.ok(id, a.lastError() ?? 'not stored');

    tree = new SessionTree(a.ctx);
    const rows = await tree.getChildren();
    const row = rows.find((n) => n.kind === 'context');
    assert.ok(row, `no context row among ${rows.map((n) => n.kind).join(', ')}`);
    const item = tree.getTreeItem(row);
    assert.equal(item.label, 'Agent context');
    assert.match(String(item.tooltip), /^Context for the next agent, /);
    assert.match(String(item.description), /^\d+ items?, ~[\d,]+ tokens$/);
    assert.ok(row.kind === 'context' && row.pack.items.some((i) => i.id === id), 'the decision about the changed file is in the pack');
    assert.equal(item.command?.command, 'sessionMgmt.showContextPack');

    await vscode.commands.executeCommand('sessionMgmt.showContextPack');
    const doc = await until('the context document', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d && d.uri.scheme === 'session-mgmt' && d.uri.path.startsWith('/context/') ? d : null;
    });
    assert.match(doc.getText(), /^# Context for /);
    assert.match(doc.getText(), /Decided: arithmetic helpers in src\/index\.ts stay pure/);
    assert.match(doc.getText(), /why: about src\/index\.ts \(changed\)/);
  });

  test('the budget setting governs the pack', async () => {
    const a = await api();
    const config = vscode.workspace.getConfiguration('sessionMgmt');
    await config.update('context.budget', 120, vscode.ConfigurationTarget.Global);
    try {
      tree = new SessionTree(a.ctx);
      const row = (await tree.getChildren()).find((n) => n.kind === 'context');
      assert.ok(row && row.kind === 'context');
      assert.equal(row.pack.budget, 120);
      assert.ok(row.pack.tokens <= 120);
    } finally {
      await config.update('context.budget', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Copy MCP Configuration offers the Claude Code hooks', async () => {
    const text = await vscode.commands.executeCommand<string>('sessionMgmt.copyMcpConfig', 'claude-hooks');
    const cfg = JSON.parse(text) as { hooks: Record<string, { hooks: { type: string; command: string }[] }[]> };
    assert.deepEqual(Object.keys(cfg.hooks), ['SessionStart', 'UserPromptSubmit']);
    const command = cfg.hooks.SessionStart?.[0]?.hooks[0]?.command ?? '';
    // It runs the launcher in the data dir (which survives updates), as Claude Code would: through a shell.
    assert.match(command, /session-mgmt-mcp'? context --project-root "\$CLAUDE_PROJECT_DIR"$/);
    assert.equal(await vscode.env.clipboard.readText(), text);
    const root = workspaceRoot();
    const env: NodeJS.ProcessEnv = { ...process.env, CLAUDE_PROJECT_DIR: root };
    delete env.ELECTRON_RUN_AS_NODE;
    // A generous time limit: this checks what it prints; its speed is measured by npm run bench.
    const run = spawnSync('/bin/sh', ['-c', command.replace(' context ', ' context --time-limit-ms 30000 ')], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^# Context for /, run.stderr);
  });
});
