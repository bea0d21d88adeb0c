// The subcommands of dist/server.js. Without one, dist/server.js is the MCP server over stdio.
import { CliError, EXIT } from './common.js';

type Run = (argv: string[]) => Promise<number>;

// Loaded on use, so the MCP server's start does not pay for them.
const COMMANDS: Record<string, () => Promise<Run>> = {
  export: async () => (await import('./export.js')).runExport,
  import: async () => (await import('./import.js')).runImport,
  backup: async () => (await import('./backup.js')).runBackup,
  restore: async () => (await import('./restore.js')).runRestore,
  score: async () => (await import('./score.js')).runScore,
  // Prints the context pack for agent hooks; it never fails the hook (it exits 0 itself).
  context: async () => {
    const { runContextCommand } = await import('./context.js');
    return async (argv) => {
      await runContextCommand(argv);
      return 0;
    };
  },
};

export const SUBCOMMAND_HELP = `Subcommands (each has --help):
  export                  write memories, sessions and checkpoints as JSON Lines
  import FILE             read an export into this data dir
  backup                  copy the data dir's database at one version
  restore DIR             put a backup in place
  score [DIR]             the project quality score, a CI gate with --min
  context                 print the context pack (for Claude Code hooks)
  lsp                     the language server over stdio (code lenses, hovers, symbols)`;

export function isSubcommand(name: string | undefined): name is string {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

/** Runs a subcommand and returns its exit code; errors are printed, not thrown. */
export async function runSubcommand(name: string, argv: string[]): Promise<number> {
  const load = COMMANDS[name];
  if (!load) throw new Error(`unknown subcommand ${name}`);
  try {
    return await (await load())(argv);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`session-mgmt ${name}: ${err.message}\n${err.code === EXIT.usage ? `Try: session-mgmt ${name} --help\n` : ''}`);
      return err.code;
    }
    process.stderr.write(`session-mgmt ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.error;
  }
}
