/// <reference types="mocha" />
// Opening the fixture repository spawns the server, auto-init starts a session, and the session
// commands work end to end through the real server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CheckpointOutput } from '../../../src/protocol/session-schemas.js';
import { api, git, memoryLine, until, workspaceRoot } from './helpers.js';

suite('session lifecycle in VS Code', () => {
  test('activation is quick, the bundled server starts and auto-init opens a session', async () => {
    const a = await api();
    console.log(`activate() took ${a.activationMs.toFixed(1)} ms`);
    console.log(memoryLine('before the suites'));
    await a.whenRunning();
    assert.ok(a.serverPid(), 'the bundled server runs as a child process');
    const snap = await until('auto-init', () => (a.ctx.state.snapshot.session && a.ctx.state.snapshot.quality ? a.ctx.state.snapshot : null));
    assert.equal(snap.session?.workspace, workspaceRoot());
    assert.ok(snap.quality && snap.quality.score >= 0 && snap.quality.score <= 100);
    console.log(`auto-init session ${snap.session?.id}, score ${snap.quality?.score}`);
  });

  test('Checkpoint commits tracked changes in the fixture repository', async () => {
    const file = path.join(workspaceRoot(), 'src', 'index.ts');
    fs.appendFileSync(file, 'export const touched = true;\n');
    const out = await vscode.commands.executeCommand<CheckpointOutput | null>('sessionMgmt.checkpoint');
    assert.ok(out, 'checkpoint returned nothing');
    assert.equal(out.commit.status, 'committed', out.commit.reason);
    assert.deepEqual(out.commit.files, ['src/index.ts']);
    assert.match(git(['log', '-1', '--format=%s']), /^checkpoint: .+ \(quality: \d+\/100\)/);
    const a = await api();
    assert.equal(a.ctx.state.snapshot.quality?.score, out.quality.score);
  });

  test('Show Status opens a read-only status document', async () => {
    await vscode.commands.executeCommand('sessionMgmt.showStatus');
    const doc = await until('status document', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'session-mgmt' && d.uri.path.startsWith('/status/')));
    assert.match(doc.getText(), /^# .+: quality \d+\/100 \((excellent|good|needs-attention)\)$/m);
    assert.match(doc.getText(), /Session `[0-9a-f-]{36}` open since/);
    assert.match(doc.getText(), /\| Test coverage \| ([\d.]+|–)\/15 \| (measured|unknown|not applicable) \|/);
  });

  test('End Session writes the handoff outside the repository and opens it', async () => {
    await vscode.commands.executeCommand('sessionMgmt.endSession');
    const doc = await until('handoff document', () => vscode.workspace.textDocuments.find((d) => d.uri.fsPath.includes(`${path.sep}handoffs${path.sep}`)));
    const handoff = doc.uri.fsPath;
    assert.ok(!handoff.startsWith(workspaceRoot()), handoff);
    assert.match(doc.getText(), /^# Session handoff: /);
    assert.match(doc.getText(), /## Checkpoints \(1\)/);
    const a = await api();
    assert.equal(a.ctx.state.snapshot.session, null);
  });

  test('Start Session after an end opens a new session', async () => {
    await vscode.commands.executeCommand('sessionMgmt.startSession');
    const a = await api();
    await until('new session', () => a.ctx.state.snapshot.session);
  });
});
