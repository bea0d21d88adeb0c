// What git says about where work stands: the branch, the files changed in the working tree,
// recent commit subjects, and when files were last committed (for marking stale memories).
import { runGit } from './git.js';

export interface GitContext {
  branch: string | null;
  /** Staged, unstaged and untracked files, relative to the root (the first 1,000). */
  changedFiles: string[];
  /** How many files are changed in all. */
  changedTotal: number;
  /** Subjects of the last commits, newest first, the product's own checkpoint commits left out. */
  recentSubjects: string[];
}

const TIMEOUT_MS = 1_500;
const CHANGED_MAX = 1_000;
const SUBJECTS = 5;
const HISTORY_COMMITS = 300;

export async function readGitContext(root: string): Promise<GitContext> {
  const opts = { timeoutMs: TIMEOUT_MS };
  const [head, status, log] = await Promise.all([
    runGit(root, ['symbolic-ref', '--short', '-q', 'HEAD'], opts),
    runGit(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all'], opts),
    runGit(root, ['log', `-${SUBJECTS * 3}`, '--format=%s'], opts),
  ]);
  const branch = head.code === 0 ? head.stdout.trim() || null : null;
  const changed: string[] = [];
  if (status.code === 0) {
    const parts = status.stdout.split('\0');
    for (let i = 0; i < parts.length; i++) {
      const entry = parts[i]!;
      if (entry.length < 4) continue;
      changed.push(entry.slice(3));
      // A rename or copy is followed by its source path.
      if (entry[0] === 'R' || entry[0] === 'C') i++;
    }
  }
  const recentSubjects =
    log.code === 0
      ? log.stdout
          .split('\n')
          .map((s) => s.trim())
          .filter((s) => s && !s.startsWith('checkpoint: '))
          .slice(0, SUBJECTS)
      : [];
  return { branch, changedFiles: changed.slice(0, CHANGED_MAX), changedTotal: changed.length, recentSubjects };
}

/**
 * When each file was last changed by a commit, over the last 300 commits. Uncommitted edits do not
 * count: they are the work in progress, and checkout times say nothing.
 */
export async function lastCommitTimes(root: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const r = await runGit(root, ['log', `-${HISTORY_COMMITS}`, '--format=@%ct', '--name-only', '--no-renames'], { timeoutMs: TIMEOUT_MS });
  if (r.code !== 0) return out;
  let when = 0;
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('@')) when = Number(line.slice(1)) * 1000;
    else if (line && !out.has(line)) out.set(line, when);
  }
  return out;
}
