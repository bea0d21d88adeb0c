// Root-level config files, each read at most once per computation and shared by every check that looks into it.
import path from 'node:path';
import { isRecord } from './config-text.js';
import { readCapped } from './files.js';

export class RootTexts {
  private readonly cache = new Map<string, Promise<string | null>>();

  constructor(
    private readonly dir: string,
    private readonly root: ReadonlySet<string>,
  ) {}

  /** The text of a root file (or a path relative to the project), null when absent or unreadable. */
  read(rel: string): Promise<string | null> {
    let p = this.cache.get(rel);
    if (!p) {
      const first = rel.split('/')[0] as string;
      p = this.root.has(first) ? readCapped(path.join(this.dir, rel)) : Promise.resolve(null);
      this.cache.set(rel, p);
    }
    return p;
  }

  async json(rel: string): Promise<Record<string, unknown> | null> {
    const text = await this.read(rel);
    if (text === null) return null;
    try {
      const v: unknown = JSON.parse(text);
      return isRecord(v) ? v : null;
    } catch {
      return null;
    }
  }
}
