// workspace/symbol: memories matching the typed text, each located at the file it lists (when
// that file exists in the project) or at a markdown document of the memory itself.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import type { MemoryKind } from '../../protocol/limits.js';
import type { MemoryItem } from '../../protocol/memory-schemas.js';
import { ageText, KIND_LABEL, oneLine } from './format.js';
import type { MemoryDocs } from './memory-docs.js';
import type { ProjectService } from './projects.js';

const SYMBOL_LIMIT = 50;
/**
 * Most of what was typed must be in a memory for it to be listed (see docs/search.md: 0.5 is about
 * half of the query's weight): `maxRetriesPerRequest` lists the memories naming it, not those that
 * share two of its four parts (`max_retries`).
 */
export const SYMBOL_MIN_SCORE = 0.6;

const KIND_SYMBOL: Record<MemoryKind, SymbolKind> = {
  reflection: SymbolKind.Key,
  conversation: SymbolKind.Event,
  checkpoint: SymbolKind.Constant,
  handoff: SymbolKind.Module,
};

export async function searchSymbols(svc: ProjectService, query: string): Promise<MemoryItem[]> {
  if (!query.trim()) return [];
  return (await svc.memory.reflectOnPast({ query, limit: SYMBOL_LIMIT, min_score: SYMBOL_MIN_SCORE })).results;
}

function existingFile(root: string, files: readonly string[]): string | null {
  for (const f of files) {
    const abs = path.isAbsolute(f) ? f : path.join(root, f);
    if (fs.existsSync(abs)) return abs;
  }
  return null;
}

export function toSymbols(svc: ProjectService, items: readonly MemoryItem[], docs: MemoryDocs, now: number): SymbolInformation[] {
  const files = new Map(items.map((m) => [m.id, existingFile(svc.root, m.files)]));
  const docUris = docs.memoryUris(items.filter((m) => !files.get(m.id)).map((m) => m.id));
  const out: SymbolInformation[] = [];
  for (const m of items) {
    const file = files.get(m.id);
    const uri = file ? pathToFileURL(file).href : docUris.get(m.id);
    if (!uri) continue;
    const where = file ? path.relative(svc.root, file) : 'memory';
    out.push({
      name: oneLine(m.excerpt, 100),
      kind: KIND_SYMBOL[m.kind],
      containerName: `${KIND_LABEL[m.kind]} · ${ageText(Date.parse(m.created_at), now)} · ${where}`,
      location: { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    });
  }
  return out;
}
