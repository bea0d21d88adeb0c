// Reads an existing coverage report; the first readable one in CANDIDATES wins.
// Reports are usually git-ignored, so known paths are checked on disk instead of in the file list.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isRecord } from './config-text.js';
import { fmt, round2 } from './metric.js';

export type CoverageFormat = 'lcov' | 'istanbul' | 'cobertura' | 'coverage.py' | 'jacoco' | 'go';

export interface CoverageResult {
  percent: number;
  /** Path relative to the project, "/"-separated. */
  file: string;
  format: CoverageFormat;
  detail: string;
}

/** Searched in this order; the order is documented in docs/quality-score.md. */
export const COVERAGE_CANDIDATES: ReadonlyArray<readonly [file: string, format: CoverageFormat]> = [
  ['coverage/lcov.info', 'lcov'],
  ['lcov.info', 'lcov'],
  ['build/coverage/lcov.info', 'lcov'],
  ['target/coverage/lcov.info', 'lcov'],
  ['target/lcov.info', 'lcov'],
  ['coverage/coverage-summary.json', 'istanbul'],
  ['coverage-summary.json', 'istanbul'],
  ['coverage.xml', 'cobertura'],
  ['coverage/coverage.xml', 'cobertura'],
  ['coverage/cobertura-coverage.xml', 'cobertura'],
  ['cobertura.xml', 'cobertura'],
  ['build/coverage.xml', 'cobertura'],
  ['target/coverage.xml', 'cobertura'],
  ['target/site/cobertura/coverage.xml', 'cobertura'],
  ['coverage.json', 'coverage.py'],
  ['coverage/coverage.json', 'coverage.py'],
  ['htmlcov/coverage.json', 'coverage.py'],
  ['target/site/jacoco/jacoco.xml', 'jacoco'],
  ['build/reports/jacoco/test/jacocoTestReport.xml', 'jacoco'],
  ['jacoco.xml', 'jacoco'],
  ['coverage.out', 'go'],
  ['cover.out', 'go'],
];

/** Whole-file reads of reports stop at this size (lcov of a large project easily exceeds the 1 MB scan cap). */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export async function readCoverage(dir: string): Promise<CoverageResult | null> {
  for (const [file, format] of COVERAGE_CANDIDATES) {
    const abs = path.join(dir, file);
    let size: number;
    try {
      const st = await fs.stat(abs);
      if (!st.isFile()) continue;
      size = st.size;
    } catch {
      continue;
    }
    const r = await READERS[format](abs, size).catch(() => null);
    if (r) return { percent: round2(r.percent), file, format, detail: `${file}: ${r.detail}` };
  }
  return null;
}

/** coverage.py's own data file is SQLite, which is not read; its presence makes a useful hint. */
export async function hasCoveragePyData(dir: string): Promise<boolean> {
  return fs.stat(path.join(dir, '.coverage')).then((s) => s.isFile(), () => false);
}

type Reader = (file: string, size: number) => Promise<{ percent: number; detail: string } | null>;

const linesDetail = (covered: number, total: number): string => `${fmt(covered)} of ${fmt(total)} lines covered (${fmt(round2((covered / total) * 100))}%)`;

const READERS: Record<CoverageFormat, Reader> = {
  async lcov(file, size) {
    const text = await readWhole(file, size);
    if (text === null) return null;
    let found = 0;
    let hit = 0;
    for (const m of text.matchAll(/^(LF|LH):(\d+)/gm)) {
      if (m[1] === 'LF') found += Number(m[2]);
      else hit += Number(m[2]);
    }
    return found > 0 ? { percent: (hit / found) * 100, detail: linesDetail(hit, found) } : null;
  },
  async istanbul(file, size) {
    const json = parseJson(await readWhole(file, size));
    const lines = isRecord(json) && isRecord(json['total']) ? json['total']['lines'] : undefined;
    if (!isRecord(lines) || typeof lines['pct'] !== 'number') return null;
    const { covered, total } = lines;
    const detail = typeof covered === 'number' && typeof total === 'number' && total > 0 ? linesDetail(covered, total) : `${fmt(lines['pct'])}% of lines covered`;
    return { percent: lines['pct'], detail };
  },
  async cobertura(file) {
    // The totals are attributes of the root element, so the head of the file is enough.
    const head = await readSlice(file, 0, 16 * 1024);
    const tag = /<coverage\b[^>]*>/.exec(head)?.[0];
    const rate = tag ? attr(tag, 'line-rate') : null;
    if (rate === null || !Number.isFinite(rate)) return null;
    const covered = attr(tag as string, 'lines-covered');
    const valid = attr(tag as string, 'lines-valid');
    const detail = covered !== null && valid !== null && valid > 0 ? linesDetail(covered, valid) : `line-rate ${rate}`;
    return { percent: rate * 100, detail };
  },
  async 'coverage.py'(file, size) {
    const json = parseJson(await readWhole(file, size));
    const totals = isRecord(json) ? json['totals'] : undefined;
    if (!isRecord(totals) || typeof totals['percent_covered'] !== 'number') return null;
    const { covered_lines: covered, num_statements: total } = totals;
    const detail =
      typeof covered === 'number' && typeof total === 'number' && total > 0
        ? `${fmt(covered)} of ${fmt(total)} statements covered (${fmt(round2(totals['percent_covered']))}%)`
        : `${fmt(round2(totals['percent_covered']))}% covered`;
    return { percent: totals['percent_covered'], detail };
  },
  async jacoco(file, size) {
    // Report-level counters close the file, after every package's own counters.
    const tail = await readSlice(file, Math.max(0, size - 16 * 1024), 16 * 1024);
    const counters = [...tail.matchAll(/<counter\b[^>]*\btype="LINE"[^>]*>/g)];
    const last = counters[counters.length - 1]?.[0];
    if (!last) return null;
    const missed = attr(last, 'missed');
    const covered = attr(last, 'covered');
    if (missed === null || covered === null || missed + covered === 0) return null;
    return { percent: (covered / (missed + covered)) * 100, detail: linesDetail(covered, missed + covered) };
  },
  async go(file, size) {
    const text = await readWhole(file, size);
    if (text === null || !text.startsWith('mode:')) return null;
    // Merged profiles can repeat a block; it counts once, covered if any run covered it.
    const blocks = new Map<string, { stmts: number; hit: boolean }>();
    for (const m of text.matchAll(/^(\S+:\d+\.\d+,\d+\.\d+) (\d+) (\d+)$/gm)) {
      const prev = blocks.get(m[1] as string);
      blocks.set(m[1] as string, { stmts: Number(m[2]), hit: (prev?.hit ?? false) || Number(m[3]) > 0 });
    }
    let total = 0;
    let hit = 0;
    for (const b of blocks.values()) {
      total += b.stmts;
      if (b.hit) hit += b.stmts;
    }
    return total > 0 ? { percent: (hit / total) * 100, detail: `${fmt(hit)} of ${fmt(total)} statements covered (${fmt(round2((hit / total) * 100))}%)` } : null;
  },
};

function attr(tag: string, name: string): number | null {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : null;
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function readWhole(file: string, size: number): Promise<string | null> {
  return size > MAX_REPORT_BYTES ? null : fs.readFile(file, 'utf8');
}

async function readSlice(file: string, start: number, length: number): Promise<string> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, start);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}
