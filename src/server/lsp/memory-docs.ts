// Markdown files the language server generates under <data dir>/lsp/ so that any editor can open
// a memory or a file's memory summary as an ordinary document (window/showDocument, symbol
// locations, hover links). They are views of the store, rewritten when needed, never read back.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StoredMemory } from '../memory/schema.js';
import type { Logger } from '../log.js';
import type { MemoryStore } from '../memory/store.js';
import { ageText, KIND_LABEL } from './format.js';

export interface SummaryEntry {
  id: string;
  kind: StoredMemory['kind'];
  excerpt: string;
  created_at: string;
  tags: string[];
  files: string[];
  match: 'files' | 'text';
}

const safeName = (s: string): string => s.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'file';

export class MemoryDocs {
  private readonly memoriesDir: string;
  private readonly summariesDir: string;
  private readonly pending = new Set<string>();
  private writing: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly store: MemoryStore,
    private readonly log: Logger,
  ) {
    this.memoriesDir = path.join(dataDir, 'lsp', 'memories');
    this.summariesDir = path.join(dataDir, 'lsp', 'summaries');
  }

  memoryPath(id: string): string {
    return path.join(this.memoriesDir, `${safeName(id)}.md`);
  }

  /**
   * File URIs of the memories' documents. The ones not written yet are written in the background
   * (one store query for all of them), so no request waits on the disk: an editor opens such a
   * document only when the user picks it, long after the write.
   */
  memoryUris(ids: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    const missing: string[] = [];
    for (const id of ids) {
      const file = this.memoryPath(id);
      out.set(id, pathToFileURL(file).href);
      if (!this.pending.has(id) && !fs.existsSync(file)) missing.push(id);
    }
    if (missing.length) {
      for (const id of missing) this.pending.add(id);
      this.writing = this.writing
        .then(async () => {
          await fs.promises.mkdir(this.memoriesDir, { recursive: true });
          const rows = await this.store.byIds(missing);
          await Promise.all(rows.map((row) => writeAtomic(this.memoryPath(row.id), renderMemory(row))));
        })
        .catch((err: unknown) => this.log.warn('could not write memory documents', err))
        .finally(() => {
          for (const id of missing) this.pending.delete(id);
        });
    }
    return out;
  }

  /** Resolves when every document asked for so far is written. */
  flushed(): Promise<void> {
    return this.writing;
  }

  /** Writes the summary of a file's memories and returns its URI. */
  async writeSummary(project: string, root: string, file: string, entries: readonly SummaryEntry[], now: number): Promise<string> {
    await fs.promises.mkdir(this.summariesDir, { recursive: true });
    const hash = createHash('sha256').update(`${project}\0${file}`).digest('hex').slice(0, 10);
    const target = path.join(this.summariesDir, `${safeName(path.basename(file))}-${hash}.md`);
    const rel = path.relative(root, file);
    const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
    const lines = [`# Memories about ${shown}`, '', `Project ${project} · ${entries.length} ${entries.length === 1 ? 'memory' : 'memories'}`, ''];
    for (const e of entries) {
      const created = Date.parse(e.created_at);
      lines.push(`## ${KIND_LABEL[e.kind]} · ${ageText(created, now)} (${e.created_at.slice(0, 16).replace('T', ' ')})`, '');
      lines.push(`${e.match === 'files' ? 'Lists this file' : 'Mentions this file'}${e.tags.length ? ` · #${e.tags.join(' #')}` : ''} · id ${e.id}`, '');
      lines.push(e.excerpt, '');
    }
    await writeAtomic(target, lines.join('\n'));
    return pathToFileURL(target).href;
  }
}

function renderMemory(m: StoredMemory): string {
  const head = [
    `# ${KIND_LABEL[m.kind]} · ${new Date(m.created_at).toISOString().slice(0, 16).replace('T', ' ')}`,
    '',
    `Project ${m.project}${m.tags.length ? ` · #${m.tags.join(' #')}` : ''} · id ${m.id}`,
  ];
  if (m.files.length) head.push('', `Files: ${m.files.join(', ')}`);
  return `${head.join('\n')}\n\n${m.text}\n`;
}

let writes = 0;

/** Readers (editors) never see half a file; two writes of one file in flight do not share a temp file. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${++writes}.tmp`;
  await fs.promises.writeFile(tmp, text);
  await fs.promises.rename(tmp, file);
}
