// npm run bench: speed and memory of the memory server, printed as a table.
// Targets: store p50 <= 10 ms (keyword mode), search p50 <= 20 ms at 10k, cold start <= 500 ms,
// start <= 1 s (secret scan included) and checkpoint <= 1.5 s on a repository with 5,000 files and
// 2,000 commits.
// Sections: lifecycle, store, cold, search (search10k, search100k), import; `npm run bench -- import`
// runs only the named ones.
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/server/log.js';
import type { MemoryRow } from '../../src/server/memory/schema.js';
import { MemoryStore } from '../../src/server/memory/store.js';
import { startServer, tempDir, type ServerHandle } from '../../test/support/server-process.js';
import { writeTinyModel } from '../../test/support/tiny-model.js';
import { makeBigRepo } from './big-repo.js';
import { importBench } from './import.js';
import { notes, QUERIES, randomUnitVector, rng } from './corpus.js';
import { ms, percentile, timeEach } from './stats.js';

interface Line {
  metric: string;
  value: string;
  target?: string;
}
const lines: Line[] = [];
const report = (metric: string, value: string, target?: string): void => {
  lines.push({ metric, value, ...(target ? { target } : {}) });
  process.stderr.write(`  ${metric}: ${value}${target ? ` (target ${target})` : ''}\n`);
};

const only = process.argv.slice(2);
const want = (name: string): boolean => only.length === 0 || only.includes(name);
const root = tempDir('bench');
const log = createLogger('warn');
const modelDir = writeTinyModel(path.join(root, 'model'), 'bench/tiny');

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function waitReady(srv: ServerHandle): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const s = await srv.call<{ model: { state: string } }>('reflection_stats');
    if (s.model.state === 'ready') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('model did not load');
}

async function populate(dataDir: string, count: number): Promise<void> {
  const store = await MemoryStore.open(dataDir, log, Number.MAX_SAFE_INTEGER);
  const r = rng(7);
  const all = notes(count, 3);
  const start = performance.now();
  const BATCH = 1_000;
  const base = Date.now() - count * 60_000;
  for (let i = 0; i < count; i += BATCH) {
    const rows: MemoryRow[] = all.slice(i, i + BATCH).map((n, j) => ({
      id: `bench-${i + j}`,
      kind: 'reflection',
      text: n.text,
      tags: n.tags,
      project: (i + j) % 10 === 0 ? 'other' : 'bench',
      session_id: null,
      files: n.files,
      source: null,
      meta: null,
      created_at: new Date(base + (i + j) * 60_000),
      vector: randomUnitVector(r, 384),
    }));
    await store.add(rows);
  }
  const secs = (performance.now() - start) / 1000;
  report(`batched insert, ${count.toLocaleString('en-US')} memories (batches of ${BATCH})`, `${Math.round(count / secs).toLocaleString('en-US')} rows/s`);
  const c = performance.now();
  await store.compactNow();
  report(`compaction + index upkeep at ${count.toLocaleString('en-US')}`, ms(performance.now() - c));
  await store.close();
}

async function searchBench(dataDir: string, count: number): Promise<void> {
  const label = count.toLocaleString('en-US');
  for (const mode of ['keyword', 'hybrid'] as const) {
    const args = ['--project', 'bench', ...(mode === 'hybrid' ? ['--model-path', modelDir] : [])];
    const srv = await startServer({ dataDir, args });
    try {
      if (mode === 'hybrid') await waitReady(srv);
      for (const q of QUERIES) await srv.call('reflect_on_past', { query: q }); // warm-up
      const times = await timeEach(100, (i) => srv.call('reflect_on_past', { query: QUERIES[i % QUERIES.length], limit: 10 }));
      const target = count === 10_000 ? 'p50 <= 20 ms' : undefined;
      report(`reflect_on_past at ${label}, ${mode}`, `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`, target);
      report(`server RSS after searching ${label}, ${mode}`, `${rssMb(srv.pid).toFixed(0)} MB`);
    } finally {
      await srv.close();
    }
  }
}

async function storeBench(): Promise<void> {
  for (const mode of ['keyword', 'hybrid'] as const) {
    const dataDir = path.join(root, `store-${mode}`);
    const args = mode === 'hybrid' ? ['--model-path', modelDir] : [];
    const srv = await startServer({ dataDir, args });
    try {
      if (mode === 'hybrid') await waitReady(srv);
      const texts = notes(300, 11);
      const times = await timeEach(300, (i) => srv.call('store_reflection', { content: texts[i]?.text, tags: texts[i]?.tags }));
      report(`store_reflection, ${mode} (300 calls over MCP stdio)`, `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`, mode === 'keyword' ? 'p50 <= 10 ms' : undefined);
      const stats = await srv.call<{ size_bytes: number; total: number }>('reflection_stats');
      report(`disk per memory, ${mode}`, `${(stats.size_bytes / stats.total / 1024).toFixed(1)} KB`);
    } finally {
      await srv.close();
    }
  }
}

async function coldStart(dataDir: string, label: string): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const srv = await startServer({ dataDir });
    await srv.client.listTools();
    times.push(performance.now() - t);
    await srv.close();
  }
  report(`cold start to first tools/list answer, ${label} (median of 5)`, ms(percentile(times, 50)), '<= 500 ms');
}

async function lifecycleBench(): Promise<void> {
  const repo = path.join(root, 'big-repo');
  const t0 = performance.now();
  await makeBigRepo(repo, { files: 5_000, commits: 2_000 });
  report('generate repository: 5,000 files, 2,000 commits', ms(performance.now() - t0));
  const srv = await startServer({ dataDir: path.join(root, 'life-data'), cwd: repo });
  try {
    const s = performance.now();
    const started = await srv.call<{ quality: { duration_ms: number; secrets: { files_scanned: number; files_total: number; duration_ms: number; complete: boolean } } }>('start');
    report('start (new session, secret scan included) on that repository', ms(performance.now() - s), '<= 1 s');
    const scan = started.quality.secrets;
    report(
      'quality score during start: total / secret scan',
      `${ms(started.quality.duration_ms)} / ${ms(scan.duration_ms)} (${scan.files_scanned} of ${scan.files_total} text files${scan.complete ? '' : ', budget reached'})`,
    );
    const status = await timeEach(5, () => srv.call('status'));
    report('status on that repository (5 calls)', `p50 ${ms(percentile(status, 50))}, max ${ms(Math.max(...status))}`);
    const target = fs.readdirSync(repo).find((f) => f.endsWith('.json')) ?? 'package.json';
    const times = await timeEach(10, async (i) => {
      fs.appendFileSync(path.join(repo, target), ' '.repeat(i + 1));
      const out = await srv.call<{ commit: { status: string } }>('checkpoint', {});
      if (out.commit.status !== 'committed') throw new Error(`checkpoint did not commit: ${out.commit.status}`);
    });
    report('checkpoint with a commit on that repository (10 calls)', `p50 ${ms(percentile(times, 50))}, max ${ms(Math.max(...times))}`, '<= 1.5 s');
  } finally {
    await srv.close();
  }
}

async function main(): Promise<void> {
  process.stderr.write(`benchmark data in ${root}\n`);
  try {
    if (want('lifecycle')) await lifecycleBench();
    if (want('store')) await storeBench();
    if (want('cold')) await coldStart(path.join(root, 'cold'), 'empty data dir');
    for (const count of [10_000, 100_000]) {
      if (!want('search') && !want(`search${count / 1000}k`)) continue;
      const dataDir = path.join(root, `n${count}`);
      await populate(dataDir, count);
      if (count === 10_000 && want('cold')) await coldStart(dataDir, '10k memories');
      await searchBench(dataDir, count);
    }
    if (want('import')) await importBench({ root, modelDir, report, rssMb, waitReady });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const w = Math.max(...lines.map((l) => l.metric.length));
  const v = Math.max(...lines.map((l) => l.value.length));
  console.log(`\n${'metric'.padEnd(w)}  ${'value'.padEnd(v)}  target`);
  console.log(`${'-'.repeat(w)}  ${'-'.repeat(v)}  ------`);
  for (const l of lines) console.log(`${l.metric.padEnd(w)}  ${l.value.padEnd(v)}  ${l.target ?? ''}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
