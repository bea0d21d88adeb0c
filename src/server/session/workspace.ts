// Which project a lifecycle call is about.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../memory/validate.js';
import { gitTopLevel } from './git.js';

export interface Workspace {
  /** The git root around the folder, or the folder itself. */
  root: string;
  project: string;
}

export async function resolveWorkspace(dir: string | undefined, current: { project: string; projectRoot: string }): Promise<Workspace> {
  if (dir === undefined) return { root: current.projectRoot, project: current.project };
  if (dir.includes('\0')) throw new InputError('working_directory must not contain NUL characters');
  const abs = path.resolve(current.projectRoot, dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new InputError(`working_directory "${dir}" does not exist`);
  }
  if (!stat.isDirectory()) throw new InputError(`working_directory "${dir}" is not a folder`);
  const root = path.resolve((await gitTopLevel(abs)) ?? abs);
  return { root, project: root === path.resolve(current.projectRoot) ? current.project : path.basename(root) || root };
}

/** A tag-safe form of a project name (tags allow a-z, 0-9, "-" and "_"). */
export function projectTag(project: string): string {
  const tag = project
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return tag || 'project';
}

/** A file-name-safe form of a project name. */
export function projectSlug(project: string): string {
  return project.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 80) || 'project';
}
