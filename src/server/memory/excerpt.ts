// Excerpts that show why a memory matched: the window of the text holding the most distinct query
// terms (not the start), with the matched ranges as offsets into the excerpt.
import { stemWord } from './analysis/terms.js';
import { tokenize } from './analysis/tokenize.js';

export const EXCERPT_CHARS = 240;
const LEAD = 40;

/** A half-open [start, end) range of UTF-16 offsets into an excerpt. */
export type Range = [number, number];

export interface Excerpt {
  excerpt: string;
  ranges: Range[];
}

interface Mark {
  start: number;
  end: number;
  key: string;
}

/** Where the text matches any of the matched terms: whole identifiers, or their parts by stem or surface. */
export function matchMarks(text: string, matched: ReadonlySet<string>): Mark[] {
  const out: Mark[] = [];
  if (matched.size === 0) return out;
  for (const tok of tokenize(text)) {
    const before = out.length;
    for (const p of tok.parts) {
      const key = tok.cjk ? p.text : stemWord(p.text);
      if (matched.has(key) || matched.has(p.text)) {
        const last = out[out.length - 1];
        // Overlapping CJK bigrams merge into one range.
        if (last && out.length > before && last.end > p.start) last.end = Math.max(last.end, p.end);
        else out.push({ start: p.start, end: p.end, key });
      }
    }
    // The whole identifier is marked only when none of its parts is.
    if (out.length === before && matched.has(tok.text)) out.push({ start: tok.start, end: tok.end, key: tok.text });
  }
  return out;
}

/** The excerpt of a text for a search that matched these terms, at most `max` characters plus ellipses. */
export function buildExcerpt(text: string, matched: ReadonlySet<string>, max = EXCERPT_CHARS): Excerpt {
  const flat = text.replace(/\s+/g, ' ').trim();
  const marks = matchMarks(flat, matched);
  if (flat.length <= max) return { excerpt: flat, ranges: marks.map((m) => [m.start, m.end]) };

  // The window with the most distinct query words; among equals, the one where they sit closest
  // together (a reader, or a one-line label cut from the excerpt's start, sees them all), then the first.
  let bestStart = 0;
  let bestKeys = -1;
  let bestSpan = Infinity;
  for (let i = 0; i < marks.length; i++) {
    const from = marks[i]!.start;
    const keys = new Set<string>();
    let span = 0;
    for (let j = i; j < marks.length && marks[j]!.end <= from + max - LEAD; j++) {
      if (keys.has(marks[j]!.key)) continue;
      keys.add(marks[j]!.key);
      span = marks[j]!.end - from;
    }
    if (keys.size > bestKeys || (keys.size === bestKeys && span < bestSpan)) {
      bestKeys = keys.size;
      bestSpan = span;
      bestStart = from;
    }
  }
  // The window starts a little before its first match, even near the end of the text: a shorter
  // excerpt keeps the match where one-line views (quick picks, hovers) show it.
  let start = marks.length ? Math.max(0, bestStart - LEAD) : 0;
  let end = Math.min(flat.length, start + max);
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space >= 0 && space < start + 20 && (marks.length === 0 || space < bestStart)) start = space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > end - 20 && space > start) end = space;
  }
  const lead = start > 0 ? '…' : '';
  const ranges: Range[] = marks.filter((m) => m.start >= start && m.end <= end).map((m) => [m.start - start + lead.length, m.end - start + lead.length]);
  return { excerpt: `${lead}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`, ranges };
}

/** The terms that mark a mentioned path in an excerpt: the whole token as indexed. */
export function pathTerms(written: string): Set<string> {
  return new Set(tokenize(written).map((t) => t.text));
}
