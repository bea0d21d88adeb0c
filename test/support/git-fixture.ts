// Fixture git repositories in temp folders, built with the real git CLI.
// Identity, signing and the default branch are pinned per repository, so results do not depend on the
// machine's git config; commit dates can be set to build a history in the past.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runGit } from '../../src/server/session/git.js';

export interface FixtureRepo {
  dir: string;
  /** Removes the folder (safe to call twice). */
  cleanup(): Promise<void>;
}

/** A repository, or just its folder. */
export type RepoLike = FixtureRepo | string;

export type FileTree = Record<string, string | Buffer>;

export const FIXTURE_AUTHOR = { name: 'Fixture Author', email: 'fixture@example.invalid' } as const;

const dirOf = (repo: RepoLike): string => (typeof repo === 'string' ? repo : repo.dir);

/** Environment that keeps user and system config (hooks, templates, signing) out of fixture repositories. */
function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, ...extra };
}

/** Git's raw date format: unambiguous and independent of the time zone. */
export function gitDate(date: Date | string | number): string {
  const ms = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : new Date(date).getTime();
  if (!Number.isFinite(ms)) throw new Error(`invalid date: ${String(date)}`);
  return `@${Math.floor(ms / 1000)} +0000`;
}

export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** Runs git in the repository with the fixture environment; throws with git's stderr on failure. */
export async function gitIn(repo: RepoLike, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await runGit(dirOf(repo), args, { env: baseEnv(env) });
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** An empty temp folder (no git). */
export async function makeTempDir(prefix = 'fixture-'): Promise<FixtureRepo> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  return { dir, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export interface MakeRepoOptions {
  /** Date of the initial commit (default: now). */
  date?: Date | string;
  /** Message of the initial commit (default "initial commit"). */
  message?: string;
  /** Default branch name (default "main"). */
  branch?: string;
}

/**
 * A fresh repository in a temp folder. With files, they are written and committed as the first commit;
 * without, the repository has no commits.
 */
export async function makeRepo(files?: FileTree, opts: MakeRepoOptions = {}): Promise<FixtureRepo> {
  const repo = await makeTempDir('git-fixture-');
  try {
    await gitIn(repo, ['init', '--quiet', `--initial-branch=${opts.branch ?? 'main'}`]);
    for (const [key, value] of [
      ['user.name', FIXTURE_AUTHOR.name],
      ['user.email', FIXTURE_AUTHOR.email],
      ['commit.gpgsign', 'false'],
      ['tag.gpgsign', 'false'],
      ['init.defaultBranch', opts.branch ?? 'main'],
      ['core.autocrlf', 'false'],
    ] as const) {
      await gitIn(repo, ['config', key, value]);
    }
    if (files && Object.keys(files).length > 0) await commit(repo, opts.message ?? 'initial commit', { files, date: opts.date });
    return repo;
  } catch (e) {
    await repo.cleanup();
    throw e;
  }
}

/** Writes files (creating folders) relative to the repository; nothing is staged. */
export async function writeFiles(repo: RepoLike, files: FileTree): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dirOf(repo), rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, content);
  }
}

export async function removeFiles(repo: RepoLike, paths: readonly string[]): Promise<void> {
  for (const rel of paths) await fs.rm(path.join(dirOf(repo), rel), { force: true, recursive: true });
}

export interface CommitOptions {
  /** Author and committer date (default: now). */
  date?: Date | string;
  /** Files to write and stage first; without them every change in the work tree is staged (git add -A). */
  files?: FileTree;
  /** Commit even when nothing changed (default true, so histories can be built from messages alone). */
  allowEmpty?: boolean;
}

/** Commits and returns the full hash. */
export async function commit(repo: RepoLike, message: string, opts: CommitOptions = {}): Promise<string> {
  if (opts.files) {
    await writeFiles(repo, opts.files);
    await gitIn(repo, ['add', '--', ...Object.keys(opts.files)]);
  } else {
    await gitIn(repo, ['add', '-A']);
  }
  const date = gitDate(opts.date ?? new Date());
  const args = ['commit', '--quiet', '--no-verify', '-m', message];
  if (opts.allowEmpty ?? true) args.push('--allow-empty');
  await gitIn(repo, args, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  return (await gitIn(repo, ['rev-parse', 'HEAD'])).trim();
}

/** Several commits in order, e.g. a backdated history: [{ message, date }]. Returns their hashes. */
export async function commitAll(repo: RepoLike, commits: ReadonlyArray<{ message: string } & CommitOptions>): Promise<string[]> {
  const out: string[] = [];
  for (const c of commits) out.push(await commit(repo, c.message, c));
  return out;
}

/** Creates a branch at `from` (default HEAD); with checkout, switches to it. */
export async function branch(repo: RepoLike, name: string, opts: { from?: string; checkout?: boolean } = {}): Promise<void> {
  await gitIn(repo, ['branch', name, opts.from ?? 'HEAD']);
  if (opts.checkout) await checkout(repo, name);
}

export async function checkout(repo: RepoLike, ref: string): Promise<void> {
  await gitIn(repo, ['checkout', '--quiet', ref]);
}

/** Merges a branch with a merge commit (never fast-forward). */
export async function merge(repo: RepoLike, ref: string, opts: { message?: string; date?: Date | string } = {}): Promise<string> {
  const date = gitDate(opts.date ?? new Date());
  await gitIn(repo, ['merge', '--quiet', '--no-ff', '--no-verify', '-m', opts.message ?? `Merge branch '${ref}'`, ref], { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  return (await gitIn(repo, ['rev-parse', 'HEAD'])).trim();
}

/**
 * Makes `file` last touched by a commit at `date` (for lockfile ages): writes content (default: the current
 * content plus a line, so there is a change) and commits only that file.
 */
export async function setFileCommitTime(repo: RepoLike, file: string, date: Date | string, content?: string): Promise<string> {
  const abs = path.join(dirOf(repo), file);
  const next = content ?? `${await fs.readFile(abs, 'utf8').catch(() => '')}\n`;
  return commit(repo, `chore: update ${file}`, { files: { [file]: next }, date });
}

/** Sets a file's modification time (lockfile age outside git). */
export async function setMtime(repo: RepoLike, file: string, date: Date | string): Promise<void> {
  const d = new Date(date);
  await fs.utimes(path.join(dirOf(repo), file), d, d);
}

/** Hash of HEAD, or null in a repository without commits. */
export async function head(repo: RepoLike): Promise<string | null> {
  const r = await runGit(dirOf(repo), ['rev-parse', '--verify', '--quiet', 'HEAD'], { env: baseEnv() });
  return r.code === 0 ? r.stdout.trim() : null;
}
