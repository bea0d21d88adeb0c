// Opening the LanceDB database and its tables, shared by the memory and session stores.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import * as arrow from 'apache-arrow';
import type { Logger } from '../log.js';

export function databaseDir(dataDir: string): string {
  return path.join(dataDir, 'lancedb');
}

export async function connect(dataDir: string): Promise<lancedb.Connection> {
  const dir = databaseDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  // Interval 0: every read checks for commits made by other processes sharing this data dir.
  return lancedb.connect(dir, { readConsistencyInterval: 0 });
}

/** Connects to a database that must already exist, creating nothing. */
export async function connectExisting(dataDir: string): Promise<lancedb.Connection> {
  const dir = databaseDir(dataDir);
  if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  return lancedb.connect(dir, { readConsistencyInterval: 0 });
}

export async function openTable(db: lancedb.Connection, name: string, schema: arrow.Schema, log: Logger): Promise<lancedb.Table> {
  try {
    return await db.createEmptyTable(name, schema, { existOk: true });
  } catch (err) {
    // Another process may have created it between our check and create.
    log.debug(`creating table ${name} raced; opening it`, err);
    return db.openTable(name);
  }
}

export const utf8 = (name: string, nullable = false) => new arrow.Field(name, new arrow.Utf8(), nullable);
export const ts = (name: string, nullable = false) => new arrow.Field(name, new arrow.TimestampMillisecond(), nullable);
export const f64 = (name: string, nullable = false) => new arrow.Field(name, new arrow.Float64(), nullable);

type Row = Record<string, unknown>;

export const str = (v: unknown): string => String(v ?? '');
export const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));
export const numOrNull = (v: unknown): number | null => (v == null ? null : v instanceof Date ? v.getTime() : Number(v));
export const time = (v: unknown): number => (v instanceof Date ? v.getTime() : Number(v));

export async function rows(q: { toArray(): Promise<unknown[]> }): Promise<Row[]> {
  return (await q.toArray()) as Row[];
}
