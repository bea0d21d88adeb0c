// Lexical ranking over the LexicalIndex. A memory's lexical score, in [0, 1]:
//   0.85 x coverage + 0.15 x strength
// coverage: the idf-weighted share of the query's units (words or identifiers as typed) that the
//   memory matches, each match worth 1 (exact stem or identifier), 0.8 (prefix) or 0.6 (short
//   form or typo), times 0.85 when only a file path matches; an identifier matched by some of its
//   parts counts that fraction;
// strength: how strongly the matched units occur (saturated term frequency, a tag counts fully),
//   and with quoted phrases, half of it is the share of the phrases found word for word.
// So a memory holding every word ranks above one holding some, and the score is the order.
import { boundedDistance } from './analysis/edit-distance.js';
import { stemWord, SURFACE_MARK, type AnalysedQuery, type QueryUnit } from './analysis/terms.js';
import { tokenize } from './analysis/tokenize.js';
import { FIELD_TAG, FIELD_TEXT, TF_BITS, type IndexedDoc, type LexicalIndex } from './lexical-index.js';

export const MATCH_QUALITY = { exact: 1, prefix: 0.8, abbreviation: 0.6, typo: 0.6 } as const;
/** A stored word this long or longer may be a short form of a longer query word (auth, authentication). */
const MIN_ABBREVIATION = 4;
const FILE_ONLY = 0.85;
const COVERAGE_SHARE = 0.85;
const MAX_EXPANSIONS = 64;
const PHRASE_CHECKS = 400;

/** Parallel arrays, one entry per matching memory (not sorted). */
export interface LexicalRun {
  slots: Int32Array;
  scores: Float64Array;
  /** Every indexed term (without surface marks) that matched some unit: what excerpts highlight. */
  matched: Set<string>;
}

interface Alternative {
  term: string;
  quality: number;
  /** -1 for the whole identifier, else the index of the part. */
  part: number;
}

function alternatives(index: LexicalIndex, unit: QueryUnit): Alternative[] {
  const out: Alternative[] = [];
  if (unit.whole) out.push({ term: unit.whole, quality: MATCH_QUALITY.exact, part: -1 });
  unit.parts.forEach((p, i) => {
    out.push({ term: p.term, quality: MATCH_QUALITY.exact, part: i });
    const exactFound = index.docFrequency(p.term) > 0;
    let expanded = 0;
    if (p.surface.length >= 3 && !/\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}/u.test(p.surface)) {
      const seen = new Set<string>([p.term]);
      for (const t of [...index.termsWithPrefix(p.surface), ...(p.term !== p.surface ? index.termsWithPrefix(p.term) : [])]) {
        if (seen.has(t) || expanded >= MAX_EXPANSIONS) continue;
        seen.add(t);
        // Another form of the same word: the exact stem match already covers it, at full weight.
        if (t.endsWith(SURFACE_MARK) && stemWord(t.slice(0, -1)) === p.term) continue;
        out.push({ term: t, quality: MATCH_QUALITY.prefix, part: i });
        expanded++;
      }
    }
    if (p.surface.length >= MIN_ABBREVIATION + 2 && /^[a-z]+$/.test(p.surface)) {
      for (let k = MIN_ABBREVIATION; k <= p.surface.length - 2; k++) {
        const short = p.surface.slice(0, k);
        if (short !== p.term && index.docFrequency(short) > 0) {
          out.push({ term: short, quality: MATCH_QUALITY.abbreviation, part: i });
          expanded++;
        }
      }
    }
    if (!exactFound && expanded === 0 && p.surface.length >= 5) {
      const max = p.surface.length >= 8 ? 2 : 1;
      for (const t of index.termsWithInitial(p.surface[0]!)) {
        const bare = t.endsWith(SURFACE_MARK) ? t.slice(0, -1) : t;
        if (Math.abs(bare.length - p.surface.length) > max) continue;
        if (boundedDistance(bare, p.surface, max) <= max) {
          out.push({ term: t, quality: MATCH_QUALITY.typo, part: i });
          if (++expanded >= MAX_EXPANSIONS) break;
        }
      }
    }
  });
  return out;
}

/** The stems of a text's words in order, identifier parts flattened: what phrases are matched against. */
function stemSequence(text: string): string[] {
  const out: string[] = [];
  for (const tok of tokenize(text)) for (const p of tok.parts) out.push(tok.cjk ? p.text : stemWord(p.text));
  return out;
}

function containsSequence(hay: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Scratch buffers reused across searches (a search runs synchronously, so one set suffices), sized
 * for every slot: allocating and zeroing them per search cost more than the scoring at 100k.
 */
interface Scratch {
  size: number;
  match: Float32Array[];
  strength: Float32Array[];
  seen: Uint8Array;
  touched: Int32Array;
  slots: Int32Array;
  scores: Float64Array;
  coverages: Float64Array;
}
const emptyScratch = (size: number): Scratch => ({
  size,
  match: [],
  strength: [],
  seen: new Uint8Array(size),
  touched: new Int32Array(size),
  slots: new Int32Array(size),
  scores: new Float64Array(size),
  coverages: new Float64Array(size),
});
let scratch = emptyScratch(0);

function buffers(units: number, size: number): Scratch {
  if (scratch.size < size) scratch = emptyScratch(Math.max(size, scratch.size * 2, 1_024));
  while (scratch.match.length < units) {
    scratch.match.push(new Float32Array(scratch.size));
    scratch.strength.push(new Float32Array(scratch.size));
  }
  return scratch;
}

/**
 * Scores every accepted memory (`accepted[slot]` is 1, see LexicalIndex.acceptMask) matching some
 * unit of the query. Memories whose lexical score is below `minScore` are left out unless `keep`
 * holds for them (e.g. they are also vector hits).
 */
export function lexicalSearch(
  index: LexicalIndex,
  query: AnalysedQuery,
  accepted: Uint8Array,
  minScore = 0,
  keep?: (doc: IndexedDoc) => boolean,
): LexicalRun {
  const n = Math.max(1, index.size);
  const avg = index.averageLength;
  const matched = new Set<string>();
  const weights: number[] = [];
  const nDocs = index.docs.length;
  const buf = buffers(query.units.length, nDocs);
  const seen = buf.seen;
  const lengths = index.lengthsView();
  const k1 = 1.2 * 0.25;
  const bLen = (1.2 * 0.75) / avg;
  const touched = buf.touched;
  let nTouched = 0;

  query.units.forEach((unit, u) => {
    const alts = alternatives(index, unit);
    const nParts = unit.parts.length;
    const match = buf.match[u]!;
    const strength = buf.strength[u]!;
    // Per part best match, only for identifiers of several parts (rare in queries).
    const parts = nParts > 1 ? new Map<number, Float32Array>() : null;
    let df = 0;
    for (const alt of alts) {
      const p = index.postingsOf(alt.term);
      if (!p) continue;
      if (alt.quality === MATCH_QUALITY.exact) df = Math.max(df, p.docs.length);
      matched.add(alt.term.endsWith(SURFACE_MARK) ? alt.term.slice(0, -1) : alt.term);
      const docs = p.docs;
      const values = p.values;
      const quality = alt.quality;
      const whole = alt.part < 0 || !parts;
      for (let k = 0; k < docs.length; k++) {
        const slot = docs[k]!;
        const value = values[k]!;
        if (seen[slot] === 0) {
          seen[slot] = 1;
          touched[nTouched++] = slot;
        }
        const m = value & (FIELD_TEXT | FIELD_TAG) ? quality : quality * FILE_ONLY;
        if (whole) {
          if (m > match[slot]!) match[slot] = m;
        } else {
          let arr = parts.get(slot);
          if (!arr) parts.set(slot, (arr = new Float32Array(nParts)));
          if (m > arr[alt.part]!) arr[alt.part] = m;
        }
        // Saturated term frequency (BM25's k1 = 1.2, b = 0.75); a tag counts fully, a path match 0.4.
        const tf = value & TF_BITS;
        const st = m * (value & FIELD_TAG ? 1 : tf === 0 ? 0.4 : tf / (tf + k1 + bLen * lengths[slot]!));
        if (st > strength[slot]!) strength[slot] = st;
      }
    }
    if (parts) {
      for (const [slot, arr] of parts) {
        let sum = 0;
        for (const v of arr) sum += v;
        const m = sum / nParts;
        if (m > match[slot]!) match[slot] = m;
      }
    }
    if (df === 0) for (const alt of alts) df += index.docFrequency(alt.term);
    weights.push(Math.max(0.2, Math.log(1 + (n - Math.min(df, n) + 0.5) / (df + 0.5))));
  });

  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const units = weights.length;
  // With phrases the score can still rise by the phrase share, so only clearly hopeless hits are skipped.
  const floor = query.phrases.length ? minScore - (1 - COVERAGE_SHARE) : minScore;
  // Flat arrays only in this loop: it runs once per matching memory, tens of thousands at 100k.
  const live = index.liveView();
  const matchBy = buf.match.slice(0, units);
  const strengthBy = buf.strength.slice(0, units);
  const { slots, scores, coverages } = buf;
  let count = 0;
  for (let k = 0; k < nTouched; k++) {
    const slot = touched[k]!;
    let cov = 0;
    let str = 0;
    for (let u = 0; u < units; u++) {
      const ma = matchBy[u]!;
      const sa = strengthBy[u]!;
      cov += weights[u]! * ma[slot]!;
      str += weights[u]! * sa[slot]!;
      ma[slot] = 0;
      sa[slot] = 0;
    }
    seen[slot] = 0;
    if (live[slot] === 0 || accepted[slot] === 0) continue;
    cov /= total;
    str /= total;
    const score = COVERAGE_SHARE * cov + (1 - COVERAGE_SHARE) * str;
    if (score < floor && !keep?.(index.docs[slot]!)) continue;
    slots[count] = slot;
    scores[count] = score;
    coverages[count] = cov;
    count++;
  }

  if (query.phrases.length > 0) {
    const phrases = query.phrases.map((p) => stemSequence(p.join(' ')));
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
    for (const i of order.slice(0, PHRASE_CHECKS)) {
      const seq = stemSequence(index.docs[slots[i]!]!.row.text);
      const found = phrases.filter((p) => containsSequence(seq, p)).length / phrases.length;
      const str = (scores[i]! - COVERAGE_SHARE * coverages[i]!) / (1 - COVERAGE_SHARE);
      scores[i] = COVERAGE_SHARE * coverages[i]! + (1 - COVERAGE_SHARE) * (0.5 * str + 0.5 * found);
    }
  }
  return { slots: slots.slice(0, count), scores: scores.slice(0, count), matched };
}
