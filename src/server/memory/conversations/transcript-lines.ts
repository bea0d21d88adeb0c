// Reads a transcript's complete lines from a byte offset, in blocks, so a file of any size and a
// line of any length never sit in memory whole. A last line without its newline is left for the
// next import: the writer may still be in the middle of it.
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs/promises';

const BLOCK = 1 << 20;
/** Longer lines (a huge pasted file in a tool result) are skipped rather than buffered. */
export const MAX_LINE_BYTES = 16 << 20;

export type LineRead =
  | { kind: 'line'; text: string; start: number; end: number; line: number; repaired: boolean; unterminated?: true }
  | { kind: 'too-long'; start: number; end: number; line: number };

/**
 * Yields each complete line at or after `from` (which must be the start of a line numbered
 * `firstLine`, 1-based). `end` is the offset just past the line's newline. With `lastUnterminated`
 * a final line without a newline is yielded too, marked, for the caller to accept if it is whole.
 */
export async function* readLines(file: string, from: number, firstLine: number, upTo: number, lastUnterminated = false): AsyncGenerator<LineRead> {
  const fh = await fs.open(file, 'r');
  try {
    const block = Buffer.allocUnsafe(BLOCK);
    let pos = from;
    let lineStart = from;
    let lineNo = firstLine;
    let pieces: Buffer[] = [];
    let pending = 0;
    let overlong = false;
    while (pos < upTo) {
      const { bytesRead } = await fh.read(block, 0, Math.min(BLOCK, upTo - pos), pos);
      if (bytesRead === 0) break;
      let at = 0;
      while (at < bytesRead) {
        const nl = block.indexOf(0x0a, at);
        const stop = nl === -1 || nl >= bytesRead ? bytesRead : nl;
        if (!overlong) {
          if (pending + (stop - at) > MAX_LINE_BYTES) {
            overlong = true;
            pieces = [];
          } else if (stop > at) {
            pieces.push(Buffer.from(block.subarray(at, stop)));
          }
          pending += stop - at;
        }
        if (stop === bytesRead) break;
        const end = pos + nl + 1;
        if (overlong) {
          yield { kind: 'too-long', start: lineStart, end, line: lineNo };
        } else {
          const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, pending);
          const repaired = !isUtf8(bytes);
          // toString replaces invalid sequences with U+FFFD; the line is kept and counted as repaired.
          yield { kind: 'line', text: bytes.toString('utf8'), start: lineStart, end, line: lineNo, repaired };
        }
        lineStart = end;
        lineNo += 1;
        pieces = [];
        pending = 0;
        overlong = false;
        at = nl + 1;
      }
      pos += bytesRead;
    }
    if (lastUnterminated && pos === upTo && pending > 0 && !overlong) {
      const bytes = Buffer.concat(pieces, pending);
      yield { kind: 'line', text: bytes.toString('utf8'), start: lineStart, end: upTo, line: lineNo, repaired: !isUtf8(bytes), unterminated: true };
    }
  } finally {
    await fh.close();
  }
}

/** Bytes [start, end) of a file, for checking that an imported prefix is unchanged. */
export async function readRange(file: string, start: number, end: number): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(Math.max(0, end - start));
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}
