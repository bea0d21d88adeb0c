// search_by_file over the in-process index: a memory matches when one of its listed files, or a
// path its text mentions, ends with the asked path at a "/" boundary or the other way round,
// after normalising both (absolute from any machine, relative, "./", Windows). Score:
//   listed file:    0.6 + 0.1 x (matched segments - 1, at most 2) + 0.1 for the preferred project
//   text mention:   0.3 + 0.05 x (matched segments - 1, at most 2) + 0.1 for the preferred project
// so listed files come first, longer matches before shorter, then the preferred project.
import { baseNameKey, looksLikePath, normalisePath, suffixMatch, type NormalisedPath } from './analysis/paths.js';
import { stemWord } from './analysis/terms.js';
import { identifierParts, tokenize } from './analysis/tokenize.js';
import { FIELD_TEXT, type IndexedDoc, type LexicalIndex } from './lexical-index.js';

export interface FileHit {
  doc: IndexedDoc;
  score: number;
  match: 'files' | 'text';
  path: string;
  /** Near-identical memories folded into this one. */
  folded: string[];
}

export interface FileQuery {
  path: string;
  accept: (doc: IndexedDoc) => boolean;
  /** The project a bare relative path refers to (the current one). */
  currentProject: string;
  /** Whether the path names a file of the current project (relative, or absolute under its root). */
  inCurrentProject: boolean;
  /** For an absolute path inside another local git repository: that project's name. */
  otherProject: string | null;
}

function preferred(q: NormalisedPath, matched: number, project: string, fq: FileQuery): boolean {
  if (fq.otherProject) return project === fq.otherProject;
  if (fq.inCurrentProject) return project === fq.currentProject;
  const lower = project.toLowerCase();
  return q.segments.slice(0, q.segments.length - matched).some((s) => s.toLowerCase() === lower);
}

function mentionCandidates(index: LexicalIndex, base: string): number[] {
  let best: number[] | null = null;
  for (const p of identifierParts(base)) {
    const post = index.postingsOf(stemWord(p.text));
    if (!post) return [];
    const slots = post.docs.filter((_, k) => post.values[k]! & FIELD_TEXT);
    if (!best || slots.length < best.length) best = slots;
  }
  return best ?? [];
}

export function fileSearch(index: LexicalIndex, fq: FileQuery): FileHit[] {
  const q = normalisePath(fq.path);
  const key = baseNameKey(q);
  if (!key) return [];
  const hits: FileHit[] = [];
  const listed = new Set<number>();
  for (const slot of index.slotsWithFileName(key)) {
    const doc = index.docs[slot]!;
    if (!fq.accept(doc)) continue;
    let best = 0;
    let bestPath = '';
    for (const f of doc.row.files) {
      const m = suffixMatch(q, normalisePath(f));
      if (m > best) {
        best = m;
        bestPath = f;
      }
    }
    if (best === 0) continue;
    listed.add(slot);
    const bonus = preferred(q, best, doc.row.project, fq) ? 0.1 : 0;
    hits.push({ doc, score: round(0.6 + 0.1 * Math.min(2, best - 1) + bonus), match: 'files', path: bestPath, folded: [] });
  }
  for (const slot of mentionCandidates(index, key)) {
    const doc = index.docs[slot]!;
    if (!doc.alive || listed.has(slot) || !fq.accept(doc)) continue;
    let best = 0;
    let bestPath = '';
    for (const tok of tokenize(doc.row.text)) {
      if (tok.cjk || !looksLikePath(tok.text)) continue;
      const written = doc.row.text.slice(tok.start, tok.end);
      const p = normalisePath(written);
      if (baseNameKey(p) !== key) continue;
      const m = suffixMatch(q, p);
      if (m > best) {
        best = m;
        bestPath = written;
      }
    }
    if (best === 0) continue;
    const bonus = preferred(q, best, doc.row.project, fq) ? 0.1 : 0;
    hits.push({ doc, score: round(0.3 + 0.05 * Math.min(2, best - 1) + bonus), match: 'text', path: bestPath, folded: [] });
  }
  hits.sort((a, b) => b.score - a.score || b.doc.row.created_at - a.doc.row.created_at || (a.doc.row.id < b.doc.row.id ? -1 : 1));
  const out: FileHit[] = [];
  const first = new Map<number, FileHit>();
  for (const h of hits) {
    const rep = first.get(h.doc.dupKey);
    if (rep) rep.folded.push(h.doc.row.id);
    else {
      first.set(h.doc.dupKey, h);
      out.push(h);
    }
  }
  return out;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
