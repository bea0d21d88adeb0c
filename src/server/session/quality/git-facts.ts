// Everything the score needs from git history, in a handful of invocations that stay fast on long histories.
import { runGit } from '../git.js';

export interface CommitInfo {
  subject: string;
  body: string;
  merge: boolean;
  /** Committer time, seconds since the epoch. */
  time: number;
}

export interface GitFacts {
  /** Commits reachable from HEAD (0 in a repository without commits). */
  commitCount: number;
  /** The last RECENT_WINDOW commits on HEAD, newest first, merges included. */
  recent: CommitInfo[];
  /** Non-merge commits on HEAD committed in the 30 days up to `now`. */
  commitsLast30Days: number;
  branches: string[];
}

export const RECENT_WINDOW = 50;
export const VELOCITY_DAYS = 30;
const DAY_MS = 86_400_000;

const SEP = '\x1f';
const REC = '\x1e';

export async function gitFacts(dir: string, now: Date): Promise<GitFacts> {
  const since = new Date(now.getTime() - VELOCITY_DAYS * DAY_MS).toISOString();
  const [count, log, window, refs] = await Promise.all([
    runGit(dir, ['rev-list', '--count', 'HEAD']),
    runGit(dir, ['log', `-${RECENT_WINDOW}`, `--format=${REC}%P${SEP}%ct${SEP}%s${SEP}%b`, 'HEAD']),
    runGit(dir, ['log', '--no-merges', `--since=${since}`, `--until=${now.toISOString()}`, '--format=%ct', 'HEAD']),
    runGit(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/']),
  ]);
  // In a repository without commits HEAD does not resolve; every count is then 0.
  const commitCount = count.code === 0 ? Number.parseInt(count.stdout.trim(), 10) || 0 : 0;
  const recent = log.code === 0 ? parseLog(log.stdout) : [];
  const sinceSec = Math.floor(new Date(since).getTime() / 1000);
  const commitsLast30Days = window.code === 0 ? window.stdout.split('\n').filter((l) => Number(l) > sinceSec).length : 0;
  const branches = refs.code === 0 ? refs.stdout.split('\n').filter(Boolean) : [];
  return { commitCount, recent, commitsLast30Days, branches };
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

/** Seconds since the epoch of the last commit touching the file, or null when it was never committed. */
export async function lastCommitTime(dir: string, file: string): Promise<number | null> {
  const r = await runGit(dir, ['log', '-1', '--format=%ct', '--', file]);
  const t = Number.parseInt(r.stdout.trim(), 10);
  return r.code === 0 && Number.isFinite(t) ? t : null;
}
