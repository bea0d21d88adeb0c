// Lists the project's files (relative, "/"-separated) and reads them with a size cap.
// In a git work tree git does the listing: it honours .gitignore and is much faster than a walk.
import fs from 'node:fs/promises';
import path from 'node:path';
import { runGit } from '../git.js';

/** Folders that hold dependencies, build output or caches, never the project's own code. */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  'node_modules', '.git', 'dist', 'build', 'target', '.venv', 'venv', '__pycache__', 'vendor',
  // Also generated: caches and report folders whose .js/.py files would otherwise count as source.
  'coverage', 'htmlcov', '.tox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.gradle', '.next', '.nuxt', '.turbo',
]);

/** Content scans skip files larger than this. */
export const MAX_SCAN_BYTES = 1024 * 1024;

/** Upper bound for a directory walk, so a huge non-git folder cannot stall the server. */
const MAX_WALK_FILES = 200_000;

function skipped(rel: string): boolean {
  const parts = rel.split('/');
  parts.pop();
  return parts.some((p) => SKIP_DIRS.has(p));
}

export interface ProjectListing {
  /** Project files relative to dir, sorted, without anything under SKIP_DIRS. */
  files: string[];
  /** The files git tracks (committed or staged); null outside git. */
  tracked: ReadonlySet<string> | null;
}

export async function listProjectFiles(dir: string, inGit: boolean): Promise<ProjectListing> {
  const listed = inGit ? await gitFiles(dir) : null;
  const files = listed?.files ?? (await walk(dir));
  return { files: files.filter((f) => !skipped(f)).sort(), tracked: listed?.tracked ?? null };
}

async function gitFiles(dir: string): Promise<{ files: string[]; tracked: Set<string> } | null> {
  // -x prunes untracked dependency folders early (a repo without .gitignore may hold node_modules);
  // -t tags each path: "? " for untracked, a letter for tracked ones.
  const excludes = [...SKIP_DIRS].map((d) => `--exclude=${d}/`);
  const r = await runGit(dir, ['ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard', ...excludes]);
  if (r.code !== 0) return null;
  const tracked = new Set<string>();
  const all = new Set<string>();
  // Conflicted files appear once per stage; deleted-but-tracked files are dropped by the readers.
  for (const entry of r.stdout.split('\0')) {
    if (entry.length < 3) continue;
    const rel = entry.slice(2);
    all.add(rel);
    if (entry[0] !== '?') tracked.add(rel);
  }
  return { files: [...all], tracked };
}

async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const stack: string[] = [''];
  while (stack.length > 0 && out.length < MAX_WALK_FILES) {
    const rel = stack.pop() as string;
    let entries;
    try {
      entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push(child);
      } else if (e.isFile()) out.push(child);
    }
  }
  return out;
}

/** Names of the entries directly in dir (files and folders), including ignored ones such as coverage/. */
export async function rootEntries(dir: string): Promise<Set<string>> {
  try {
    return new Set(await fs.readdir(dir));
  } catch {
    return new Set();
  }
}

/** Reads a file as UTF-8 when it is a regular file no larger than cap bytes; null otherwise. */
export async function readCapped(file: string, cap = MAX_SCAN_BYTES): Promise<string | null> {
  try {
    const st = await fs.lstat(file);
    if (!st.isFile() || st.size > cap) return null;
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}
