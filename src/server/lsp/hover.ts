// Hover: the best few memories of this project about the identifier, key or path under the cursor.
import path from 'node:path';
import type { Hover } from 'vscode-languageserver';
import type { MemoryItem } from '../../protocol/memory-schemas.js';
import { hoverQuery, tokenAt, tooCommon, type CursorToken } from './cursor-query.js';
import { ageText, escapeMarkdown, KIND_LABEL } from './format.js';
import type { ProjectService } from './projects.js';

export const HOVER_LIMIT = 3;
/** A plain word found in this many memories is vocabulary, not a subject: no hover. */
const COMMON_AT = 20;

export interface HoverMatch {
  token: CursorToken;
  items: MemoryItem[];
}

/**
 * The memories to show for the token at `character` of `line` in `file`, or null for none.
 * Results are cached by project and query for the current store generation.
 */
export async function hoverMatch(
  svc: ProjectService,
  file: string,
  line: string,
  character: number,
  cache: { get(key: string): MemoryItem[] | undefined; set(key: string, v: MemoryItem[]): void },
): Promise<HoverMatch | null> {
  const token = tokenAt(line, character);
  if (!token) return null;
  const q = hoverQuery(token);
  if (!q) return null;
  const target = q.kind === 'file' ? resolvePath(q.path, file) : q.query;
  const key = `${svc.project}\0${svc.root}\0${q.kind}\0${target}`;
  let items = cache.get(key);
  if (!items) {
    if (q.kind === 'file') {
      items = (await svc.memory.searchByFile({ file_path: target, limit: HOVER_LIMIT })).results;
    } else {
      const out = await svc.memory.quickSearch({ query: q.query, limit: HOVER_LIMIT, min_score: q.minScore });
      items = tooCommon(q, out.count, COMMON_AT) ? [] : out.results;
    }
    cache.set(key, items);
  }
  return items.length ? { token, items } : null;
}

/** A relative import is resolved against the document; one without an extension gets the document's (`'../db/pool'` in a .ts file). */
function resolvePath(spec: string, file: string): string {
  if (!/^\.{1,2}\//.test(spec)) return spec;
  const abs = path.resolve(path.dirname(file), spec);
  return path.extname(abs) ? abs : abs + path.extname(file);
}

export function renderHover(match: HoverMatch, lineNo: number, links: Map<string, string>, now: number): Hover {
  const { token, items } = match;
  const parts = [`**Session memory** · \`${token.text.replace(/`/g, '')}\``];
  for (const m of items) {
    const link = links.get(m.id);
    const head = [`**${KIND_LABEL[m.kind]}**`, ageText(Date.parse(m.created_at), now)];
    if (m.tags.length) head.push(m.tags.map((t) => `#${t}`).join(' '));
    if (link) head.push(`[Open](${link})`);
    parts.push('---', head.join(' · '), escapeMarkdown(m.excerpt));
  }
  return {
    contents: { kind: 'markdown', value: parts.join('\n\n') },
    range: { start: { line: lineNo, character: token.start }, end: { line: lineNo, character: token.end } },
  };
}
