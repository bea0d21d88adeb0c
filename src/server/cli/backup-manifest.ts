// The manifest a backup carries (backup.json) and the check that a data dir holds what it says:
// shared by backup (checking the copy) and restore (checking the backup, then the result).
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { createLogger } from '../log.js';
import { PORTABLE_TABLES } from '../storage/portable.js';
import { databaseDir } from '../storage/tables.js';

export const BACKUP_FORMAT = 'session-mgmt-backup';
export const BACKUP_VERSION = 1;
export const MANIFEST = 'backup.json';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  created_at: string;
  source: string;
  embedding_model: string;
  /** Per table: the version copied and its rows. */
  tables: Record<string, { version: number; rows: number }>;
  /** Other folders of the data dir copied as they were (handoff documents). */
  folders: string[];
}

export function readManifest(dir: string): BackupManifest | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as BackupManifest;
    return m.format === BACKUP_FORMAT && typeof m.tables === 'object' ? m : null;
  } catch {
    return null;
  }
}

/**
 * Opens a data dir the way a server does (the memory store, with its full-text index) and checks
 * that every table holds the rows the manifest names and can be read to the end. Returns problems.
 */
export async function verifyDataDir(dataDir: string, manifest: BackupManifest): Promise<string[]> {
  const problems: string[] = [];
  const db = await lancedb.connect(databaseDir(dataDir), { readConsistencyInterval: 0 });
  const present = new Set(await db.tableNames());
  for (const t of PORTABLE_TABLES) {
    const want = manifest.tables[t.name];
    if (!want) continue;
    if (!present.has(t.name)) {
      problems.push(`table ${t.name} is missing`);
      continue;
    }
    const table = await db.openTable(t.name);
    let read = 0;
    for await (const batch of table.query().select([t.key])) read += batch.numRows;
    if (read !== want.rows) problems.push(`table ${t.name} holds ${read} rows, the backup recorded ${want.rows}`);
    table.close();
  }
  if (manifest.tables.memories) {
    const { MemoryStore } = await import('../memory/store.js');
    const store = await MemoryStore.open(dataDir, createLogger('error'));
    try {
      // The search index is built from the copied rows: it must hold every one of them.
      const indexed = (await store.lexicalIndex()).size;
      const want = manifest.tables.memories.rows;
      if (indexed !== want) problems.push(`the search index holds ${indexed} memories, the backup recorded ${want}`);
    } finally {
      await store.close();
    }
  }
  return problems;
}
