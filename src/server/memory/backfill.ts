// Gives vectors to memories stored while no model was available (or by a process without one).
import type { Logger } from '../log.js';
import type { Embedder } from './embedder.js';
import type { MemoryStore } from './store.js';

const BATCH = 32;

export class Backfill {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly store: MemoryStore,
    private readonly embedder: Embedder,
    private readonly log: Logger,
  ) {}

  /** Starts a pass unless one is running; a request during a pass runs one more afterwards. */
  trigger(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.trigger();
      }
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    let done = 0;
    const started = Date.now();
    try {
      while (this.embedder.ready) {
        const rows = await this.store.unembedded(BATCH);
        if (rows.length === 0) break;
        const vectors = await this.embedder.embed(rows.map((r) => r.text));
        await this.store.setVectors(rows.map((r, i) => ({ id: r.id, vector: vectors[i] ?? [] })));
        done += rows.length;
      }
    } catch (err) {
      this.log.warn(`backfill stopped after ${done} memories`, err);
    }
    if (done > 0) this.log.info(`embedded ${done} memories stored without a vector in ${Date.now() - started} ms`);
    return done;
  }
}
