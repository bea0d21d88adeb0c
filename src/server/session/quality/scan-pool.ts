// A small pool of scan workers (scan-worker.ts), created on first use and kept for later computations. Work is
// split by bytes so the workers finish together; any failure rejects, and the caller scans in its own thread.
import { Worker } from 'node:worker_threads';
import type { ScanItem, ScanOutcome } from './scan-files.js';

type Reply = { id: number; outcomes: ScanOutcome[] } | { id: number; error: string };

export class ScanPool {
  private readonly workers: Array<Worker | undefined> = [];
  private readonly waiting = new Map<number, { resolve: (o: ScanOutcome[]) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(
    private readonly script: string,
    readonly size = 2,
  ) {}

  async run(dir: string, items: ReadonlyArray<ScanItem & { bytes: number }>, deadline: number): Promise<ScanOutcome[]> {
    const chunks = splitByBytes(items, this.size);
    const results = await Promise.all(chunks.map((chunk, i) => (chunk.length === 0 ? Promise.resolve([]) : this.send(i, dir, chunk.map(({ rel, scannable }) => ({ rel, scannable })), deadline))));
    return results.flat();
  }

  /** Starts the workers ahead of the work, so their start-up overlaps with the caller's own. */
  warm(): void {
    for (let i = 0; i < this.size; i++) this.worker(i);
  }

  private worker(i: number): Worker {
    let w = this.workers[i];
    if (w) return w;
    // From sources (tests under tsx) the worker is TypeScript: register tsx's loader first.
    w = this.script.endsWith('.ts') ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(this.script)});`, { eval: true }) : new Worker(this.script);
    w.unref();
    w.on('message', (r: Reply) => {
      const p = this.waiting.get(r.id);
      if (!p) return;
      this.waiting.delete(r.id);
      if ('error' in r) p.reject(new Error(r.error));
      else p.resolve(r.outcomes);
    });
    const fail = (err: Error): void => {
      this.workers[i] = undefined;
      for (const [id, p] of this.waiting) {
        this.waiting.delete(id);
        p.reject(err);
      }
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`scan worker exited (${code})`)));
    this.workers[i] = w;
    return w;
  }

  private send(i: number, dir: string, items: ScanItem[], deadline: number): Promise<ScanOutcome[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker(i).postMessage({ id, dir, items, deadline });
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w?.terminate()));
    this.workers.length = 0;
  }
}

/** Contiguous chunks of about equal bytes (contiguous keeps each worker's files in one area of the tree). */
function splitByBytes<T extends { bytes: number }>(items: readonly T[], n: number): T[][] {
  const total = items.reduce((s, x) => s + x.bytes, 0);
  const out: T[][] = Array.from({ length: n }, () => []);
  let acc = 0;
  for (const x of items) {
    const k = Math.min(n - 1, Math.floor((acc / Math.max(1, total)) * n));
    (out[k] as T[]).push(x);
    acc += x.bytes;
  }
  return out;
}
