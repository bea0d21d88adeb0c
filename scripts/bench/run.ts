// npm run bench: speed and memory of the memory server, printed as a table.
// Targets: store p50 <= 5 ms (keyword mode), reflect_on_past p50 <= 5 ms keyword / 15 ms hybrid at
// 10k and <= 10 ms keyword at 100k, cold start <= 500 ms, start <= 1 s (secret scan included) and
// checkpoint <= 1.5 s on a repository with 5,000 files and 2,000 commits.
// Language server: every request p95 <= 50 ms at 10k memories.
// Sections: lifecycle, store, cold, search (search10k, search100k), context, import, http, disk, lsp; `npm run bench -- import`
// runs only the named ones.
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/server/log.js';
import type { MemoryRow } from '../../src/server/memory/schema.js';
import { LexicalIndex } from '../../src/server/memory/lexical-index.js';
import { MemoryStore } from '../../src/server/memory/store.js';
import { startServer, tempDir, type ServerHandle } from '../../test/support/server-process.js';
import { writeTinyModel } from '../../test/support/tiny-model.js';
import { makeBigRepo } from './big-repo.js';
import { diskBench, exportBench } from './disk.js';
import { httpBench } from './http.js';
import { importBench } from './import.js';
import { contextBench, contextRepo } from './context.js';
import { lspBench } from './lsp.js';
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
      const first = performance.now();
      await srv.call('reflect_on_past', { query: QUERIES[0] });
      report(`first search after start at ${label}, ${mode} (builds the in-process index)`, ms(performance.now() - first));
      for (const q of QUERIES) await srv.call('reflect_on_past', { query: q }); // warm-up
      const times = await timeEach(100, (i) => srv.call('reflect_on_past', { query: QUERIES[i % QUERIES.length], limit: 10 }));
      const target = count === 10_000 ? (mode === 'keyword' ? 'p50 <= 5 ms' : 'p50 <= 15 ms') : mode === 'keyword' ? 'p50 <= 10 ms' : undefined;
      report(`reflect_on_past at ${label}, ${mode}`, `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`, target);
      report(`server RSS after searching ${label}, ${mode}`, `${rssMb(srv.pid).toFixed(0)} MB`);
      if (mode === 'keyword') {
        // Another process stores: the next search here reads the ids and tags again and the new row.
        const other = await startServer({ dataDir, args: ['--project', 'bench'] });
        try {
          // Let the other process build its own index first, so only the catch-up here is measured.
          await other.call('reflect_on_past', { query: 'warm up' });
          const after: number[] = [];
          for (let i = 0; i < 5; i++) {
            await other.call('store_reflection', { content: `Written by another process, note ${i}: the tokenizer config was missing.` });
            const t = performance.now();
            await srv.call('reflect_on_past', { query: 'tokenizer config missing', limit: 10 });
            after.push(performance.now() - t);
          }
          report(`search right after another process stored, at ${label}`, `p50 ${ms(percentile(after, 50))}, max ${ms(Math.max(...after))}`);
        } finally {
          await other.close();
        }
      }
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
      report(`store_reflection, ${mode} (300 calls over MCP stdio)`, `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`, mode === 'keyword' ? 'p50 <= 5 ms' : undefined);
      const stats = await srv.call<{ size_bytes: number; total: number }>('reflection_stats');
      report(`disk per memory, ${mode}`, `${(stats.size_bytes / stats.total / 1024).toFixed(1)} KB`);
    } finally {
      await srv.close();
    }
  }
}

/** What the search analysis costs per stored memory (it runs in the storing process, in memory). */
function analysisCost(): void {
  const texts = notes(2_000, 5);
  const index = new LexicalIndex();
  const t = performance.now();
  texts.forEach((n, i) =>
    index.add({ id: `a${i}`, kind: 'reflection', text: n.text, tags: n.tags, files: n.files, project: 'bench', session_id: null, source: null, meta: null, created_at: i, embedded: false }),
  );
  const per = (performance.now() - t) / texts.length;
  report('search analysis + indexing per stored memory (in process)', `${(per * 1000).toFixed(0)} µs`);
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
    if (want('store')) {
      analysisCost();
      await storeBench();
    }
    if (want('cold')) await coldStart(path.join(root, 'cold'), 'empty data dir');
    const repo = want('context') ? await contextRepo(path.join(root, 'context-repo')) : '';
    if (want('context')) {
      const empty = path.join(root, 'context-empty');
      await (await MemoryStore.open(empty, log)).close();
      contextBench({ dataDir: empty, repo, label: 'empty store', modelDir, report });
    }
    for (const count of [10_000, 100_000]) {
      const searching = want('search') || want(`search${count / 1000}k`);
      if (!searching && !want('context')) continue;
      const dataDir = path.join(root, `n${count}`);
      await populate(dataDir, count);
      if (count === 10_000 && want('cold')) await coldStart(dataDir, '10k memories');
      if (want('context')) contextBench({ dataDir, repo, label: `${count / 1000}k memories`, modelDir, report });
      if (searching) {
        await searchBench(dataDir, count);
        await exportBench({ root, report }, dataDir, count, false);
      }
    }
    if (want('import')) await importBench({ root, modelDir, report, rssMb, waitReady });
    if (want('http')) await httpBench({ root, report, rssMb });
    if (want('disk')) await diskBench({ root, log, report });
    if (want('lsp')) await lspBench({ root, log, report, rssMb });
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
