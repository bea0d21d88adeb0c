// From tokens to search terms: English stemming (Porter2), stop words, identifier parts and CJK
// grams. Pure. The same functions analyse stored text and queries, so both sides meet.
import porter2 from 'wink-porter2-stemmer';
import { STOP_WORDS } from '../../../protocol/text-terms.js';
import { cjkGrams, tokenize, type Part, type Token } from './tokenize.js';

const LATIN_WORD = /^[a-z]+$/;

// Irregular past forms that Porter2 leaves apart from their verb, as developers write them.
const IRREGULAR: Record<string, string> = Object.fromEntries(
  (
    'lost:lose broke:break broken:break hung:hang ran:run wrote:write written:write took:take taken:take ' +
    'made:make found:find built:build sent:send kept:keep left:leave threw:throw thrown:throw chose:choose ' +
    'chosen:choose began:begin begun:begin fell:fall fallen:fall froze:freeze frozen:freeze hid:hide ' +
    'hidden:hide shown:show grew:grow grown:grow drew:draw drawn:draw fed:feed ' +
    'meant:mean spent:spend stuck:stick caught:catch brought:bring bought:buy thought:think taught:teach ' +
    'sought:seek fought:fight understood:understand forgot:forget forgotten:forget overrode:override ' +
    'overridden:override rewrote:rewrite rewritten:rewrite rebuilt:rebuild went:go gone:go gave:give ' +
    'given:give saw:see seen:see knew:know known:know came:come became:become swore:swear woke:wake'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

const stems = new Map<string, string>();
const STEM_CACHE_MAX = 100_000;

/** The stem of one lowercased word: Porter2 for English words of 3+ letters, the word otherwise. */
export function stemWord(word: string): string {
  if (word.length < 3 || !LATIN_WORD.test(word)) return word;
  let s = stems.get(word);
  if (s === undefined) {
    s = porter2(IRREGULAR[word] ?? word);
    if (stems.size >= STEM_CACHE_MAX) stems.clear();
    stems.set(word, s);
  }
  return s;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * Words that shape a question rather than name its subject ("why does it happen", "what should I
 * do"); dropped from queries that keep at least two other words.
 */
export const QUESTION_WORDS = new Set(
  (
    'able actually again always anyone anything because being cannot cant could did does doing done ever every ' +
    'get gets getting go goes going got happen happened happening happens keep kind know make makes might must ' +
    'need needs now really should something still sure thing things tell use used using want wants way ways ' +
    'whenever whether while without work works yet'
  ).split(' '),
);

/** A part worth indexing or searching for: not a stop word, not a lone letter. */
function meaningful(part: string): boolean {
  return !STOP_WORDS.has(part) && (part.length > 1 || /[\p{N}\p{Script=Han}]/u.test(part));
}

/** Surface forms are stored with this mark so they never collide with a stem. */
export const SURFACE_MARK = '\u0001';

/**
 * The terms a text is indexed under, with counts. For each token: its stem (one-part words), or
 * the whole identifier plus the stem of each part (`maxRetries` -> maxretries, max, retri), and the
 * surface form of each part (for prefix matching); CJK text adds character bigrams and Han unigrams.
 */
export function indexTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (t: string): void => {
    counts.set(t, (counts.get(t) ?? 0) + 1);
  };
  for (const tok of tokenize(text)) {
    if (tok.cjk) {
      add(tok.text);
      continue;
    }
    if (tok.parts.length > 1) add(tok.text);
    for (const p of tok.parts) {
      if (!meaningful(p.text)) continue;
      const s = stemWord(p.text);
      add(s);
      if (s !== p.text) add(`${p.text}${SURFACE_MARK}`);
    }
  }
  for (const g of cjkGrams(text)) add(g.text);
  return counts;
}

/** One part of a query unit, as searched for. */
export interface QueryPart {
  /** Stemmed term (or whole identifier, or CJK gram). */
  term: string;
  /** The lowercased word as typed, for prefix and typo matching. */
  surface: string;
}

/** One unit of a query: a word or identifier as typed. Coverage counts units, not parts. */
export interface QueryUnit {
  /** The token as typed, lowercased. */
  text: string;
  /** The whole identifier (multi-part tokens) or CJK word, matched as one term. */
  whole: string | null;
  /** Its meaningful parts; a unit matched by some parts counts that fraction. */
  parts: QueryPart[];
  /** Inside double quotes in the query. */
  quoted: boolean;
}

export interface AnalysedQuery {
  units: QueryUnit[];
  /** Quoted phrases, as lists of unit texts in order (at least two words each). */
  phrases: string[][];
}

function unitOf(tok: Token, quoted: boolean): QueryUnit | null {
  if (tok.cjk) {
    // A lone kana is a particle (の, で, が): it carries no subject.
    if (tok.text.length === 1 && !/\p{Script=Han}/u.test(tok.text)) return null;
    const parts = tok.parts.map((p: Part) => ({ term: p.text, surface: p.text }));
    return { text: tok.text, whole: tok.text, parts, quoted };
  }
  const parts = tok.parts.filter((p) => meaningful(p.text)).map((p) => ({ term: stemWord(p.text), surface: p.text }));
  if (parts.length === 0) return null;
  return { text: tok.text, whole: tok.parts.length > 1 ? tok.text : null, parts, quoted };
}

/**
 * A query as literal text: words, identifiers and CJK words become units; double-quoted spans
 * (straight or curly quotes) also become phrases. Nothing is syntax; stop words are dropped unless
 * the query has nothing else.
 */
export function analyseQuery(query: string): AnalysedQuery {
  const quotedSpans: [number, number][] = [];
  for (const m of query.matchAll(/["“”„«»「」『』]([^"“”„«»「」『』]+)["“”„«»「」『』]/g)) quotedSpans.push([m.index, m.index + m[0].length]);
  const inQuotes = (at: number): number => quotedSpans.findIndex(([s, e]) => at >= s && at < e);

  const units: QueryUnit[] = [];
  const phraseUnits = new Map<number, string[]>();
  const seen = new Set<string>();
  const tokens = tokenize(query);
  for (const tok of tokens) {
    const q = inQuotes(tok.start);
    const unit = unitOf(tok, q >= 0);
    if (q >= 0) phraseUnits.set(q, [...(phraseUnits.get(q) ?? []), tok.text]);
    if (!unit || seen.has(unit.text)) continue;
    seen.add(unit.text);
    units.push(unit);
  }
  const topical = units.filter((u) => !QUESTION_WORDS.has(u.text));
  if (topical.length >= 2 && topical.length < units.length) units.splice(0, units.length, ...topical);
  if (units.length === 0) {
    // Only stop words: search for them as they are rather than for nothing.
    for (const tok of tokens) {
      if (seen.has(tok.text)) continue;
      seen.add(tok.text);
      units.push({ text: tok.text, whole: null, parts: [{ term: tok.text, surface: tok.text }], quoted: inQuotes(tok.start) >= 0 });
    }
  }
  const phrases = [...phraseUnits.values()].filter((p) => p.length >= 2);
  return { units, phrases };
}
