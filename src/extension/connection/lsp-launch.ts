// How the extension runs the language server: always the bundled dist/server.js with VS Code's
// own Node, on the same data dir as the session server. Like the session server's launch, the
// machine-scoped data dir setting counts only in a trusted workspace. Pure, for unit tests.
import path from 'node:path';

export interface LspLaunchInputs {
  trusted: boolean;
  dataDir: string;
  bundledServer: string;
  nodePath: string;
  workspaceRoot: string | undefined;
  baseEnv: Record<string, string | undefined>;
}

export interface LspLaunch {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export function decideLspLaunch(i: LspLaunchInputs): LspLaunch {
  const args = [i.bundledServer, 'lsp'];
  if (i.workspaceRoot) args.push('--project-root', i.workspaceRoot);
  if (i.trusted && i.dataDir) args.push('--data-dir', i.dataDir);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(i.baseEnv)) if (v !== undefined) env[k] = v;
  // VS Code's own binary runs as plain Node with this, so users need no Node install.
  env.ELECTRON_RUN_AS_NODE = '1';
  return { command: i.nodePath, args, cwd: i.workspaceRoot ?? path.dirname(i.bundledServer), env };
}
