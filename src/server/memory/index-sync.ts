// Keeps the in-process LexicalIndex in step with the LanceDB table, including what other server
// processes sharing the data dir write: every search first compares the table's version with the
// one indexed, and on a difference diffs ids and tags (a narrow scan) and reads only new rows.
// This process's own writes are applied at once and, when no other commit came in between,
// advance the indexed version without a scan.
import type * as lancedb from '@lancedb/lancedb';
import type * as arrow from 'apache-arrow';
import type { Logger } from '../log.js';
import { stringColumn, stringListColumn } from '../storage/arrow-columns.js';
import { LexicalIndex } from './lexical-index.js';
import { RESULT_COLUMNS, type StoredMemory } from './schema.js';
import { sqlStringList } from './sql.js';

const FETCH_BATCH = 500;
const YIELD_EVERY = 500;

export class IndexSync {
  readonly index = new LexicalIndex();
  private version = -1;
  private loaded = false;
  private catching: Promise<void> | null = null;

  constructor(
    private readonly table: lancedb.Table,
    /** Decodes rows read with RESULT_COLUMNS. */
    private readonly decode: (t: arrow.Table) => StoredMemory[],
    private readonly log: Logger,
    /** A filter on the rows indexed (none: every row). */
    private readonly filter?: string,
  ) {}

  /** The index, brought up to the table's latest commit. */
  async fresh(): Promise<LexicalIndex> {
    if (!this.loaded || (await this.table.version()) !== this.version) await this.catchUp();
    return this.index;
  }

  /** Records a write of this process that produced table version `v`, applying it to the index. */
  applied(v: number | null, change: () => void): void {
    change();
    if (v !== null && this.loaded && v === this.version + 1) this.version = v;
  }

  private scoped(q: lancedb.Query): lancedb.Query {
    return this.filter ? q.where(this.filter) : q;
  }

  private scopedWhere(clause: string): string {
    return this.filter ? `(${this.filter}) AND (${clause})` : clause;
  }

  /** Resolves once no read of the table is running (whatever its outcome). */
  async settled(): Promise<void> {
    await this.catching?.catch(() => undefined);
  }

  private catchUp(): Promise<void> {
    this.catching ??= this.read().finally(() => {
      this.catching = null;
    });
    return this.catching;
  }

  private async read(): Promise<void> {
    const started = performance.now();
    const version = await this.table.version();
    if (!this.loaded) {
      const rows = this.decode(await this.scoped(this.table.query().select(RESULT_COLUMNS)).toArrow());
      for (let i = 0; i < rows.length; i++) {
        this.index.add(rows[i]!);
        // Let tool calls (tools/list, stores) through while a large table is indexed.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
      }
      this.loaded = true;
      this.version = version;
      this.log.debug(`indexed ${rows.length} memories in ${Math.round(performance.now() - started)} ms`);
      return;
    }
    // Read as Arrow columns, decoded whole: a narrow scan of 100k rows in tens of milliseconds.
    const table = await this.scoped(this.table.query().select(['id', 'tags'])).toArrow();
    const ids = stringColumn(table.getChild('id'));
    const tagLists = stringListColumn(table.getChild('tags'));
    // Slots seen in the table; a live slot not seen was deleted by another process.
    const seen = new Uint8Array(this.index.docs.length);
    const missing: string[] = [];
    const retagged: [string, string[]][] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const slot = this.index.slotOf(id);
      if (slot === undefined) {
        missing.push(id);
        continue;
      }
      seen[slot] = 1;
      const tags = tagLists[i] ?? [];
      const had = this.index.docs[slot]!.row.tags;
      if (tags.length !== had.length || tags.some((t, k) => t !== had[k])) retagged.push([id, tags]);
    }
    const live = this.index.liveView();
    const gone: string[] = [];
    for (let slot = 0; slot < seen.length; slot++) if (live[slot] === 1 && seen[slot] === 0) gone.push(this.index.docs[slot]!.row.id);
    // Slots are read above, so changes wait until the scan is done (a retag or a rebuild renumbers).
    for (const [id, tags] of retagged) this.index.setTags(id, tags);
    for (const id of gone) this.index.remove(id);
    for (let i = 0; i < missing.length; i += FETCH_BATCH) {
      const batch = missing.slice(i, i + FETCH_BATCH);
      const found = this.decode(await this.table.query().select(RESULT_COLUMNS).where(this.scopedWhere(`id IN (${sqlStringList(batch)})`)).toArrow());
      for (const r of found) this.index.add(r);
    }
    this.version = version;
    if (missing.length || gone.length) this.log.debug(`index caught up: +${missing.length} -${gone.length} in ${Math.round(performance.now() - started)} ms`);
  }
}
