// The LanceDB memory store: one `memories` table on disk, shared safely by several processes.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type * as arrow from 'apache-arrow';
import type { Logger } from '../log.js';
import { Compactor } from './compactor.js';
import { IndexSync } from './index-sync.js';
import type { LexicalIndex } from './lexical-index.js';
import { MEMORIES_TABLE, RESULT_COLUMNS, memoriesSchema, type MemoryRow, type StoredMemory } from './schema.js';
import { columnValues, stringColumn, stringListColumn } from '../storage/arrow-columns.js';
import { connect, connectExisting, databaseDir, openTable } from '../storage/tables.js';
import { and, sqlString, sqlStringList, sqlTimestamp } from './sql.js';

/** HNSW search breadth: recall@50 ~0.9 on random 384-d data at 10k rows, ~2 ms. */
const ANN_EF = 150;

export interface ScoredRow extends StoredMemory {
  /** Cosine distance to the query vector. */
  raw: number;
}

type Row = Record<string, unknown>;

function stringArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof (value as { toArray?: unknown }).toArray === 'function') {
    return Array.from((value as { toArray(): ArrayLike<unknown> }).toArray(), String);
  }
  return [];
}

/** A row as written, in the shape read back. */
function writtenToStored(r: MemoryRow): StoredMemory {
  const { vector, created_at, ...rest } = r;
  return { ...rest, created_at: created_at.getTime(), embedded: vector != null };
}

function toStored(r: Row): StoredMemory {
  const created = r.created_at;
  return {
    id: String(r.id),
    kind: String(r.kind) as StoredMemory['kind'],
    text: String(r.text ?? ''),
    tags: stringArray(r.tags),
    project: String(r.project ?? ''),
    session_id: r.session_id == null ? null : String(r.session_id),
    files: stringArray(r.files),
    source: r.source == null ? null : String(r.source),
    meta: r.meta == null ? null : String(r.meta),
    created_at: created instanceof Date ? created.getTime() : Number(created),
    embedded: 'vector' in r ? r.vector != null : true,
  };
}

const timeOf = (v: unknown): number => (v instanceof Date ? v.getTime() : Number(v));
const nullableString = (v: unknown): string | null => (v == null ? null : String(v));

/** Rows read as Arrow (RESULT_COLUMNS), decoded a column at a time: what toStored does per row, faster at scale. */
function storedFromArrow(t: arrow.Table): StoredMemory[] {
  const ids = stringColumn(t.getChild('id'));
  const kinds = stringColumn(t.getChild('kind'));
  const texts = stringColumn(t.getChild('text'));
  const tags = stringListColumn(t.getChild('tags'));
  const projects = stringColumn(t.getChild('project'));
  const sessions = columnValues(t.getChild('session_id'));
  const files = stringListColumn(t.getChild('files'));
  const sources = columnValues(t.getChild('source'));
  const metas = columnValues(t.getChild('meta'));
  const created = columnValues(t.getChild('created_at'));
  return ids.map((id, i) => ({
    id,
    kind: kinds[i] as StoredMemory['kind'],
    text: texts[i] ?? '',
    tags: tags[i] ?? [],
    project: projects[i] ?? '',
    session_id: nullableString(sessions[i]),
    files: files[i] ?? [],
    source: nullableString(sources[i]),
    meta: nullableString(metas[i]),
    created_at: timeOf(created[i]),
    embedded: true,
  }));
}

/** How much of a project a bounded read-only store indexes. */
export interface IndexBound {
  indexed: number;
  total: number;
}

export class MemoryStore {
  private readonly compactor: Compactor;
  private readonly sync: IndexSync;
  /** Set when the search index holds only the newest memories (see openReadOnly). */
  indexBound: IndexBound | null = null;

  private constructor(
    readonly dir: string,
    private readonly table: lancedb.Table,
    log: Logger,
    compactEvery: number,
    keepVersionsMs?: number,
    indexFilter?: string,
  ) {
    this.compactor = new Compactor(table, log, compactEvery, keepVersionsMs);
    this.sync = new IndexSync(table, storedFromArrow, log, indexFilter);
  }

  /** The full-text index over text, tags and files, up to date with every process's writes. */
  lexicalIndex(): Promise<LexicalIndex> {
    return this.sync.fresh();
  }

  /**
   * Opens an existing store without writing anything (no table or index is created); throws when
   * there is none. With `project`, the search index holds that project's memories only, so a
   * short-lived reader (the hook command) does not index every project to search one. With
   * `newest`, it holds at most about that many of them, the newest, and says so in `indexBound`:
   * indexing costs about 50 µs a memory, too much for a hook's time limit at 100k.
   */
  static async openReadOnly(dataDir: string, log: Logger, project?: string, newest?: number): Promise<MemoryStore> {
    const table = await (await connectExisting(dataDir)).openTable(MEMORIES_TABLE);
    let filter = project === undefined ? undefined : `project = ${sqlString(project)}`;
    let bound: IndexBound | null = null;
    if (newest !== undefined) {
      let q = table.query().select(['created_at']);
      if (filter) q = q.where(filter);
      const times = Float64Array.from(columnValues((await q.toArrow()).getChild('created_at')), timeOf).sort();
      if (times.length > newest) {
        const since = times[times.length - newest]!;
        filter = and([filter, `created_at >= ${sqlTimestamp(new Date(since))}`]);
        // Ties at the cut are all indexed.
        let indexed = newest;
        for (let i = times.length - newest - 1; i >= 0 && times[i] === since; i--) indexed++;
        bound = { indexed, total: times.length };
      }
    }
    const store = new MemoryStore(databaseDir(dataDir), table, log, Number.MAX_SAFE_INTEGER, undefined, filter);
    store.indexBound = bound;
    return store;
  }


  /** keepVersionsMs: how long replaced versions stay for readers in other processes (10 minutes). */
  static async open(dataDir: string, log: Logger, compactEvery = 100, keepVersionsMs?: number): Promise<MemoryStore> {
    const table = await openTable(await connect(dataDir), MEMORIES_TABLE, memoriesSchema, log);
    const store = new MemoryStore(databaseDir(dataDir), table, log, compactEvery, keepVersionsMs);
    await store.compactor.checkAtOpen().catch((err: unknown) => log.warn('could not read the table statistics', err));
    // Index in the background so the first search rarely waits.
    store.lexicalIndex().catch((err: unknown) => log.warn('could not build the search index yet', err));
    return store;
  }

  /** Data files and fragments on disk, for upkeep decisions and benchmarks. */
  async fragments(): Promise<{ fragments: number; small: number }> {
    const stats = await this.table.stats();
    return { fragments: stats.fragmentStats.numFragments, small: stats.fragmentStats.numSmallFragments };
  }

  async add(rows: MemoryRow[]): Promise<void> {
    if (rows.length === 0) return;
    const result = await this.table.add(rows.map((r) => ({ ...r })));
    this.sync.applied(result.version, () => {
      for (const r of rows) this.sync.index.add(writtenToStored(r));
    });
    this.compactor.noteWrites(rows.length);
  }

  /** Inserts rows whose id is not present yet; existing ids are left untouched. Returns how many were new. */
  async addMissing(rows: MemoryRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.table.mergeInsert('id').whenNotMatchedInsertAll().execute(rows.map((r) => ({ ...r })));
    this.sync.applied(result.version, () => {
      for (const r of rows) if (!this.sync.index.has(r.id)) this.sync.index.add(writtenToStored(r));
    });
    this.compactor.noteWrites(rows.length);
    return result.numInsertedRows;
  }

  async get(id: string): Promise<StoredMemory | null> {
    const rows = await this.table.query().where(`id = ${sqlString(id)}`).limit(1).toArray();
    return rows[0] ? toStored(rows[0] as Row) : null;
  }

  async getVector(id: string): Promise<number[] | null> {
    const rows = await this.table.query().select(['vector']).where(`id = ${sqlString(id)}`).limit(1).toArray();
    const v = (rows[0] as Row | undefined)?.vector;
    if (v == null) return null;
    return Array.from(v as ArrayLike<number>);
  }

  async delete(id: string): Promise<boolean> {
    const filter = `id = ${sqlString(id)}`;
    if ((await this.table.countRows(filter)) === 0) return false;
    const result = await this.table.delete(filter);
    this.sync.applied(result.version, () => this.sync.index.remove(id));
    this.compactor.noteWrites(1);
    return true;
  }

  /** Returns how many rows were deleted. */
  async deleteWhere(filter: string): Promise<number> {
    // Which rows went is not known here: the next search re-reads ids (the version moved).
    const result = await this.table.delete(filter);
    this.compactor.noteWrites(1);
    return result.numDeletedRows;
  }

  async setTags(id: string, tags: string[]): Promise<boolean> {
    const filter = `id = ${sqlString(id)}`;
    if ((await this.table.countRows(filter)) === 0) return false;
    // A partial merge touches only the tags column, so a concurrent vector backfill is not undone.
    const result = await this.table.mergeInsert('id').whenMatchedUpdateAll().execute([{ id, tags }]);
    this.sync.applied(result.version, () => this.sync.index.setTags(id, tags));
    this.compactor.noteWrites(1);
    return true;
  }

  /** Replaces the text of stored memories (a partial merge: other columns are kept). */
  async setTexts(items: { id: string; text: string }[]): Promise<void> {
    if (items.length === 0) return;
    await this.table.mergeInsert('id').whenMatchedUpdateAll().execute(items);
    this.compactor.noteWrites(items.length);
  }

  async setVectors(items: { id: string; vector: number[] }[]): Promise<void> {
    if (items.length === 0) return;
    const result = await this.table.mergeInsert('id').whenMatchedUpdateAll().execute(items);
    this.sync.applied(result.version, () => {
      for (const { id } of items) {
        const doc = this.sync.index.get(id);
        if (doc) doc.row.embedded = true;
      }
    });
    this.compactor.noteWrites(items.length);
  }

  async vectorSearch(vector: number[], filter: string | undefined, k: number): Promise<ScoredRow[]> {
    let q = this.table
      .vectorSearch(vector)
      .distanceType('cosine')
      // With the HNSW_SQ index, distances come from quantised vectors on another scale;
      // refining re-ranks with the stored vectors so _distance is the exact cosine distance.
      .ef(Math.max(ANN_EF, k))
      .refineFactor(1)
      .select([...RESULT_COLUMNS, '_distance'])
      .limit(k);
    if (filter) q = q.where(filter);
    const rows = (await q.toArray()) as Row[];
    return rows.map((r) => ({ ...toStored(r), raw: Number(r._distance) }));
  }

  /** Rows matching a filter, newest first is left to the caller (LanceDB has no ORDER BY). */
  async find(filter: string | undefined, limit: number, columns: string[] = RESULT_COLUMNS): Promise<StoredMemory[]> {
    let q = this.table.query().select(columns).limit(limit);
    if (filter) q = q.where(filter);
    return ((await q.toArray()) as Row[]).map(toStored);
  }

  /** One column of every matching row, for counting without loading text or vectors. */
  async column(name: 'project' | 'kind' | 'created_at', filter?: string): Promise<unknown[]> {
    let q = this.table.query().select([name]);
    if (filter) q = q.where(filter);
    return ((await q.toArray()) as Row[]).map((r) => r[name]);
  }

  /** Some columns of every matching row (for grouping and ordering without loading text). */
  async scan(columns: readonly ('id' | 'created_at' | 'tags' | 'files' | 'kind' | 'project')[], filter?: string): Promise<Partial<StoredMemory>[]> {
    let q = this.table.query().select([...columns]);
    if (filter) q = q.where(filter);
    return ((await q.toArray()) as Row[]).map((r) => {
      const out: Partial<StoredMemory> = {};
      if ('id' in r) out.id = String(r.id);
      if ('created_at' in r) out.created_at = r.created_at instanceof Date ? r.created_at.getTime() : Number(r.created_at);
      if ('tags' in r) out.tags = stringArray(r.tags);
      if ('files' in r) out.files = stringArray(r.files);
      if ('kind' in r) out.kind = String(r.kind) as StoredMemory['kind'];
      if ('project' in r) out.project = String(r.project);
      return out;
    });
  }

  async byIds(ids: readonly string[]): Promise<StoredMemory[]> {
    if (ids.length === 0) return [];
    const rows = (await this.table.query().select(RESULT_COLUMNS).where(`id IN (${sqlStringList(ids)})`).limit(ids.length).toArray()) as Row[];
    return rows.map(toStored);
  }

  /** Which of these ids are stored. */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await this.table.query().select(['id']).where(`id IN (${sqlStringList(ids)})`).limit(ids.length).toArray()) as Row[];
    return new Set(rows.map((r) => String(r.id)));
  }

  /** The table's version: it changes with every commit made by any process sharing the data dir. */
  async version(): Promise<number> {
    return this.table.version();
  }

  async count(filter?: string): Promise<number> {
    return this.table.countRows(filter);
  }

  /** Rows still waiting for a vector, with their text. */
  async unembedded(limit: number): Promise<{ id: string; text: string }[]> {
    const rows = (await this.table.query().select(['id', 'text']).where('vector IS NULL').limit(limit).toArray()) as Row[];
    return rows.map((r) => ({ id: String(r.id), text: String(r.text) }));
  }

  sizeOnDisk(): number {
    let total = 0;
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else {
          try {
            total += fs.statSync(p).size;
          } catch {
            // Files may vanish under a concurrent compaction.
          }
        }
      }
    };
    try {
      walk(this.dir);
    } catch {
      return total;
    }
    return total;
  }

  async hasVectorIndex(): Promise<boolean> {
    return (await this.table.listIndices()).some((i) => i.columns.includes('vector'));
  }

  async compactNow(): Promise<void> {
    await this.compactor.run();
  }

  async close(): Promise<void> {
    await this.compactor.stop();
    // A table closed under a running read fails natively; let the index build finish first.
    await this.sync.settled();
    this.table.close();
  }
}
