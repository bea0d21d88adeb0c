// Reads a list of files and runs the secret detector over the text ones, in batches: the work the scan hands to
// worker threads (or does itself). Nothing here knows about caching or the project as a whole.
import fs from 'node:fs';
import path from 'node:path';
import type { SecretFinding } from '../../secrets/detect.js';
import { detectSecrets, maskedPreview } from '../../secrets/detect.js';
import { detectSecretsInFiles } from '../../secrets/detect-files.js';
import { hasInlineRustTests, sourceEcosystem } from './ecosystems.js';
import type { RawSecret } from './secret-context.js';
import { contextOf } from './secret-context.js';

export interface ScanItem {
  rel: string;
  /** Whether the secret scan covers it (source files that are not text-scannable only need their lines). */
  scannable: boolean;
}

export interface FileFacts {
  lines: number;
  rustTests: boolean;
  secrets: Array<Omit<RawSecret, 'file'>>;
}

export interface ScanOutcome {
  rel: string;
  /** Null when the file could not be read or is binary. */
  facts: FileFacts | null;
  /** False when the time budget ran out before the detector saw this (scannable) file. */
  detected: boolean;
}

/** Texts are handed to the detector together, up to this many characters per call (one call per file costs more). */
const DETECT_CHARS = 512 * 1024;
const NAME_SENSITIVE = /^(?:\.npmrc|package\.json|package-lock\.json|id_[a-z0-9]+|.*\.(?:pem|key|p8|ppk))$/i;

interface Pending {
  rel: string;
  text: string;
  out: ScanOutcome & { facts: FileFacts };
}

/** Reads each item once; detects secrets in the scannable ones until `deadline` (ms since the epoch) passes. */
export async function readAndDetect(dir: string, items: readonly ScanItem[], deadline: number): Promise<ScanOutcome[]> {
  const out: ScanOutcome[] = [];
  let pending: Pending[] = [];
  let chars = 0;
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    chars = 0;
    if (batch.length === 0) return;
    if (Date.now() > deadline) return;
    await detectBatch(batch);
    for (const p of batch) p.out.detected = true;
  };
  for (const item of items) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, item.rel), 'utf8');
    } catch {
      out.push({ rel: item.rel, facts: null, detected: false });
      continue;
    }
    // Binary content (a NUL early on) is neither source nor scannable text.
    if (text.slice(0, 8000).includes('\0')) {
      out.push({ rel: item.rel, facts: null, detected: false });
      continue;
    }
    const facts: FileFacts = { lines: countLines(text), rustTests: item.rel.endsWith('.rs') && hasInlineRustTests(text), secrets: [] };
    const o = { rel: item.rel, facts, detected: !item.scannable };
    out.push(o);
    if (!item.scannable || Date.now() > deadline) continue;
    pending.push({ rel: item.rel, text, out: o });
    chars += text.length;
    if (chars >= DETECT_CHARS) await flush();
  }
  await flush();
  return out;
}

/** Runs the detector over a batch of files and keeps each file's findings. */
async function detectBatch(batch: Pending[]): Promise<void> {
  // Files whose name secretlint's rules look at (.npmrc, package.json, key files) get their own call.
  const alone = batch.filter((p) => NAME_SENSITIVE.test(p.rel.slice(p.rel.lastIndexOf('/') + 1)));
  const together = batch.filter((p) => !alone.includes(p));
  for (const p of alone) keep(p, await detectSecrets(p.text, p.rel));
  if (together.length === 0) return;
  const found = await detectSecretsInFiles(together.map((p) => ({ text: p.text, path: p.rel })));
  together.forEach((p, k) => keep(p, found[k] ?? []));
}

function keep(p: Pending, found: SecretFinding[]): void {
  p.out.facts.secrets = found.filter((s) => countsInScore(s, p.rel, p.text)).map((s) => toRaw(s, p.rel, p.text));
}

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

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}
