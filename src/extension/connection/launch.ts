// Decides how to reach the session server: the bundled one (default), an external command, or a
// Streamable HTTP URL. Pure apart from its inputs, so it is unit-testable without VS Code.
import path from 'node:path';

export type Launch =
  | { kind: 'stdio'; label: string; command: string; args: string[]; env: Record<string, string>; cwd: string | undefined; bundled: boolean }
  | { kind: 'http'; label: string; url: URL };

export interface LaunchInputs {
  trusted: boolean;
  settings: {
    mcpServerPath: string;
    serverCommand: string;
    serverArgs: string[];
    serverUrl: string;
    dataDir: string;
    conversationsWatch: boolean;
    conversationsRoot: string;
  };
  /** Absolute path of the bundled dist/server.js. */
  bundledServer: string;
  /** The node binary to run .js servers with (VS Code's own). */
  nodePath: string;
  workspaceRoot: string | undefined;
  baseEnv: Record<string, string | undefined>;
}

export interface LaunchDecision {
  launch: Launch;
  /** Why a configured server was not used, if one was ignored. */
  ignored: string | null;
}

function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** How to run a server file: .js with VS Code's Node, .py with python3, anything else directly. */
export function commandFor(file: string, nodePath: string): { command: string; args: string[]; viaNode: boolean } {
  if (/\.(c|m)?js$/i.test(file)) return { command: nodePath, args: [file], viaNode: true };
  if (/\.py$/i.test(file)) return { command: 'python3', args: [file], viaNode: false };
  return { command: file, args: [], viaNode: false };
}

export function decideLaunch(i: LaunchInputs): LaunchDecision {
  const s = i.settings;
  const env = cleanEnv(i.baseEnv);
  const configured = s.serverUrl || s.mcpServerPath || s.serverCommand;
  const ignored = configured && !i.trusted ? 'the workspace is not trusted, so the configured server is ignored and the bundled one is used' : null;

  if (i.trusted && s.serverUrl) {
    let url: URL;
    try {
      url = new URL(s.serverUrl);
    } catch {
      throw new Error(`sessionMgmt.server.url is not a valid URL: ${s.serverUrl}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('sessionMgmt.server.url must be an http:// or https:// URL');
    return { launch: { kind: 'http', label: url.origin, url }, ignored: null };
  }
  if (i.trusted && (s.mcpServerPath || s.serverCommand)) {
    const base = s.mcpServerPath ? commandFor(s.mcpServerPath, i.nodePath) : { command: s.serverCommand, args: [], viaNode: s.serverCommand === i.nodePath };
    return {
      launch: {
        kind: 'stdio',
        label: s.mcpServerPath || s.serverCommand,
        command: base.command,
        args: [...base.args, ...s.serverArgs],
        env: base.viaNode ? { ...env, ELECTRON_RUN_AS_NODE: '1' } : env,
        cwd: i.workspaceRoot,
        bundled: false,
      },
      ignored: null,
    };
  }
  const args = [i.bundledServer];
  if (i.workspaceRoot) args.push('--project-root', i.workspaceRoot);
  if (i.trusted && s.dataDir) args.push('--data-dir', s.dataDir);
  if (i.trusted && s.conversationsRoot) args.push('--conversations-dir', s.conversationsRoot);
  if (s.conversationsWatch) args.push('--watch-conversations');
  return {
    launch: {
      kind: 'stdio',
      label: 'bundled server',
      command: i.nodePath,
      args,
      // VS Code's own binary runs as plain Node with this, so users need no Node install.
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
      cwd: i.workspaceRoot ?? path.dirname(i.bundledServer),
      bundled: true,
    },
    ignored,
  };
}
