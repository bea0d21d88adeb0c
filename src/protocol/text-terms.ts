// Plain words and stop words, shared by both sides. Search itself analyses text with
// src/server/memory/analysis/ (identifiers, Porter2 stems, CJK), which uses this stop-word list.

export const WORD = /[\p{L}\p{N}_]+/gu;

export const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to too up us was we were ' +
    'what when where which who why will with would you your about after all also any just more most only other ' +
    'over some such very via vs'
  ).split(' '),
);

/** Lowercased words of a text, in order. */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Distinct meaningful terms of a query; falls back to all words when every word is a stop word. */
export function queryTerms(query: string): string[] {
  const all = [...new Set(words(query))];
  const meaningful = all.filter((w) => !STOP_WORDS.has(w) && (w.length > 1 || /\d/.test(w)));
  return meaningful.length > 0 ? meaningful : all;
}

/** Light stemming so "tests" matches "test" and "indexing" matches "index". */
export function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}
