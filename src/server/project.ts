import fs from 'node:fs';
import path from 'node:path';

/** The nearest enclosing directory holding .git (a folder, or a file for worktrees), else null. */
export function findGitRoot(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The project root: the git root around `cwd`, or `cwd` itself. */
export function projectRootOf(cwd: string): string {
  return findGitRoot(cwd) ?? path.resolve(cwd);
}

export function projectNameOf(root: string): string {
  return path.basename(root) || root;
}
