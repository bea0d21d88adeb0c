// Which project a document belongs to, named the way the MCP server names it (the git root's
// folder name), and one memory service per project over the one shared store and search engine.
import path from 'node:path';
import type { Logger } from '../log.js';
import type { Backfill } from '../memory/backfill.js';
import type { Embedder } from '../memory/embedder.js';
import { MemoryService } from '../memory/memory-service.js';
import { Redactor } from '../memory/redaction.js';
import type { SearchEngine } from '../memory/search.js';
import type { MemoryStore } from '../memory/store.js';
import { projectNameOf, projectRootOf } from '../project.js';

// The language server only reads; were it ever to store, redaction stays on.
const READ_ONLY_REDACTOR = new Redactor(true);

export interface MemoryParts {
  store: MemoryStore;
  embedder: Embedder;
  engine: SearchEngine;
  backfill: Backfill;
  log: Logger;
  dataDir: string;
}

export interface ProjectService {
  root: string;
  project: string;
  memory: MemoryService;
}

export class Projects {
  private readonly byRoot = new Map<string, ProjectService>();
  private folders: string[] = [];

  /** `fixed`: a project given on the command line, used for every document. */
  constructor(
    private readonly parts: MemoryParts,
    private readonly fixed: { project: string; root: string } | null,
    private readonly fallbackRoot: string,
  ) {}

  setWorkspaceFolders(folders: readonly string[]): void {
    this.folders = folders.map((f) => path.resolve(f));
  }

  /** The project of a file: the workspace folder holding it (or the file's own git root), as a project root. */
  forFile(file: string | null): ProjectService {
    if (this.fixed) return this.service(this.fixed.root, this.fixed.project);
    const abs = file ? path.resolve(file) : null;
    const folder = abs ? this.folders.find((f) => abs === f || abs.startsWith(f + path.sep)) : this.folders[0];
    const root = projectRootOf(folder ?? (abs ? path.dirname(abs) : this.fallbackRoot));
    return this.service(root, projectNameOf(root));
  }

  private service(root: string, project: string): ProjectService {
    const key = `${project}\0${root}`;
    let s = this.byRoot.get(key);
    if (!s) {
      const p = this.parts;
      s = { root, project, memory: new MemoryService({ project, projectRoot: root, dataDir: p.dataDir }, p.store, p.embedder, p.engine, p.backfill, p.log, READ_ONLY_REDACTOR) };
      this.byRoot.set(key, s);
    }
    return s;
  }
}
