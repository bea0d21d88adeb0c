// Rows of the LanceDB tables as plain JSON and back, driven by each table's Arrow schema, so export,
// import and backup follow the tables as they are defined (one definition of every column).
import * as arrow from 'apache-arrow';
import { MEMORY_KINDS } from '../../protocol/limits.js';
import { checkpointsSchema, sessionsSchema } from '../session/session-store.js';
import { importsSchema, transcriptsSchema } from '../memory/conversations/import-state.js';
import { MEMORIES_TABLE, memoriesSchema } from '../memory/schema.js';

export type RecordType = 'memory' | 'session' | 'checkpoint' | 'transcript' | 'import';

export interface PortableTable {
  /** The record type in an export file. */
  type: RecordType;
  /** The LanceDB table. */
  name: string;
  /** The column that identifies a row: import skips rows whose key is stored already. */
  key: string;
  schema: arrow.Schema;
}

/** Every table of a data dir, in the order an export writes them. */
export const PORTABLE_TABLES: readonly PortableTable[] = [
  { type: 'memory', name: MEMORIES_TABLE, key: 'id', schema: memoriesSchema },
  { type: 'session', name: 'sessions', key: 'id', schema: sessionsSchema },
  { type: 'checkpoint', name: 'checkpoints', key: 'id', schema: checkpointsSchema },
  { type: 'transcript', name: 'transcripts', key: 'path', schema: transcriptsSchema },
  { type: 'import', name: 'imports', key: 'key', schema: importsSchema },
];

export function tableOfType(type: string): PortableTable | undefined {
  return PORTABLE_TABLES.find((t) => t.type === type);
}

type Json = Record<string, unknown>;

function listValues(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof (v as { toArray?: unknown }).toArray === 'function') return Array.from((v as { toArray(): ArrayLike<unknown> }).toArray());
  return [];
}

/** One row read from LanceDB as JSON: timestamps as ISO 8601 strings, lists as arrays. */
export function rowToJson(row: Json, schema: arrow.Schema, opts: { vectors: boolean }): Json {
  const out: Json = {};
  for (const field of schema.fields) {
    const v = row[field.name];
    if (arrow.DataType.isFixedSizeList(field.type)) {
      if (opts.vectors) out[field.name] = v == null ? null : listValues(v).map(Number);
    } else if (v == null) out[field.name] = null;
    else if (arrow.DataType.isTimestamp(field.type)) out[field.name] = new Date(v instanceof Date ? v.getTime() : Number(v)).toISOString();
    else if (arrow.DataType.isList(field.type)) out[field.name] = listValues(v).map(String);
    else if (typeof v === 'bigint') out[field.name] = Number(v);
    else out[field.name] = v;
  }
  return out;
}

export interface FieldError {
  field: string;
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function checkValue(field: arrow.Field, v: unknown): string | null {
  const t = field.type;
  if (v === null || v === undefined) return field.nullable ? null : 'is required';
  if (arrow.DataType.isUtf8(t)) return typeof v === 'string' ? null : 'must be a string';
  if (arrow.DataType.isFloat(t) || arrow.DataType.isInt(t)) return typeof v === 'number' && Number.isFinite(v) ? null : 'must be a finite number';
  if (arrow.DataType.isTimestamp(t)) return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'must be an ISO 8601 date';
  if (arrow.DataType.isList(t)) return Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : 'must be an array of strings';
  if (arrow.DataType.isFixedSizeList(t)) {
    const size = (t as arrow.FixedSizeList).listSize;
    if (!Array.isArray(v) || v.length !== size) return `must be an array of ${size} numbers`;
    return v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? null : `must be an array of ${size} finite numbers`;
  }
  if (arrow.DataType.isBool(t)) return typeof v === 'boolean' ? null : 'must be true or false';
  return `has an unsupported column type ${String(t)}`;
}

/** Rules beyond the column types, for the fields the rest of the server relies on. */
function checkSemantics(table: PortableTable, rec: Json): FieldError[] {
  const errors: FieldError[] = [];
  const key = rec[table.key];
  if (typeof key === 'string' && key.trim() === '') errors.push({ field: table.key, message: 'must not be empty' });
  if (table.type === 'memory') {
    if (typeof rec.kind === 'string' && !(MEMORY_KINDS as readonly string[]).includes(rec.kind)) {
      errors.push({ field: 'kind', message: `must be one of ${MEMORY_KINDS.join(', ')}` });
    }
    if (typeof rec.project === 'string' && rec.project.trim() === '') errors.push({ field: 'project', message: 'must not be empty' });
  }
  return errors;
}

/**
 * Checks one exported record against its table and returns the row to write. A vector column may
 * be absent (an export without vectors); every other column must be present, and nothing else.
 */
export function jsonToRow(table: PortableTable, rec: Json): { row: Json; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const row: Json = {};
  const known = new Set(table.schema.fields.map((f) => f.name));
  for (const name of Object.keys(rec)) {
    if (name !== 'type' && !known.has(name)) errors.push({ field: name, message: `is not a field of a ${table.type} record` });
  }
  for (const field of table.schema.fields) {
    const v = rec[field.name];
    const vector = arrow.DataType.isFixedSizeList(field.type);
    if (vector && v === undefined) {
      row[field.name] = null;
      continue;
    }
    if (!(field.name in rec)) {
      errors.push({ field: field.name, message: 'is missing' });
      continue;
    }
    const problem = checkValue(field, v);
    if (problem) errors.push({ field: field.name, message: problem });
    else row[field.name] = v !== null && arrow.DataType.isTimestamp(field.type) ? new Date(v as string) : v;
  }
  errors.push(...checkSemantics(table, rec));
  return { row, errors };
}
