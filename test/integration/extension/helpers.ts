// Shared by the integration suites: the extension's API, polling, git in the fixture workspace.
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { SessionMgmtApi } from '../../../src/extension/extension.js';

export const EXTENSION_ID = 'session-mgmt.session-mgmt-vscode';

export async function api(): Promise<SessionMgmtApi> {
  const ext = vscode.extensions.getExtension<SessionMgmtApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function workspaceRoot(): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) throw new Error('no workspace folder');
  return root;
}

export { waitFor as until } from '../../support/wait.js';

export function git(args: string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot(), encoding: 'utf8' });
}

export function memoryLine(label: string): string {
  const m = process.memoryUsage();
  return `extension host ${label}: rss ${(m.rss / 1_048_576).toFixed(1)} MB, heap ${(m.heapUsed / 1_048_576).toFixed(1)} MB`;
}
