// Typed access to the extension's settings. Names follow the reference server's integration
// guide (sessionMgmt.autoInit, checkpointInterval, qualityThreshold, mcpServerPath).
import * as vscode from 'vscode';
import { DEFAULT_CONTEXT_BUDGET, MAX_CONTEXT_BUDGET, MIN_CONTEXT_BUDGET } from '../protocol/context-limits.js';
import type { CommitMode } from '../protocol/session-schemas.js';

export const SECTION = 'sessionMgmt';

export interface Settings {
  autoInit: boolean;
  checkpointInterval: number;
  qualityThreshold: number;
  checkpointCommit: CommitMode;
  endSessionOnClose: boolean;
  /** Open the previous session's handoff beside the editor when a new session starts. */
  showHandoffOnStart: boolean;
  mcpServerPath: string;
  serverCommand: string;
  serverArgs: string[];
  serverUrl: string;
  dataDir: string;
  /** Import the current project's new transcript lines in the background after a session starts. */
  conversationsImportOnStart: boolean;
  /** The bundled server follows the current project's transcripts as they grow. */
  conversationsWatch: boolean;
  /** Where the bundled server looks for Claude Code transcripts; empty = its default. */
  conversationsRoot: string;
  /** Token budget of the context pack the Session view shows. */
  contextBudget: number;
}

/** Settings that make the extension run a program, talk to another server or read a folder of its choosing: machine-scoped (the folders machine-overridable), and ignored when the workspace is not trusted. */
export const LAUNCH_SETTINGS = ['mcpServerPath', 'server.command', 'server.args', 'server.url', 'dataDir', 'conversations.root'] as const;

/** Settings the server is started with: changing one restarts it. */
export const RESTART_SETTINGS = [...LAUNCH_SETTINGS, 'conversations.watch'] as const;

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const mode = c.get<string>('checkpointCommit', 'tracked');
  return {
    autoInit: c.get<boolean>('autoInit', true),
    checkpointInterval: Math.max(0, c.get<number>('checkpointInterval', 0)),
    qualityThreshold: Math.min(100, Math.max(0, c.get<number>('qualityThreshold', 60))),
    checkpointCommit: mode === 'off' || mode === 'all' ? mode : 'tracked',
    endSessionOnClose: c.get<boolean>('endSessionOnClose', true),
    showHandoffOnStart: c.get<boolean>('showHandoffOnStart', true),
    mcpServerPath: c.get<string>('mcpServerPath', '').trim(),
    serverCommand: c.get<string>('server.command', '').trim(),
    serverArgs: c.get<string[]>('server.args', []).filter((a) => typeof a === 'string'),
    serverUrl: c.get<string>('server.url', '').trim(),
    dataDir: c.get<string>('dataDir', '').trim(),
    conversationsImportOnStart: c.get<boolean>('conversations.importOnStart', true),
    conversationsWatch: c.get<boolean>('conversations.watch', false),
    conversationsRoot: c.get<string>('conversations.root', '').trim(),
    contextBudget: Math.round(Math.min(MAX_CONTEXT_BUDGET, Math.max(MIN_CONTEXT_BUDGET, c.get<number>('context.budget', DEFAULT_CONTEXT_BUDGET)))),
  };
}

export function affectsLaunch(e: vscode.ConfigurationChangeEvent): boolean {
  return RESTART_SETTINGS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}
