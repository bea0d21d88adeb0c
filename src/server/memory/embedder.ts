// The main-thread side of the embedding worker: finds a model, loads it in the worker, embeds
// on request, and looks again periodically while no model is available.
import { Worker } from 'node:worker_threads';
import { EMBEDDING_DIM } from '../../protocol/limits.js';
import type { ModelStatus } from '../../protocol/memory-schemas.js';
import type { ModelConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { WorkerReply } from './embed-messages.js';
import { locateModel, modelCacheDir, type ModelCandidate } from './model-locator.js';

// A failed download is retried this rarely; local folders are checked at every recheck.
const DOWNLOAD_RETRY_MS = 30 * 60_000;
const MAX_BATCH = 32;

interface Pending {
  resolve(v: Float32Array[]): void;
  reject(e: Error): void;
}

export class Embedder {
  private worker: Worker | null = null;
  private state: ModelStatus['state'] = 'loading';
  private loaded: ModelCandidate | null = null;
  private detail = 'looking for a model';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private loadWaiter: ((r: WorkerReply) => void) | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  /** The last "no model" message logged, so rechecks do not repeat it every minute. */
  private lastNoModel = '';
  private lastDownloadAttempt = 0;
  private readonly readyListeners: (() => void)[] = [];
  private closed = false;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly cfg: ModelConfig,
    private readonly dataDir: string,
    private readonly workerPath: string,
    private readonly log: Logger,
  ) {}

  get ready(): boolean {
    return this.state === 'ready';
  }

  status(): ModelStatus {
    return {
      state: this.state,
      model_id: this.loaded?.modelId ?? this.cfg.id,
      source: this.loaded?.source ?? null,
      location: this.loaded?.location ?? null,
      detail: this.detail,
    };
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
    if (this.ready) listener();
  }

  /** Starts looking for a model; resolves when the first attempt has settled. */
  start(): Promise<void> {
    if (!this.loading) {
      this.loading = this.tryLoad().finally(() => {
        this.loading = null;
      });
    }
    return this.loading;
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (!this.ready || !this.worker) throw new Error('no embedding model is available');
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += MAX_BATCH) {
      const batch = texts.slice(i, i + MAX_BATCH);
      const vectors = await this.request(batch);
      for (const v of vectors) out.push(Array.from(v));
    }
    return out;
  }

  private request(texts: string[]): Promise<Float32Array[]> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('no embedding model is available'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'embed', id, texts });
    });
  }

  private async tryLoad(): Promise<void> {
    const allowDownload = Date.now() - this.lastDownloadAttempt >= DOWNLOAD_RETRY_MS;
    const { candidates, notes } = locateModel(this.cfg, this.dataDir, allowDownload);
    const failures = [...notes];
    for (const c of candidates) {
      if (this.closed) return;
      if (c.source === 'download') this.lastDownloadAttempt = Date.now();
      this.state = 'loading';
      this.detail = c.source === 'download' ? `downloading ${c.modelId}` : `loading ${c.location}`;
      const error = await this.loadCandidate(c);
      if (!error) return;
      failures.push(`${c.source} (${c.location}): ${error}`);
      this.log.warn(`embedding model from ${c.source} not usable: ${error}`);
    }
    this.state = 'none';
    this.loaded = null;
    const detail = `no embedding model found; searching by keyword only` + (failures.length ? ` (${failures.join('; ')})` : '');
    // Said once; the periodic rechecks repeat it only when something changed (or at debug level).
    if (detail !== this.lastNoModel) this.log.info(detail);
    else this.log.debug(detail);
    this.lastNoModel = detail;
    this.detail = detail;
    this.scheduleRecheck();
  }

  private loadCandidate(c: ModelCandidate): Promise<string | null> {
    this.stopWorker();
    const worker = new Worker(this.workerPath);
    worker.unref();
    this.worker = worker;
    return new Promise((resolve) => {
      this.loadWaiter = (reply) => {
        this.loadWaiter = null;
        if (reply.type === 'load-failed') {
          this.stopWorker();
          resolve(reply.error);
        } else if (reply.type === 'loaded' && reply.dimension !== EMBEDDING_DIM) {
          this.stopWorker();
          resolve(`model produces ${reply.dimension}-dimensional vectors; ${EMBEDDING_DIM} are needed`);
        } else if (reply.type === 'loaded') {
          this.loaded = c;
          this.state = 'ready';
          this.detail = `${c.modelId} from ${c.source} loaded in ${reply.ms} ms`;
          this.log.info(`embedding model ${this.detail}`);
          resolve(null);
          for (const l of this.readyListeners) l();
        }
      };
      worker.on('message', (m: WorkerReply) => this.onMessage(m));
      worker.on('error', (err) => this.onWorkerGone(worker, err.message));
      worker.on('exit', (code) => this.onWorkerGone(worker, `worker exited with code ${code}`));
      worker.postMessage({
        type: 'load',
        modelId: c.modelId,
        localDir: c.localDir,
        cacheDir: modelCacheDir(this.dataDir),
        remoteHost: this.cfg.host,
      });
    });
  }

  private onMessage(m: WorkerReply): void {
    if (m.type === 'progress') {
      this.detail = `downloading ${m.file}: ${m.total ? Math.round((100 * m.loaded) / m.total) : 0}%`;
      this.log.debug(this.detail);
    } else if (m.type === 'embedded' || m.type === 'embed-failed') {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.type === 'embedded') p?.resolve(m.vectors);
      else p?.reject(new Error(m.error));
    } else {
      this.loadWaiter?.(m);
    }
  }

  private onWorkerGone(worker: Worker, reason: string): void {
    if (worker !== this.worker) return;
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new Error(`embedding worker stopped: ${reason}`));
    this.pending.clear();
    if (this.loadWaiter) {
      this.loadWaiter({ type: 'load-failed', error: reason });
      return;
    }
    if (this.closed) return;
    this.log.error(`embedding worker stopped (${reason}); searching by keyword until it is back`);
    this.state = 'none';
    this.loaded = null;
    this.detail = `embedding worker stopped: ${reason}`;
    this.scheduleRecheck();
  }

  private scheduleRecheck(): void {
    if (this.closed || this.recheckTimer) return;
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = null;
      if (this.state === 'none') void this.start();
    }, this.cfg.recheckMs);
    this.recheckTimer.unref();
  }

  private stopWorker(): void {
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    const w = this.worker;
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new Error('server is shutting down'));
    this.pending.clear();
    if (w) await w.terminate();
  }
}
