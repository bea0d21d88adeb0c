// Realistic Claude Code transcripts for tests and benchmarks.
//
// Claude Code keeps one JSONL file per session at <root>/<slug>/<sessionId>.jsonl, where the slug
// is the session's cwd with every character but letters, digits and "-" replaced by "-". Each line
// is one JSON object: user prompts, assistant messages (often one content block per line, several
// lines sharing a message id), tool results (user lines carrying tool_result blocks plus a
// toolUseResult), summaries, system lines, meta user lines and file-history snapshots; and the
// shapes of real sessions: cd into subfolders, subagent (sidechain) lines, compaction continuations,
// warm-ups, slash commands, API errors (see transcript-shapes.ts for sessions using them). Everything here is
// deterministic: ids and timestamps come from a seeded PRNG, never from the clock.
import fs from 'node:fs';
import path from 'node:path';
import { mulberry32 } from './prng.js';

export const CLAUDE_CODE_VERSION = '2.0.14';
export const CLAUDE_MODEL = 'claude-sonnet-4-5-20250929';

export type ToolName = 'Edit' | 'Write' | 'Read' | 'MultiEdit' | 'Bash' | 'Grep' | 'Glob' | 'TodoWrite';

/** A tool result's content as Claude Code writes it: a string, or text blocks. */
export type ToolResultContent = string | Array<{ type: 'text'; text: string }>;

export interface ToolCall {
  name: ToolName | (string & {});
  input: Record<string, unknown>;
  result: ToolResultContent;
  isError?: boolean;
  /** The line's toolUseResult; a plausible one for the tool is made up when omitted. */
  toolUseResult?: unknown;
}

/** How an assistant message with several content blocks is written. */
export type Shape = 'split' | 'combined';

export interface AssistantTurn {
  thinking?: string;
  text?: string;
  tools?: ToolCall[];
}

export interface TranscriptWriterOptions {
  cwd: string;
  /** Default: a uuid drawn from the seed. */
  sessionId?: string;
  /** Time of the first line. Default 2026-03-02T09:00:00Z. */
  start?: Date;
  /** PRNG seed for ids and time steps. Default: derived from cwd and sessionId. */
  seed?: number;
  /** 'split' (default, what Claude Code does): one content block per assistant line, lines sharing
   *  the message id; 'combined': one line holding every block. */
  shape?: Shape;
  gitBranch?: string;
  version?: string;
  model?: string;
}

/** The folder name Claude Code uses for a cwd: every character but letters, digits and "-" becomes "-"
 *  (`c:\Users\ann\dev` → `c--Users-ann-dev`). */
export function slugOf(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9-]/g, '-');
}

export function transcriptPath(root: string, cwd: string, sessionId: string): string {
  return path.join(root, slugOf(cwd), `${sessionId}.jsonl`);
}

/** FNV-1a, to turn strings into PRNG seeds. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const HEX = '0123456789abcdef';
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = `${B62}+/`;

class Ids {
  constructor(readonly r: () => number) {}
  chars(alphabet: string, n: number): string {
    let s = '';
    while (s.length < n) {
      let x = Math.floor(this.r() * 0x100000000);
      for (let k = 0; k < 5 && s.length < n; k++) {
        s += alphabet[x % alphabet.length];
        x = Math.floor(x / alphabet.length);
      }
    }
    return s;
  }
  uuid(): string {
    const h = this.chars(HEX, 32);
    const variant = HEX[8 + (hash(h) & 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  messageId(): string {
    return `msg_01${this.chars(B62, 22)}`;
  }
  toolUseId(): string {
    return `toolu_01${this.chars(B62, 22)}`;
  }
  requestId(): string {
    return `req_011C${this.chars(B62, 20)}`;
  }
  signature(): string {
    return `${this.chars(B64, 4 * (60 + Math.floor(this.r() * 200)))}`;
  }
}

function between(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

function resultText(c: ToolResultContent): string {
  return typeof c === 'string' ? c : c.map((b) => b.text).join('\n');
}

/** A plausible toolUseResult for a tool call, shaped like Claude Code's. */
export function defaultToolUseResult(name: string, input: Record<string, unknown>, result: ToolResultContent, isError = false): unknown {
  const text = resultText(result);
  if (isError) return text.startsWith('Error') ? text : `Error: ${text.replace(/<\/?tool_use_error>/g, '')}`;
  const filePath = typeof input.file_path === 'string' ? input.file_path : '';
  switch (name) {
    case 'Read': {
      const numLines = text.split('\n').length;
      const startLine = typeof input.offset === 'number' ? input.offset : 1;
      return { type: 'text', file: { filePath, content: text.replace(/^ *\d+→/gm, ''), numLines, startLine, totalLines: startLine + numLines - 1 } };
    }
    case 'Edit': {
      const oldString = String(input.old_string ?? '');
      const newString = String(input.new_string ?? '');
      return { filePath, oldString, newString, originalFile: oldString, structuredPatch: patchOf(oldString, newString, 1), userModified: false, replaceAll: Boolean(input.replace_all) };
    }
    case 'MultiEdit': {
      const edits = Array.isArray(input.edits) ? (input.edits as Array<{ old_string: string; new_string: string }>) : [];
      return { filePath, edits, originalFileContents: edits.map((e) => e.old_string).join('\n'), structuredPatch: edits.flatMap((e, i) => patchOf(e.old_string, e.new_string, 1 + i * 10)), userModified: false };
    }
    case 'Write':
      return { type: 'create', filePath, content: String(input.content ?? ''), structuredPatch: [] };
    case 'Bash':
      return { stdout: text, stderr: '', interrupted: false, isImage: false };
    case 'Grep': {
      const filenames = text.split('\n').filter((l) => l.startsWith('/'));
      return { mode: 'files_with_matches', filenames, numFiles: filenames.length };
    }
    case 'Glob': {
      const filenames = text.split('\n').filter((l) => l.startsWith('/'));
      return { filenames, durationMs: 12, numFiles: filenames.length, truncated: false };
    }
    case 'TodoWrite':
      return { oldTodos: [], newTodos: input.todos ?? [] };
    default:
      return text;
  }
}

function patchOf(oldString: string, newString: string, at: number): unknown[] {
  const o = oldString.split('\n');
  const n = newString.split('\n');
  return [{ oldStart: at, oldLines: o.length, newStart: at, newLines: n.length, lines: [...o.map((l) => `-${l}`), ...n.map((l) => `+${l}`)] }];
}

type Json = Record<string, unknown>;

/**
 * Builds one session's transcript line by line. Methods chain; `writeTo(root)` writes the whole file,
 * `appendTo(file)` appends the lines added since the last write (to grow a transcript).
 */
export class TranscriptWriter {
  /** The cwd of the next line (changed by cd); the file's folder is named after the first one. */
  cwd: string;
  readonly startCwd: string;
  private sidechainOn = false;
  readonly sessionId: string;
  private readonly r: () => number;
  private readonly ids: Ids;
  private readonly shape: Shape;
  private readonly gitBranch: string;
  private readonly version: string;
  private readonly model: string;
  private readonly out: string[] = [];
  private flushed = 0;
  private nowMs: number;
  private parent: string | null = null;
  private byteCount = 0;
  private readonly touched = new Set<string>();

  constructor(opts: TranscriptWriterOptions) {
    this.cwd = opts.cwd;
    this.startCwd = opts.cwd;
    const seed = opts.seed ?? hash(`${opts.cwd}\0${opts.sessionId ?? ''}`);
    this.r = mulberry32(seed);
    this.ids = new Ids(this.r);
    this.sessionId = opts.sessionId ?? this.ids.uuid();
    this.nowMs = (opts.start ?? new Date('2026-03-02T09:00:00.000Z')).getTime();
    this.shape = opts.shape ?? 'split';
    this.gitBranch = opts.gitBranch ?? 'main';
    this.version = opts.version ?? CLAUDE_CODE_VERSION;
    this.model = opts.model ?? CLAUDE_MODEL;
  }

  /**
   * A writer that continues an existing transcript: same session, cwd and branch, chained to its last
   * line, timestamps after its last one. Its lines() are only the new ones; appendTo(file) adds them.
   */
  static resume(file: string, opts: { seed?: number; shape?: Shape; gapMs?: number } = {}): TranscriptWriter {
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r');
    const len = Math.min(size, 4 * 1024 * 1024);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    fs.closeSync(fd);
    const tail = buf.toString('utf8').split('\n').filter(Boolean).reverse();
    let last: Json | null = null;
    let lastTime: string | null = null;
    for (const l of tail) {
      try {
        const o = JSON.parse(l) as Json;
        if (!last && typeof o.uuid === 'string' && typeof o.sessionId === 'string') last = o;
        if (!lastTime && typeof o.timestamp === 'string') lastTime = o.timestamp;
        if (last && lastTime) break;
      } catch {
        // a partial first line of the tail, or a bad line: skip
      }
    }
    if (!last) throw new Error(`no message line found in ${file}`);
    const w = new TranscriptWriter({
      cwd: String(last.cwd),
      sessionId: String(last.sessionId),
      start: new Date(Date.parse(lastTime ?? String(last.timestamp)) + (opts.gapMs ?? 90_000)),
      seed: opts.seed ?? hash(`${file}\0${size}`),
      ...(opts.shape ? { shape: opts.shape } : {}),
      ...(typeof last.gitBranch === 'string' ? { gitBranch: last.gitBranch } : {}),
      ...(typeof last.version === 'string' ? { version: last.version } : {}),
    });
    w.parent = String(last.uuid);
    return w;
  }

  private tick(lo: number, hi: number): string {
    this.nowMs += between(this.r, lo, hi);
    return new Date(this.nowMs).toISOString();
  }

  private push(obj: Json): string {
    const line = JSON.stringify(obj);
    this.out.push(line);
    this.byteCount += Buffer.byteLength(line) + 1;
    return line;
  }

  private envelope(): Json {
    return {
      parentUuid: this.parent,
      isSidechain: this.sidechainOn,
      userType: 'external',
      cwd: this.cwd,
      sessionId: this.sessionId,
      version: this.version,
      gitBranch: this.gitBranch,
    };
  }

  /** A user prompt. `blocks` writes the content as [{type:"text"}] instead of a string. */
  user(text: string, opts: { isMeta?: boolean; blocks?: boolean } = {}): this {
    const uuid = this.ids.uuid();
    const timestamp = this.tick(opts.isMeta ? 10 : 8_000, opts.isMeta ? 500 : 240_000);
    const content = opts.blocks ? [{ type: 'text', text }] : text;
    this.push({
      ...this.envelope(),
      type: 'user',
      message: { role: 'user', content },
      ...(opts.isMeta ? { isMeta: true } : {}),
      uuid,
      timestamp,
      ...(opts.isMeta ? {} : { thinkingMetadata: { level: 'none', disabled: false, triggers: [] } }),
    });
    this.parent = uuid;
    return this;
  }

  /** An assistant message with text (and optionally thinking first). */
  assistant(text: string, opts: { thinking?: string; shape?: Shape } = {}): this {
    return this.turn({ text, ...(opts.thinking ? { thinking: opts.thinking } : {}) }, opts.shape ? { shape: opts.shape } : {});
  }

  /** One tool call: the assistant line(s) with the tool_use block, then the user line with its tool_result. */
  toolUse(
    name: ToolCall['name'],
    input: Record<string, unknown>,
    result: ToolResultContent,
    opts: { isError?: boolean; text?: string; thinking?: string; toolUseResult?: unknown; shape?: Shape } = {},
  ): this {
    const call: ToolCall = { name, input, result, ...(opts.isError ? { isError: true } : {}), ...(opts.toolUseResult !== undefined ? { toolUseResult: opts.toolUseResult } : {}) };
    return this.turn(
      { tools: [call], ...(opts.text ? { text: opts.text } : {}), ...(opts.thinking ? { thinking: opts.thinking } : {}) },
      opts.shape ? { shape: opts.shape } : {},
    );
  }

  /** One assistant message (thinking, text, tool uses in that order), then one result line per tool. */
  turn(t: AssistantTurn, opts: { shape?: Shape } = {}): this {
    const blocks: Json[] = [];
    if (t.thinking) blocks.push({ type: 'thinking', thinking: t.thinking, signature: this.ids.signature() });
    if (t.text) blocks.push({ type: 'text', text: t.text });
    const calls = (t.tools ?? []).map((c) => ({ ...c, id: this.ids.toolUseId() }));
    for (const c of calls) blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: c.input });
    if (blocks.length === 0) throw new Error('an assistant turn needs thinking, text or a tool use');
    const messageId = this.ids.messageId();
    const requestId = this.ids.requestId();
    const usage = {
      input_tokens: between(this.r, 3, 12),
      cache_creation_input_tokens: between(this.r, 0, 4_000),
      cache_read_input_tokens: between(this.r, 10_000, 90_000),
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: between(this.r, 1, 1_500),
      service_tier: 'standard',
    };
    const split = (opts.shape ?? this.shape) === 'split';
    const groups = split ? blocks.map((b) => [b]) : [blocks];
    groups.forEach((content, i) => {
      const uuid = this.ids.uuid();
      const timestamp = i === 0 ? this.tick(1_500, 25_000) : this.tick(40, 1_200);
      const stop = !split && calls.length ? 'tool_use' : null;
      this.push({
        ...this.envelope(),
        message: { model: this.model, id: messageId, type: 'message', role: 'assistant', content, stop_reason: stop, stop_sequence: null, usage },
        requestId,
        type: 'assistant',
        uuid,
        timestamp,
      });
      this.parent = uuid;
    });
    for (const c of calls) {
      const uuid = this.ids.uuid();
      const timestamp = this.tick(c.name === 'Bash' ? 400 : 30, c.name === 'Bash' ? 45_000 : 900);
      const fp = c.input.file_path;
      if (typeof fp === 'string') this.touched.add(fp);
      this.push({
        ...this.envelope(),
        type: 'user',
        message: { role: 'user', content: [{ tool_use_id: c.id, type: 'tool_result', content: c.result, ...(c.isError ? { is_error: true } : {}) }] },
        uuid,
        timestamp,
        toolUseResult: c.toolUseResult !== undefined ? c.toolUseResult : defaultToolUseResult(c.name, c.input, c.result, c.isError),
      });
      this.parent = uuid;
    }
    return this;
  }

  /** A summary line (what Claude Code writes when a session is resumed or compacted). */
  summary(text: string, leafUuid?: string): this {
    this.push({ type: 'summary', summary: text, leafUuid: leafUuid ?? this.parent ?? this.ids.uuid() });
    return this;
  }

  /** A system line, e.g. subtype "compact_boundary" or "informational". */
  system(content: string, opts: { subtype?: string; level?: string } = {}): this {
    const uuid = this.ids.uuid();
    const subtype = opts.subtype ?? 'informational';
    this.push({
      ...this.envelope(),
      ...(subtype === 'compact_boundary' ? { parentUuid: null, logicalParentUuid: this.parent } : {}),
      type: 'system',
      subtype,
      content,
      isMeta: false,
      timestamp: this.tick(5, 300),
      uuid,
      level: opts.level ?? 'info',
      ...(subtype === 'compact_boundary' ? { compactMetadata: { trigger: 'auto', preTokens: between(this.r, 150_000, 170_000) } } : {}),
    });
    this.parent = uuid;
    return this;
  }

  /** A file-history-snapshot line (Claude Code 2.x writes one before each prompt). */
  snapshot(): this {
    const messageId = this.ids.uuid();
    this.push({ type: 'file-history-snapshot', messageId, snapshot: { messageId, trackedFileBackups: {}, timestamp: new Date(this.nowMs).toISOString() }, isSnapshotUpdate: false });
    return this;
  }

  /** The user changes directory: later lines record this cwd (older versions then write relative file_paths). */
  cd(dir: string): this {
    this.cwd = dir;
    return this;
  }

  /** Lines written inside `fn` are a subagent's (isSidechain: true), as Claude Code writes Task traffic. */
  sidechain(fn: (w: this) => void): this {
    const was = this.sidechainOn;
    this.sidechainOn = true;
    try {
      fn(this);
    } finally {
      this.sidechainOn = was;
    }
    return this;
  }

  /**
   * The message Claude Code writes after compacting: a user line with the continuation text, flagged
   * `isCompactSummary` (1.0.x+; `flag: false` writes it the way older versions did, unflagged).
   */
  compactSummary(summary: string, opts: { flag?: boolean } = {}): this {
    this.system('Conversation compacted', { subtype: 'compact_boundary' });
    const uuid = this.ids.uuid();
    const flag = opts.flag ?? true;
    this.push({
      ...this.envelope(),
      type: 'user',
      message: {
        role: 'user',
        content: `This session is being continued from a previous conversation that ran out of context. The conversation is summarized below:\n${summary}\nPlease continue the conversation from where we left it off without asking the user any further questions. Continue with the last task that you were asked to work on.`,
      },
      ...(flag ? { isCompactSummary: true, isVisibleInTranscriptOnly: true } : {}),
      uuid,
      timestamp: this.tick(20, 400),
    });
    this.parent = uuid;
    return this;
  }

  /** Claude Code 2.0's warm-up exchange with a subagent, written before the user types anything. */
  warmup(): this {
    return this.sidechain((w) => {
      w.user('Warmup');
      w.assistant("I'm Claude Code, Anthropic's CLI for Claude. I'm ready to help you search and explore this codebase. What would you like me to find?");
    });
  }

  /** A slash command as Claude Code records it: markup for the command, then a line with its output. */
  command(name: string, args: string, stdout: string): this {
    const bare = name.replace(/^\//, '');
    this.user(`<command-name>/${bare}</command-name>\n            <command-message>${bare}</command-message>\n            <command-args>${args}</command-args>`);
    if (stdout) this.user(`<local-command-stdout>${stdout}</local-command-stdout>`);
    return this;
  }

  /** An API or quota error, which Claude Code writes as an assistant message from the "<synthetic>" model. */
  apiError(text: string): this {
    const uuid = this.ids.uuid();
    this.push({
      ...this.envelope(),
      type: 'assistant',
      message: { id: this.ids.uuid(), model: '<synthetic>', role: 'assistant', stop_reason: 'stop_sequence', stop_sequence: '', type: 'message', usage: { input_tokens: 0, output_tokens: 0 }, content: [{ type: 'text', text }] },
      isApiErrorMessage: true,
      uuid,
      timestamp: this.tick(200, 2_000),
    });
    this.parent = uuid;
    return this;
  }

  /** A line written verbatim (no newline), e.g. to test malformed input. */
  raw(line: string): this {
    this.out.push(line);
    this.byteCount += Buffer.byteLength(line) + 1;
    return this;
  }

  /** Moves the clock forward, e.g. to make a gap between work sessions. */
  wait(ms: number): this {
    this.nowMs += ms;
    return this;
  }

  lines(): string[] {
    return [...this.out];
  }

  get lineCount(): number {
    return this.out.length;
  }

  /** UTF-8 bytes of text(). */
  get bytes(): number {
    return this.byteCount;
  }

  /** Every line, each ending in "\n". */
  text(): string {
    return this.out.length ? `${this.out.join('\n')}\n` : '';
  }

  /** file_path of every tool call so far (Read, Edit, Write, MultiEdit), in first-use order. */
  filePaths(): string[] {
    return [...this.touched];
  }

  /** The uuid of the last message line (the parent of the next). */
  get lastUuid(): string | null {
    return this.parent;
  }

  /** The time the last line was stamped with. */
  get now(): Date {
    return new Date(this.nowMs);
  }

  pathIn(root: string): string {
    return transcriptPath(root, this.startCwd, this.sessionId);
  }

  /** Writes every line to <root>/<slug>/<sessionId>.jsonl (replacing it); returns the path. */
  writeTo(root: string): string {
    const file = this.pathIn(root);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, this.text());
    this.flushed = this.out.length;
    return file;
  }

  /** Appends the lines added since the last writeTo/appendTo; returns the bytes appended. */
  appendTo(file: string): number {
    const fresh = this.out.slice(this.flushed);
    this.flushed = this.out.length;
    if (fresh.length === 0) return 0;
    const text = `${fresh.join('\n')}\n`;
    fs.appendFileSync(file, text);
    return Buffer.byteLength(text);
  }
}

// ---------------------------------------------------------------------------------------------
// Corpus: many multi-turn sessions across several projects with distinct vocabularies.

type Lang = 'ts' | 'py' | 'rs' | 'go' | 'md';

export interface CorpusProject {
  cwd: string;
  lang: Lang;
  files: string[];
  nouns: string[];
  problems: string[];
  causes: string[];
  features: string[];
  test: string;
  build: string;
}

export const CORPUS_PROJECTS: readonly CorpusProject[] = [
  {
    cwd: '/home/ann/work/shop.app',
    lang: 'ts',
    files: ['src/cart/cart.ts', 'src/cart/totals.ts', 'src/checkout/stripe.ts', 'src/checkout/session.ts', 'src/invoices/pdf.ts', 'src/coupons/apply.ts', 'src/inventory/stock.ts', 'src/api/routes.ts', 'test/cart.test.ts', 'test/checkout.test.ts', 'package.json', 'README.md'],
    nouns: ['cart', 'checkout session', 'coupon', 'invoice', 'stripe webhook', 'line item', 'stock reservation', 'tax rate', 'shipping quote', 'refund'],
    problems: ['rounds the total wrong for three-decimal currencies', 'double-charges when the webhook is retried', 'loses the coupon after login', 'shows stale stock after a refund', 'times out on large orders', 'ignores the VAT exemption'],
    causes: ['the idempotency key is derived from the timestamp', 'we sum floats instead of integer cents', 'the session cookie is rotated before the merge', 'the reservation TTL is shorter than the payment intent', 'the tax table is cached per process'],
    features: ['gift cards', 'partial refunds', 'a saved-cart reminder email', 'multi-currency price display', 'coupon stacking rules'],
    test: 'npm test',
    build: 'npm run build',
  },
  {
    cwd: '/home/ann/src/rust-lexer',
    lang: 'rs',
    files: ['src/lexer.rs', 'src/token.rs', 'src/parser/mod.rs', 'src/parser/expr.rs', 'src/span.rs', 'src/diagnostics.rs', 'src/main.rs', 'tests/snapshots.rs', 'Cargo.toml', 'benches/lex.rs'],
    nouns: ['tokenizer', 'span', 'diagnostic', 'string literal', 'raw identifier', 'precedence table', 'AST node', 'error recovery', 'unicode escape', 'clap subcommand'],
    problems: ['panics on a lone surrogate escape', 'reports the span one byte off', 'recurses forever on unbalanced parentheses', 'is quadratic on long comments', 'mislabels raw identifiers as keywords'],
    causes: ['char_indices is mixed with byte offsets', 'the peek buffer is not cleared after an error', 'the binding power of unary minus is too low', 'comment scanning restarts from the line start'],
    features: ['block comment nesting', 'a --emit=tokens flag', 'fuzzing with cargo-fuzz', 'colored diagnostics with labels', 'incremental relexing'],
    test: 'cargo test',
    build: 'cargo build --release',
  },
  {
    cwd: '/srv/data/etl-pipeline',
    lang: 'py',
    files: ['pipeline/dags/daily_orders.py', 'pipeline/extract/postgres.py', 'pipeline/transform/dedupe.py', 'pipeline/load/parquet_writer.py', 'pipeline/schema/registry.py', 'tests/test_dedupe.py', 'tests/test_schema.py', 'pyproject.toml', 'airflow.cfg'],
    nouns: ['airflow DAG', 'parquet partition', 'dedupe step', 'schema registry', 'backfill', 'watermark', 'spark job', 'S3 manifest', 'late-arriving event', 'pandas dataframe'],
    problems: ['writes duplicate rows on retry', 'fails on schema drift in the orders table', 'runs out of memory on the monthly backfill', 'skips events that arrive after midnight UTC', 'produces tiny parquet files'],
    causes: ['the watermark is stored before the load commits', 'nullable columns are inferred as object dtype', 'the whole partition is collected to the driver', 'the timezone is naive in the extract query'],
    features: ['schema evolution with column defaults', 'a data-quality check on row counts', 'incremental extracts by updated_at', 'partition compaction', 'lineage metadata in the manifest'],
    test: 'pytest -q',
    build: 'python -m build',
  },
  {
    cwd: '/home/bo/games/tile_engine',
    lang: 'go',
    files: ['engine/physics/collide.go', 'engine/physics/body.go', 'engine/render/sprite.go', 'engine/render/atlas.go', 'engine/tilemap/loader.go', 'engine/input/gamepad.go', 'cmd/demo/main.go', 'engine/physics/collide_test.go', 'go.mod'],
    nouns: ['collision resolver', 'sprite batch', 'texture atlas', 'tilemap chunk', 'rigid body', 'gamepad mapping', 'camera shake', 'frame timer', 'broadphase grid', 'animation clip'],
    problems: ['lets the player tunnel through thin walls', 'flickers when the atlas is rebuilt', 'drops frames when chunks stream in', 'jitters at high refresh rates', 'misreads the right stick on some controllers'],
    causes: ['the timestep is variable instead of fixed', 'the swept AABB ignores the corner case', 'texture uploads happen on the render goroutine', 'the dead zone is applied per axis'],
    features: ['slopes in the tile collision', 'a sprite outline shader', 'chunk streaming in a worker', 'rebindable controls', 'parallax layers'],
    test: 'go test ./...',
    build: 'go build ./cmd/demo',
  },
  {
    cwd: '/home/bo/infra/auth-service',
    lang: 'go',
    files: ['internal/oauth/handler.go', 'internal/token/jwt.go', 'internal/token/refresh.go', 'internal/session/redis.go', 'internal/ratelimit/bucket.go', 'internal/oauth/handler_test.go', 'cmd/authd/main.go', 'deploy/helm/values.yaml', 'go.mod'],
    nouns: ['refresh token', 'JWT signing key', 'OAuth callback', 'PKCE verifier', 'rate limiter', 'redis session', 'JWKS endpoint', 'consent screen', 'audit log', 'key rotation'],
    problems: ['accepts a reused refresh token', 'rejects tokens right after key rotation', 'leaks sessions when redis fails over', 'rate-limits the health check', 'returns 500 on a missing state parameter'],
    causes: ['the old kid is dropped from the JWKS too early', 'token families are not revoked together', 'the limiter key includes the port', 'the redis client has no retry on MOVED'],
    features: ['device authorization grant', 'per-client rate limits', 'refresh token rotation with reuse detection', 'structured audit events', 'key rotation without downtime'],
    test: 'go test ./internal/...',
    build: 'go build ./cmd/authd',
  },
  {
    cwd: '/Users/cy/Projects/mobile.banking',
    lang: 'ts',
    files: ['app/navigation/RootStack.tsx', 'app/screens/Transfer.tsx', 'app/screens/Login.tsx', 'app/sync/offlineQueue.ts', 'app/push/notifications.ts', 'app/auth/biometrics.ts', 'app/__tests__/offlineQueue.test.ts', 'ios/Podfile', 'package.json'],
    nouns: ['offline queue', 'biometric prompt', 'push notification', 'transfer form', 'deep link', 'navigation stack', 'account balance', 'session timeout', 'certificate pinning', 'accessibility label'],
    problems: ['replays a transfer twice after reconnecting', 'shows the biometric prompt twice on Android', 'opens the wrong screen from a deep link', 'keeps a stale balance after backgrounding', 'crashes when notifications are disabled'],
    causes: ['the queue is persisted before the request id is assigned', 'the AppState listener is registered on every render', 'the linking config matches the prefix too eagerly', 'the balance query has no refetch on focus'],
    features: ['scheduled transfers', 'a dark mode toggle', 'screen reader support on the transfer form', 'certificate pinning for the API', 'an offline banner'],
    test: 'npx jest',
    build: 'npx tsc --noEmit',
  },
  {
    cwd: '/home/ann/work/docs-site',
    lang: 'md',
    files: ['docs/getting-started.md', 'docs/api/reference.md', 'docs/guides/deploy.md', 'src/theme/Sidebar.tsx', 'src/search/index.ts', 'docusaurus.config.js', 'i18n/fr/code.json', 'README.md'],
    nouns: ['sidebar', 'search index', 'code sample', 'version dropdown', 'broken link', 'translation', 'admonition', 'front matter', 'changelog page', 'API reference'],
    problems: ['lists pages twice in the sidebar', 'misses pages in the search index', 'shows untranslated headings in French', 'breaks anchors after a rename', 'renders admonitions without icons'],
    causes: ['the slug is derived from the file name and the front matter', 'the indexer skips pages with a custom id', 'the heading ids are generated before translation', 'the MDX plugin order changed'],
    features: ['a versioned API reference', 'copy buttons on code samples', 'an edit-this-page link', 'a glossary page', 'redirects for renamed pages'],
    test: 'npm run test:links',
    build: 'npm run build',
  },
  {
    cwd: '/opt/ml/recsys',
    lang: 'py',
    files: ['recsys/features/store.py', 'recsys/models/two_tower.py', 'recsys/train/loop.py', 'recsys/eval/metrics.py', 'recsys/serving/ranker.py', 'tests/test_metrics.py', 'configs/train.yaml', 'pyproject.toml'],
    nouns: ['embedding table', 'feature store', 'negative sampler', 'ranking model', 'training loop', 'NDCG metric', 'candidate retrieval', 'checkpoint', 'learning rate schedule', 'cold-start user'],
    problems: ['diverges after the warmup ends', 'reports NDCG above one', 'serves stale features for an hour', 'overfits to popular items', 'ignores cold-start users entirely'],
    causes: ['the ideal DCG is computed on the truncated list', 'in-batch negatives include the positive', 'the feature TTL is set in minutes not seconds', 'gradient clipping is applied after the optimizer step'],
    features: ['mixed-precision training', 'a popularity-debiased loss', 'an A/B evaluation report', 'feature freshness alerts', 'approximate nearest neighbour retrieval'],
    test: 'pytest tests',
    build: 'python -m recsys.train --dry-run',
  },
];

const VERBS = ['load', 'save', 'apply', 'compute', 'validate', 'resolve', 'build', 'merge', 'parse', 'render', 'update', 'fetch', 'flush', 'retry', 'reset', 'sync'];
const TYPES: Record<Lang, string[]> = {
  ts: ['string', 'number', 'boolean', 'Date', 'Record<string, number>', 'readonly string[]', 'Promise<void>'],
  py: ['str', 'int', 'float', 'bool', 'dict[str, Any]', 'list[str]', 'pd.DataFrame', 'datetime'],
  rs: ['usize', 'u32', '&str', 'String', 'bool', 'Span', 'Vec<Token>', 'Option<char>'],
  go: ['string', 'int', 'int64', 'bool', 'time.Duration', '[]byte', 'error', 'context.Context'],
  md: ['string'],
};

const words = (s: string): string[] => s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
const camel = (s: string): string => words(s).map((w, i) => (i ? w[0]?.toUpperCase() + w.slice(1) : w)).join('');
const pascal = (s: string): string => words(s).map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
const snake = (s: string): string => words(s).join('_');

class Gen {
  constructor(
    readonly r: () => number,
    readonly p: CorpusProject,
  ) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)] as T;
  }
  chance(x: number): boolean {
    return this.r() < x;
  }
  int(lo: number, hi: number): number {
    return between(this.r, lo, hi);
  }
  abs(rel: string): string {
    return `${this.p.cwd}/${rel}`;
  }
  file(): string {
    return this.pick(this.p.files);
  }
  noun(): string {
    return this.pick(this.p.nouns);
  }

  /** One line of code in the project's language. */
  codeLine(indent: number): string {
    const p = this.p;
    const n = this.noun();
    const v = this.pick(VERBS);
    const t = this.pick(TYPES[p.lang]);
    const pad = p.lang === 'go' ? '\t'.repeat(indent) : '  '.repeat(indent * (p.lang === 'py' ? 2 : 1));
    switch (p.lang) {
      case 'ts':
        return pad + this.pick([`const ${camel(n)} = await ${v}${pascal(this.noun())}(${camel(this.noun())}Id);`, `if (!${camel(n)}) throw new Error('${n} ${this.pick(['missing', 'expired', 'invalid'])}');`, `${camel(n)}.${v}(${this.int(0, 500)});`, `// ${this.sentence()}`, `return { ...${camel(n)}, updatedAt: new Date() };`, `const total = items.reduce((sum, i) => sum + i.${camel(this.noun())}Cents, 0);`, `logger.debug('${v} ${n}', { id: ${camel(n)}.id });`]);
      case 'py':
        return pad + this.pick([`${snake(n)} = self.${v}_${snake(this.noun())}(${snake(this.noun())}_id)`, `if ${snake(n)} is None:`, `    raise ValueError("${n} ${this.pick(['missing', 'stale', 'malformed'])}")`, `# ${this.sentence()}`, `return ${snake(n)}`, `df = df.drop_duplicates(subset=["${snake(n)}_id"], keep="last")`, `logger.info("${v} %s rows for ${n}", len(df))`]);
      case 'rs':
        return pad + this.pick([`let ${snake(n)} = self.${v}_${snake(this.noun())}(idx)?;`, `if ${snake(n)}.is_empty() { return Err(Error::${pascal(n)}(span)); }`, `// ${this.sentence()}`, `Ok(${pascal(n)} { span, kind })`, `match self.peek() { Some('"') => self.${v}_string(), _ => self.bump() }`, `debug_assert!(self.pos <= self.src.len());`]);
      case 'go':
        return pad + this.pick([`${camel(n)}, err := s.${v}${pascal(this.noun())}(ctx, id)`, `if err != nil {\n${pad}\treturn nil, fmt.Errorf("${n}: %w", err)\n${pad}}`, `// ${this.sentence()}`, `return ${camel(n)}, nil`, `s.log.Info("${v} ${n}", "id", id, "took", time.Since(start))`, `defer ${camel(n)}.Close()`]);
      default:
        return this.pick([`The ${n} ${this.pick(['is configured in', 'is generated from', 'lives in'])} \`${this.file()}\`.`, `## ${pascal(n)}`, `- ${this.sentence()}`, `:::note\n${this.sentence()}\n:::`, this.sentence()]);
    }
  }

  /** A plausible source file of about `bytes` bytes. */
  code(bytes: number): string {
    const out: string[] = [];
    let size = 0;
    const p = this.p;
    while (size < bytes) {
      const n = this.noun();
      const head =
        p.lang === 'ts'
          ? `export async function ${this.pick(VERBS)}${pascal(n)}(${camel(this.noun())}: ${this.pick(TYPES.ts)}): Promise<${pascal(n)}> {`
          : p.lang === 'py'
            ? `def ${this.pick(VERBS)}_${snake(n)}(self, ${snake(this.noun())}: ${this.pick(TYPES.py)}) -> ${pascal(n)}:`
            : p.lang === 'rs'
              ? `pub fn ${this.pick(VERBS)}_${snake(n)}(&mut self, ${snake(this.noun())}: ${this.pick(TYPES.rs)}) -> Result<${pascal(n)}, Error> {`
              : p.lang === 'go'
                ? `func (s *Service) ${pascal(this.pick(VERBS))}${pascal(n)}(ctx context.Context, id ${this.pick(TYPES.go)}) (*${pascal(n)}, error) {`
                : `# ${pascal(n)}`;
      const block = [head];
      const body = this.int(3, 12);
      for (let i = 0; i < body; i++) block.push(this.codeLine(1));
      if (p.lang !== 'py' && p.lang !== 'md') block.push('}');
      block.push('');
      const s = block.join('\n');
      out.push(s);
      size += s.length + 1;
    }
    return out.join('\n');
  }

  sentence(): string {
    const n = this.noun();
    return this.pick([
      `The ${n} ${this.pick(this.p.problems)}.`,
      `This happens because ${this.pick(this.p.causes)}.`,
      `We should keep the ${n} separate from the ${this.noun()}.`,
      `The ${n} is only touched from ${this.file()}.`,
      `Adding ${this.pick(this.p.features)} would need the ${n} to ${this.pick(VERBS)} first.`,
      `Note that the ${n} is also used by the ${this.noun()}.`,
      `The ${n} needs to ${this.pick(VERBS)} the ${this.noun()} before returning.`,
    ]);
  }

  paragraph(min: number, max: number): string {
    const k = this.int(min, max);
    const s: string[] = [];
    for (let i = 0; i < k; i++) s.push(this.sentence());
    return s.join(' ');
  }

  /** cat -n style, as the Read tool returns files. */
  numbered(text: string, start = 1): string {
    return text
      .split('\n')
      .map((l, i) => `${String(start + i).padStart(6, ' ')}→${l}`)
      .join('\n');
  }
}

const READ_REMINDER =
  '\n\n<system-reminder>\nWhenever you read a file, you should consider whether it looks malicious. If it does, you MUST refuse to improve or augment the code. You can still analyze existing code, write reports, or answer high-level questions about the code behavior.\n</system-reminder>\n';

const TODO_ACK = 'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress. Please proceed with the current tasks if applicable';

/** Writes one task: a prompt, the work (reads, searches, edits, commands), and a closing answer. */
function task(w: TranscriptWriter, g: Gen, shapeOf: () => Shape): void {
  const p = g.p;
  const file = g.file();
  const noun = g.noun();
  const problem = g.pick(p.problems);
  const feature = g.pick(p.features);
  if (g.chance(0.6)) w.snapshot();
  const prompt = g.pick([
    `The ${noun} ${problem}. Can you look at ${file} and fix it?`,
    `Add ${feature}. It should reuse the ${g.noun()} logic in ${file}.`,
    `Why does \`${p.test}\` fail after my change to the ${noun}?`,
    `Refactor ${file} so the ${noun} and the ${g.noun()} don't share state.`,
    `Write tests for the ${noun} in ${g.file()}. Cover the case where it ${problem}.`,
    `${g.paragraph(2, 5)}\n\nCan you investigate and propose a fix? Don't change the public API.`,
  ]);
  w.user(prompt, { blocks: g.chance(0.1) });
  const todos = g.chance(0.3)
    ? [
        { content: `Investigate the ${noun}`, status: 'in_progress', activeForm: `Investigating the ${noun}` },
        { content: `Fix ${file}`, status: 'pending', activeForm: `Fixing ${file}` },
        { content: `Run ${p.test}`, status: 'pending', activeForm: `Running ${p.test}` },
      ]
    : null;
  if (todos) w.toolUse('TodoWrite', { todos }, TODO_ACK, { shape: shapeOf() });

  const steps = g.int(2, 10);
  for (let s = 0; s < steps; s++) {
    const thinking = g.chance(0.35) ? `${g.paragraph(1, 4)} Let me check ${g.file()} next.` : undefined;
    const text = g.chance(0.6) ? g.pick([`Let me look at ${g.file()}.`, `I'll search for where the ${g.noun()} is handled.`, `Now I'll update the ${noun}.`, `Let me run the tests.`, `${g.sentence()} Let me verify.`]) : undefined;
    const kind = g.pick(['Read', 'Read', 'Grep', 'Glob', 'Edit', 'Edit', 'MultiEdit', 'Write', 'Bash', 'Bash']);
    const calls: ToolCall[] = [makeCall(kind, g)];
    if (kind === 'Read' && g.chance(0.25)) calls.push(makeCall('Read', g)); // parallel reads
    const t: AssistantTurn = { tools: calls, ...(thinking ? { thinking } : {}), ...(text ? { text } : {}) };
    w.turn(t, { shape: shapeOf() });
    if (g.chance(0.04)) {
      w.user('[Request interrupted by user for tool use]');
      w.user(g.pick([`No, keep the ${noun} as it is and change ${g.file()} instead.`, 'Continue, but skip the slow tests.', 'Use the existing helper instead.']));
    }
  }
  const long = g.chance(0.15);
  const answer = long
    ? `## Summary\n\n${g.paragraph(3, 6)}\n\n### Changes\n\n${Array.from({ length: g.int(3, 8) }, () => `- \`${g.file()}\`: ${g.sentence()}`).join('\n')}\n\n### Why\n\n${g.paragraph(4, 10)}\n\n${g.paragraph(4, 10)}\n\n### Follow-ups\n\n${Array.from({ length: g.int(2, 5) }, () => `- ${g.sentence()}`).join('\n')}`
    : `${g.pick(['Done.', 'Fixed.', 'The tests pass now.', 'I made the change.'])} ${g.paragraph(1, 3)}`;
  w.assistant(answer, { shape: shapeOf() });
}

function makeCall(kind: string, g: Gen): ToolCall {
  const p = g.p;
  const rel = g.file();
  const fp = g.abs(rel);
  switch (kind) {
    case 'Read': {
      const huge = g.chance(0.03);
      const bytes = huge ? g.int(150_000, 250_000) : g.int(600, 9_000);
      const content = g.code(bytes);
      const partial = !huge && g.chance(0.2);
      const offset = partial ? g.int(20, 400) : 1;
      const input: Record<string, unknown> = { file_path: fp, ...(partial ? { offset, limit: 120 } : {}) };
      const result = `${g.numbered(content, offset)}${READ_REMINDER}`;
      const numLines = content.split('\n').length;
      return { name: 'Read', input, result, toolUseResult: { type: 'text', file: { filePath: fp, content, numLines, startLine: offset, totalLines: offset + numLines - 1 } } };
    }
    case 'Grep': {
      const pattern = g.pick([camel(g.noun()), snake(g.noun()), `${g.pick(VERBS)}${pascal(g.noun())}`, `TODO|FIXME`]);
      const hits = Array.from(new Set(Array.from({ length: g.int(0, 6) }, () => g.abs(g.file()))));
      const input = { pattern, ...(g.chance(0.6) ? { path: g.abs(rel.split('/')[0] ?? '') } : {}), output_mode: 'files_with_matches' };
      const result = hits.length ? `Found ${hits.length} file${hits.length === 1 ? '' : 's'}\n${hits.join('\n')}` : 'No files found';
      return { name: 'Grep', input, result, toolUseResult: { mode: 'files_with_matches', filenames: hits, numFiles: hits.length } };
    }
    case 'Glob': {
      const ext = rel.split('.').pop() ?? 'ts';
      const hits = p.files.filter((f) => f.endsWith(`.${ext}`)).map((f) => g.abs(f));
      const input = { pattern: `**/*.${ext}`, ...(g.chance(0.5) ? { path: p.cwd } : {}) };
      return { name: 'Glob', input, result: hits.join('\n') || 'No files found', toolUseResult: { filenames: hits, durationMs: g.int(3, 80), numFiles: hits.length, truncated: false } };
    }
    case 'Edit': {
      const oldString = [g.codeLine(1), g.codeLine(1)].join('\n');
      const newString = [g.codeLine(1), g.codeLine(1), g.codeLine(1)].join('\n');
      const input = { file_path: fp, old_string: oldString, new_string: newString };
      if (g.chance(0.08)) {
        const msg = `<tool_use_error>String to replace not found in file.\nString: ${oldString}</tool_use_error>`;
        return { name: 'Edit', input, result: msg, isError: true, toolUseResult: `Error: String to replace not found in file.\nString: ${oldString}` };
      }
      const at = g.int(10, 300);
      const result = `The file ${fp} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${g.numbered([g.codeLine(1), newString, g.codeLine(1)].join('\n'), at)}`;
      const originalFile = `${g.code(g.int(800, 6_000))}\n${oldString}\n`;
      return { name: 'Edit', input, result, toolUseResult: { filePath: fp, oldString, newString, originalFile, structuredPatch: patchOf(oldString, newString, at), userModified: false, replaceAll: false } };
    }
    case 'MultiEdit': {
      const edits = Array.from({ length: g.int(2, 4) }, () => ({ old_string: g.codeLine(1), new_string: g.codeLine(1) }));
      const input = { file_path: fp, edits };
      const result = `Applied ${edits.length} edits to ${fp}:\n${edits.map((e, i) => `${i + 1}. Replaced "${e.old_string.trim().slice(0, 60)}" with "${e.new_string.trim().slice(0, 60)}"`).join('\n')}`;
      return { name: 'MultiEdit', input, result };
    }
    case 'Write': {
      const base = rel.replace(/\.[a-z]+$/, '');
      const newRel = g.chance(0.5) ? rel : `${base}_${snake(g.noun())}.${rel.split('.').pop() ?? 'ts'}`;
      const file = g.abs(newRel);
      const content = g.code(g.int(400, 5_000));
      return { name: 'Write', input: { file_path: file, content }, result: `File created successfully at: ${file}`, toolUseResult: { type: 'create', filePath: file, content, structuredPatch: [] } };
    }
    default: {
      const which = g.pick(['test', 'test', 'build', 'git', 'grep']);
      const command =
        which === 'test' ? p.test : which === 'build' ? p.build : which === 'git' ? g.pick(['git status', 'git diff --stat', 'git log --oneline -10']) : `rg -n "${camel(g.noun())}" ${p.cwd}`;
      const description = which === 'test' ? 'Run the test suite' : which === 'build' ? 'Build the project' : which === 'git' ? 'Show repository state' : 'Search the code';
      const failed = which !== 'git' && g.chance(0.2);
      const out = bashOutput(g, which, failed);
      const input = { command, description, ...(g.chance(0.1) ? { timeout: 300_000 } : {}) };
      if (failed) {
        const text = `Exit code 1\n${out}`;
        return { name: 'Bash', input, result: g.chance(0.2) ? [{ type: 'text', text }] : text, isError: true, toolUseResult: `Error: ${text}` };
      }
      return { name: 'Bash', input, result: out, toolUseResult: { stdout: out, stderr: '', interrupted: false, isImage: false } };
    }
  }
}

function bashOutput(g: Gen, which: string, failed: boolean): string {
  const p = g.p;
  const tests = Array.from({ length: g.int(3, 30) }, () => `${g.pick(VERBS)} ${g.noun()} ${g.pick(['handles empty input', 'keeps order', 'rejects invalid ids', 'is idempotent', 'rounds correctly'])}`);
  if (which === 'git') return ` M ${g.file()}\n M ${g.file()}\n?? ${g.file()}`;
  if (which === 'grep') return Array.from({ length: g.int(1, 12) }, () => `${g.abs(g.file())}:${g.int(1, 900)}:${g.codeLine(1).trim()}`).join('\n');
  const fail = failed ? `${g.pick(tests)}: ${g.sentence()}` : '';
  switch (p.lang) {
    case 'rs':
      return which === 'build' && failed
        ? `error[E0308]: mismatched types\n  --> ${g.file()}:${g.int(1, 400)}:${g.int(1, 60)}\n   |\n   = note: ${g.sentence()}`
        : `running ${tests.length} tests\n${tests.map((t) => `test ${snake(t)} ... ok`).join('\n')}\n\ntest result: ${failed ? 'FAILED' : 'ok'}. ${tests.length} passed; ${failed ? 1 : 0} failed; 0 ignored${fail ? `\n\n---- ${fail}` : ''}`;
    case 'py':
      return `============================= test session starts ==============================\ncollected ${tests.length} items\n\n${tests.map((t) => `tests/test_${snake(g.noun())}.py::test_${snake(t)} PASSED`).join('\n')}\n${fail ? `FAILED ${fail}\n` : ''}========================= ${tests.length} passed in ${(g.r() * 9).toFixed(2)}s =========================`;
    case 'go':
      return `${tests.map((t) => `=== RUN   Test${pascal(t)}\n--- PASS: Test${pascal(t)} (0.0${g.int(0, 9)}s)`).join('\n')}\n${failed ? `--- FAIL: ${fail}\nFAIL` : 'PASS'}\nok  \t${p.cwd.split('/').pop()}/${g.file().split('/')[0]}\t${(g.r() * 3).toFixed(3)}s`;
    default:
      return `> ${p.test}\n\n${tests.map((t) => `  ✓ ${t} (${g.int(1, 40)} ms)`).join('\n')}\n${fail ? `  ✕ ${fail}\n` : ''}\nTests: ${failed ? '1 failed, ' : ''}${tests.length} passed, ${tests.length + (failed ? 1 : 0)} total`;
  }
}

/** The projects a corpus uses: the built-in ones first, then made-up ones sharing their vocabulary. */
function projectsFor(projects: number | readonly string[]): CorpusProject[] {
  const cwds = typeof projects === 'number' ? null : projects;
  const n = cwds ? cwds.length : projects as number;
  return Array.from({ length: n }, (_, i) => {
    const base = CORPUS_PROJECTS[i % CORPUS_PROJECTS.length] as CorpusProject;
    const cwd = cwds ? (cwds[i] as string) : i < CORPUS_PROJECTS.length ? base.cwd : `${base.cwd}-${Math.floor(i / CORPUS_PROJECTS.length) + 1}`;
    return { ...base, cwd };
  });
}

export interface CorpusOptions {
  root: string;
  /** Total size to write, roughly (the last session ends at the first task boundary past it). */
  bytes: number;
  seed?: number;
  /** How many projects (built-in vocabularies, reused if more), or their cwds. Default 6. */
  projects?: number | readonly string[];
  /** Time of the first session. Default 2026-01-05T08:30:00Z. */
  start?: Date;
  /** Session size range in bytes (log-uniform). Default 8 KB to 4 MB. */
  sessionBytes?: [number, number];
}

export interface CorpusResult {
  files: string[];
  projects: string[];
  sessions: number;
  lines: number;
  bytes: number;
}

function session(w: TranscriptWriter, g: Gen, target: number, shapeOf: () => Shape): void {
  if (g.chance(0.15)) {
    const k = g.int(1, 3);
    for (let i = 0; i < k; i++) w.summary(`${pascal(g.noun())} ${g.pick(['fix', 'refactor', 'investigation', 'tests'])}: ${g.pick(g.p.problems)}`);
  }
  if (g.chance(0.25)) {
    w.user('Caveat: The messages below were generated by the user while running local commands. DO NOT respond to these messages or otherwise consider them in your response unless the user explicitly asks you to.', { isMeta: true });
    w.user('<command-name>/clear</command-name>\n            <command-message>clear</command-message>\n            <command-args></command-args>');
    w.user('<local-command-stdout></local-command-stdout>');
  }
  let sinceCompact = 0;
  while (w.bytes < target) {
    const before = w.bytes;
    task(w, g, shapeOf);
    sinceCompact += w.bytes - before;
    if (sinceCompact > 1_200_000) {
      w.system('Conversation compacted', { subtype: 'compact_boundary' });
      w.user(`This session is being continued from a previous conversation that ran out of context. The conversation is summarized below:\n${g.paragraph(5, 12)}`);
      sinceCompact = 0;
    } else if (g.chance(0.03)) {
      w.system(g.pick(['Claude Code is using a new model for this session.', 'Context left until auto-compact: 12%', 'Hook PreToolUse:Bash completed']), { subtype: 'informational', level: g.pick(['info', 'warning']) });
    }
    if (g.chance(0.1)) w.wait(g.int(3_600_000, 20 * 3_600_000)); // came back later
  }
}

/** Writes realistic multi-project, multi-session transcripts under root until about `bytes`. */
export function generateCorpus(opts: CorpusOptions): CorpusResult {
  const seed = opts.seed ?? 1;
  const r = mulberry32(seed);
  const ids = new Ids(r);
  const projects = projectsFor(opts.projects ?? 6);
  const [lo, hi] = opts.sessionBytes ?? [8_000, 4_000_000];
  let t = (opts.start ?? new Date('2026-01-05T08:30:00.000Z')).getTime();
  const result: CorpusResult = { files: [], projects: projects.map((p) => p.cwd), sessions: 0, lines: 0, bytes: 0 };
  while (result.bytes < opts.bytes) {
    const p = projects[result.sessions % projects.length] as CorpusProject;
    const remaining = opts.bytes - result.bytes;
    const size = Math.min(Math.max(remaining, Math.min(lo, remaining)), Math.round(lo * Math.pow(hi / lo, r())));
    const sessionSeed = Math.floor(r() * 0x100000000);
    const w = new TranscriptWriter({ cwd: p.cwd, sessionId: ids.uuid(), start: new Date(t), seed: sessionSeed, gitBranch: r() < 0.7 ? 'main' : `fix/${snake(p.nouns[0] ?? 'x')}-${Math.floor(r() * 900 + 100)}` });
    const g = new Gen(mulberry32(sessionSeed ^ 0x5bd1e995), p);
    const mixed = r();
    session(w, g, size, () => (g.r() < 0.25 + mixed * 0.6 ? 'split' : 'combined'));
    result.files.push(w.writeTo(opts.root));
    result.sessions++;
    result.lines += w.lineCount;
    result.bytes += w.bytes;
    t = w.now.getTime() + between(r, 600_000, 36 * 3_600_000);
  }
  return result;
}

/**
 * Appends about `bytes` of new turns, spread over `files` (existing transcripts), continuing each
 * session. Returns what was appended.
 */
export function growTranscripts(opts: { files: readonly string[]; bytes: number; seed?: number }): { lines: number; bytes: number } {
  const seed = opts.seed ?? 1;
  const per = Math.ceil(opts.bytes / Math.max(1, opts.files.length));
  let lines = 0;
  let bytes = 0;
  opts.files.forEach((file, i) => {
    const w = TranscriptWriter.resume(file, { seed: seed * 7919 + i });
    const base = CORPUS_PROJECTS.find((p) => w.cwd.startsWith(p.cwd)) ?? (CORPUS_PROJECTS[i % CORPUS_PROJECTS.length] as CorpusProject);
    const g = new Gen(mulberry32(seed * 31 + i), { ...base, cwd: w.cwd });
    const target = (i + 1) * per - bytes; // later files make up for earlier overshoot
    while (w.bytes < target) task(w, g, () => (g.r() < 0.7 ? 'split' : 'combined'));
    lines += w.lineCount;
    bytes += w.appendTo(file);
  });
  return { lines, bytes };
}
