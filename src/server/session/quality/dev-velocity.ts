// Dev velocity, 20 points: recent commits, commit messages, issue references, branches (5 each). Counted back
// from the project's last commit, with this product's checkpoint commits left out (see git-facts.ts).
import type { QualityPart, SubMetric } from '../../../protocol/quality-schemas.js';
import type { CommitInfo } from './git-facts.js';
import { VELOCITY_DAYS } from './git-facts.js';
import type { ProjectFacts } from './facts.js';
import { fmt, metric, notApplicable, part, plural, round2, tiered } from './metric.js';

export const DEV_VELOCITY_MAX = 20;

/** `#123`, `GH-123` and links to issues or pull requests; not HTML entities such as `&#123;`. */
export const ISSUE_REF = /(?<!&)#\d+\b|\bGH-\d+\b|\/(?:issues|pull|merge_requests)\/\d+/;
/** Long-lived branches; every other branch counts as a feature branch. */
export const MAIN_BRANCHES: ReadonlySet<string> = new Set(['main', 'master', 'develop', 'development', 'trunk', 'HEAD']);
/** Subject lengths that read well in a log: long enough to say something, short enough to fit a line. */
export const SUBJECT_MIN = 10;
export const SUBJECT_MAX = 100;
/** Subjects that say nothing on their own. */
const EMPTY_WORDS = /^(wip|fix|fixes|fixed|update|updates|updated|changes|change|misc|tmp|temp|test|tests|stuff|cleanup|minor|typo|more|save|commit|work|asdf|\.+|-+)$/i;

export type MessageVerdict = 'good' | 'revert' | 'empty' | 'short' | 'long' | 'vague';

/** Whether a commit subject helps a reader of the log. Any convention is fine; git's own `Revert "…"` is good. */
export function judgeSubject(subject: string): MessageVerdict {
  const s = subject.trim();
  if (/^Revert ".+"$/.test(s)) return 'revert';
  if (s.length === 0) return 'empty';
  if (EMPTY_WORDS.test(s)) return 'vague';
  if (s.length < SUBJECT_MIN) return 'short';
  if (s.length > SUBJECT_MAX) return 'long';
  return 'good';
}

export function devVelocityPart(f: ProjectFacts): QualityPart {
  const g = f.git;
  if (!g) {
    const none = (id: string, label: string, unit: string): SubMetric => notApplicable({ id, label, unit, max: 5, detail: 'not a git repository' });
    return part('dev_velocity', DEV_VELOCITY_MAX, [
      none('recent_commits', 'Recent commits', 'commits'),
      none('commit_messages', 'Commit messages', '%'),
      none('issue_references', 'Issue references', '%'),
      none('feature_branches', 'Feature branches', 'branches'),
    ]);
  }

  const recent = g.commitsInWindow;
  const recentPts = tiered(recent, [[20, 5], [10, 4], [5, 2], [1, 1]]);

  // Merge subjects are generated ("Merge branch ..."), so they are left out of the message share.
  const own = g.recent.filter((c) => !c.merge);
  const good = own.filter((c) => judgeSubject(c.subject) === 'good' || judgeSubject(c.subject) === 'revert').length;
  const goodShare = own.length === 0 ? null : round2((good / own.length) * 100);
  const msgPts = goodShare === null ? 0 : goodShare >= 80 ? 5 : goodShare >= 50 ? 3 : 1;

  // Merges count here: "Merge pull request #12" links the work to its pull request.
  const refs = g.recent.filter((c) => hasIssueRef(c)).length;
  const refShare = g.recent.length === 0 ? null : round2((refs / g.recent.length) * 100);
  const refPts = refShare === null ? 0 : refShare >= 50 ? 5 : refShare >= 25 ? 3 : refShare > 0 ? 1 : 0;

  const feature = g.branches.filter((b) => !MAIN_BRANCHES.has(b));
  const branchPts = feature.length >= 3 ? 5 : feature.length >= 1 ? 3 : 1;
  const noCommits = g.recent.length === 0;

  return part('dev_velocity', DEV_VELOCITY_MAX, [
    metric({
      id: 'recent_commits',
      label: 'Recent commits',
      value: recent,
      unit: 'commits',
      points: recentPts,
      max: 5,
      source: 'measured',
      detail: noCommits ? 'no commits' : `${plural(recent, 'non-merge commit')} in the ${VELOCITY_DAYS} days up to the last commit`,
    }),
    metric({
      id: 'commit_messages',
      label: 'Commit messages',
      value: goodShare,
      unit: '%',
      points: msgPts,
      max: 5,
      source: 'measured',
      detail: own.length === 0 ? (noCommits ? 'no commits' : 'no non-merge commits') : `clear subjects (${SUBJECT_MIN}–${SUBJECT_MAX} characters, reverts included) in ${fmt(good)} of the last ${plural(own.length, 'non-merge commit')}`,
    }),
    metric({
      id: 'issue_references',
      label: 'Issue references',
      value: refShare,
      unit: '%',
      points: refPts,
      max: 5,
      source: 'measured',
      detail: noCommits ? 'no commits' : `issue or pull request references in ${fmt(refs)} of the last ${plural(g.recent.length, 'commit')}`,
    }),
    metric({
      id: 'feature_branches',
      label: 'Feature branches',
      value: feature.length,
      unit: 'branches',
      points: branchPts,
      max: 5,
      source: 'measured',
      detail: feature.length === 0 ? 'no branches besides main/master/develop/trunk (local or remote-tracking)' : `${plural(feature.length, 'feature branch', 'feature branches')} (local and remote-tracking): ${feature.slice(0, 5).join(', ')}${feature.length > 5 ? ', ...' : ''}`,
    }),
  ]);
}

function hasIssueRef(c: CommitInfo): boolean {
  return ISSUE_REF.test(c.subject) || ISSUE_REF.test(c.body);
}
