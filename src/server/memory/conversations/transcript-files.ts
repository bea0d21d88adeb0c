// Finding transcripts and telling which project each belongs to.
import fs from 'node:fs';
import path from 'node:path';
import { findGitRoot, projectNameOf } from '../../project.js';
import { baseNameAnyOs, isHomeFolder, isTildePath, isWindowsPath, normalizeAnyOs } from './any-os-path.js';
import { readLines } from './transcript-lines.js';

const MAX_DEPTH = 6;
/** How far into a new transcript to look for its working directory. */
const HEAD_BYTES = 256 * 1024;

/** Every .jsonl file under a folder (or the file itself), sorted; symbolic links are not followed. */
export function listTranscripts(target: string): string[] {
  const st = fs.statSync(target);
  if (st.isFile()) return [path.resolve(target)];
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth < MAX_DEPTH) walk(p, depth + 1);
      else if (e.isFile() && e.name.endsWith('.jsonl')) out.push(p);
    }
  };
  walk(path.resolve(target), 0);
  return out.sort();
}

/** Claude Code's folder name for a working directory: every character but letters, digits and "-" becomes "-". */
export function slugOf(dir: string): string {
  return dir.replace(/[^A-Za-z0-9-]/g, '-');
}

export interface TranscriptHead {
  cwd: string | null;
  sessionId: string | null;
}

/** The working directory and session id recorded near the start of a transcript. */
export async function readHead(file: string, size: number): Promise<TranscriptHead> {
  const head: TranscriptHead = { cwd: null, sessionId: null };
  for await (const l of readLines(file, 0, 1, Math.min(size, HEAD_BYTES))) {
    if (l.kind !== 'line') continue;
    try {
      const value = JSON.parse(l.text) as unknown;
      if (typeof value !== 'object' || value === null) continue;
      const { cwd, sessionId } = value as Record<string, unknown>;
      if (typeof cwd === 'string' && cwd) head.cwd ??= cwd;
      if (typeof sessionId === 'string' && sessionId) head.sessionId ??= sessionId;
    } catch {
      continue;
    }
    if (head.cwd && head.sessionId) break;
  }
  return head;
}

export interface ProjectOf {
  project: string;
  /** Folder that file paths are made relative to; null when unknown (paths stay absolute). */
  root: string | null;
}

/** The project of sessions started in a home folder. */
export const HOME_PROJECT = '~';

/** Maps a transcript's working directory to a project named the way the server names projects. */
export class ProjectMapper {
  private readonly cache = new Map<string, ProjectOf>();

  constructor(private readonly current: { project: string; projectRoot: string }) {}

  of(cwd: string | null, file: string): ProjectOf {
    if (!cwd) {
      const folder = path.basename(path.dirname(file));
      if (folder === slugOf(this.current.projectRoot)) return { project: this.current.project, root: this.current.projectRoot };
      return { project: folder.replace(/^-+/, '') || folder, root: null };
    }
    let hit = this.cache.get(cwd);
    if (!hit) {
      hit = this.compute(cwd);
      this.cache.set(cwd, hit);
    }
    return hit;
  }

  private compute(recorded: string): ProjectOf {
    // A session started in a home folder is about no one project; its paths stay absolute.
    if (isHomeFolder(recorded)) return { project: HOME_PROJECT, root: null };
    // A path of another OS (or a "~" path) cannot be looked up here: its folder is the project.
    if (isWindowsPath(recorded) !== (process.platform === 'win32') || isTildePath(recorded)) {
      const root = normalizeAnyOs(recorded);
      return { project: baseNameAnyOs(root) || root, root };
    }
    const cwd = path.resolve(recorded);
    const rel = path.relative(this.current.projectRoot, cwd);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return { project: this.current.project, root: this.current.projectRoot };
    // The git root around it, even when the folder itself is gone; else the folder.
    const root = findGitRoot(cwd) ?? cwd;
    return { project: projectNameOf(root), root };
  }
}
