// Packs conversation parts into ~400-token chunks that overlap by ~75 tokens, keeping parts whole
// where they fit. Chunking is a pure function of the parts that follow an anchor, so an import
// can stop anywhere and a later one resumes from the anchor and produces the same chunks.

/** ~4 characters per token for English text and code. */
export const CHARS_PER_TOKEN = 4;
export const CHUNK_TOKENS = 400;
export const OVERLAP_TOKENS = 75;
const TARGET = CHUNK_TOKENS * CHARS_PER_TOKEN;
const OVERLAP = OVERLAP_TOKENS * CHARS_PER_TOKEN;
const CARRY_MARK = '… ';

export interface Part {
  /** Byte offset of the line the part came from, and its 1-based number. */
  offset: number;
  line: number;
  text: string;
  files: readonly string[];
  edited: readonly string[];
  tools: readonly string[];
  at: number | null;
  /** From a subagent's (sidechain) line. */
  sidechain?: boolean;
}

/** Where chunking can restart: the start of a line, with the overlap text the chunk there begins with. */
export interface Anchor {
  offset: number;
  line: number;
  carry: string;
  /** The line the overlap text starts on (the anchor's own line when there is none). */
  carryLine: number;
}

export interface Chunk {
  text: string;
  lineStart: number;
  lineEnd: number;
  files: string[];
  edited: string[];
  tools: string[];
  /** Parts of the chunk that came from subagents' (sidechain) lines. */
  sidechainParts: number;
  firstAt: number | null;
  lastAt: number | null;
  /** Restarting here reproduces this chunk and every later one. */
  anchor: Anchor;
}

interface Open {
  carry: string;
  texts: string[];
  /** The line of each text. */
  lines: number[];
  sidechainParts: number;
  chars: number;
  lineStart: number;
  lineEnd: number;
  files: Set<string>;
  edited: Set<string>;
  tools: Set<string>;
  firstAt: number | null;
  lastAt: number | null;
  anchor: Anchor;
}

/** Where the last ~75 tokens of a text start, at a word boundary. */
function overlapStart(text: string): number {
  if (text.length <= OVERLAP) return text.length - text.trimStart().length;
  const from = text.length - OVERLAP;
  const space = text.slice(from).search(/\s/);
  return space >= 0 && space < OVERLAP / 2 ? from + space + 1 : from;
}

/** Splits text into pieces of at most `room` characters, at a line or word break where possible. */
function cutAt(text: string, room: number): number {
  if (text.length <= room) return text.length;
  const window = text.slice(0, room + 1);
  for (const sep of ['\n\n', '\n', '. ', ' ']) {
    const i = window.lastIndexOf(sep);
    if (i >= room / 2) return i + sep.length;
  }
  return room;
}

export class Chunker {
  private open: Open | null = null;
  private carry: string;
  private carryLine: number;

  constructor(carry = '', carryLine = 0) {
    this.carry = carry;
    this.carryLine = carryLine;
  }

  /** Adds a part; returns the chunks it closed. */
  push(part: Part): Chunk[] {
    const out: Chunk[] = [];
    const size = part.text.length + 1;
    if (this.open && this.open.texts.length > 0 && this.open.chars + size > TARGET) out.push(this.close());
    const base = this.carry ? this.carry.length + 1 : 0;
    if (!this.open && base + size <= TARGET) {
      this.start({ offset: part.offset, line: part.line, carry: this.carry, carryLine: this.carry ? this.carryLine : part.line });
    }
    if (this.open) {
      this.add(part, part.text);
      return out;
    }
    // A part longer than a chunk: split it; every piece restarts from the part's own anchor.
    const anchor: Anchor = { offset: part.offset, line: part.line, carry: this.carry, carryLine: this.carry ? this.carryLine : part.line };
    let rest = part.text;
    for (;;) {
      const room = Math.max(TARGET - (this.carry ? this.carry.length + 1 : 0), TARGET / 2);
      const n = cutAt(rest, room);
      this.start(anchor);
      this.add(part, rest.slice(0, n).trimEnd());
      rest = rest.slice(n).trimStart();
      if (!rest) break;
      out.push(this.close());
    }
    return out;
  }

  /** The open chunk, if any; it stays open, so later parts may still join it. */
  peek(): Chunk | null {
    return this.open ? this.toChunk(this.open) : null;
  }

  /** Where to resume so that the open chunk (and nothing already closed) is produced again. */
  resumePoint(): Anchor | null {
    return this.open?.anchor ?? null;
  }

  private start(anchor: Anchor): void {
    this.open = {
      carry: this.carry,
      texts: [],
      lines: [],
      sidechainParts: 0,
      chars: this.carry ? this.carry.length + 1 : 0,
      // The overlap is part of the chunk's text, so its line is part of the chunk's range.
      lineStart: this.carry ? Math.min(this.carryLine || anchor.line, anchor.line) : anchor.line,
      lineEnd: anchor.line,
      files: new Set(),
      edited: new Set(),
      tools: new Set(),
      firstAt: null,
      lastAt: null,
      anchor,
    };
  }

  private add(part: Part, text: string): void {
    const o = this.open!;
    o.texts.push(text);
    o.lines.push(part.line);
    if (part.sidechain) o.sidechainParts += 1;
    o.chars += text.length + 1;
    o.lineStart = Math.min(o.lineStart, part.line);
    o.lineEnd = Math.max(o.lineEnd, part.line);
    for (const f of part.files) o.files.add(f);
    for (const f of part.edited) o.edited.add(f);
    for (const t of part.tools) o.tools.add(t);
    if (part.at !== null) {
      o.firstAt ??= part.at;
      o.lastAt = part.at;
    }
  }

  private toChunk(o: Open): Chunk {
    const body = o.texts.join('\n');
    return {
      text: o.carry ? `${o.carry}\n${body}` : body,
      lineStart: o.lineStart,
      lineEnd: o.lineEnd,
      files: [...o.files],
      edited: [...o.edited],
      tools: [...o.tools],
      sidechainParts: o.sidechainParts,
      firstAt: o.firstAt,
      lastAt: o.lastAt,
      anchor: o.anchor,
    };
  }

  private close(): Chunk {
    const o = this.open!;
    this.open = null;
    const body = o.texts.join('\n');
    const from = overlapStart(body);
    this.carry = CARRY_MARK + body.slice(from);
    // The line of the text the overlap starts in.
    let at = 0;
    this.carryLine = o.lines[0] ?? o.lineStart;
    for (let i = 0; i < o.texts.length; i++) {
      if (at + o.texts[i]!.length >= from) {
        this.carryLine = o.lines[i]!;
        break;
      }
      at += o.texts[i]!.length + 1;
    }
    return this.toChunk(o);
  }
}
