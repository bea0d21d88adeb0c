// `session-mgmt import FILE`: reads an export into this data dir. The whole file is checked first
// (every line, every field) and nothing is written unless all of it is valid; then rows whose id is
// stored already are skipped, so importing twice adds nothing.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import * as lancedb from '@lancedb/lancedb';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader } from '../../protocol/export-format.js';
import { EMBEDDING_DIM } from '../../protocol/limits.js';
import { createLogger } from '../log.js';
import { sqlStringList } from '../memory/sql.js';
import { jsonToRow, PORTABLE_TABLES, tableOfType, type PortableTable, type RecordType } from '../storage/portable.js';
import { connect, databaseDir } from '../storage/tables.js';
import { CliError, COMMON_HELP, EXIT, parseCommand, say } from './common.js';

const HELP = `Usage: session-mgmt import FILE [--dry-run]

Reads a file written by \`session-mgmt export\` into the data dir. Every line is checked first; if
any is invalid, the errors name the line and the field and nothing is written. Records whose id is
already stored are skipped (importing twice adds nothing); dates are kept as exported. Memories get
new vectors when the file has none or was made with another embedding model than this one (now if
the model is available, otherwise as soon as a server finds it; keyword search works meanwhile).

Options:
  --dry-run               check the file and report what would be added, without writing
  --model <id>, --model-path <dir>
                          the embedding model of this data dir (as for the server)
${COMMON_HELP}

Exit codes: 0 imported (or valid, with --dry-run), 1 invalid lines (nothing written), 2 bad
options or unreadable file, 3 error.
`;

const BATCH = 1_000;
const ERRORS_SHOWN = 20;

type Json = Record<string, unknown>;

interface Tally {
  added: number;
  skipped: number;
}

interface Checked {
  header: ExportHeader;
  errors: string[];
  records: number;
}

function lines(file: string): readline.Interface {
  return readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

function parseHeader(text: string): ExportHeader | string {
  let h: Json;
  try {
    h = JSON.parse(text) as Json;
  } catch {
    return 'not JSON; an export starts with a header line';
  }
  if (h.type !== 'header' || h.format !== EXPORT_FORMAT) return `not a ${EXPORT_FORMAT} header`;
  if (typeof h.version !== 'number' || h.version > EXPORT_VERSION) return `format version ${String(h.version)} is newer than this server reads (${EXPORT_VERSION})`;
  const emb = h.embedding as Json | undefined;
  if (!emb || typeof emb.model !== 'string' || typeof emb.dimension !== 'number') return 'field embedding must be { model, dimension }';
  if (typeof h.vectors !== 'boolean') return 'field vectors must be true or false';
  return h as unknown as ExportHeader;
}

/** Pass one: every line checked, nothing written. */
async function check(file: string): Promise<Checked> {
  const errors: string[] = [];
  let header: ExportHeader | null = null;
  let ended: Record<string, unknown> | null = null;
  const counts: Record<string, number> = {};
  const seen = new Map<RecordType, Map<string, number>>(PORTABLE_TABLES.map((t) => [t.type, new Map()]));
  let n = 0;
  let records = 0;
  for await (const text of lines(file)) {
    n++;
    if (n === 1) {
      const h = parseHeader(text);
      if (typeof h === 'string') throw new CliError(`${file}: line 1: ${h}`, EXIT.failed);
      header = h;
      continue;
    }
    if (text.trim() === '') continue;
    if (ended) {
      errors.push(`line ${n}: content after the end line`);
      continue;
    }
    let rec: Json;
    try {
      rec = JSON.parse(text) as Json;
    } catch (err) {
      errors.push(`line ${n}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      errors.push(`line ${n}: not a JSON object`);
      continue;
    }
    if (rec.type === 'end') {
      ended = (rec.counts ?? {}) as Record<string, unknown>;
      continue;
    }
    const table = typeof rec.type === 'string' ? tableOfType(rec.type) : undefined;
    if (!table) {
      errors.push(`line ${n}: field type must be one of ${PORTABLE_TABLES.map((t) => t.type).join(', ')}, end`);
      continue;
    }
    for (const e of jsonToRow(table, rec).errors) errors.push(`line ${n}: ${table.type} field ${e.field} ${e.message}`);
    const key = rec[table.key];
    if (typeof key === 'string') {
      const keys = seen.get(table.type) as Map<string, number>;
      const first = keys.get(key);
      if (first !== undefined) errors.push(`line ${n}: ${table.type} ${table.key} "${key}" already appears on line ${first}`);
      else keys.set(key, n);
    }
    counts[table.type] = (counts[table.type] ?? 0) + 1;
    records++;
  }
  if (!header) throw new CliError(`${file} is empty`, EXIT.failed);
  if (!ended) errors.push(`line ${n + 1}: the end line is missing: the file was cut off`);
  else {
    for (const t of PORTABLE_TABLES) {
      const want = Number(ended[t.type] ?? 0);
      const got = counts[t.type] ?? 0;
      if (want !== got) errors.push(`end line: it counts ${want} ${t.type} records but the file holds ${got}`);
    }
  }
  return { header, errors, records };
}

/** Pass two: rows grouped in batches; a row whose key is stored already is left as it is. */
async function write(file: string, db: lancedb.Connection | null, keepVectors: boolean, dryRun: boolean): Promise<Map<RecordType, Tally>> {
  const tally = new Map<RecordType, Tally>(PORTABLE_TABLES.map((t) => [t.type, { added: 0, skipped: 0 }]));
  const tables = new Map<string, lancedb.Table | null>();
  const present = new Set(db ? await db.tableNames() : []);
  const tableFor = async (t: PortableTable): Promise<lancedb.Table | null> => {
    if (!tables.has(t.name)) tables.set(t.name, db && present.has(t.name) ? await db.openTable(t.name) : null);
    return tables.get(t.name) ?? null;
  };
  const pending = new Map<RecordType, Json[]>();
  const flush = async (t: PortableTable): Promise<void> => {
    const rows = pending.get(t.type) ?? [];
    pending.set(t.type, []);
    if (rows.length === 0) return;
    const counts = tally.get(t.type) as Tally;
    const table = await tableFor(t);
    if (!table) {
      counts.added += rows.length;
      return;
    }
    if (dryRun) {
      const keys = rows.map((r) => String(r[t.key]));
      const stored = await table.query().select([t.key]).where(`${t.key} IN (${sqlStringList(keys)})`).limit(keys.length).toArray();
      counts.skipped += stored.length;
      counts.added += rows.length - stored.length;
      return;
    }
    const data = lancedb.makeArrowTable(rows, { schema: t.schema });
    const result = await table.mergeInsert(t.key).whenNotMatchedInsertAll().execute(data);
    counts.added += result.numInsertedRows;
    counts.skipped += rows.length - result.numInsertedRows;
  };
  let n = 0;
  for await (const text of lines(file)) {
    n++;
    if (n === 1 || text.trim() === '') continue;
    const rec = JSON.parse(text) as Json;
    const t = typeof rec.type === 'string' ? tableOfType(rec.type) : undefined;
    if (!t) continue;
    const { row } = jsonToRow(t, rec);
    if (t.type === 'memory' && !keepVectors) row.vector = null;
    const list = pending.get(t.type) ?? [];
    list.push(row);
    pending.set(t.type, list);
    if (list.length >= BATCH) await flush(t);
  }
  for (const t of PORTABLE_TABLES) await flush(t);
  for (const t of tables.values()) t?.close();
  return tally;
}

/** Gives vectors to the memories that have none, with this data dir's model, if it can be loaded. */
async function embedMissing(cfg: ReturnType<typeof parseCommand>['cfg']): Promise<string> {
  const log = createLogger(cfg.logLevel);
  const [{ MemoryStore }, { Embedder }, { Backfill }] = await Promise.all([
    import('../memory/store.js'),
    import('../memory/embedder.js'),
    import('../memory/backfill.js'),
  ]);
  const store = await MemoryStore.open(cfg.dataDir, log);
  try {
    const waiting = await store.count('vector IS NULL');
    let note = '';
    if (waiting > 0) {
      const embedder = new Embedder({ ...cfg.model, allowDownload: false }, cfg.dataDir, path.join(__dirname, 'embed-worker.js'), log);
      try {
        await embedder.start();
        if (embedder.ready) {
          const done = await new Backfill(store, embedder, log).trigger();
          note = `; embedded ${done} memories with ${cfg.model.id}`;
        } else {
          note = `; ${waiting} memories wait for a vector (${embedder.status().detail}): a server embeds them when the model is available, keyword search finds them meanwhile`;
        }
      } finally {
        await embedder.close();
      }
    }
    // Folds the new rows into the full-text index and cleans up after the batches.
    await store.compactNow();
    return note;
  } finally {
    await store.close();
  }
}

export async function runImport(argv: string[]): Promise<number> {
  const { values, positionals, cfg, help } = parseCommand(argv, { 'dry-run': { type: 'boolean' } }, { positionals: 1 });
  if (help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const file = positionals[0];
  if (!file) throw new CliError('which file? session-mgmt import FILE', EXIT.usage);
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new CliError(`no such file: ${file}`, EXIT.usage);
  const dryRun = values['dry-run'] === true;

  const checked = await check(file);
  if (checked.errors.length > 0) {
    for (const e of checked.errors.slice(0, ERRORS_SHOWN)) say(`${file}: ${e}`);
    if (checked.errors.length > ERRORS_SHOWN) say(`... and ${checked.errors.length - ERRORS_SHOWN} more`);
    say(`invalid: ${checked.errors.length} problems in ${file}; nothing was imported`);
    return EXIT.failed;
  }
  const h = checked.header;
  const sameModel = h.embedding.model === cfg.model.id && h.embedding.dimension === EMBEDDING_DIM;
  const keepVectors = h.vectors && sameModel;
  const vectorNote = !h.vectors ? 'the file has no vectors' : sameModel ? '' : `the file's vectors come from ${h.embedding.model}, this data dir uses ${cfg.model.id}`;

  let db: lancedb.Connection | null = null;
  if (!dryRun) {
    // Opening the stores creates any missing table with its indexes, as a server would.
    const log = createLogger(cfg.logLevel);
    const [{ MemoryStore }, { SessionStore }, { ImportStateStore }] = await Promise.all([
      import('../memory/store.js'),
      import('../session/session-store.js'),
      import('../memory/conversations/import-state.js'),
    ]);
    await (await MemoryStore.open(cfg.dataDir, log)).close();
    (await SessionStore.open(cfg.dataDir, log)).close();
    (await ImportStateStore.open(cfg.dataDir, log)).close();
    db = await connect(cfg.dataDir);
  } else if (fs.existsSync(databaseDir(cfg.dataDir))) {
    db = await lancedb.connect(databaseDir(cfg.dataDir), { readConsistencyInterval: 0 });
  }
  const tally = await write(file, db, keepVectors, dryRun);
  const parts = PORTABLE_TABLES.map((t) => {
    const c = tally.get(t.type) as Tally;
    return `${t.type}: ${c.added} ${dryRun ? 'to add' : 'added'}, ${c.skipped} skipped (already stored)`;
  });
  let note = vectorNote && (tally.get('memory')?.added ?? 0) > 0 ? `; ${vectorNote}: memories are embedded again` : '';
  if (!dryRun && (tally.get('memory')?.added ?? 0) > 0) note += await embedMissing(cfg);
  process.stdout.write(`${dryRun ? 'dry run, nothing written: ' : 'imported '}${file} into ${cfg.dataDir}\n${parts.join('\n')}\ninvalid: 0${note}\n`);
  return EXIT.ok;
}
