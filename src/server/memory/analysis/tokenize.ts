// Code-aware and CJK-aware tokenising for search. Pure: no I/O, no state; offsets index into the
// string given. Used by the memory index, the excerpt builder, and anything else (hover, context
// pack) that must agree with search on what a "word" is.

/** A piece of a token (an identifier part, a path segment, a CJK bigram), lowercased. */
export interface Part {
  start: number;
  end: number;
  text: string;
}

/** A token as written: `maxRetriesPerRequest`, `db.pool.max`, `src/api/orders.ts`, `接続`. */
export interface Token {
  start: number;
  end: number;
  /** The whole token, lowercased. */
  text: string;
  /** Its parts; a plain word has one part, itself. */
  parts: Part[];
  /** True for a word of Chinese, Japanese or Korean script (segmented by Intl.Segmenter). */
  cjk: boolean;
}

const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}ー々';
const WORD_CLASS = `[[\\p{L}\\p{N}\\p{M}_]--[${CJK_CLASS}]]`;
// A word, optionally chained to more words by the separators of code: . / \ : - (dotted keys,
// paths, Windows paths, Rust paths, kebab-case, flags).
const COMPOUND = new RegExp(`${WORD_CLASS}+(?:[.\\/\\\\:\\-]+${WORD_CLASS}+)*`, 'gv');
const CJK_RUN = new RegExp(`[${CJK_CLASS}]+`, 'gv');
const HAN = /\p{Script=Han}/u;
const SEPARATORS = /[./\\:\-_]+/g;
// camelCase and PascalCase boundaries: "maxRetries" | "HTTPServer" -> HTTP|Server | "v2Api".
const CAMEL = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

/**
 * Splits an identifier into its lowercased parts with offsets relative to `offset`:
 * `maxRetriesPerRequest` -> max, retries, per, request; `max_retries` -> max, retries;
 * `db.pool.max` -> db, pool, max; `C:\src\App.tsx` -> c, src, app, tsx.
 */
export function identifierParts(word: string, offset = 0): Part[] {
  const parts: Part[] = [];
  let at = 0;
  const pieces = word.split(SEPARATORS);
  for (const piece of pieces) {
    const pieceStart = word.indexOf(piece, at);
    at = pieceStart + piece.length;
    if (!piece) continue;
    let sub = 0;
    for (const p of piece.split(CAMEL)) {
      if (p) parts.push({ start: offset + pieceStart + sub, end: offset + pieceStart + sub + p.length, text: p.toLowerCase() });
      sub += p.length;
    }
  }
  return parts;
}

function cjkTokens(run: string, offset: number, out: Token[]): void {
  for (const s of segmenter.segment(run)) {
    if (!s.isWordLike) continue;
    const start = offset + s.index;
    const text = s.segment;
    const chars = [...text];
    const parts: Part[] = [];
    if (chars.length === 1) parts.push({ start, end: start + text.length, text });
    let pos = start;
    for (let i = 0; i + 1 < chars.length; i++) {
      const a = chars[i]!;
      const b = chars[i + 1]!;
      parts.push({ start: pos, end: pos + a.length + b.length, text: a + b });
      pos += a.length;
    }
    out.push({ start, end: start + text.length, text, parts, cjk: true });
  }
}

/** The tokens of a text in order of position. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(COMPOUND)) {
    const start = m.index;
    const word = m[0];
    out.push({ start, end: start + word.length, text: word.toLowerCase(), parts: identifierParts(word, start), cjk: false });
  }
  for (const m of text.matchAll(CJK_RUN)) cjkTokens(m[0], m.index, out);
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Character bigrams (and single Han characters) of every CJK run: what the index stores for CJK
 * text, so a query word segmented differently from the text still meets it.
 */
export function cjkGrams(text: string): Part[] {
  const out: Part[] = [];
  for (const m of text.matchAll(CJK_RUN)) {
    const chars = [...m[0]];
    let pos = m.index;
    for (let i = 0; i < chars.length; i++) {
      const a = chars[i]!;
      const b = chars[i + 1];
      if (HAN.test(a)) out.push({ start: pos, end: pos + a.length, text: a });
      if (b) out.push({ start: pos, end: pos + a.length + b.length, text: a + b });
      pos += a.length;
    }
  }
  return out;
}
