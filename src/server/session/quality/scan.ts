// One pass over the source files: length (for complexity), hard-coded secrets (for security) and
// Rust inline test modules (for the test count). Each file is read at most once.
import fs from 'node:fs/promises';
import path from 'node:path';
import { type Ecosystem, hasInlineRustTests, isTestPath, sourceEcosystem } from './ecosystems.js';
import { MAX_SCAN_BYTES, mapLimit, regularFileSize } from './files.js';
import { findSecretLine } from './secrets.js';

export interface SourceFile {
  path: string;
  ecosystem: Ecosystem;
  /** Line count; null when the file is over the scan cap (it then counts as over the complexity limit). */
  lines: number | null;
  secretLine: number | null;
  test: boolean;
}

const READ_CONCURRENCY = 32;

export async function scanSources(dir: string, files: readonly string[]): Promise<SourceFile[]> {
  const sources = files.flatMap((f) => {
    const eco = sourceEcosystem(f);
    return eco ? [{ path: f, ecosystem: eco }] : [];
  });
  const scanned = await mapLimit(sources, READ_CONCURRENCY, async (s): Promise<SourceFile | null> => {
    const abs = path.join(dir, s.path);
    // Deleted-but-tracked files and non-regular entries drop out; oversized ones stay, unread.
    const size = await regularFileSize(abs);
    if (size === null) return null;
    const text = size > MAX_SCAN_BYTES ? null : await fs.readFile(abs, 'utf8').catch(() => null);
    if (text === null) return { ...s, lines: null, secretLine: null, test: isTestPath(s.path, s.ecosystem) };
    const test = isTestPath(s.path, s.ecosystem) || (s.ecosystem === 'rust' && hasInlineRustTests(text));
    return { ...s, lines: countLines(text), secretLine: findSecretLine(text), test };
  });
  return scanned.filter((s): s is SourceFile => s !== null);
}

export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}
