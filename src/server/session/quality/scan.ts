// One pass over the project's text files: line counts and Rust inline tests for source files, and the secret
// scan (the shared detector) over every text file. Each file is read at most once, and a file whose size and
// modification time did not change since the last computation is not read again (checkpoints stay fast).
// With a worker script, large projects are read and scanned by worker threads.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Ecosystem } from './ecosystems.js';
import { isTestPath, sourceEcosystem } from './ecosystems.js';
import { MAX_SCAN_BYTES } from './files.js';
import type { FileFacts, ScanItem, ScanOutcome } from './scan-files.js';
import { readAndDetect } from './scan-files.js';
import { ScanPool } from './scan-pool.js';
import type { RawSecret } from './secret-context.js';
import { isScannable } from './secret-context.js';

export { countLines } from './scan-files.js';

export interface SourceFile {
  path: string;
  ecosystem: Ecosystem;
  /** Line count; null when the file is over the scan cap (it then counts as over the file-size limit). */
  lines: number | null;
  test: boolean;
}

export interface ScanResult {
  sources: SourceFile[];
  /** Detector findings (only files that have some), classified but not yet rated. */
  secrets: RawSecret[];
  /** Text files the secret scan covers, and how many it got through before the budget ran out. */
  textFiles: number;
  scanned: number;
  complete: boolean;
  /** Line counts of documentation files (.md, .mdx, .rst, .adoc, .markdown). */
  docLines: Map<string, number>;
  durationMs: number;
  /** Worker threads that read and scanned files (0: this thread did). */
  workers: number;
}

export interface ScanOptions {
  /** The secret scan stops starting new files after this long (ms). */
  budgetMs: number;
  /** The compiled scan-worker script; without it everything runs on this thread. */
  worker?: string;
}

export const DOC_PAGE = /\.(?:md|mdx|markdown|rst|adoc)$/i;

interface CacheEntry extends FileFacts {
  size: number;
  mtimeMs: number;
}

/** Per file (absolute path and path in the project); bounded so a server that sees many large repositories does not grow without end. */
const cache = new Map<string, CacheEntry>();
const MAX_CACHE = 400_000;
/** Below this many bytes to read, worker threads cost more than they save. */
const WORKER_MIN_BYTES = 2 * 1024 * 1024;
/** From this many files on, the workers are started before it is known how much must be read. */
const WARM_FILES = 1_000;
const pools = new Map<string, ScanPool>();

function poolFor(worker: string): ScanPool {
  let pool = pools.get(worker);
  if (!pool) pools.set(worker, (pool = new ScanPool(worker)));
  return pool;
}

interface Planned {
  rel: string;
  key: string;
  ecosystem: Ecosystem | null;
  scannable: boolean;
  size: number;
  mtimeMs: number;
  /** From the cache, when the file did not change. */
  known: CacheEntry | null;
  /** Over the size cap: counted, never read. */
  oversized: boolean;
}

export async function scanProject(dir: string, files: readonly string[], opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const deadline = Date.now() + opts.budgetMs;
  // A large tree probably needs the workers: start them while this thread stats the files.
  if (opts.worker && files.length >= WARM_FILES) poolFor(opts.worker).warm();
  const planned: Planned[] = [];
  let n = 0;
  for (const rel of files) {
    const ecosystem = sourceEcosystem(rel);
    const scannable = isScannable(rel);
    if (!ecosystem && !scannable) continue;
    // lstat is synchronous; yield now and then so the server stays responsive on large trees.
    if (++n % 1000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const abs = path.join(dir, rel);
    let st: fs.Stats;
    try {
      // Deleted-but-tracked files, symlinks and other non-regular entries drop out.
      st = fs.lstatSync(abs);
      if (!st.isFile()) continue;
    } catch {
      continue;
    }
    // The findings' context depends on the path relative to the project, so that is part of the key.
    const key = `${abs}\0${rel}`;
    const hit = cache.get(key);
    const known = hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs ? hit : null;
    planned.push({ rel, key, ecosystem, scannable, size: st.size, mtimeMs: st.mtimeMs, known, oversized: st.size > MAX_SCAN_BYTES });
  }

  const toRead = planned.filter((p) => !p.known && !p.oversized);
  const { outcomes, workers } = await readFiles(dir, toRead, deadline, opts.worker);

  const sources: SourceFile[] = [];
  const secrets: RawSecret[] = [];
  const docLines = new Map<string, number>();
  let textFiles = 0;
  let scanned = 0;
  for (const p of planned) {
    const pathTest = p.ecosystem ? isTestPath(p.rel, p.ecosystem) : false;
    if (p.oversized) {
      // Counted, unread (a committed .env is found from the file list, not from its content).
      if (p.ecosystem) sources.push({ path: p.rel, ecosystem: p.ecosystem, lines: null, test: pathTest });
      continue;
    }
    let facts: FileFacts | null = p.known;
    let detected = p.known !== null;
    if (!facts) {
      const o = outcomes.get(p.rel);
      if (!o?.facts) continue; // unreadable or binary
      facts = o.facts;
      detected = o.detected;
      // Only a complete answer is worth keeping: a file the budget skipped is scanned next time.
      if (detected || !p.scannable) remember(p.key, { ...o.facts, size: p.size, mtimeMs: p.mtimeMs });
    }
    if (p.ecosystem) sources.push({ path: p.rel, ecosystem: p.ecosystem, lines: facts.lines, test: pathTest || facts.rustTests });
    if (DOC_PAGE.test(p.rel)) docLines.set(p.rel, facts.lines);
    if (!p.scannable) continue;
    textFiles++;
    if (!detected) continue;
    scanned++;
    for (const s of facts.secrets) secrets.push({ file: p.rel, ...s });
  }
  return { sources, secrets, textFiles, scanned, complete: scanned === textFiles, docLines, durationMs: performance.now() - started, workers };
}

async function readFiles(dir: string, toRead: readonly Planned[], deadline: number, worker: string | undefined): Promise<{ outcomes: Map<string, ScanOutcome>; workers: number }> {
  const items: Array<ScanItem & { bytes: number }> = toRead.map((p) => ({ rel: p.rel, scannable: p.scannable, bytes: p.size }));
  const bytes = items.reduce((s, x) => s + x.bytes, 0);
  let outcomes: ScanOutcome[] | null = null;
  let workers = 0;
  if (worker && bytes >= WORKER_MIN_BYTES) {
    const pool = poolFor(worker);
    // A worker that cannot start or fails leaves the work to this thread.
    outcomes = await pool.run(dir, items, deadline).catch(() => null);
    if (outcomes) workers = pool.size;
  }
  outcomes ??= await readAndDetect(dir, items, deadline);
  return { outcomes: new Map(outcomes.map((o) => [o.rel, o])), workers };
}

/** Stops the scan workers (they are unref'd; tests stop them so their process ends at once). */
export async function disposeScanWorkers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.dispose()));
}

function remember(key: string, entry: CacheEntry): void {
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, entry);
}
