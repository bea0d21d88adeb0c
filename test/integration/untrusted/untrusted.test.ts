/// <reference types="mocha" />
// An untrusted workspace that configures its own server command must not get it run: the
// bundled server is used, and sessions (which run git in the folder) are refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { api, workspaceRoot } from '../extension/helpers.js';

suite('untrusted workspace', () => {
  test('the workspace-configured server command is not spawned', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    // VS Code hides restricted workspace values while untrusted, so read the settings file itself.
    const settings = fs.readFileSync(path.join(workspaceRoot(), '.vscode', 'settings.json'), 'utf8');
    assert.match(settings, /"sessionMgmt\.mcpServerPath":".*evil-server\.js"/);
    const a = await api();
    await a.whenRunning();
    const decision = a.ctx.launch();
    assert.equal(decision.launch.kind === 'stdio' && decision.launch.bundled, true);
    // Give a wrongly spawned command time to leave its mark.
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(fs.existsSync(path.join(workspaceRoot(), 'SPAWNED')), false, 'the workspace command ran');
  });

  test('memory works but sessions are refused without trust', async () => {
    const a = await api();
    const id = await vscode.commands.executeCommand<string | null>('sessionMgmt.storeReflection', { content: 'searchable even in untrusted folders' });
    assert.ok(id);
    await vscode.commands.executeCommand('sessionMgmt.startSession');
    await vscode.commands.executeCommand('sessionMgmt.checkpoint');
    assert.equal(a.ctx.state.snapshot.session, null);
    assert.equal(fs.existsSync(path.join(workspaceRoot(), '.git', 'index.lock')), false);
    assert.equal(execFileSync('git', ['log', '--format=%s'], { cwd: workspaceRoot(), encoding: 'utf8' }).trim(), 'initial commit', 'no checkpoint commit');
  });
});
