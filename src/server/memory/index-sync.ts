// Keeps the in-process LexicalIndex in step with the LanceDB table, including what other server
// processes sharing the data dir write: every search first compares the table's version with the
// one indexed, and on a difference diffs ids and tags (a narrow scan) and reads only new rows.
// This process's own writes are applied at once and, when no other commit came in between,
// advance the indexed version without a scan.
import type * as lancedb from '@lancedb/lancedb';
import type { Logger } from '../log.js';
import { LexicalIndex } from './lexical-index.js';
import { RESULT_COLUMNS, type StoredMemory } from './schema.js';
import { sqlStringList } from './sql.js';

const FETCH_BATCH = 500;
const YIELD_EVERY = 500;

type Row = Record<string, unknown>;

export class IndexSync {
  readonly index = new LexicalIndex();
  private version = -1;
  private loaded = false;
  private catching: Promise<void> | null = null;

  constructor(
    private readonly table: lancedb.Table,
    private readonly toStored: (r: Row) => StoredMemory,
    private readonly stringArray: (v: unknown) => string[],
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
      const rows = (await this.scoped(this.table.query().select(RESULT_COLUMNS)).toArray()) as Row[];
      for (let i = 0; i < rows.length; i++) {
        this.index.add(this.toStored(rows[i]!));
        // Let tool calls (tools/list, stores) through while a large table is indexed.
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
      }
      this.loaded = true;
      this.version = version;
      this.log.debug(`indexed ${rows.length} memories in ${Math.round(performance.now() - started)} ms`);
      return;
    }
    // Read as Arrow columns: about twice as fast as row objects for this narrow scan.
    const table = await this.table.query().select(['id', 'tags']).toArrow();
    const idColumn = table.getChild('id');
    const tagColumn = table.getChild('tags');
    const seen = new Set<string>();
    const missing: string[] = [];
    for (let i = 0; i < table.numRows; i++) {
      const id = String(idColumn?.get(i));
      seen.add(id);
      const doc = this.index.get(id);
      if (!doc) {
        missing.push(id);
        continue;
      }
      const tags = this.stringArray(tagColumn?.get(i));
      if (tags.length !== doc.row.tags.length || tags.some((t, i) => t !== doc.row.tags[i])) this.index.setTags(id, tags);
    }
    const gone = [...this.index.ids()].filter((id) => !seen.has(id));
    for (const id of gone) this.index.remove(id);
    for (let i = 0; i < missing.length; i += FETCH_BATCH) {
      const batch = missing.slice(i, i + FETCH_BATCH);
      const found = (await this.table.query().select(RESULT_COLUMNS).where(`id IN (${sqlStringList(batch)})`).toArray()) as Row[];
      for (const r of found) this.index.add(this.toStored(r));
    }
    this.version = version;
    if (missing.length || gone.length) this.log.debug(`index caught up: +${missing.length} -${gone.length} in ${Math.round(performance.now() - started)} ms`);
  }
}
