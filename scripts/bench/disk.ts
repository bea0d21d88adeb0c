// Disk at rest: 10,000 memories of ~200 characters stored one at a time (as agents store them), with
// vectors, through the store the server uses and its background compaction; then the size once the
// replaced versions are cleaned. Also: export of the store streams in bounded memory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../src/server/log.js';
import type { MemoryRow } from '../../src/server/memory/schema.js';
import { MemoryStore } from '../../src/server/memory/store.js';
import { SERVER_JS } from '../../test/support/server-process.js';
import { notes, randomUnitVector, rng } from './corpus.js';

export interface DiskBenchContext {
  root: string;
  log: Logger;
  report: (metric: string, value: string, target?: string) => void;
}

const COUNT = 10_000;
const CHARS = 200;
// The readers' window, shortened so the bench need not wait the server's 10 minutes.
const WINDOW_MS = 2_000;

function usage(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(dir);
  return { bytes, files };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Peak RSS of a child process (VmHWM), sampled from /proc until it exits. */
function runMeasured(args: string[]): Promise<{ code: number | null; peakMb: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [SERVER_JS, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    const timer = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        peak = Math.max(peak, Number(m?.[1] ?? 0) / 1024);
      } catch {
        // exited
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, peakMb: peak, ms: performance.now() - t });
    });
  });
}

export async function diskBench(ctx: DiskBenchContext): Promise<void> {
  const dataDir = path.join(ctx.root, 'disk');
  const dbDir = path.join(dataDir, 'lancedb', 'memories.lance');
  const store = await MemoryStore.open(dataDir, ctx.log, 100, WINDOW_MS);
  const r = rng(11);
  const all = notes(COUNT, 5);
  const t = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const n = all[i] as (typeof all)[number];
    const text = `${n.text} `.repeat(Math.ceil(CHARS / (n.text.length + 1))).slice(0, CHARS);
    const row: MemoryRow = { id: `disk-${i}`, kind: 'reflection', text, tags: n.tags, project: 'bench', session_id: null, files: n.files, source: null, meta: null, created_at: new Date(), vector: randomUnitVector(r, 384) };
    await store.add([row]);
  }
  const wrote = performance.now() - t;
  const before = usage(dbDir);
  const frag = await store.fragments();
  ctx.report(`disk: ${COUNT.toLocaleString('en-US')} memories of ${CHARS} chars stored one by one (${Math.round(wrote / 1000)} s)`, `${mb(before.bytes)} in ${before.files.toLocaleString('en-US')} files, ${frag.fragments} fragments, before the versions are cleaned`);
  // Upkeep: the final compaction, then the pass that removes versions once the window has passed.
  await store.compactNow();
  await sleep(WINDOW_MS + 500);
  await store.compactNow();
  const after = usage(dbDir);
  ctx.report(`disk per memory at ${COUNT.toLocaleString('en-US')} after upkeep (vectors and full-text index included)`, `${kb(after.bytes / COUNT)} (${mb(after.bytes)} in ${after.files} files)`, '< 4 KB');
  await store.close();

  // A store left with many small fragments is compacted when it is opened.
  const leftover = path.join(ctx.root, 'disk-leftover');
  const raw = await MemoryStore.open(leftover, ctx.log, Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < 200; i++) {
    await raw.add([{ id: `l-${i}`, kind: 'reflection', text: `left over ${i}`, tags: [], project: 'bench', session_id: null, files: [], source: null, meta: null, created_at: new Date(), vector: null }]);
  }
  await raw.close();
  const reopened = await MemoryStore.open(leftover, ctx.log, 100, WINDOW_MS);
  const o = performance.now();
  let f = await reopened.fragments();
  while (f.fragments > 1 && performance.now() - o < 30_000) {
    await sleep(100);
    f = await reopened.fragments();
  }
  ctx.report('open with 200 small fragments: compacted in the background', `${f.fragments} fragment(s) after ${Math.round(performance.now() - o)} ms`);
  await reopened.close();

  await exportBench(ctx, dataDir, COUNT, true);
}

/** Export streams: its peak memory should stay flat as the store grows (compare 10k and 100k). */
export async function exportBench(ctx: Pick<DiskBenchContext, 'root' | 'report'>, dataDir: string, count: number, vectors: boolean): Promise<void> {
  const out = path.join(ctx.root, `export-${count}.jsonl`);
  const exp = await runMeasured(['export', '--data-dir', dataDir, '--all', ...(vectors ? ['--with-vectors'] : []), '-o', out]);
  if (exp.code !== 0) throw new Error(`export exited with ${exp.code}`);
  ctx.report(`export${vectors ? ' --with-vectors' : ''} of ${count.toLocaleString('en-US')} memories`, `${Math.round(exp.ms)} ms, ${mb(fs.statSync(out).size)} written, peak RSS ${exp.peakMb.toFixed(0)} MB`);
  fs.rmSync(out, { force: true });
}
