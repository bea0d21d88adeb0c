// How another MCP client (Claude Code, Cursor, VS Code's mcp.json, a Claude Code hook) starts the
// session server: through the stable launcher, with the data dir when it is not the default.
// Pure, so every configuration the extension hands out is built the same way.
import { samePath, type Platform } from './data-dir.js';

export interface ExternalServerInputs {
  /** The launcher's path (launcherPath()). */
  launcher: string;
  platform: Platform;
  /** The data dir in use, and the default one: --data-dir is passed only when they differ. */
  dataDir: string;
  defaultDataDir: string;
  /** A subcommand such as `context` (before the options); none for the MCP stdio server. */
  subcommand?: string;
  /** Extra arguments after the options, e.g. ['--project-root', '${workspaceFolder}']. */
  args?: string[];
}

export interface ExternalServerCommand {
  command: string;
  args: string[];
  /** Environment the client must add (empty when none is needed). */
  env: Record<string, string>;
}

export function externalServerCommand(i: ExternalServerInputs): ExternalServerCommand {
  const custom = !samePath(i.dataDir, i.defaultDataDir, i.platform);
  const tail = [...(i.subcommand ? [i.subcommand] : []), ...(i.args ?? [])];
  if (i.platform === 'win32') {
    // Node cannot spawn a .cmd without a shell, so it runs through cmd /c. cmd keeps the quotes of
    // one quoted path only; the data dir therefore goes in the environment, not on the command line.
    return { command: 'cmd', args: ['/c', i.launcher, ...tail], env: custom ? { SESSION_MGMT_DATA_DIR: i.dataDir } : {} };
  }
  return { command: i.launcher, args: [...tail, ...(custom ? ['--data-dir', i.dataDir] : [])], env: {} };
}
