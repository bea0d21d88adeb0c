// The product as `npm start` runs it: code-server in the user's own environment (their HOME, so
// git sees their identity, Claude Code transcripts are found under ~/.claude and the SSH agent
// works), with the packaged extension installed and code-server's own state kept in one folder.
// The newcomer e2e test calls this same function with a made-up home.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, startCodeServer, type CodeServer } from './code-server.js';

export const START_STATE_DIR = path.join(ROOT, '.cache', 'start');

export interface ProductOptions {
  folder: string;
  vsix: string;
  /** The user's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Where code-server keeps its settings, extensions and logs (default .cache/start). */
  stateDir?: string;
}

export function startProduct(opts: ProductOptions): Promise<CodeServer> {
  const env = opts.env ?? process.env;
  // code-server's logs go to $XDG_DATA_HOME, which is moved into the state folder; the integrated
  // terminal gets the user's own value back (null removes the variable).
  const terminalEnv = { XDG_DATA_HOME: env.XDG_DATA_HOME ?? null };
  return startCodeServer({
    workspace: opts.folder,
    vsix: [opts.vsix],
    userEnv: { env, stateDir: opts.stateDir ?? START_STATE_DIR },
    userSettings: {
      // The user's own git: let VS Code's Source Control show the checkpoint commits.
      'git.enabled': true,
      'terminal.integrated.env.linux': terminalEnv,
      'terminal.integrated.env.osx': terminalEnv,
    },
  });
}

/** What `npm start` tells the user about the parts of their home it uses. */
export function describeEnvironment(env: NodeJS.ProcessEnv, folder: string, stateDir = START_STATE_DIR): string[] {
  const home = env.HOME ?? env.USERPROFILE ?? '';
  const claude = env.CLAUDE_CONFIG_DIR?.trim() || path.join(home, '.claude');
  const gitEnv = { ...env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  const ident = (key: string): string => spawnSync('git', ['config', key], { cwd: folder, env: gitEnv, encoding: 'utf8' }).stdout?.trim() ?? '';
  const name = ident('user.name');
  const email = ident('user.email');
  const lines = [
    'VS Code runs as you, in your environment:',
    `  Home: ${home} (your git configuration and shell environment)`,
    `  SSH agent: ${env.SSH_AUTH_SOCK || 'none running'}`,
    name && email
      ? `  Git identity: ${name} <${email}>`
      : '  Git identity: not set, so checkpoint commits are skipped. Set it with:\n    git config --global user.name "Your Name"\n    git config --global user.email you@example.com',
    `  Claude Code transcripts: ${path.join(claude, 'projects')}`,
    `  Memory: ${env.SESSION_MGMT_DATA_DIR?.trim() || path.join(home, '.session-mgmt')}`,
    `  VS Code's own settings, extensions and logs: ${stateDir}`,
  ];
  return lines;
}
