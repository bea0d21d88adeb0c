// Which word is under the cursor, and what memory query it becomes. Kept apart from the
// handlers so the shared code-aware analysis (identifier splitting, stemming) can replace the
// token rules here without touching hover, diagnostics or their tests.
//
// The memory service's search is what matches; this module only picks the token and decides
// whether it is specific enough to be worth a hover (hovers must never be noise).

export type TokenKind = 'identifier' | 'key' | 'path';

export interface CursorToken {
  text: string;
  kind: TokenKind;
  /** Character offsets of the token within its line. */
  start: number;
  end: number;
}

export type MemoryQuery = { kind: 'text'; query: string; minScore: number } | { kind: 'file'; path: string };

/**
 * Lowest score a memory needs to appear in a hover. The search scores a one-word query by
 * whether the memory contains it (0 or 1), a multi-part key by the share of its parts found,
 * so 0.6 keeps memories that name most of the token and drops those sharing one common part.
 */
export const HOVER_MIN_SCORE = 0.6;

const IDENT = /[A-Za-z_$][\w$]*(?:-[A-Za-z][\w]*)*/g;
const PATH_CHARS = /[\w.\-/@~+]/;
const MIN_PLAIN_WORD = 5;

// Words that are keywords or ubiquitous in code: a memory mentioning them says nothing about this spot.
const COMMON = new Set(
  (
    'abstract async await boolean break case catch class const constructor continue default delete else enum export extends false ' +
    'final finally function import interface let new null number object package private protected public readonly return self ' +
    'static string super switch this throw true try type typeof undefined var void while with yield def elif lambda none pass ' +
    'raise struct impl trait match loop unsafe where func range chan defer select begin end then require module exports console ' +
    'error value values index count result length data item items name config options params args props state ' +
    'print println format input output width height start stop'
  ).split(' '),
);

/** The identifier, dotted/kebab config key or path at `character` in `line`, if any. */
export function tokenAt(line: string, character: number): CursorToken | null {
  const path = pathAt(line, character);
  if (path) return path;
  IDENT.lastIndex = 0;
  for (let m = IDENT.exec(line); m; m = IDENT.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    if (character < start) break;
    if (character <= end && end > start) {
      const after = line.slice(end).match(/^\s*["']?\s*[:=]/);
      const kind: TokenKind = after || m[0].includes('-') ? 'key' : 'identifier';
      return { text: m[0], kind, start, end };
    }
  }
  return null;
}

function pathAt(line: string, character: number): CursorToken | null {
  if (character > line.length) return null;
  let start = Math.min(character, line.length);
  let end = start;
  while (start > 0 && PATH_CHARS.test(line[start - 1]!)) start--;
  while (end < line.length && PATH_CHARS.test(line[end]!)) end++;
  const text = line.slice(start, end).replace(/[.,;:]+$/, '');
  if (!looksLikePath(text) || line.slice(Math.max(0, start - 3), start).endsWith('://')) return null;
  return { text, kind: 'path', start, end: start + text.length };
}

function looksLikePath(text: string): boolean {
  if (!text.includes('/') || text.startsWith('//') || text.endsWith('/')) return false;
  const segments = text.split('/').filter(Boolean);
  if (segments.length < 2 || segments.some((s) => !/[A-Za-z]/.test(s) && s !== '.' && s !== '..')) return false;
  return /^\.{1,2}\//.test(text) || /\.[A-Za-z0-9]{1,8}$/.test(text) || segments.length >= 3;
}

/** Mixed case inside, an underscore or dash between parts, a dot between names, or digits with letters. */
export function isIdentifierShaped(text: string): boolean {
  return /[a-z][A-Z]/.test(text) || /[A-Za-z0-9][_-][A-Za-z0-9]/.test(text) || /[A-Za-z]\.[A-Za-z]/.test(text) || (/\d/.test(text) && /[A-Za-z]{2}/.test(text));
}

/** The query for a hover on `token`, or null when the token is too generic to be about anything. */
export function hoverQuery(token: CursorToken): MemoryQuery | null {
  if (token.kind === 'path') return { kind: 'file', path: token.text };
  const text = token.text.replace(/^\$+/, '');
  if (!isIdentifierShaped(text)) {
    if (text.length < MIN_PLAIN_WORD || COMMON.has(text.toLowerCase())) return null;
  }
  return { kind: 'text', query: text, minScore: HOVER_MIN_SCORE };
}

/** A plain word (not identifier-shaped) matched by many memories is vocabulary, not a subject. */
export function tooCommon(query: MemoryQuery, matches: number, commonAt: number): boolean {
  return query.kind === 'text' && !isIdentifierShaped(query.query) && matches >= commonAt;
}

/** Identifiers a memory names: backticked code spans and identifier-shaped words. */
export function namedIdentifiers(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/`([^`\n]{2,80})`/g)) {
    const ids = m[1]!.trim().match(IDENT) ?? [];
    // A span holding one plain name (`pool`) names it; in a longer span only the distinctive parts count.
    if (ids.length === 1 && ids[0]!.length >= 4 && !COMMON.has(ids[0]!.toLowerCase())) out.add(ids[0]!);
    for (const id of ids) if (id.length >= 4 && isIdentifierShaped(id)) out.add(id);
  }
  for (const w of text.match(IDENT) ?? []) if (w.length >= 4 && isIdentifierShaped(w)) out.add(w);
  return [...out];
}

/** Every identifier in a document with the offset of its first occurrence. */
export function firstOccurrences(text: string): Map<string, number> {
  const first = new Map<string, number>();
  IDENT.lastIndex = 0;
  for (let m = IDENT.exec(text); m; m = IDENT.exec(text)) if (!first.has(m[0])) first.set(m[0], m.index);
  return first;
}
