// Whole Arrow columns decoded a chunk at a time. Vector.get(i) searches the chunks and builds a
// view per call; for a 100,000-row scan of ids and tag lists that cost half a second, this a few
// tens of milliseconds. Only the tables' own methods and buffers are used: LanceDB may hand over
// objects of another copy of apache-arrow than the bundle's, so `instanceof` and makeVector fail.
import type * as arrow from 'apache-arrow';

/** A column's values as `get` would give them (null for a null; [] for a missing column). */
export function columnValues(vector: arrow.Vector | null): unknown[] {
  return vector ? [...vector] : [];
}

/** The strings of a Utf8 column ('' for a null). */
export function stringColumn(vector: arrow.Vector | null): string[] {
  const out: string[] = [];
  if (!vector) return out;
  for (const v of vector) out.push(v == null ? '' : String(v));
  return out;
}

/** The string lists of a List<Utf8> column ([] for a null). */
export function stringListColumn(vector: arrow.Vector | null): string[][] {
  const out: string[][] = [];
  if (!vector) return out;
  for (const data of vector.data) {
    const offsets = data.valueOffsets;
    const child = data.children[0];
    const values = child ? utf8Strings(child) : [];
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) {
        out.push([]);
        continue;
      }
      out.push(values.slice(offsets[i]!, offsets[i + 1]!));
    }
  }
  return out;
}

/** The strings of one Utf8 chunk, read from its offsets and bytes. */
function utf8Strings(data: arrow.Data): string[] {
  const offsets = data.valueOffsets as ArrayLike<number | bigint>;
  const bytes = data.values as Uint8Array;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data.getValid(i) ? buf.toString('utf8', Number(offsets[i]), Number(offsets[i + 1])) : '';
  return out;
}
