// What every subcommand shares: option parsing on top of the server's own configuration (so the
// data dir, project and model resolve exactly as the server resolves them), errors and exit codes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseConfig, STORE_OPTIONS, UsageError, type ServerConfig } from '../config.js';

export const EXIT = {
  ok: 0,
  /** The command ran and the answer is no: below --min, invalid lines, a failed verification. */
  failed: 1,
  /** Bad options or arguments. */
  usage: 2,
  /** Something went wrong while running. */
  error: 3,
} as const;

/** An error the user can fix; printed without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.error,
  ) {
    super(message);
  }
}

export const COMMON_HELP = `Common options:
  --data-dir <dir>        data dir (env SESSION_MGMT_DATA_DIR; default ~/.session-mgmt)
  --log-level <level>     error | warn | info | debug (default warn)
  -h, --help              show this help`;

const COMMON_OPTIONS = STORE_OPTIONS;

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

export interface Parsed {
  values: Values;
  positionals: string[];
  /** The data dir, project and model exactly as the server would resolve them. */
  cfg: ServerConfig;
  help: boolean;
}

export function parseCommand(argv: string[], own: Options, opts: { positionals: number }): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...own }, strict: true, allowPositionals: true });
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err), EXIT.usage);
  }
  const values = parsed.values as Values;
  if (parsed.positionals.length > opts.positionals) {
    throw new CliError(`unexpected argument "${parsed.positionals[opts.positionals]}"`, EXIT.usage);
  }
  const serverArgs: string[] = [];
  for (const name of Object.keys(COMMON_OPTIONS)) {
    const v = values[name];
    if (name === 'help' || v === undefined) continue;
    if (v === true) serverArgs.push(`--${name}`);
    else if (typeof v === 'string') serverArgs.push(`--${name}`, v);
  }
  if (values['log-level'] === undefined) serverArgs.push('--log-level', 'warn');
  let cfg: ServerConfig | 'help';
  try {
    cfg = parseConfig(serverArgs, process.env, process.cwd(), __dirname);
  } catch (err) {
    if (err instanceof UsageError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
  if (cfg === 'help') throw new Error('unreachable: help is handled by the subcommand');
  return { values, positionals: parsed.positionals, cfg, help: values.help === true };
}

export function stringOpt(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** An ISO 8601 date (or date-time) given on the command line, as epoch milliseconds. */
export function dateOpt(values: Values, name: string): number | null {
  const v = stringOpt(values, name);
  if (v === undefined) return null;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw new CliError(`--${name} must be an ISO 8601 date such as 2026-05-01, got "${v}"`, EXIT.usage);
  return ms;
}

/** Writes to stdout and waits for it to drain, so large outputs and pipes are not cut short. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}
