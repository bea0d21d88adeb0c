// The lens at the top of a file that memories list or mention, and the command behind it.
import type { CodeLens, Command } from 'vscode-languageserver';
import { LSP_FILE_MEMORIES_COMMAND, type FileMemoriesResult } from '../../protocol/lsp.js';
import type { FileMatchItem } from '../../protocol/memory-schemas.js';
import { lensTitle } from './format.js';
import type { MemoryDocs } from './memory-docs.js';
import type { ProjectService } from './projects.js';

/** More than this many memories shows as "200+". */
const LENS_LIMIT = 200;

export interface FileMemories {
  project: string;
  root: string;
  file: string;
  items: FileMatchItem[];
  more: boolean;
}

export async function fileMemories(svc: ProjectService, file: string): Promise<FileMemories> {
  const out = await svc.memory.searchByFile({ file_path: file, limit: LENS_LIMIT + 1 });
  const more = out.results.length > LENS_LIMIT;
  return { project: svc.project, root: svc.root, file, items: out.results.slice(0, LENS_LIMIT), more };
}

/** The lens without its title: titles are filled in by codeLens/resolve. */
export function unresolvedLens(uri: string, found: FileMemories): CodeLens[] {
  if (found.items.length === 0) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, data: { uri } }];
}

export function lensCommand(found: FileMemories, uri: string, clientCommand: string | undefined, now: number): Command {
  const title = lensTitle(
    found.items.map((i) => ({ kind: i.kind, created_at: Date.parse(i.created_at) })),
    now,
    found.more,
  );
  // VS Code opens its own search view on the file; other editors run the server's command.
  return clientCommand ? { title, command: clientCommand, arguments: [found.file] } : { title, command: LSP_FILE_MEMORIES_COMMAND, arguments: [uri] };
}

export async function fileMemoriesResult(found: FileMemories, docs: MemoryDocs, now: number): Promise<FileMemoriesResult> {
  const memories = found.items.map((i) => ({ id: i.id, kind: i.kind, excerpt: i.excerpt, created_at: i.created_at, tags: i.tags, match: i.match }));
  const summary_uri = await docs.writeSummary(found.project, found.root, found.file, found.items.map((i) => ({ ...i, files: i.files })), now);
  return { file: found.file, project: found.project, count: memories.length, summary_uri, memories };
}
