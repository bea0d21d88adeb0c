// `session-mgmt backup`: a consistent copy of the database while servers keep writing. Each table
// is read at one LanceDB version (tagged for the copy so cleanup cannot remove it meanwhile) and
// written to a new database, which is then opened and checked.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import * as arrow from 'apache-arrow';
import { PORTABLE_TABLES } from '../storage/portable.js';
import { connect, databaseDir } from '../storage/tables.js';
import { BACKUP_FORMAT, BACKUP_VERSION, MANIFEST, verifyDataDir, type BackupManifest } from './backup-manifest.js';
import { CliError, COMMON_HELP, EXIT, parseCommand, say, stringOpt } from './common.js';

const HELP = `Usage: session-mgmt backup [--to DIR]

Copies the data dir's database (memories, sessions, checkpoints, conversation import state) and
handoff documents to DIR. Each table is copied as it was at one version, so servers may keep
writing meanwhile. The copy is then opened and checked; restore it with \`session-mgmt restore DIR\`.

Options:
  --to <dir>              where to write the backup: a new or empty folder
                          (default: <data-dir>-backups/<date and time>)
${COMMON_HELP}

Exit codes: 0 written and checked, 1 the check failed, 2 bad options, 3 error.
`;

/** Rows gathered before one write, so the copy has few, large fragments. */
const ROWS_PER_WRITE = 20_000;
const TAG_PREFIX = 'backup-';
/** Tags left by a backup that was killed are removed after this long. */
const STALE_TAG_MS = 60 * 60_000;
const FOLDERS = ['handoffs'];

function stamp(d: Date): string {
  return d.toISOString().replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
}

async function dropStaleTags(table: lancedb.Table, now: number): Promise<void> {
  const tags = await table.tags();
  for (const name of Object.keys(await tags.list())) {
    const at = Number(name.slice(TAG_PREFIX.length));
    if (name.startsWith(TAG_PREFIX) && Number.isFinite(at) && now - at > STALE_TAG_MS) await tags.delete(name).catch(() => undefined);
  }
}

async function copyTable(source: lancedb.Table, target: lancedb.Connection, name: string): Promise<number> {
  const schema = await source.schema();
  const out = await target.createEmptyTable(name, schema);
  let pending: arrow.RecordBatch[] = [];
  let pendingRows = 0;
  let rows = 0;
  const flush = async (): Promise<void> => {
    if (pendingRows === 0) return;
    // LanceDB's own Arrow copy reads a table by shape, so its batches are passed on as they came.
    await out.add({ schema, batches: pending } as unknown as arrow.Table);
    rows += pendingRows;
    pending = [];
    pendingRows = 0;
  };
  for await (const batch of source.query()) {
    pending.push(batch);
    pendingRows += batch.numRows;
    if (pendingRows >= ROWS_PER_WRITE) await flush();
  }
  await flush();
  out.close();
  return rows;
}

export async function runBackup(argv: string[]): Promise<number> {
  const { values, cfg, help } = parseCommand(argv, { to: { type: 'string' } }, { positionals: 0 });
  if (help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  if (!fs.existsSync(databaseDir(cfg.dataDir))) throw new CliError(`no memory database in ${cfg.dataDir}`, EXIT.usage);
  const started = new Date();
  const to = path.resolve(stringOpt(values, 'to') ?? path.join(`${cfg.dataDir}-backups`, stamp(started)));
  if (fs.existsSync(to) && fs.readdirSync(to).length > 0) throw new CliError(`${to} is not empty; give a new or empty folder`, EXIT.usage);
  if (path.resolve(to).startsWith(path.resolve(cfg.dataDir) + path.sep)) throw new CliError('the backup cannot go inside the data dir', EXIT.usage);

  const db = await connect(cfg.dataDir);
  const present = new Set(await db.tableNames());
  fs.mkdirSync(databaseDir(to), { recursive: true });
  const target = await lancedb.connect(databaseDir(to));
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created_at: started.toISOString(),
    source: cfg.dataDir,
    embedding_model: cfg.model.id,
    tables: {},
    folders: [],
  };
  const tag = `${TAG_PREFIX}${started.getTime()}`;
  for (const t of PORTABLE_TABLES) {
    if (!present.has(t.name)) continue;
    const table = await db.openTable(t.name);
    const version = await table.version();
    const tags = await table.tags();
    await dropStaleTags(table, started.getTime());
    // The tag keeps this version's files from a concurrent cleanup until the copy is done.
    await tags.create(tag, version);
    try {
      await table.checkout(version);
      const rows = await copyTable(table, target, t.name);
      manifest.tables[t.name] = { version, rows };
    } finally {
      await tags.delete(tag).catch(() => undefined);
      table.close();
    }
  }
  for (const folder of FOLDERS) {
    const from = path.join(cfg.dataDir, folder);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(to, folder), { recursive: true });
    manifest.folders.push(folder);
  }
  fs.writeFileSync(path.join(to, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

  const problems = await verifyDataDir(to, manifest);
  if (problems.length > 0) {
    for (const p of problems) say(`check failed: ${p}`);
    say(`the backup in ${to} did not check out; do not rely on it`);
    return EXIT.failed;
  }
  const summary = Object.entries(manifest.tables).map(([name, t]) => `${name} ${t.rows} rows (version ${t.version})`).join(', ');
  process.stdout.write(`backup written to ${to} and checked: ${summary}\n`);
  return EXIT.ok;
}
