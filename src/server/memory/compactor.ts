// Background upkeep of the memories table. Single-row writes each add a fragment, and open and
// search time grow with fragment count, so after enough small writes the table is compacted.
// Larger tables also get an ANN vector index: measured here, a prefiltered flat kNN costs
// 13-23 ms at 10k rows and an HNSW search ~2-5 ms, so the index is built from 5k rows on.
import * as lancedb from '@lancedb/lancedb';
import type { Logger } from '../log.js';

export const VECTOR_INDEX_MIN_ROWS = 5_000;
// Old versions are kept a while so readers in other processes never lose files under them.
const KEEP_VERSIONS_MS = 10 * 60_000;
const DELAY_MS = 1_000;
// At open, upkeep runs when this many small fragments or old versions have piled up (a process
// that stopped before its compaction, or writers that never reached one).
const SMALL_FRAGMENTS_AT_OPEN = 16;
const VERSIONS_AT_OPEN = 100;

export class Compactor {
  private pending = 0;
  private timer: NodeJS.Timeout | null = null;
  private cleanupTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly table: lancedb.Table,
    private readonly log: Logger,
    private readonly every: number,
    private readonly keepVersionsMs = KEEP_VERSIONS_MS,
  ) {}

  /** Starts upkeep in the background when the table was left fragmented or with many old versions. */
  async checkAtOpen(): Promise<void> {
    const stats = await this.table.stats();
    const small = stats.fragmentStats.numSmallFragments;
    const versions = small >= SMALL_FRAGMENTS_AT_OPEN ? 0 : (await this.table.listVersions()).length;
    if (small < SMALL_FRAGMENTS_AT_OPEN && versions < VERSIONS_AT_OPEN) return;
    this.log.info(`compacting the memories table at start: ${small} small fragments${versions ? `, ${versions} versions` : ''}`);
    void this.run();
  }

  noteWrites(n: number): void {
    this.pending += n;
    // Scheduled once and not pushed back, so a steady stream of writes still gets compacted.
    if (this.pending < this.every || this.stopped || this.timer) return;
    this.timer = setTimeout(() => void this.run(), DELAY_MS);
    this.timer.unref();
  }

  run(): Promise<void> {
    if (this.running) return this.running;
    this.pending = 0;
    this.timer = null;
    this.running = this.compact().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async compact(): Promise<void> {
    const started = Date.now();
    try {
      const stats = await this.table.optimize({ cleanupOlderThan: new Date(Date.now() - this.keepVersionsMs) });
      this.log.debug(
        `compacted: ${stats.compaction.fragmentsRemoved} fragments into ${stats.compaction.fragmentsAdded} in ${Date.now() - started} ms`,
      );
      await this.ensureVectorIndex();
      if (stats.compaction.fragmentsRemoved > 0) this.scheduleCleanup();
    } catch (err) {
      this.log.warn('background compaction failed (will retry after more writes)', err);
    }
  }

  /**
   * The versions this compaction replaced can only be removed once the readers' window has passed;
   * one more pass then removes them, even if no further writes come.
   */
  private scheduleCleanup(): void {
    if (this.cleanupTimer || this.stopped) return;
    this.cleanupTimer = setTimeout(() => {
      this.cleanupTimer = null;
      void this.run();
    }, this.keepVersionsMs + DELAY_MS);
    this.cleanupTimer.unref();
  }

  private async ensureVectorIndex(): Promise<void> {
    if (this.stopped) return;
    const indices = await this.table.listIndices();
    if (indices.some((i) => i.columns.includes('vector'))) return;
    const embedded = await this.table.countRows('vector IS NOT NULL');
    if (embedded < VECTOR_INDEX_MIN_ROWS) return;
    const started = Date.now();
    await this.table.createIndex('vector', { config: lancedb.Index.hnswSq({ distanceType: 'cosine' }) });
    this.log.info(`built a vector index over ${embedded} rows in ${Date.now() - started} ms`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.cleanupTimer) clearTimeout(this.cleanupTimer);
    this.timer = null;
    this.cleanupTimer = null;
    if (this.running) await this.running;
  }
}
