// Ranking metrics for npm run eval. A ranked entry is a list of keys: a result and the
// near-duplicates folded into it, which count as found at that rank.
import type { EvalQuery } from '../../test/fixtures/search-eval/queries.js';

export interface QueryResult {
  query: EvalQuery;
  ranked: string[][];
  error: boolean;
  outOfOrder: boolean;
}

export interface Scores {
  recall5: number;
  recall10: number;
  mrr: number;
  ndcg10: number;
}

function foundWithin(r: QueryResult, k: number): Set<string> {
  return new Set(r.ranked.slice(0, k).flat());
}

export function scoreList(r: QueryResult): Scores {
  // Recall counts the answers (grade 2); nDCG also credits related notes (grade 1).
  const answers = Object.keys(r.query.relevant).filter((k) => r.query.relevant[k] === 2);
  const recall = (k: number): number => {
    const found = foundWithin(r, k);
    // Over at most k answers, so a query with 6 answers can reach 1 at k = 5.
    return Math.min(1, answers.filter((key) => found.has(key)).length / Math.min(k, answers.length));
  };
  const first = r.ranked.findIndex((keys) => keys.some((k) => k in r.query.relevant));
  const gains = r.ranked.slice(0, 10).map((keys) => Math.max(0, ...keys.map((k) => r.query.relevant[k] ?? 0)));
  const seen = new Set<string>();
  let dcg = 0;
  gains.forEach((_, i) => {
    const keys = r.ranked[i]!.filter((k) => k in r.query.relevant && !seen.has(k));
    keys.forEach((k) => seen.add(k));
    const g = Math.max(0, ...keys.map((k) => r.query.relevant[k] ?? 0));
    dcg += (2 ** g - 1) / Math.log2(i + 2);
  });
  const ideal = Object.values(r.query.relevant)
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  return { recall5: recall(5), recall10: recall(10), mrr: first < 0 ? 0 : 1 / (first + 1), ndcg10: ideal ? dcg / ideal : 0 };
}

export interface Aggregate {
  rows: Map<string, Scores & { n: number }>;
  outOfOrder: number;
  errors: number;
}

function mean(list: Scores[]): Scores & { n: number } {
  const n = list.length || 1;
  const sum = (f: (s: Scores) => number): number => list.reduce((a, s) => a + f(s), 0) / n;
  return { recall5: sum((s) => s.recall5), recall10: sum((s) => s.recall10), mrr: sum((s) => s.mrr), ndcg10: sum((s) => s.ndcg10), n: list.length };
}

export function aggregate(results: QueryResult[]): Aggregate {
  const groups = new Map<string, Scores[]>();
  const add = (key: string, s: Scores): void => {
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  };
  for (const r of results) {
    const s = scoreList(r);
    add(`${r.query.tool} / ${r.query.kind}`, s);
    add(`tool ${r.query.tool}`, s);
    if (r.query.kind !== 'paraphrase') add('all non-paraphrase', s);
    add('all', s);
  }
  const rows = new Map([...groups].sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0])).map(([k, v]) => [k, mean(v)]));
  return { rows, outOfOrder: results.filter((r) => r.outOfOrder).length, errors: results.filter((r) => r.error).length };
}

function order(key: string): number {
  if (key.startsWith('tool ')) return 1;
  if (key.startsWith('all')) return 2;
  return 0;
}

const f = (n: number): string => n.toFixed(3);

export function formatTable(systems: Record<string, Aggregate>): string {
  const names = Object.keys(systems);
  const first = systems[names[0]!]!;
  const header = ['slice (n)', ...names.flatMap((s) => [`${s} R@5`, 'R@10', 'MRR', 'nDCG@10'])];
  const lines = [header];
  for (const [key, row] of first.rows) {
    lines.push([`${key} (${row.n})`, ...names.flatMap((s) => {
      const r = systems[s]!.rows.get(key)!;
      return [f(r.recall5), f(r.recall10), f(r.mrr), f(r.ndcg10)];
    })]);
  }
  lines.push(['lists out of score order', ...names.flatMap((s) => [String(systems[s]!.outOfOrder), '', '', ''])]);
  lines.push(['query errors', ...names.flatMap((s) => [String(systems[s]!.errors), '', '', ''])]);
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const md = (l: string[]): string => `| ${l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [md(lines[0]!), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...lines.slice(1).map(md)].join('\n');
}
