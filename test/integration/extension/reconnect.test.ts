/// <reference types="mocha" />
// The server dies; the extension notices, restarts it, and the next command succeeds.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, memoryLine, until } from './helpers.js';

suite('server crash recovery', () => {
  test('kill -9 the server: the extension reconnects and the next command succeeds', async () => {
    const a = await api();
    await a.whenRunning();
    const pid = a.serverPid();
    assert.ok(pid);
    const memBefore = process.memoryUsage().heapUsed;
    process.kill(pid, 'SIGKILL');
    await until('the disconnect to be noticed', () => a.serverState() !== 'running' || a.serverPid() !== pid, 10_000);
    await a.whenRunning(20_000);
    assert.notEqual(a.serverPid(), pid);
    const id = await vscode.commands.executeCommand<string | null>('sessionMgmt.storeReflection', { content: 'stored after the server was killed' });
    assert.ok(id, a.lastError() ?? 'no id');
    const mb = (process.memoryUsage().heapUsed - memBefore) / 1_048_576;
    console.log(`extension host heap change across the crash and reconnect: ${mb.toFixed(1)} MB`);
  });

  test('Restart Server restarts it', async () => {
    const a = await api();
    const pid = a.serverPid();
    await vscode.commands.executeCommand('sessionMgmt.restartServer');
    await a.whenRunning();
    assert.notEqual(a.serverPid(), pid);
    console.log(memoryLine('after the suites'));
  });
});
