// Claude Code hook configuration (.claude/settings.json) that runs `server.js context` at session
// start and on every prompt. Pure: it is given the command that runs the `context` subcommand.

/** POSIX shell quoting; Claude Code runs hook commands through a shell. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

export interface HookCommand {
  type: 'command';
  command: string;
  /** Seconds. */
  timeout: number;
}

export interface ClaudeHooksConfig {
  hooks: {
    SessionStart: { hooks: HookCommand[] }[];
    UserPromptSubmit: { hooks: HookCommand[] }[];
  };
}

/**
 * The hooks for the context subcommand run as `command ...args` (args end with `context` and its
 * options, e.g. the launcher's `context --data-dir D`; env is set in front, e.g.
 * ELECTRON_RUN_AS_NODE=1 when the command is VS Code's own binary). The project is the one Claude
 * Code runs in ($CLAUDE_PROJECT_DIR); the command prints nothing and exits 0 on any failure.
 */
export function claudeHooksConfig(command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): ClaudeHooksConfig {
  const prefix = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
  const base = `${prefix}${[command, ...args].map(shellQuote).join(' ')} --project-root "$CLAUDE_PROJECT_DIR"`;
  return {
    hooks: {
      SessionStart: [{ hooks: [{ type: 'command', command: base, timeout: 10 }] }],
      UserPromptSubmit: [{ hooks: [{ type: 'command', command: `${base} --prompt-from-stdin`, timeout: 5 }] }],
    },
  };
}
