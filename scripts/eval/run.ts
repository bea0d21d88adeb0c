// npm run eval: search quality on the labelled set in test/fixtures/search-eval, measured through
// the MCP tools of dist/server.js (keyword mode, then hybrid with the tiny generated model), beside
// MiniSearch on the same data. Prints recall@5, recall@10, MRR and nDCG@10 per tool and kind,
// lists out of score order, and query errors. Recall counts each query's answers (grade 2);
// nDCG@10 also credits related notes (grade 1); MRR is the rank of the first of either.
import path from 'node:path';
import fs from 'node:fs';
import MiniSearch from 'minisearch';
import { MEMORIES, type EvalMemory } from '../../test/fixtures/search-eval/memories.js';
import { QUERIES } from '../../test/fixtures/search-eval/queries.js';
import { startServer, tempDir, type ServerHandle } from '../../test/support/server-process.js';
import { writeTinyModel } from '../../test/support/tiny-model.js';
import { aggregate, formatTable, scoreList, type QueryResult } from './metrics.js';

interface Item {
  id: string;
  score: number;
  folded_ids?: string[];
}

async function waitReady(srv: ServerHandle): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const s = await srv.call<{ model: { state: string } }>('reflection_stats');
    if (s.model.state === 'ready') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('model did not load');
}

async function runServer(mode: 'keyword' | 'hybrid', root: string, modelDir: string): Promise<QueryResult[]> {
  const dataDir = path.join(root, `data-${mode}`);
  const cwd = path.join(root, 'workspace');
  fs.mkdirSync(cwd, { recursive: true });
  const srv = await startServer({ dataDir, cwd, args: ['--project', 'eval-workspace', ...(mode === 'hybrid' ? ['--model-path', modelDir] : [])] });
  try {
    if (mode === 'hybrid') await waitReady(srv);
    const idToKey = new Map<string, string>();
    for (const m of MEMORIES) {
      const out = await srv.call<{ id: string }>('store_reflection', { content: m.text, tags: m.tags ?? [], files: m.files ?? [], project: m.project });
      idToKey.set(out.id, m.key);
    }
    const results: QueryResult[] = [];
    for (const q of QUERIES) {
      const args =
        q.tool === 'search_by_file'
          ? { file_path: q.query, project: q.project, limit: 10 }
          : q.tool === 'search_by_concept'
            ? { concept: q.query, project: q.project, limit: 10 }
            : { query: q.query, project: q.project, limit: 10 };
      const res = await srv.raw(q.tool, args);
      if (res.isError) {
        results.push({ query: q, ranked: [], error: true, outOfOrder: false });
        continue;
      }
      const items = ((res.structuredContent as { results?: Item[] }).results ?? []) as Item[];
      const ranked = items.map((it) => [it.id, ...(it.folded_ids ?? [])].map((id) => idToKey.get(id) ?? id));
      const outOfOrder = items.some((it, i) => i > 0 && it.score > items[i - 1]!.score);
      results.push({ query: q, ranked, error: false, outOfOrder });
    }
    return results;
  } finally {
    await srv.close();
  }
}

/** MiniSearch as a developer would set it up: content, tags and files, prefix and fuzzy 0.2. */
function runMiniSearch(): QueryResult[] {
  const ms = new MiniSearch<EvalMemory & { tagText: string; fileText: string }>({
    fields: ['text', 'tagText', 'fileText'],
    storeFields: ['project'],
    idField: 'key',
    searchOptions: { prefix: true, fuzzy: 0.2 },
  });
  ms.addAll(MEMORIES.map((m) => ({ ...m, tagText: (m.tags ?? []).join(' '), fileText: (m.files ?? []).join(' ') })));
  return QUERIES.map((q) => {
    try {
      const hits = ms.search(q.query, { filter: (r) => q.project === 'all' || r.project === q.project }).slice(0, 10);
      const ranked = hits.map((h) => [String(h.id)]);
      const outOfOrder = hits.some((h, i) => i > 0 && h.score > hits[i - 1]!.score);
      return { query: q, ranked, error: false, outOfOrder };
    } catch {
      return { query: q, ranked: [], error: true, outOfOrder: false };
    }
  });
}

async function main(): Promise<void> {
  const root = tempDir('eval');
  const modelDir = writeTinyModel(path.join(root, 'model'), 'eval/tiny');
  try {
    const mini = runMiniSearch();
    const keyword = await runServer('keyword', root, modelDir);
    const hybrid = await runServer('hybrid', root, modelDir);
    console.log(`Search evaluation: ${MEMORIES.length} memories in 3 projects, ${QUERIES.length} graded queries\n`);
    console.log(formatTable({ keyword: aggregate(keyword), hybrid: aggregate(hybrid), MiniSearch: aggregate(mini) }));
    const misses = keyword.filter((r) => r.query.kind !== 'paraphrase' && scoreList(r).recall5 < 1);
    if (misses.length) {
      console.log('\nKeyword-mode queries (non-paraphrase) with recall@5 below 1:');
      for (const r of misses) console.log(`  [${r.query.kind}] ${r.query.query}  ->  ${r.ranked.slice(0, 5).map((k) => k[0]).join(', ')}`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
