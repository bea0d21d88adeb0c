// What has been imported from each transcript (so a re-import reads only new lines) and the
// summary of the last import. Kept in LanceDB next to the memories, shared by every server process.
import * as arrow from 'apache-arrow';
import type * as lancedb from '@lancedb/lancedb';
import type { ImportSummary } from '../../../protocol/conversation-schemas.js';
import type { Logger } from '../../log.js';
import { sqlString, sqlStringList } from '../sql.js';
import { connect, f64, openTable, rows, str, strOrNull, ts, utf8 } from '../../storage/tables.js';

/**
 * The rules a transcript was imported with. A transcript imported under other rules is imported
 * again from the start and its old chunks are replaced. 1: paths of every OS, roles, clean text,
 * redaction, overlap in line ranges.
 */
export const IMPORT_FORMAT = 1;

/** The format recorded for an import: negative when secrets were not redacted (`--no-redact`), so
 *  turning redaction on (or off) imports every transcript again under the new setting. */
export function importFormat(redacted: boolean): number {
  return redacted ? IMPORT_FORMAT : -IMPORT_FORMAT;
}

/** Columns added after the first release, with their value for rows written before them. */
const ADDED_COLUMNS = [
  { name: 'carry_line', valueSql: 'cast(0 as double)' },
  { name: 'format', valueSql: 'cast(0 as double)' },
];

export const transcriptsSchema = new arrow.Schema([
  utf8('path'),
  utf8('project'),
  utf8('root'),
  utf8('conversation'),
  f64('size'),
  f64('mtime_ms'),
  // Everything before read_to has been read; line read_line starts there.
  f64('read_to'),
  f64('read_line'),
  // Chunking restarts here (the start of the newest chunk, which may still grow), with this overlap.
  f64('resume_offset'),
  f64('resume_line'),
  utf8('carry'),
  f64('carry_line'),
  // importFormat() of the rules the transcript was imported with (0: before formats were recorded).
  f64('format'),
  // The newest chunk, stored while it may still grow; replaced when it does.
  utf8('open_id', true),
  utf8('head_hash'),
  utf8('tail_hash'),
  ts('updated_at'),
]);

// Key "last": the last import's summary. Key "redacted": REDACTION_PASS when every stored memory has
// been through redaction.
export const importsSchema = new arrow.Schema([utf8('key'), utf8('summary'), ts('finished_at')]);

export interface TranscriptState {
  path: string;
  project: string;
  root: string;
  conversation: string;
  size: number;
  mtime_ms: number;
  read_to: number;
  read_line: number;
  resume_offset: number;
  resume_line: number;
  carry: string;
  carry_line: number;
  format: number;
  open_id: string | null;
  head_hash: string;
  tail_hash: string;
}

const num = (v: unknown): number => Number(v ?? 0);

function toState(r: Record<string, unknown>): TranscriptState {
  return {
    path: str(r.path),
    project: str(r.project),
    root: str(r.root),
    conversation: str(r.conversation),
    size: num(r.size),
    mtime_ms: num(r.mtime_ms),
    read_to: num(r.read_to),
    read_line: num(r.read_line),
    resume_offset: num(r.resume_offset),
    resume_line: num(r.resume_line),
    carry: str(r.carry),
    carry_line: num(r.carry_line),
    format: num(r.format),
    open_id: strOrNull(r.open_id),
    head_hash: str(r.head_hash),
    tail_hash: str(r.tail_hash),
  };
}

/** A state table written by an older version gets the new columns (its rows then read as format 0). */
async function addMissingColumns(table: lancedb.Table, log: Logger): Promise<void> {
  const have = new Set((await table.schema()).fields.map((f) => f.name));
  const missing = ADDED_COLUMNS.filter((c) => !have.has(c.name));
  if (!missing.length) return;
  try {
    await table.addColumns(missing);
  } catch (err) {
    // Another server process sharing the data dir may have added them at the same time.
    await table.checkoutLatest();
    const now = new Set((await table.schema()).fields.map((f) => f.name));
    if (missing.some((c) => !now.has(c.name))) throw err;
    log.debug('import state columns were added by another process', err);
  }
}

export class ImportStateStore {
  private constructor(
    private readonly transcripts: lancedb.Table,
    private readonly imports: lancedb.Table,
  ) {}

  static async open(dataDir: string, log: Logger): Promise<ImportStateStore> {
    const db = await connect(dataDir);
    const transcripts = await openTable(db, 'transcripts', transcriptsSchema, log);
    await addMissingColumns(transcripts, log);
    return new ImportStateStore(transcripts, await openTable(db, 'imports', importsSchema, log));
  }

  /** The state of the given transcripts, by path. */
  async get(paths: readonly string[]): Promise<Map<string, TranscriptState>> {
    const out = new Map<string, TranscriptState>();
    const BATCH = 500;
    for (let i = 0; i < paths.length; i += BATCH) {
      const batch = paths.slice(i, i + BATCH);
      for (const r of await rows(this.transcripts.query().where(`path IN (${sqlStringList(batch)})`).limit(batch.length))) {
        const s = toState(r);
        out.set(s.path, s);
      }
    }
    return out;
  }

  async put(states: readonly TranscriptState[]): Promise<void> {
    if (states.length === 0) return;
    const now = new Date();
    await this.transcripts
      .mergeInsert('path')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(states.map((s) => ({ ...s, updated_at: now })));
  }

  async forget(path: string): Promise<void> {
    await this.transcripts.delete(`path = ${sqlString(path)}`);
  }

  async lastImport(): Promise<ImportSummary | null> {
    const found = await rows(this.imports.query().where(`key = 'last'`).limit(1));
    const text = found[0]?.summary;
    if (typeof text !== 'string') return null;
    try {
      // A summary recorded by an earlier version lacks the later fields; that version did not redact.
      return { sidechain_lines: 0, redacted: false, redactions: [], ...(JSON.parse(text) as Partial<ImportSummary>) } as ImportSummary;
    } catch {
      return null;
    }
  }

  async recordImport(summary: ImportSummary): Promise<void> {
    await this.imports
      .mergeInsert('key')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute([{ key: 'last', summary: JSON.stringify(summary), finished_at: new Date(summary.finished_at) }]);
  }

  /** Whether every stored memory has been through redaction (see redact-stored.ts). */
  async storedRedacted(pass: number): Promise<boolean> {
    const found = await rows(this.imports.query().where(`key = 'redacted'`).limit(1));
    return found[0]?.summary === String(pass);
  }

  /** Records that stored memories were redacted (`pass`), or that some may not be (null). */
  async markStoredRedacted(pass: number | null): Promise<void> {
    if (pass === null) {
      await this.imports.delete(`key = 'redacted'`);
      return;
    }
    await this.imports
      .mergeInsert('key')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute([{ key: 'redacted', summary: String(pass), finished_at: new Date() }]);
  }

  close(): void {
    this.transcripts.close();
    this.imports.close();
  }
}
