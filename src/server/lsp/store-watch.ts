// Notices memory changes made by any process on the data dir (the MCP servers write; the
// language server only reads) by polling the table's version, which is one cheap manifest check.
import type { Logger } from '../log.js';
import type { MemoryStore } from '../memory/store.js';

export class StoreWatch {
  private timer: NodeJS.Timeout | null = null;
  private last: number | null = null;
  private busy = false;
  /** Bumped on every change seen; caches key on it. */
  generation = 0;

  constructor(
    private readonly store: MemoryStore,
    private readonly intervalMs: number,
    private readonly onChange: () => void,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.last = await this.store.version();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  async check(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const v = await this.store.version();
      if (v !== this.last) {
        this.last = v;
        this.generation++;
        this.onChange();
      }
    } catch (err) {
      this.log.debug('could not read the memory table version', err);
    } finally {
      this.busy = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** A bounded map whose entries belong to one generation of the store. */
export class GenerationCache<V> {
  private readonly map = new Map<string, V>();
  private gen = -1;

  constructor(private readonly max: number) {}

  get(generation: number, key: string): V | undefined {
    if (generation !== this.gen) return undefined;
    return this.map.get(key);
  }

  delete(generation: number, key: string): void {
    if (generation === this.gen) this.map.delete(key);
  }

  set(generation: number, key: string, value: V): void {
    if (generation !== this.gen) {
      this.map.clear();
      this.gen = generation;
    }
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }
}
