// Watch mode: imports the current project's new transcript lines shortly after they are written.
// File events trigger an import; a slow poll catches what events miss (network file systems,
// a transcripts folder that appears later).
import fs from 'node:fs';
import type { Logger } from '../../log.js';
import type { ConversationImporter } from './importer.js';

export interface WatchTimings {
  /** Quiet time after the last change before importing, so a burst of lines is one import. */
  debounceMs: number;
  pollMs: number;
}

export class TranscriptWatcher {
  private watcher: fs.FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private readonly poll: NodeJS.Timeout;
  private closed = false;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly root: string,
    private readonly importer: ConversationImporter,
    private readonly log: Logger,
    private readonly timings: WatchTimings = { debounceMs: 1_000, pollMs: 30_000 },
  ) {
    this.poll = setInterval(() => {
      this.ensureWatching();
      this.schedule();
    }, timings.pollMs);
    this.poll.unref();
    this.ensureWatching();
    this.schedule();
  }

  private ensureWatching(): void {
    if (this.watcher || this.closed || !fs.existsSync(this.root)) return;
    try {
      this.watcher = fs.watch(this.root, { recursive: true }, (_event, name) => {
        if (!name || String(name).endsWith('.jsonl')) this.schedule();
      });
      this.watcher.on('error', (err) => {
        this.log.warn(`watching ${this.root} failed; polling every ${this.timings.pollMs / 1000} s instead`, err);
        this.watcher?.close();
        this.watcher = null;
      });
      this.log.info(`watching ${this.root} for new conversation lines`);
    } catch (err) {
      this.log.warn(`cannot watch ${this.root}; polling every ${this.timings.pollMs / 1000} s instead`, err);
    }
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.importNow(), this.timings.debounceMs);
    this.debounce.unref();
  }

  private async importNow(): Promise<void> {
    if (this.running) {
      // Lines written during an import are picked up by one more import right after it.
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        const out = await this.importer.run({ trigger: 'watch' });
        if (out.chunks_added || out.chunks_removed) this.log.info(`watch: ${out.chunks_added} conversation chunks added from ${out.files_changed} transcripts`);
      } catch (err) {
        this.log.warn('watch: conversation import failed', err);
      }
    })();
    await this.running;
    this.running = null;
    if (this.again && !this.closed) {
      this.again = false;
      this.schedule();
    }
  }

  /** Stops watching; an import in progress finishes first. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poll);
    if (this.debounce) clearTimeout(this.debounce);
    this.watcher?.close();
    await this.running;
  }
}
