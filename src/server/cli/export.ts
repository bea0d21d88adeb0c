// `session-mgmt export`: the data dir as JSON Lines, streamed table by table in record batches so
// the memory used does not grow with the number of memories.
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportEnd, type ExportHeader } from '../../protocol/export-format.js';
import { ALL_PROJECTS, EMBEDDING_DIM, MEMORY_KINDS, type MemoryKind } from '../../protocol/limits.js';
import { and, sqlString, sqlStringList, sqlTimestamp } from '../memory/sql.js';
import { PORTABLE_TABLES, rowToJson, type PortableTable, type RecordType } from '../storage/portable.js';
import { connect, databaseDir } from '../storage/tables.js';
import { CliError, COMMON_HELP, dateOpt, EXIT, parseCommand, say, stringOpt } from './common.js';

const HELP = `Usage: session-mgmt export [--project P | --all] [--kinds K,...] [--since DATE] [--with-vectors] [-o FILE]

Writes the memory of a data dir as JSON Lines: a header (format version, embedding model), every
memory with all its fields, the sessions and checkpoints, and the conversation import state, then
an end line with the counts. Streams, so any number of memories exports in constant memory.

Options:
  --project <name>        export this project (default: the current folder's git root name)
  --all                   export every project
  --kinds <list>          only these memory kinds, comma separated: ${MEMORY_KINDS.join(', ')}
  --since <date>          only memories, sessions and checkpoints from this ISO 8601 date on
  --with-vectors          include the embedding vectors (${EMBEDDING_DIM} numbers per memory)
  -o, --output <file>     write to this file instead of stdout
${COMMON_HELP}

Sessions and checkpoints follow --project and --since; the conversation import state is written
only when conversations are included and --since is not given (it says which transcript lines are
already imported, so it must travel with the chunks).

Exit codes: 0 written, 2 bad options, 3 error.
`;

interface Scope {
  project: string | null;
  kinds: MemoryKind[] | null;
  since: number | null;
}

function parseKinds(value: string | undefined): MemoryKind[] | null {
  if (value === undefined) return null;
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !(MEMORY_KINDS as readonly string[]).includes(k));
  if (bad.length || kinds.length === 0) throw new CliError(`--kinds takes ${MEMORY_KINDS.join(', ')}; got "${value}"`, EXIT.usage);
  return kinds as MemoryKind[];
}

/** The filter of one table for the scope, or null when the table is left out. */
function filterOf(table: PortableTable, s: Scope): string | undefined | null {
  const project = s.project === null ? null : `project = ${sqlString(s.project)}`;
  const since = s.since === null ? null : new Date(s.since);
  switch (table.type) {
    case 'memory':
      return and([project, s.kinds ? `kind IN (${sqlStringList(s.kinds)})` : null, since ? `created_at >= ${sqlTimestamp(since)}` : null]);
    case 'session':
      return and([project, since ? `started_at >= ${sqlTimestamp(since)}` : null]);
    case 'checkpoint':
      return and([project, since ? `created_at >= ${sqlTimestamp(since)}` : null]);
    case 'transcript':
      if (s.since !== null || (s.kinds && !s.kinds.includes('conversation'))) return null;
      return and([project]);
    case 'import':
      // The last-import summary covers every project; it goes with a whole export only.
      return s.project === null && s.since === null && s.kinds === null ? undefined : null;
  }
}

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

export async function runExport(argv: string[]): Promise<number> {
  const { values, cfg, help } = parseCommand(
    argv,
    { all: { type: 'boolean' }, kinds: { type: 'string' }, since: { type: 'string' }, 'with-vectors': { type: 'boolean' }, output: { type: 'string', short: 'o' } },
    { positionals: 0 },
  );
  if (help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const all = values.all === true || stringOpt(values, 'project') === ALL_PROJECTS;
  if (values.all === true && stringOpt(values, 'project') !== undefined) throw new CliError('give either --project or --all, not both', EXIT.usage);
  const scope: Scope = { project: all ? null : cfg.project, kinds: parseKinds(stringOpt(values, 'kinds')), since: dateOpt(values, 'since') };
  const vectors = values['with-vectors'] === true;
  if (!fs.existsSync(databaseDir(cfg.dataDir))) throw new CliError(`no memory database in ${cfg.dataDir}`, EXIT.usage);

  const file = stringOpt(values, 'output');
  const partial = file ? `${path.resolve(file)}.partial` : null;
  const out: Writable = partial ? fs.createWriteStream(partial, { flags: 'w' }) : process.stdout;
  const counts: Record<RecordType, number> = { memory: 0, session: 0, checkpoint: 0, transcript: 0, import: 0 };
  try {
    const header: ExportHeader = {
      type: 'header',
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exported_at: new Date().toISOString(),
      embedding: { model: cfg.model.id, dimension: EMBEDDING_DIM },
      vectors,
      scope: { project: scope.project ?? ALL_PROJECTS, kinds: scope.kinds, since: scope.since === null ? null : new Date(scope.since).toISOString() },
    };
    await write(out, `${JSON.stringify(header)}\n`);
    const db = await connect(cfg.dataDir);
    const present = new Set(await db.tableNames());
    for (const table of PORTABLE_TABLES) {
      const filter = filterOf(table, scope);
      if (filter === null || !present.has(table.name)) continue;
      const t = await db.openTable(table.name);
      const columns = table.schema.fields.map((f) => f.name).filter((n) => vectors || n !== 'vector');
      let q = t.query().select(columns);
      if (filter) q = q.where(filter);
      for await (const batch of q) {
        for (let i = 0; i < batch.numRows; i++) {
          const row = (batch.get(i) as { toJSON(): Record<string, unknown> }).toJSON();
          await write(out, `${JSON.stringify({ type: table.type, ...rowToJson(row, table.schema, { vectors }) })}\n`);
          counts[table.type]++;
        }
      }
      t.close();
    }
    const end: ExportEnd = { type: 'end', counts };
    await write(out, `${JSON.stringify(end)}\n`);
    if (partial && file) {
      await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
      fs.renameSync(partial, path.resolve(file));
    }
  } catch (err) {
    if (partial) {
      (out as fs.WriteStream).destroy();
      fs.rmSync(partial, { force: true });
    }
    throw err;
  }
  const where = file ? ` to ${file}` : '';
  say(`exported ${counts.memory} memories, ${counts.session} sessions, ${counts.checkpoint} checkpoints, ${counts.transcript} transcript states${where}`);
  return EXIT.ok;
}
