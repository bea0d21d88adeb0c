// Server options from the command line and environment. Flags win over environment variables.
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LOG_LEVELS, type LogLevel } from './log.js';
import { projectNameOf, projectRootOf } from './project.js';

export const DEFAULT_MODEL_ID = 'Xenova/all-MiniLM-L6-v2';

export interface ModelConfig {
  /** Explicit model folder (holding config.json, tokenizer.json, onnx/). */
  path: string | null;
  /** Hub id; also the folder name looked up in the bundled and cache folders. */
  id: string;
  /** Folder shipped with the extension, holding <id>/ folders. */
  bundledDir: string;
  /** Download from the hub when no local copy exists. */
  allowDownload: boolean;
  /** Hub base URL; transformers.js' default when null. */
  host: string | null;
  /** How often to look for a model again while none is available. */
  recheckMs: number;
}

export interface ServerConfig {
  dataDir: string;
  project: string;
  projectRoot: string;
  logLevel: LogLevel;
  model: ModelConfig;
  /** Small writes between background compactions. */
  compactEvery: number;
  /** Replace credential-looking text with markers before anything is stored. */
  redact: boolean;
  /** Conversation transcripts: where they are looked for, and whether to follow them as they grow. */
  conversations: { root: string; watch: boolean };
  /** Serve Streamable HTTP instead of stdio. */
  http: { host: string; port: number; token: string | null; idleTimeoutMs: number; maxSessions: number; metricsPublic: boolean } | null;
}

export const USAGE = `Usage: session-mgmt-server [options]

Session management MCP server over stdio.
Subcommand: session-mgmt-server context ... prints the context pack for Claude Code hooks
(session-mgmt-server context --help).

Options:
  --data-dir <dir>        where memory is stored (env SESSION_MGMT_DATA_DIR; default ~/.session-mgmt)
  --project <name>        current project (default: the git root's or working directory's name)
  --project-root <dir>    project folder (default: the git root around the working directory)
  --log-level <level>     error | warn | info | debug (env SESSION_MGMT_LOG_LEVEL; default info)
  --model-path <dir>      embedding model folder (env SESSION_MGMT_MODEL_PATH)
  --model <id>            model id (env SESSION_MGMT_MODEL; default ${DEFAULT_MODEL_ID})
  --no-download           never download a model (env SESSION_MGMT_ALLOW_DOWNLOAD=0)
  --model-host <url>      model hub base URL (env SESSION_MGMT_MODEL_HOST)
  --conversations-dir <dir>
                          Claude Code transcripts to import (env SESSION_MGMT_CONVERSATIONS_DIR;
                          default $CLAUDE_CONFIG_DIR/projects or ~/.claude/projects)
  --watch-conversations   import new transcript lines of the current project as they are written
                          (env SESSION_MGMT_WATCH_CONVERSATIONS=1)
  --no-redact             store memories without replacing secrets (API keys, tokens, passwords,
                          private keys) with [redacted: <kind>] markers (env SESSION_MGMT_REDACT=0)
  --http                  serve MCP over Streamable HTTP at /mcp instead of stdio
  --host <address>        HTTP bind address (default 127.0.0.1)
  --port <n>              HTTP port (default 7345; 0 picks a free one)
                          the bearer token comes from env SESSION_MGMT_HTTP_TOKEN, or is
                          created once in <data-dir>/http-token (readable by you only)
  --idle-timeout <s>      close an HTTP session idle for this many seconds (default 1800)
  --max-sessions <n>      refuse new HTTP sessions beyond this many with 503 (default 100)
  --metrics-public        serve GET /metrics without the bearer token
  -h, --help              show this help
`;

export class UsageError extends Error {}

type Env = Record<string, string | undefined>;

function envFlag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

function positiveNumber(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, got "${value}"`);
  return n;
}

function port(value: string | undefined): number {
  if (value === undefined) return 7345;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new UsageError(`--port must be a port number, got "${value}"`);
  return n;
}

/** Claude Code keeps transcripts in <config dir>/projects/<folder slug>/<session id>.jsonl. */
function defaultTranscriptsDir(env: Env): string {
  const configDir = env.CLAUDE_CONFIG_DIR?.trim() || path.join(os.homedir(), '.claude');
  return path.join(configDir, 'projects');
}

/** Options every mode that opens the store takes: the server, the subcommands, the language server. */
export const STORE_OPTIONS = {
  'data-dir': { type: 'string' },
  project: { type: 'string' },
  'project-root': { type: 'string' },
  'log-level': { type: 'string' },
  'model-path': { type: 'string' },
  model: { type: 'string' },
  'no-download': { type: 'boolean' },
  'model-host': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export function parseConfig(argv: string[], env: Env, cwd: string, distDir: string): ServerConfig | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        ...STORE_OPTIONS,
        'conversations-dir': { type: 'string' },
        'watch-conversations': { type: 'boolean' },
        'no-redact': { type: 'boolean' },
        http: { type: 'boolean' },
        host: { type: 'string' },
        port: { type: 'string' },
        'idle-timeout': { type: 'string' },
        'max-sessions': { type: 'string' },
        'metrics-public': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return 'help';

  const logLevel = (v['log-level'] ?? env.SESSION_MGMT_LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);

  const projectRoot = path.resolve(v['project-root'] ?? projectRootOf(cwd));
  const project = (v.project ?? env.SESSION_MGMT_PROJECT ?? projectNameOf(projectRoot)).trim();
  if (!project) throw new UsageError('--project must not be empty');

  const dataDir = path.resolve(v['data-dir'] ?? env.SESSION_MGMT_DATA_DIR ?? path.join(os.homedir(), '.session-mgmt'));
  const modelPath = v['model-path'] ?? env.SESSION_MGMT_MODEL_PATH ?? null;

  return {
    dataDir,
    project,
    projectRoot,
    logLevel,
    model: {
      path: modelPath ? path.resolve(modelPath) : null,
      id: v.model ?? env.SESSION_MGMT_MODEL ?? DEFAULT_MODEL_ID,
      bundledDir: path.join(distDir, '..', 'models'),
      allowDownload: v['no-download'] ? false : envFlag(env.SESSION_MGMT_ALLOW_DOWNLOAD, true),
      host: v['model-host'] ?? env.SESSION_MGMT_MODEL_HOST ?? null,
      recheckMs: positiveInt(env.SESSION_MGMT_MODEL_RECHECK_MS, 60_000, 'SESSION_MGMT_MODEL_RECHECK_MS'),
    },
    conversations: {
      root: path.resolve(v['conversations-dir'] ?? env.SESSION_MGMT_CONVERSATIONS_DIR ?? defaultTranscriptsDir(env)),
      watch: v['watch-conversations'] ?? envFlag(env.SESSION_MGMT_WATCH_CONVERSATIONS, false),
    },
    redact: v['no-redact'] ? false : envFlag(env.SESSION_MGMT_REDACT, true),
    compactEvery: positiveInt(env.SESSION_MGMT_COMPACT_EVERY, 100, 'SESSION_MGMT_COMPACT_EVERY'),
    http: v.http
      ? {
          host: v.host ?? '127.0.0.1',
          port: port(v.port),
          token: env.SESSION_MGMT_HTTP_TOKEN || null,
          idleTimeoutMs: positiveNumber(v['idle-timeout'], 1_800, '--idle-timeout') * 1000,
          maxSessions: positiveInt(v['max-sessions'], 100, '--max-sessions'),
          metricsPublic: v['metrics-public'] ?? false,
        }
      : null,
  };
}
