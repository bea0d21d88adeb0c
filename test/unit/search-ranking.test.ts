// The in-process ranking's bookkeeping: filter masks kept per filter while memories come and go,
// and the head of a ranked list found by counting scores, checked against a plain sort.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseQuery } from '../../src/server/memory/analysis/terms.js';
import { LexicalIndex } from '../../src/server/memory/lexical-index.js';
import { lexicalSearch } from '../../src/server/memory/lexical-search.js';
import type { StoredMemory } from '../../src/server/memory/schema.js';
import { filterKey, filterPredicate, rankAndFold, type SearchFilter } from '../../src/server/memory/search.js';

function memory(id: string, text: string, project = 'app', tags: string[] = []): StoredMemory {
  return { id, kind: 'reflection', text, tags, project, session_id: null, files: [], source: null, meta: null, created_at: Date.UTC(2026, 0, 1) + Number(id.replace(/\D/g, '') || 0) * 60_000, embedded: false };
}

function search(index: LexicalIndex, query: string, filter: SearchFilter): string[] {
  const accept = filterPredicate(filter);
  const mask = index.acceptMask(filterKey(filter), (d) => accept(d.row));
  const run = lexicalSearch(index, analyseQuery(query), mask, 0.2);
  return [...run.slots].map((s) => index.docs[s]!.row.id).sort();
}

/** A seeded generator, so a failure names inputs that can be run again. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('search ranking bookkeeping', () => {
  it('keeps each filter mask right as memories are added, retagged, replaced and removed', () => {
    const index = new LexicalIndex();
    index.add(memory('m1', 'parser cache warmed', 'app', ['perf']));
    index.add(memory('m2', 'parser cache cold', 'other'));
    const app: SearchFilter = { scope: 'app' };
    const perf: SearchFilter = { scope: null, tags: ['perf'] };
    assert.deepEqual(search(index, 'parser cache', app), ['m1']);
    assert.deepEqual(search(index, 'parser cache', perf), ['m1']);
    // Added after the masks were made: only the new slots are evaluated, and they count.
    index.add(memory('m3', 'parser cache rebuilt', 'app'));
    index.setTags('m2', ['perf']);
    assert.deepEqual(search(index, 'parser cache', app), ['m1', 'm3']);
    assert.deepEqual(search(index, 'parser cache', perf), ['m1', 'm2']);
    // Replaced with another project, then removed: the old slot no longer answers.
    index.add(memory('m1', 'parser cache warmed', 'other', ['perf']));
    assert.deepEqual(search(index, 'parser cache', app), ['m3']);
    index.remove('m3');
    assert.deepEqual(search(index, 'parser cache', app), []);
    assert.deepEqual(search(index, 'parser cache', { scope: null }), ['m1', 'm2']);
  });

  it('renumbers slots on a rebuild without a stale mask answering', () => {
    const index = new LexicalIndex();
    for (let i = 0; i < 3_000; i++) index.add(memory(`m${i}`, `worker ${i % 2 ? 'thread' : 'pool'} crashed`, i % 3 ? 'app' : 'other'));
    const app: SearchFilter = { scope: 'app' };
    assert.equal(search(index, 'worker crashed', app).length, 2_000);
    // Removing more than a quarter of the slots rebuilds the postings with new slot numbers.
    for (let i = 0; i < 1_500; i++) index.remove(`m${i}`);
    const expected = Array.from({ length: 1_500 }, (_, k) => k + 1_500).filter((i) => i % 3 !== 0).map((i) => `m${i}`).sort();
    assert.deepEqual(search(index, 'worker crashed', app), expected);
  });

  it('returns the same head as sorting every score, ties and near-duplicates included', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = rng(seed);
      const n = 2_000 + Math.floor(r() * 3_000);
      // Few distinct scores, so ties straddle the cut; some rows share a near-duplicate key.
      const scores = Float64Array.from({ length: n }, () => Math.round((0.15 + r() * 0.85) * 40) / 40);
      const rows = Array.from({ length: n }, (_, i) => memory(`m${i}`, `note ${i}`));
      const dup = Array.from({ length: n }, () => (r() < 0.3 ? Math.floor(r() * 50) : null));
      const candidates = { scores, item: (i: number) => ({ row: rows[i]!, dupKey: dup[i]!, score: scores[i]! }) };
      for (const want of [1, 10, 60, 500]) {
        const got = rankAndFold(candidates, 0.2, want);
        const all = rankAndFold(candidates, 0.2);
        assert.equal(got.total, [...scores].filter((s) => s >= 0.2).length, `seed ${seed} want ${want}: total`);
        const head = (hits: typeof got.hits): string[] => hits.slice(0, want).map((h) => `${h.row.id}:${h.score}:${h.folded.length}`);
        assert.deepEqual(head(got.hits).map((h) => h.split(':')[0]), head(all.hits).map((h) => h.split(':')[0]), `seed ${seed} want ${want}: order`);
        assert.ok(got.hits.length >= Math.min(want, all.hits.length), `seed ${seed} want ${want}: ${got.hits.length} hits`);
      }
    }
  });
});
