// Dev velocity, 20 points: recent commits, Conventional Commits, issue references, feature branches (5 each).
import type { QualityPart, SubMetric } from '../../../protocol/quality-schemas.js';
import type { ProjectFacts } from './facts.js';
import { VELOCITY_DAYS } from './git-facts.js';
import { fmt, metric, part, plural, round2, tiered } from './metric.js';

export const DEV_VELOCITY_MAX = 20;

/**
 * Commit types recognised: commitlint's config-conventional set, a few common extras, and `checkpoint`, the type of
 * this extension's own checkpoint commits (using the extension must not lower the share). A generic "Word:" prefix is
 * not enough: "Note: ..." or "WIP: ..." are not Conventional Commits.
 */
export const CONVENTIONAL_TYPES = ['feat', 'fix', 'docs', 'style', 'refactor', 'perf', 'test', 'tests', 'build', 'ci', 'chore', 'revert', 'deps', 'release', 'security', 'checkpoint'] as const;
/** `type(scope)!: description`, case-insensitive as the spec requires. */
export const CONVENTIONAL = new RegExp(`^(${CONVENTIONAL_TYPES.join('|')})(\\([^()\\r\\n]*\\))?!?: \\S`, 'i');
/** `#123`, not an HTML entity such as `&#123;`. */
export const ISSUE_REF = /(?<!&)#\d+\b/;
/** Long-lived branches; every other local branch counts as a feature branch. */
export const MAIN_BRANCHES: ReadonlySet<string> = new Set(['main', 'master', 'develop', 'trunk']);

export function devVelocityPart(f: ProjectFacts): QualityPart {
  const g = f.git;
  if (!g) {
    const none = (id: string, label: string, unit: string): SubMetric =>
      metric({ id, label, value: null, unit, points: 0, max: 5, source: 'unavailable', detail: 'not a git repository' });
    return part('dev_velocity', DEV_VELOCITY_MAX, [
      none('recent_commits', 'Recent commits', 'commits'),
      none('conventional_commits', 'Conventional commits', '%'),
      none('issue_references', 'Issue references', '%'),
      none('feature_branches', 'Feature branches', 'branches'),
    ]);
  }

  const recent = g.commitsLast30Days;
  const recentPts = tiered(recent, [[20, 5], [10, 4], [5, 2], [1, 1]]);

  // Merge subjects are generated ("Merge branch ..."), so they are left out of the convention share.
  const own = g.recent.filter((c) => !c.merge);
  const conv = own.filter((c) => CONVENTIONAL.test(c.subject)).length;
  const convShare = own.length === 0 ? null : round2((conv / own.length) * 100);
  const convPts = convShare === null ? 0 : convShare >= 80 ? 5 : convShare >= 50 ? 3 : 1;

  // Merges count here: "Merge pull request #12" links the work to its pull request.
  const refs = g.recent.filter((c) => ISSUE_REF.test(c.subject) || ISSUE_REF.test(c.body)).length;
  const refShare = g.recent.length === 0 ? null : round2((refs / g.recent.length) * 100);
  const refPts = refShare === null ? 0 : refShare >= 50 ? 5 : refShare >= 25 ? 3 : refShare > 0 ? 1 : 0;

  const feature = g.branches.filter((b) => !MAIN_BRANCHES.has(b));
  const branchPts = feature.length >= 3 ? 5 : feature.length >= 1 ? 3 : 1;

  return part('dev_velocity', DEV_VELOCITY_MAX, [
    metric({ id: 'recent_commits', label: 'Recent commits', value: recent, unit: 'commits', points: recentPts, max: 5, source: 'measured', detail: `${plural(recent, 'non-merge commit')} in the last ${VELOCITY_DAYS} days` }),
    metric({
      id: 'conventional_commits',
      label: 'Conventional commits',
      value: convShare,
      unit: '%',
      points: convPts,
      max: 5,
      source: 'measured',
      detail: own.length === 0 ? (g.recent.length === 0 ? 'no commits' : 'no non-merge commits') : `${fmt(conv)} of the last ${plural(own.length, 'non-merge commit')} follow Conventional Commits`,
    }),
    metric({
      id: 'issue_references',
      label: 'Issue references',
      value: refShare,
      unit: '%',
      points: refPts,
      max: 5,
      source: 'measured',
      detail: g.recent.length === 0 ? 'no commits' : `${fmt(refs)} of the last ${plural(g.recent.length, 'commit')} reference an issue (#N)`,
    }),
    metric({
      id: 'feature_branches',
      label: 'Feature branches',
      value: feature.length,
      unit: 'branches',
      points: branchPts,
      max: 5,
      source: 'measured',
      detail: feature.length === 0 ? 'no local branches besides main/master/develop/trunk' : `${plural(feature.length, 'feature branch', 'feature branches')}: ${feature.slice(0, 5).join(', ')}${feature.length > 5 ? ', ...' : ''}`,
    }),
  ]);
}
