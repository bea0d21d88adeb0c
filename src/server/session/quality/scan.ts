// One pass over the project's text files: line counts and Rust inline tests for source files, and the secret
// scan (the shared detector) over every text file. Each file is read at most once, and a file whose size and
// modification time did not change since the last computation is not read again (checkpoints stay fast).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SecretFinding } from '../../secrets/detect.js';
import { detectSecrets, maskedPreview } from '../../secrets/detect.js';
import { detectSecretsInFiles } from '../../secrets/detect-files.js';
import type { Ecosystem } from './ecosystems.js';
import { hasInlineRustTests, isTestPath, sourceEcosystem } from './ecosystems.js';
import { MAX_SCAN_BYTES } from './files.js';
import type { RawSecret } from './secret-context.js';
import { contextOf, isScannable } from './secret-context.js';

export interface SourceFile {
  path: string;
  ecosystem: Ecosystem;
  /** Line count; null when the file is over the scan cap (it then counts as over the file-size limit). */
  lines: number | null;
  test: boolean;
}

export interface ScanResult {
  sources: SourceFile[];
  /** Detector findings per file (only files that have some), before classification. */
  secrets: RawSecret[];
  /** Text files the secret scan covers, and how many it got through before the budget ran out. */
  textFiles: number;
  scanned: number;
  complete: boolean;
  /** Line counts of documentation files (.md, .mdx, .rst, .adoc, .markdown). */
  docLines: Map<string, number>;
  durationMs: number;
}

export interface ScanOptions {
  /** The secret scan stops starting new files after this long (ms). */
  budgetMs: number;
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  lines: number;
  rustTests: boolean;
  secrets: Array<Omit<RawSecret, 'file'>>;
}

/** Per file (absolute path and path in the project); bounded so a server that sees many large repositories does not grow without end. */
const cache = new Map<string, CacheEntry>();
const MAX_CACHE = 400_000;

/** Files read between two yields to the event loop. */
const BATCH_FILES = 250;
/** Texts are handed to the detector together, up to this many characters per call (one call per file costs more). */
const DETECT_CHARS = 512 * 1024;

interface Pending {
  rel: string;
  text: string;
  entry: CacheEntry;
}

export async function scanProject(dir: string, files: readonly string[], opts: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const sources: SourceFile[] = [];
  const secrets: RawSecret[] = [];
  const docLines = new Map<string, number>();
  let textFiles = 0;
  let scanned = 0;
  let complete = true;
  let pending: Pending[] = [];
  let pendingChars = 0;

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingChars = 0;
    await detectBatch(batch);
    for (const p of batch) for (const s of p.entry.secrets) secrets.push({ file: p.rel, ...s });
    scanned += batch.length;
  };

  let n = 0;
  for (const rel of files) {
    const ecosystem = sourceEcosystem(rel);
    const scannable = isScannable(rel);
    if (!ecosystem && !scannable) continue;
    if (++n % BATCH_FILES === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const abs = path.join(dir, rel);
    // The findings' context depends on the path relative to the project, so that is part of the key.
    const key = `${abs}\0${rel}`;
    let st: fs.Stats;
    try {
      // Deleted-but-tracked files, symlinks and other non-regular entries drop out.
      st = fs.lstatSync(abs);
      if (!st.isFile()) continue;
    } catch {
      continue;
    }
    const pathTest = ecosystem ? isTestPath(rel, ecosystem) : false;
    if (st.size > MAX_SCAN_BYTES) {
      // Oversized files stay in the counts, unread (a committed .env is found from the file list, not its content).
      if (ecosystem) sources.push({ path: rel, ecosystem, lines: null, test: pathTest });
      continue;
    }
    let entry = cache.get(key);
    let text: string | null = null;
    if (!entry || entry.size !== st.size || entry.mtimeMs !== st.mtimeMs) {
      try {
        text = fs.readFileSync(abs, 'utf8');
      } catch {
        continue;
      }
      // Binary content (a NUL early on) is neither source nor scannable text.
      if (text.slice(0, 8000).includes('\0')) continue;
      entry = { size: st.size, mtimeMs: st.mtimeMs, lines: countLines(text), rustTests: ecosystem === 'rust' && hasInlineRustTests(text), secrets: [] };
    }
    if (ecosystem) sources.push({ path: rel, ecosystem, lines: entry.lines, test: pathTest || entry.rustTests });
    if (DOC_PAGE.test(rel)) docLines.set(rel, entry.lines);
    if (!scannable) {
      remember(key, entry, text !== null);
      continue;
    }
    textFiles++;
    if (text === null) {
      // Unchanged since the last scan: its findings are still right.
      for (const s of entry.secrets) secrets.push({ file: rel, ...s });
      scanned++;
      continue;
    }
    if (!complete || performance.now() - started > opts.budgetMs) {
      complete = false;
      continue;
    }
    pending.push({ rel, text, entry });
    pendingChars += text.length;
    remember(key, entry, false);
    if (pendingChars >= DETECT_CHARS) await flush();
  }
  if (complete && performance.now() - started <= opts.budgetMs) await flush();
  else {
    complete = false;
    for (const p of pending) cache.delete(`${path.join(dir, p.rel)}\0${p.rel}`);
  }
  return { sources, secrets, textFiles, scanned, complete, docLines, durationMs: performance.now() - started };
}

function remember(key: string, entry: CacheEntry, fresh: boolean): void {
  if (!fresh && cache.get(key) === entry) return;
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, entry);
}

/** Runs the detector over a batch of files and keeps each file's findings in its cache entry. */
async function detectBatch(batch: Pending[]): Promise<void> {
  // Files whose name secretlint's rules look at (.npmrc, package.json, key files) get their own call.
  const alone = batch.filter((p) => NAME_SENSITIVE.test(p.rel.slice(p.rel.lastIndexOf('/') + 1)));
  const together = batch.filter((p) => !alone.includes(p));
  for (const p of alone) {
    const found = await detectSecrets(p.text, p.rel);
    p.entry.secrets = found.filter((s) => countsInScore(s, p.rel, p.text)).map((s) => toRaw(s, p.rel, p.text));
  }
  if (together.length === 0) return;
  const found = await detectSecretsInFiles(together.map((p) => ({ text: p.text, path: p.rel })));
  together.forEach((p, k) => {
    p.entry.secrets = (found[k] ?? []).filter((s) => countsInScore(s, p.rel, p.text)).map((s) => toRaw(s, p.rel, p.text));
  });
}

export const DOC_PAGE = /\.(?:md|mdx|markdown|rst|adoc)$/i;
const NAME_SENSITIVE = /^(?:\.npmrc|package\.json|package-lock\.json|id_[a-z0-9]+|.*\.(?:pem|key|p8|ppk))$/i;

/**
 * The detector errs on the side of redacting. For the score a name-based (medium-confidence) match must be a
 * literal: in code, `secret: someVariable` or `token: RawToken[]` is not a credential, while `secret: "..."` may be;
 * version strings (`"secretlint": "13.0.7"`) are not credentials either.
 */
function countsInScore(s: SecretFinding, rel: string, text: string): boolean {
  if (s.confidence === 'high') return true;
  const value = text.slice(s.start, s.end);
  if (/^[~^>=<v]*\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/.test(value)) return false;
  if (sourceEcosystem(rel) === null) return true;
  const before = text[s.start - 1];
  return before === '"' || before === "'" || before === '`';
}

/** What is kept of a finding: where, which rule, a masked preview and its context. Never the value itself. */
function toRaw(s: SecretFinding, rel: string, text: string): Omit<RawSecret, 'file'> {
  return { line: s.line, column: s.column, rule: s.rule, kind: s.kind, confidence: s.confidence, preview: maskedPreview(text.slice(s.start, s.end)), context: contextOf(rel, text, s.start) };
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  const n = lineBreaks(text);
  return text.endsWith('\n') ? n : n + 1;
}
