// The git checkpoint commit. It never sweeps in untracked files unless asked, never commits
// during a merge/rebase/cherry-pick or on a detached HEAD, lets hooks run, and on failure puts
// the index back as it was.
import fs from 'node:fs';
import path from 'node:path';
import type { CommitMode, CommitOutcome } from '../../protocol/session-schemas.js';
import { git, gitMessage, gitTopLevel, runGit } from './git.js';

const OUTPUT_MAX = 4_000;

const IN_PROGRESS: readonly [string, string][] = [
  ['MERGE_HEAD', 'a merge'],
  ['rebase-merge', 'a rebase'],
  ['rebase-apply', 'a rebase or am'],
  ['CHERRY_PICK_HEAD', 'a cherry-pick'],
  ['REVERT_HEAD', 'a revert'],
  ['BISECT_LOG', 'a bisect'],
];

interface StatusEntry {
  xy: string;
  path: string;
}

/** Parses `git status --porcelain=v1 -z`: "XY path\0", with a second path after renames. */
export function parsePorcelain(out: string): StatusEntry[] {
  const parts = out.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (p.length < 4) continue;
    const xy = p.slice(0, 2);
    entries.push({ xy, path: p.slice(3) });
    if (xy[0] === 'R' || xy[0] === 'C') i++; // the original path follows
  }
  return entries;
}

const clip = (s: string): string => (s.length > OUTPUT_MAX ? `${s.slice(0, OUTPUT_MAX)}\n…` : s).trim();

function outcome(status: CommitOutcome['status'], reason: string, extra: Partial<CommitOutcome> = {}): CommitOutcome {
  return { status, reason, hash: null, short_hash: null, message: null, files: [], untracked: [], output: null, ...extra };
}

export interface CommitRequest {
  dir: string;
  mode: CommitMode;
  subject: string;
  body: string;
}

export async function checkpointCommit(req: CommitRequest): Promise<CommitOutcome> {
  if (req.mode === 'off') return outcome('off', 'checkpoint commits are off');
  const top = await gitTopLevel(req.dir);
  if (!top) return outcome('no-repo', 'not a git repository');

  const gitDir = (await git(top, ['rev-parse', '--absolute-git-dir'])).trim();
  for (const [marker, what] of IN_PROGRESS) {
    if (fs.existsSync(path.join(gitDir, marker))) return outcome('in-progress', `${what} is in progress; not committing`);
  }
  if ((await runGit(top, ['symbolic-ref', '-q', 'HEAD'])).code !== 0) {
    return outcome('detached', 'HEAD is detached; not committing');
  }

  const entries = parsePorcelain(await git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=all']));
  const untracked = entries.filter((e) => e.xy === '??').map((e) => e.path);
  const tracked = entries.filter((e) => e.xy !== '??' && e.xy !== '!!');
  if (tracked.length === 0 && (req.mode === 'tracked' || untracked.length === 0)) {
    return untracked.length > 0
      ? outcome('untracked-only', `only untracked files changed (${untracked.length}); tracked mode leaves them out`, { untracked })
      : outcome('clean', 'the working tree is clean');
  }

  const missing = await missingIdentity(top);
  if (missing) return outcome('no-identity', missing, { untracked: req.mode === 'tracked' ? untracked : [] });

  // Remember the index so a rejected commit leaves it exactly as the user had it.
  const savedIndex = (await git(top, ['write-tree'])).trim();
  await git(top, req.mode === 'all' ? ['add', '-A'] : ['add', '-u']);
  if ((await runGit(top, ['diff', '--cached', '--quiet'])).code === 0) {
    await git(top, ['read-tree', savedIndex]);
    return outcome('clean', 'nothing to commit after staging');
  }

  const commit = await runGit(top, ['commit', '-q', '-m', `${req.subject}\n\n${req.body}`], { timeoutMs: 120_000 });
  if (commit.code !== 0) {
    await runGit(top, ['read-tree', savedIndex]);
    const output = clip(`${commit.stdout}\n${commit.stderr}`);
    const hooked = await hasHook(gitDir, top);
    return outcome(hooked ? 'hook-failed' : 'failed', hooked ? `a git hook rejected the commit: ${gitMessage(commit)}` : `git commit failed: ${gitMessage(commit)}`, {
      output,
      untracked: req.mode === 'tracked' ? untracked : [],
    });
  }
  const hash = (await git(top, ['rev-parse', 'HEAD'])).trim();
  const files = (await git(top, ['diff-tree', '--no-commit-id', '--name-only', '-r', '-z', '--root', 'HEAD'])).split('\0').filter(Boolean);
  return outcome('committed', `committed ${files.length} file${files.length === 1 ? '' : 's'}`, {
    hash,
    short_hash: hash.slice(0, 7),
    message: req.subject,
    files,
    untracked: req.mode === 'tracked' ? untracked : [],
  });
}

export const SET_IDENTITY = 'git config --global user.name "Your Name" && git config --global user.email you@example.com';

/**
 * Why git cannot commit as the user, or null. An email must be set explicitly (configuration or
 * environment): git would otherwise make one up from the host name, or refuse after staging.
 */
async function missingIdentity(top: string): Promise<string | null> {
  const env = process.env;
  const configured = async (key: string): Promise<boolean> => (await runGit(top, ['config', '--get', key])).stdout.trim() !== '';
  const hasEmail = Boolean(env.GIT_AUTHOR_EMAIL && env.GIT_COMMITTER_EMAIL) || Boolean(env.EMAIL) || (await configured('user.email'));
  const advice = `set it with: ${SET_IDENTITY}`;
  if (!hasEmail) return `git does not know who you are (no user.email); ${advice}`;
  for (const who of ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT']) {
    const r = await runGit(top, ['var', who]);
    if (r.code !== 0) return `git does not know who you are (${gitMessage(r)}); ${advice}`;
  }
  return null;
}

/** Whether a commit hook exists (in core.hooksPath if set, else .git/hooks). */
async function hasHook(gitDir: string, top: string): Promise<boolean> {
  const configured = (await runGit(top, ['config', '--get', 'core.hooksPath'])).stdout.trim();
  const dir = configured ? path.resolve(top, configured) : path.join(gitDir, 'hooks');
  return ['pre-commit', 'commit-msg', 'prepare-commit-msg'].some((n) => fs.existsSync(path.join(dir, n)));
}
