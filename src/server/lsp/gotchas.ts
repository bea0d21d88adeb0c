// Optional information diagnostics: a memory tagged gotcha or warning that names an identifier
// is shown on that identifier's first occurrence in an open file (once per memory and file).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LSP_SOURCE } from '../../protocol/lsp.js';
import type { StoredMemory } from '../memory/schema.js';
import { filterClause } from '../memory/search.js';
import type { MemoryStore } from '../memory/store.js';
import { excerpt } from '../memory/text.js';
import { firstOccurrences, namedIdentifiers } from './cursor-query.js';
import { oneLine } from './format.js';

export const GOTCHA_TAGS = ['gotcha', 'warning'];
const MAX_MEMORIES = 2_000;
const MAX_PER_DOCUMENT = 50;

/** Identifier → the gotcha/warning memories naming it, newest first. */
export type GotchaIndex = Map<string, StoredMemory[]>;

export async function loadGotchas(store: MemoryStore, project: string): Promise<GotchaIndex> {
  const rows = await store.find(filterClause({ scope: project, tags: GOTCHA_TAGS }), MAX_MEMORIES);
  rows.sort((a, b) => b.created_at - a.created_at);
  const index: GotchaIndex = new Map();
  for (const row of rows) {
    for (const id of namedIdentifiers(row.text)) {
      const list = index.get(id) ?? [];
      list.push(row);
      index.set(id, list);
    }
  }
  return index;
}

export function gotchaDiagnostics(doc: TextDocument, index: GotchaIndex): Diagnostic[] {
  if (index.size === 0) return [];
  const out: Diagnostic[] = [];
  // One diagnostic per memory: at the first identifier it names, in document order.
  const shown = new Set<string>();
  for (const [id, offset] of firstOccurrences(doc.getText())) {
    const memories = index.get(id);
    if (!memories) continue;
    for (const m of memories) {
      if (shown.has(m.id)) continue;
      shown.add(m.id);
      const tag = m.tags.find((t) => GOTCHA_TAGS.includes(t)) ?? 'gotcha';
      out.push({
        range: { start: doc.positionAt(offset), end: doc.positionAt(offset + id.length) },
        severity: DiagnosticSeverity.Information,
        source: LSP_SOURCE,
        code: tag,
        message: oneLine(excerpt(m.text, [id.toLowerCase()], 300), 300),
        data: { memoryId: m.id },
      });
      if (out.length >= MAX_PER_DOCUMENT) return out;
    }
  }
  return out;
}
