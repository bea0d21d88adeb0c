import * as arrow from 'apache-arrow';
import { EMBEDDING_DIM, type MemoryKind } from '../../protocol/limits.js';

export const MEMORIES_TABLE = 'memories';

const stringList = () => new arrow.List(new arrow.Field('item', new arrow.Utf8(), true));

export const memoriesSchema = new arrow.Schema([
  new arrow.Field('id', new arrow.Utf8(), false),
  new arrow.Field('kind', new arrow.Utf8(), false),
  new arrow.Field('text', new arrow.Utf8(), false),
  new arrow.Field('tags', stringList(), false),
  new arrow.Field('project', new arrow.Utf8(), false),
  new arrow.Field('session_id', new arrow.Utf8(), true),
  new arrow.Field('files', stringList(), false),
  new arrow.Field('source', new arrow.Utf8(), true),
  // Kind-specific details as JSON (e.g. a conversation chunk's line range).
  new arrow.Field('meta', new arrow.Utf8(), true),
  new arrow.Field('created_at', new arrow.TimestampMillisecond(), false),
  new arrow.Field('vector', new arrow.FixedSizeList(EMBEDDING_DIM, new arrow.Field('item', new arrow.Float32(), true)), true),
]);

/** A row as written. */
export interface MemoryRow {
  id: string;
  kind: MemoryKind;
  text: string;
  tags: string[];
  project: string;
  session_id: string | null;
  files: string[];
  source: string | null;
  meta: string | null;
  created_at: Date;
  vector: number[] | null;
}

/** A row as read back (LanceDB returns timestamps as epoch milliseconds). */
export interface StoredMemory extends Omit<MemoryRow, 'created_at' | 'vector'> {
  created_at: number;
  embedded: boolean;
}

/** Columns read for results; the vector is left out unless needed. */
export const RESULT_COLUMNS = ['id', 'kind', 'text', 'tags', 'project', 'session_id', 'files', 'source', 'meta', 'created_at'];
