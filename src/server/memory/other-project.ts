// An absolute path outside the current project, as the project around it stores it.
import path from 'node:path';
import { findGitRoot, projectNameOf } from '../project.js';

export function otherProjectForm(canonical: string, currentRoot: string): { project: string; relative: string } | null {
  if (!path.isAbsolute(canonical)) return null;
  const root = findGitRoot(path.dirname(canonical));
  if (!root || path.resolve(root) === path.resolve(currentRoot)) return null;
  const relative = path.relative(root, canonical).replaceAll('\\', '/');
  if (!relative || relative.startsWith('..')) return null;
  return { project: projectNameOf(root), relative };
}
