// Hybrid search: vector kNN and BM25 full-text, fused by reciprocal-rank fusion.
//
// Order: RRF over the two ranked lists (keyword mode: the BM25 list alone); with use_decay,
// by the decayed score instead.
// Score (what min_score compares against, in every tool): the larger of
//   - semantic similarity: cosine similarity of query and memory, clamped to [0, 1], and
//   - lexical coverage: the share of the query's meaningful terms found in the memory's text.
import type { MemoryKind } from '../../protocol/limits.js';
import type { Logger } from '../log.js';
import type { Embedder } from './embedder.js';
import type { StoredMemory } from './schema.js';
import { and, sqlString, sqlStringList, sqlTimestamp } from './sql.js';
import type { MemoryStore, ScoredRow } from './store.js';
import { queryTerms, termCoverage } from './text.js';

export const RRF_K = 60;
export const DECAY_HALF_LIFE_DAYS = 30;
const MIN_POOL = 50;
const MAX_POOL = 2_000;

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
}

export interface SearchRun {
  mode: 'hybrid' | 'keyword';
  terms: string[];
  /** Every hit at or above min_score in the candidate pool, best first. */
  hits: Hit[];
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

/** Recency weight in (0.5, 1]: halves its distance to 0.5 every half-life. */
export function recencyWeight(createdAt: number, now: number): number {
  const ageDays = Math.max(0, now - createdAt) / 86_400_000;
  return 0.5 + 0.5 * Math.pow(0.5, ageDays / DECAY_HALF_LIFE_DAYS);
}

interface Candidate {
  row: StoredMemory;
  rrf: number;
  similarity: number;
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
    const filter = filterClause(req);
    const pool = Math.min(MAX_POOL, Math.max(MIN_POOL, req.want * 2));
    const terms = queryTerms(req.query);

    const [vectorHits, textHits] = await Promise.all([this.vectorHits(req.query, filter, pool), this.textHits(req.query, filter, pool)]);
    const mode = vectorHits === null ? 'keyword' : 'hybrid';

    const byId = new Map<string, Candidate>();
    const fuse = (hits: ScoredRow[], similarity: (h: ScoredRow) => number): void => {
      hits.forEach((h, rank) => {
        const c = byId.get(h.id) ?? { row: h, rrf: 0, similarity: 0 };
        c.rrf += 1 / (RRF_K + rank + 1);
        c.similarity = Math.max(c.similarity, similarity(h));
        byId.set(h.id, c);
      });
    };
    fuse(vectorHits ?? [], (h) => Math.min(1, Math.max(0, 1 - h.raw)));
    fuse(textHits, () => 0);

    const now = Date.now();
    const scored = [...byId.values()].map((c) => {
      const relevance = Math.max(c.similarity, termCoverage(terms, c.row.text));
      const score = req.useDecay ? relevance * recencyWeight(c.row.created_at, now) : relevance;
      return { row: c.row, score: round(score), key: req.useDecay ? score : c.rrf };
    });
    const hits = scored
      .filter((s) => s.score >= req.minScore)
      .sort((a, b) => b.key - a.key || b.score - a.score || b.row.created_at - a.row.created_at)
      .map(({ row, score }) => ({ row, score }));
    return { mode, terms, hits };
  }

  private async vectorHits(query: string, filter: string | undefined, k: number): Promise<ScoredRow[] | null> {
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

  private async textHits(query: string, filter: string | undefined, k: number): Promise<ScoredRow[]> {
    return this.store.textSearch(query, filter, k);
  }
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
