// Plain-text helpers: short excerpts (handoffs) and frequent terms (search summaries). Search
// excerpts with match ranges are in excerpt.ts.
import { STOP_WORDS, words } from '../../protocol/text-terms.js';

export { queryTerms, words } from '../../protocol/text-terms.js';

/** A window of the text around the first query term, whole words, with ellipses where cut. */
export function excerpt(text: string, terms: readonly string[], max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const lower = flat.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  let start = at < 0 ? 0 : Math.max(0, at - Math.floor(max / 3));
  let end = Math.min(flat.length, start + max);
  start = Math.max(0, end - max);
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space >= 0 && space < start + 20) start = space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > end - 20) end = space;
  }
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}

/** The most frequent meaningful words across texts, excluding the query's own terms. */
export function frequentTerms(texts: readonly string[], exclude: readonly string[], top = 10): { term: string; count: number }[] {
  const skip = new Set(exclude);
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const w of new Set(words(text))) {
      if (w.length < 3 || STOP_WORDS.has(w) || skip.has(w) || /^\d+$/.test(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([term, count]) => ({ term, count }));
}
