// Reads an existing lint report (ESLint JSON, Checkstyle XML, SARIF); the first readable one wins.
// Like coverage reports they are usually git-ignored, so known paths are checked on disk.
import path from 'node:path';
import { isRecord } from './config-text.js';
import { readCapped } from './files.js';

export type LintReportFormat = 'eslint' | 'checkstyle' | 'sarif';

export interface LintReport {
  file: string;
  format: LintReportFormat;
  errors: number;
  warnings: number;
}

/** Searched in this order (documented in docs/quality-score.md). */
export const LINT_REPORT_CANDIDATES: ReadonlyArray<readonly [file: string, format: LintReportFormat]> = [
  ['eslint-report.json', 'eslint'],
  ['reports/eslint.json', 'eslint'],
  ['lint-results.sarif', 'sarif'],
  ['reports/lint.sarif', 'sarif'],
  ['checkstyle-result.xml', 'checkstyle'],
  ['target/checkstyle-result.xml', 'checkstyle'],
  ['build/reports/checkstyle/main.xml', 'checkstyle'],
];

const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export async function readLintReport(dir: string): Promise<LintReport | null> {
  for (const [file, format] of LINT_REPORT_CANDIDATES) {
    const text = await readCapped(path.join(dir, file), MAX_REPORT_BYTES);
    if (text === null) continue;
    const counts = PARSERS[format](text);
    if (counts) return { file, format, ...counts };
  }
  return null;
}

type Counts = { errors: number; warnings: number };

const PARSERS: Record<LintReportFormat, (text: string) => Counts | null> = {
  eslint(text) {
    const json = parse(text);
    if (!Array.isArray(json)) return null;
    let errors = 0;
    let warnings = 0;
    for (const f of json) {
      if (!isRecord(f) || typeof f['errorCount'] !== 'number' || typeof f['warningCount'] !== 'number') return null;
      errors += f['errorCount'];
      warnings += f['warningCount'];
    }
    return { errors, warnings };
  },
  checkstyle(text) {
    if (!/<checkstyle\b/.test(text)) return null;
    let errors = 0;
    let warnings = 0;
    for (const m of text.matchAll(/<error\b[^>]*\bseverity="([a-z]+)"/g)) {
      if (m[1] === 'error') errors++;
      else if (m[1] === 'warning') warnings++;
    }
    return { errors, warnings };
  },
  sarif(text) {
    const json = parse(text);
    if (!isRecord(json) || !Array.isArray(json['runs'])) return null;
    let errors = 0;
    let warnings = 0;
    for (const run of json['runs']) {
      const results = isRecord(run) && Array.isArray(run['results']) ? run['results'] : [];
      for (const r of results) {
        // SARIF's default level is "warning".
        const level = isRecord(r) && typeof r['level'] === 'string' ? r['level'] : 'warning';
        if (level === 'error') errors++;
        else if (level === 'warning') warnings++;
      }
    }
    return { errors, warnings };
  },
};

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
