// Everything the score needs from git history, in a handful of invocations that stay fast on long histories.
// Time is anchored on the project's last commit, not on today, and this product's own checkpoint commits
// ("checkpoint: <project> (quality: N/100)") are left out, so using the product never moves the score.
import { runGit } from '../git.js';

export interface CommitInfo {
  subject: string;
  body: string;
  merge: boolean;
  /** Committer time, seconds since the epoch. */
  time: number;
}

export interface GitFacts {
  /** Commits reachable from HEAD, checkpoint commits left out (0 in a repository without commits). */
  commitCount: number;
  /** The last RECENT_WINDOW commits on HEAD that are not checkpoint commits, newest first, merges included. */
  recent: CommitInfo[];
  /** Committer time (seconds) of the newest commit that is not a checkpoint commit; null without commits. */
  anchor: number | null;
  /** Non-merge, non-checkpoint commits in the 30 days up to the anchor. */
  commitsInWindow: number;
  /** Local branches and remote-tracking branches (remote prefix dropped), deduplicated, sorted. */
  branches: string[];
}

export const RECENT_WINDOW = 50;
export const VELOCITY_DAYS = 30;
const DAY_S = 86_400;

/** The subject of this product's checkpoint commits (see lifecycle.ts), as a git --grep extended regex. */
export const CHECKPOINT_GREP = '^checkpoint: .* \\(quality: [0-9]+/100\\)$';
export const CHECKPOINT_SUBJECT = /^checkpoint: .* \(quality: \d+\/100\)$/;

const SEP = '\x1f';
const REC = '\x1e';
const NOT_CHECKPOINT = ['-E', '--invert-grep', `--grep=${CHECKPOINT_GREP}`];

export async function gitFacts(dir: string): Promise<GitFacts> {
  const [count, checkpoints, log, refs] = await Promise.all([
    runGit(dir, ['rev-list', '--count', 'HEAD']),
    runGit(dir, ['rev-list', '--count', '-E', `--grep=${CHECKPOINT_GREP}`, 'HEAD']),
    runGit(dir, ['log', `-${RECENT_WINDOW}`, ...NOT_CHECKPOINT, `--format=${REC}%P${SEP}%ct${SEP}%s${SEP}%b`, 'HEAD']),
    runGit(dir, ['for-each-ref', '--format=%(refname)', 'refs/heads/', 'refs/remotes/']),
  ]);
  // In a repository without commits HEAD does not resolve; every count is then 0.
  const total = count.code === 0 ? Number.parseInt(count.stdout.trim(), 10) || 0 : 0;
  const own = checkpoints.code === 0 ? Number.parseInt(checkpoints.stdout.trim(), 10) || 0 : 0;
  const recent = log.code === 0 ? parseLog(log.stdout).filter((c) => !CHECKPOINT_SUBJECT.test(c.subject)) : [];
  const anchor = recent[0]?.time ?? null;
  let commitsInWindow = 0;
  if (anchor !== null) {
    const since = anchor - VELOCITY_DAYS * DAY_S;
    const window = await runGit(dir, ['log', '--no-merges', ...NOT_CHECKPOINT, `--since=${iso(since)}`, `--until=${iso(anchor + 1)}`, `--format=%ct${SEP}%s`, 'HEAD']);
    commitsInWindow =
      window.code === 0
        ? window.stdout.split('\n').filter((l) => {
            const [t, s = ''] = l.split(SEP);
            return Number(t) > since && Number(t) <= anchor && !CHECKPOINT_SUBJECT.test(s);
          }).length
        : 0;
  }
  return { commitCount: Math.max(0, total - own), recent, anchor, commitsInWindow, branches: refs.code === 0 ? branchNames(refs.stdout) : [] };
}

const iso = (sec: number): string => new Date(sec * 1000).toISOString();

/** refs/heads/x and refs/remotes/<remote>/x count once; the remotes' HEAD pointers are not branches. */
export function branchNames(out: string): string[] {
  const names = new Set<string>();
  for (const ref of out.split('\n').filter(Boolean)) {
    if (ref.startsWith('refs/heads/')) names.add(ref.slice('refs/heads/'.length));
    else if (ref.startsWith('refs/remotes/')) {
      const rest = ref.slice('refs/remotes/'.length);
      const name = rest.slice(rest.indexOf('/') + 1);
      if (rest.includes('/') && name !== 'HEAD') names.add(name);
    }
  }
  return [...names].sort();
}

function parseLog(out: string): CommitInfo[] {
  return out
    .split(REC)
    .filter((r) => r.trim() !== '')
    .map((r) => {
      const [parents = '', time = '0', subject = '', body = ''] = r.split(SEP);
      return { subject, body: body.trim(), merge: parents.trim().split(' ').length > 1, time: Number(time) };
    });
}

/**
 * Seconds since the epoch of the last commit touching the file, or null when it was never committed. Checkpoint
 * commits count here: a lockfile they committed was really updated then.
 */
export async function lastCommitTime(dir: string, file: string): Promise<number | null> {
  const r = await runGit(dir, ['log', '-1', '--format=%ct', '--', file]);
  const t = Number.parseInt(r.stdout.trim(), 10);
  return r.code === 0 && Number.isFinite(t) ? t : null;
}
