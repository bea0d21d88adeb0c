// `dist/server.js context`: prints the context pack for Claude Code's SessionStart hook, or with
// --prompt-from-stdin the few memories relevant to the prompt of a UserPromptSubmit hook (plain
// stdout on exit 0 is what Claude Code adds to the context of both). It only reads: the store is
// opened read-only and nothing is created. It never blocks the agent: searches still running at its
// time limit are named rather than waited for, and any failure (or a run stuck 5 s past the limit)
// prints nothing, exits 0 and says why on stderr.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig, type ServerConfig } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import type { MemoryService } from '../memory/memory-service.js';
import { buildContextPack } from '../memory/context-pack.js';
import { locateModel } from '../memory/model-locator.js';
import { scoreLineFromHistory } from '../session/score-line.js';

export const CONTEXT_USAGE = `Usage: session-mgmt-server context [--project-root <dir>] [--budget <tokens>] [--prompt-from-stdin]
                              [--time-limit-ms <ms>] [server options: --data-dir, --project, --model-path, ...]

Prints the context pack of the project (Claude Code SessionStart hook). With --prompt-from-stdin,
reads the UserPromptSubmit hook's JSON ({"prompt": ..., "cwd": ...}) or plain text from stdin and
prints the memories relevant to the prompt, or nothing. Always exits 0; problems go to stderr.
`;

/**
 * Whole run, counted from the process start, to printing: searches still running then are named in
 * the pack instead of waited for. Claude Code's own hook timeout is far longer.
 */
const DEFAULT_TIME_LIMIT_MS = 1_700;
/** Past the time limit, a run that is still stuck (a hung store, say) is abandoned, printing nothing. */
const ABANDON_AFTER_MS = 5_000;
/** Loading the embedding model is only attempted when at least this much time is left. */
const MODEL_LOAD_ALLOWANCE_MS = 800;
/** Time kept for the searches themselves once the model is given up on. */
const SEARCH_RESERVE_MS = 500;
/** Time kept after the searches for marking stale items, writing and printing the pack. */
const RENDER_RESERVE_MS = 250;
const STDIN_MAX_BYTES = 1_048_576;
/**
 * The most memories of the project the hook indexes, the newest: reading and indexing takes about
 * 50 µs a memory (10,000 in about half a second), so a project of 100k would not be searched
 * within the time limit at all. The pack says when it searched only these.
 */
const INDEX_NEWEST = 10_000;

interface Options {
  budget: number | undefined;
  promptFromStdin: boolean;
  timeLimitMs: number;
  serverArgs: string[];
}

function parseOwn(argv: string[]): Options | 'help' {
  const { values, tokens } = parseArgs({
    args: argv,
    options: {
      budget: { type: 'string' },
      'prompt-from-stdin': { type: 'boolean' },
      'time-limit-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  if (values.help === true) return 'help';
  const own = new Set(['budget', 'prompt-from-stdin', 'time-limit-ms']);
  const serverArgs: string[] = [];
  for (const t of tokens ?? []) {
    if (t.kind === 'option' && own.has(t.name)) continue;
    if (t.kind === 'option') serverArgs.push(t.rawName, ...(t.value !== undefined ? [t.value] : []));
    else if (t.kind === 'positional') serverArgs.push(t.value);
  }
  const int = (v: unknown, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (typeof v !== 'string' || !Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got "${String(v)}"`);
    return n;
  };
  return {
    budget: int(values.budget, 'budget'),
    promptFromStdin: values['prompt-from-stdin'] === true,
    timeLimitMs: int(values['time-limit-ms'], 'time-limit-ms') ?? DEFAULT_TIME_LIMIT_MS,
    serverArgs,
  };
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > STDIN_MAX_BYTES) throw new Error('stdin is larger than 1 MB');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Claude Code's UserPromptSubmit input: {session_id, transcript_path, cwd, hook_event_name, prompt}; plain text is taken as the prompt. */
export function promptInput(raw: string): { prompt: string; cwd: string | null } {
  const text = raw.trim();
  if (text.startsWith('{')) {
    const json = JSON.parse(text) as { prompt?: unknown; cwd?: unknown };
    return { prompt: typeof json.prompt === 'string' ? json.prompt : '', cwd: typeof json.cwd === 'string' && json.cwd ? json.cwd : null };
  }
  return { prompt: text, cwd: null };
}

async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, ms));
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** The score line if it is read by the deadline; the pack goes without it otherwise. */
async function scoreLineBy(line: Promise<string | null>, at: number): Promise<string | null> {
  const r = await withDeadline(line, at - Date.now());
  return r === 'timeout' ? null : r;
}

async function pack(cfg: ServerConfig, opts: Options, prompt: string | null, deadline: number, log: Logger): Promise<string> {
  // Loaded lazily, as the server does, so --help and argument errors do not load LanceDB.
  const [{ MemoryStore }, { Embedder }, { SearchEngine }, { Backfill }, { MemoryService }, { MemoryBrowser }, { Redactor }] = await Promise.all([
    import('../memory/store.js'),
    import('../memory/embedder.js'),
    import('../memory/search.js'),
    import('../memory/backfill.js'),
    import('../memory/memory-service.js'),
    import('../memory/browse.js'),
    import('../memory/redaction.js'),
  ]);
  const store = await MemoryStore.openReadOnly(cfg.dataDir, log, cfg.project, INDEX_NEWEST);
  const model = { ...cfg.model, allowDownload: false };
  const embedder = new Embedder(model, cfg.dataDir, path.join(__dirname, 'embed-worker.js'), log);
  const ctx = { project: cfg.project, projectRoot: cfg.projectRoot, dataDir: cfg.dataDir };
  // The search engine asks the embedder at each search whether it is ready.
  const memory = new MemoryService(ctx, store, embedder, new SearchEngine(store, embedder, log), new Backfill(store, embedder, log), log, new Redactor(cfg.redact));
  const browser = new MemoryBrowser(store, cfg.project);
  const scoreLine = prompt === null ? readScoreLine(cfg, memory, log) : Promise.resolve(null);
  // The model is loaded for a prompt only (the session pack searches by file, branch and commit
  // words), and only if one is on disk and there is time for it; otherwise keyword search.
  const left = deadline - Date.now();
  if (prompt !== null && locateModel(model, cfg.dataDir, false).candidates.length > 0 && left >= MODEL_LOAD_ALLOWANCE_MS + SEARCH_RESERVE_MS) {
    const started = await withDeadline(embedder.start(), left - SEARCH_RESERVE_MS);
    if (started === 'timeout' || !embedder.ready) log.warn('context: embedding model not ready in time; searching by keyword');
  }
  // Not awaited: terminating a worker in the middle of loading native code can take a while.
  if (!embedder.ready) void embedder.close();
  const out = await buildContextPack(
    { memory, browser },
    { project: cfg.project, projectRoot: cfg.projectRoot, budget: opts.budget, prompt: prompt ?? undefined, scoreLine: await scoreLineBy(scoreLine, deadline - RENDER_RESERVE_MS), deadline: deadline - RENDER_RESERVE_MS, searched: store.indexBound ?? undefined },
  );
  return out.text;
}

/** The last known score from the stored history (computing it would take too long for a hook). */
async function readScoreLine(cfg: ServerConfig, memory: MemoryService, log: Logger): Promise<string | null> {
  try {
    const [{ SessionStore }, { Lifecycle }] = await Promise.all([import('../session/session-store.js'), import('../session/lifecycle.js')]);
    const sessions = await SessionStore.openReadOnly(cfg.dataDir);
    const notComputed = (): Promise<never> => Promise.reject(new Error('the context command does not compute the score'));
    const lifecycle = new Lifecycle({ project: cfg.project, projectRoot: cfg.projectRoot, dataDir: cfg.dataDir }, sessions, memory, notComputed, log);
    return scoreLineFromHistory((await lifecycle.history({ limit: 1 })).points);
  } catch (err) {
    log.debug('no score history', err);
    return null;
  }
}

export async function runContextCommand(argv: string[]): Promise<void> {
  // The process start, not this call: loading the bundle counts against the hook's time too.
  const begun = Date.now() - performance.now();
  let log = createLogger('warn');
  const fail = (why: string, err?: unknown): never => {
    log.warn(`context: ${why}; printing nothing`, err);
    process.exit(0);
  };
  try {
    const opts = parseOwn(argv);
    if (opts === 'help') {
      process.stderr.write(CONTEXT_USAGE);
      process.exit(0);
    }
    const deadline = begun + opts.timeLimitMs;
    // A run stuck well past the deadline is abandoned: nothing has been printed yet.
    const abandonAt = deadline + ABANDON_AFTER_MS;
    setTimeout(() => fail(`out of time after ${abandonAt - begun} ms`), Math.max(0, abandonAt - Date.now())).unref();
    let prompt: string | null = null;
    let cwd = process.cwd();
    if (opts.promptFromStdin) {
      const input = promptInput(await readStdin());
      if (!input.prompt.trim()) fail('no prompt on stdin');
      prompt = input.prompt;
      if (input.cwd) cwd = input.cwd;
    }
    const cfg = parseConfig(opts.serverArgs, process.env, cwd, __dirname);
    if (cfg === 'help') return;
    log = createLogger(cfg.logLevel === 'info' ? 'warn' : cfg.logLevel);
    const text = await pack(cfg, opts, prompt, deadline, log);
    if (text) process.stdout.write(`${text}\n`);
    log.debug(`context: ${text.length} characters in ${Date.now() - begun} ms`);
    process.exit(0);
  } catch (err) {
    fail('could not build the context pack', err);
  }
}
