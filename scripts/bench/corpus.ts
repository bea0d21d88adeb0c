// Deterministic, realistic-looking developer notes for benchmarks.
import { mulberry32 as rng } from '../../test/support/prng.js';
const SUBJECTS = ['The LanceDB store', 'Our esbuild config', 'The MCP handshake', 'The checkpoint commit', 'The embedding worker', 'The quality score', 'The status bar item', 'The webview panel', 'Session start', 'The git integration', 'The search ranking', 'The importer', 'The test harness', 'The CI pipeline', 'Compaction'];
const VERBS = ['failed when', 'became slow after', 'needed a retry because', 'was fixed by ensuring', 'regressed since', 'works again now that', 'leaked memory while', 'timed out when', 'was refactored so', 'must be documented because'];
const OBJECTS = ['the table had thousands of small fragments', 'two processes wrote at once', 'the tokenizer config was missing', 'the filter was not escaped', 'the workspace was untrusted', 'a rebase was in progress', 'the model folder moved', 'the lockfile was older than ninety days', 'coverage reports were absent', 'the worker thread crashed', 'stdout carried a log line', 'the query contained quotes', 'the index was rebuilt in the background'];
const TAILS = ['Next time check the logs first.', 'Added a regression test.', 'See src/server/memory/store.ts for details.', 'Benchmarks confirm the fix.', 'Left a note in the handoff.', 'This affects Windows paths too.', 'Users reported it twice.', ''];
const FILES = ['src/server/memory/store.ts', 'src/server/memory/search.ts', 'src/server/main.ts', 'esbuild.config.mjs', 'package.json', 'src/extension/extension.ts', 'README.md', 'test/unit/memory-tools.test.ts'];


export interface Note {
  text: string;
  files: string[];
  tags: string[];
}

export function notes(count: number, seed = 1): Note[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const out: Note[] = [];
  for (let i = 0; i < count; i++) {
    const sentences = 1 + Math.floor(r() * 3);
    const parts: string[] = [];
    for (let s = 0; s < sentences; s++) parts.push(`${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)}.`);
    parts.push(pick(TAILS));
    out.push({ text: `${parts.join(' ')} (note ${i})`.trim(), files: r() < 0.4 ? [pick(FILES)] : [], tags: r() < 0.5 ? [pick(['bug', 'perf', 'build', 'decision', 'testing'])] : [] });
  }
  return out;
}

export const QUERIES = ['fragments compaction slow', 'filter not escaped quotes', 'worker thread crashed', 'rebase in progress checkpoint', 'tokenizer config missing', 'two processes wrote at once', 'untrusted workspace', 'coverage reports absent quality score', 'stdout log line handshake', 'model folder moved'];

export function randomUnitVector(r: () => number, dim: number): number[] {
  const v = Array.from({ length: dim }, () => r() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

export { rng };
