// Hybrid search: the in-process lexical ranking (lexical-search.ts) and vector kNN, combined into
// one score per memory; every list is sorted by that score, so the order shown is the score shown.
//
// score = lexical                                  (keyword mode)
// score = 1 - (1 - lexical) x (1 - 0.75 x semantic) (hybrid mode)
// where semantic = cosine similarity mapped from [0.2, 0.8] onto [0, 1] (clamped). With
// use_decay the score is then multiplied by a recency weight in (0.5, 1]. min_score applies to
// this final score in every tool. See docs/search.md.
import type { MemoryKind } from '../../protocol/limits.js';
import type { Logger } from '../log.js';
import { analyseQuery, type AnalysedQuery } from './analysis/terms.js';
import type { Embedder } from './embedder.js';
import type { IndexedDoc } from './lexical-index.js';
import { lexicalSearch } from './lexical-search.js';
import type { StoredMemory } from './schema.js';
import { and, sqlString, sqlStringList, sqlTimestamp } from './sql.js';
import type { MemoryStore } from './store.js';

export const DECAY_HALF_LIFE_DAYS = 30;
const MIN_POOL = 50;
const SCORE_STEPS = 10_000;
const MAX_POOL = 2_000;
const SEMANTIC_FLOOR = 0.2;
const SEMANTIC_CEIL = 0.8;
const SEMANTIC_SHARE = 0.75;

export interface SearchFilter {
  /** A project name, or null for every project. */
  scope: string | null;
  kinds?: readonly MemoryKind[] | undefined;
  tags?: readonly string[] | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
}

export interface SearchRequest extends SearchFilter {
  query: string;
  minScore: number;
  useDecay?: boolean;
  /** How many ranked hits the caller needs (offset + limit). */
  want: number;
}

export interface Hit {
  row: StoredMemory;
  score: number;
  /** Near-identical memories (same text apart from numbers and whitespace) folded into this one. */
  folded: StoredMemory[];
}

export interface SearchRun {
  mode: 'hybrid' | 'keyword';
  query: AnalysedQuery;
  /** Indexed terms that matched: what excerpts mark. */
  matched: Set<string>;
  /** The best hits at or above min_score (at least `want` when there are so many), near-duplicates folded. */
  hits: Hit[];
  /** How many memories scored at or above min_score (folded ones included). */
  total: number;
}

export function filterClause(f: SearchFilter): string | undefined {
  return and([
    f.scope === null ? null : `project = ${sqlString(f.scope)}`,
    f.kinds?.length ? `kind IN (${sqlStringList(f.kinds)})` : null,
    f.tags?.length ? `array_has_any(tags, [${sqlStringList(f.tags)}])` : null,
    f.since ? `created_at >= ${sqlTimestamp(f.since)}` : null,
    f.until ? `created_at <= ${sqlTimestamp(f.until)}` : null,
  ]);
}

/** Names a filter exactly: the key its accept mask is kept under in the index. */
export function filterKey(f: SearchFilter): string {
  return JSON.stringify([f.scope, f.kinds ?? [], f.tags ?? [], f.since?.getTime() ?? null, f.until?.getTime() ?? null]);
}

/** The same filter as filterClause, applied to a row in memory. */
export function filterPredicate(f: SearchFilter): (row: StoredMemory) => boolean {
  const since = f.since?.getTime();
  const until = f.until?.getTime();
  return (r) =>
    (f.scope === null || r.project === f.scope) &&
    (!f.kinds?.length || f.kinds.includes(r.kind)) &&
    (!f.tags?.length || r.tags.some((t) => f.tags!.includes(t))) &&
    (since === undefined || r.created_at >= since) &&
    (until === undefined || r.created_at <= until);
}

/** Recency weight in (0.5, 1]: halves its distance to 0.5 every half-life. */
export function recencyWeight(createdAt: number, now: number): number {
  const ageDays = Math.max(0, now - createdAt) / 86_400_000;
  return 0.5 + 0.5 * Math.pow(0.5, ageDays / DECAY_HALF_LIFE_DAYS);
}

/** Cosine similarity mapped onto [0, 1]: unrelated texts sit below the floor, near-paraphrases reach the ceiling. */
export function semanticScore(cosine: number): number {
  return Math.min(1, Math.max(0, (cosine - SEMANTIC_FLOOR) / (SEMANTIC_CEIL - SEMANTIC_FLOOR)));
}

export function fuse(lexical: number, semantic: number): number {
  return 1 - (1 - lexical) * (1 - SEMANTIC_SHARE * semantic);
}

export interface Scored {
  row: StoredMemory;
  dupKey: number | null;
  score: number;
}

const byRank = (a: Scored, b: Scored): number => b.score - a.score || b.row.created_at - a.row.created_at || (a.row.id < b.row.id ? -1 : 1);

/** Scored candidates: the scores as numbers, and each one as an object only when it is needed. */
export interface Candidates {
  scores: Float64Array;
  item(i: number): Scored;
}

/**
 * The best `want` results at or above min_score, best first (score, then newest, then id), later
 * near-duplicates folded into the first; `total` counts every memory at or above min_score.
 * Only the head of the list is sorted: a count of the scores per step finds where it ends.
 */
export function rankAndFold(c: Candidates, minScore: number, want = Number.MAX_SAFE_INTEGER): { hits: Hit[]; total: number } {
  const all = c.scores;
  // Scores are rounded to 4 decimals, so counting them per 1/10,000 finds the head's lowest score
  // without sorting tens of thousands of them (a bucket's floor is never above its scores).
  const buckets = new Uint32Array(SCORE_STEPS + 1);
  let total = 0;
  for (let i = 0; i < all.length; i++) {
    const s = all[i]!;
    if (s < minScore) continue;
    total++;
    buckets[Math.min(SCORE_STEPS, Math.max(0, Math.floor(s * SCORE_STEPS)))]!++;
  }
  const cutFor = (head: number): number => {
    let seen = 0;
    for (let b = SCORE_STEPS; b >= 0; b--) {
      seen += buckets[b]!;
      if (seen >= head) return Math.max(minScore, b / SCORE_STEPS);
    }
    return minScore;
  };
  for (let head = Math.min(total, want * 4 + 50); ; head = Math.min(total, head * 4)) {
    const cut = head < total ? cutFor(head) : minScore;
    const top: Scored[] = [];
    for (let i = 0; i < all.length; i++) if (all[i]! >= cut) top.push(c.item(i));
    top.sort(byRank);
    const out: Hit[] = [];
    const first = new Map<number, Hit>();
    for (const s of top) {
      const hit: Hit = { row: s.row, score: s.score, folded: [] };
      if (s.dupKey !== null) {
        const rep = first.get(s.dupKey);
        if (rep) {
          rep.folded.push(s.row);
          continue;
        }
        first.set(s.dupKey, hit);
      }
      out.push(hit);
    }
    if (head >= total) return { hits: out, total };
    // Complete when enough distinct results lie strictly above the cut.
    const above = out.filter((h) => h.score > cut);
    if (above.length >= want) return { hits: above, total };
  }
}

export class SearchEngine {
  constructor(
    private readonly store: MemoryStore,
    private readonly embedder: Embedder,
    private readonly log: Logger,
  ) {}

  get mode(): 'hybrid' | 'keyword' {
    return this.embedder.ready ? 'hybrid' : 'keyword';
  }

  async search(req: SearchRequest): Promise<SearchRun> {
    const pool = Math.min(MAX_POOL, Math.max(MIN_POOL, req.want * 2));
    const query = analyseQuery(req.query);
    const [index, vectorHits] = await Promise.all([this.store.lexicalIndex(), this.vectorHits(req.query, filterClause(req), pool)]);
    const mode = vectorHits === null ? 'keyword' : 'hybrid';
    const semantic = new Map<string, number>();
    for (const v of vectorHits ?? []) semantic.set(v.id, semanticScore(1 - v.raw));
    // The fused score equals the lexical one without a semantic part, and decay only lowers it, so a
    // memory below min_score lexically and not among the vector hits can be dropped at once.
    const accept = filterPredicate(req);
    const accepted = index.acceptMask(filterKey(req), (d: IndexedDoc) => accept(d.row));
    const lexical = lexicalSearch(index, query, accepted, req.minScore, semantic.size ? (d: IndexedDoc) => semantic.has(d.row.id) : undefined);

    const now = Date.now();
    const final = (row: StoredMemory, lex: number, sem: number): number => {
      let score = mode === 'hybrid' ? fuse(lex, sem) : lex;
      if (req.useDecay) score *= recencyWeight(row.created_at, now);
      return round(score);
    };
    const n = lexical.slots.length;
    const scores = new Float64Array(n + (vectorHits?.length ?? 0));
    const plain = mode === 'keyword' && !req.useDecay;
    for (let i = 0; i < n; i++) {
      if (plain) {
        scores[i] = round(lexical.scores[i]!);
        continue;
      }
      const row = index.docs[lexical.slots[i]!]!.row;
      const sem = mode === 'hybrid' ? (semantic.get(row.id) ?? 0) : 0;
      if (sem) semantic.delete(row.id);
      scores[i] = final(row, lexical.scores[i]!, sem);
    }
    // Found by meaning only.
    const extra: Scored[] = [];
    for (const v of vectorHits ?? []) {
      const sem = semantic.get(v.id);
      if (sem === undefined) continue;
      const doc = index.get(v.id);
      const score = final(doc?.row ?? v, 0, sem);
      scores[n + extra.length] = score;
      extra.push({ row: doc?.row ?? v, dupKey: doc?.dupKey ?? null, score });
    }
    const candidates: Candidates = {
      scores: scores.subarray(0, n + extra.length),
      item: (i) => {
        if (i >= n) return extra[i - n]!;
        const doc = index.docs[lexical.slots[i]!]!;
        return { row: doc.row, dupKey: doc.dupKey, score: scores[i]! };
      },
    };
    const { hits, total } = rankAndFold(candidates, req.minScore, req.want);
    return { mode, query, matched: lexical.matched, hits, total };
  }

  private async vectorHits(query: string, filter: string | undefined, k: number) {
    if (!this.embedder.ready) return null;
    try {
      const [vector] = await this.embedder.embed([query]);
      if (!vector) return null;
      return await this.store.vectorSearch(vector, filter, k);
    } catch (err) {
      this.log.warn('vector search failed; answering by keyword', err);
      return null;
    }
  }
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
