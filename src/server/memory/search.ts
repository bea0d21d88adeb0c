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

interface Scored {
  row: StoredMemory;
  dupKey: number | null;
  score: number;
}

const byRank = (a: Scored, b: Scored): number => b.score - a.score || b.row.created_at - a.row.created_at || (a.row.id < b.row.id ? -1 : 1);

/**
 * The best `want` results at or above min_score, best first (score, then newest, then id), later
 * near-duplicates folded into the first; `total` counts every memory at or above min_score.
 * Only the head of the list is fully sorted: a numeric sort of the scores finds where it ends.
 */
export function rankAndFold(items: Scored[], minScore: number, want = Number.MAX_SAFE_INTEGER): { hits: Hit[]; total: number } {
  const kept = items.filter((s) => s.score >= minScore);
  const scores = Float64Array.from(kept, (s) => s.score).sort().reverse();
  for (let head = Math.min(kept.length, want * 4 + 50); ; head = Math.min(kept.length, head * 4)) {
    const cut = head < kept.length ? scores[head - 1]! : -Infinity;
    const top = head < kept.length ? kept.filter((s) => s.score >= cut) : kept;
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
    // Complete when everything was sorted, or enough distinct results lie strictly above the cut.
    const above = out.filter((h) => h.score > cut);
    if (head >= kept.length) return { hits: out, total: kept.length };
    if (above.length >= want) return { hits: above.slice(0, Math.max(want, above.length)), total: kept.length };
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
    const accept = filterPredicate(req);
    const [index, vectorHits] = await Promise.all([this.store.lexicalIndex(), this.vectorHits(req.query, filterClause(req), pool)]);
    // In keyword mode the final score is at most the lexical one, so hits below min_score can go at once.
    const lexical = lexicalSearch(index, query, (d: IndexedDoc) => accept(d.row), vectorHits === null ? req.minScore : 0);
    const mode = vectorHits === null ? 'keyword' : 'hybrid';

    const byId = new Map<string, { row: StoredMemory; dupKey: number | null; lexical: number; semantic: number }>();
    for (const h of lexical.hits) byId.set(h.doc.row.id, { row: h.doc.row, dupKey: h.doc.dupKey, lexical: h.score, semantic: 0 });
    for (const v of vectorHits ?? []) {
      const semantic = semanticScore(1 - v.raw);
      const c = byId.get(v.id);
      if (c) c.semantic = semantic;
      else byId.set(v.id, { row: index.get(v.id)?.row ?? v, dupKey: index.get(v.id)?.dupKey ?? null, lexical: 0, semantic });
    }
    const now = Date.now();
    const scored = [...byId.values()].map((c) => {
      let score = mode === 'hybrid' ? fuse(c.lexical, c.semantic) : c.lexical;
      if (req.useDecay) score *= recencyWeight(c.row.created_at, now);
      return { row: c.row, dupKey: c.dupKey, score: round(score) };
    });
    const { hits, total } = rankAndFold(scored, req.minScore, req.want);
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
