// Project health, 30 points: tooling 15 (manifest + lockfile, git, lockfile age) and maturity 15 (tests, docs, CI).
import type { QualityPart, SubMetric } from '../../../protocol/quality-schemas.js';
import type { LockfileTime, ProjectFacts } from './facts.js';
import { fmt, metric, notApplicable, part, plural, tiered } from './metric.js';
import { DOC_PAGE } from './scan.js';

export const PROJECT_HEALTH_MAX = 30;
const DAY_S = 86_400;

export function projectHealthPart(f: ProjectFacts): QualityPart {
  return part('project_health', PROJECT_HEALTH_MAX, [manifestMetric(f), gitMetric(f), lockfileAgeMetric(f), testsMetric(f), docsMetric(f), ciMetric(f)]);
}

function manifestMetric(f: ProjectFacts): SubMetric {
  const base = { id: 'manifest_lockfile', label: 'Manifest and lockfile', unit: 'files', max: 5, source: 'measured' as const };
  const locks = f.lockfiles.map((l) => l.file);
  const found = [...f.manifests, ...locks];
  const needs = f.lockNeeds;
  const missing = needs.filter((n) => n.status === 'missing');
  // A manifest is complete when every ecosystem that can lock has its lockfile, or declines one for a reason.
  const complete = f.manifests.length > 0 && missing.length === 0;
  const points = complete ? 5 : f.manifests.length > 0 ? 3 : locks.length > 0 ? 2 : 0;
  const notes = needs.filter((n) => n.status !== 'present').map((n) => n.reason);
  const detail = found.length === 0 ? 'no manifest or lockfile' : `${found.join(' + ')}${notes.length ? `; ${notes.join('; ')}` : ''}`;
  return metric({ ...base, value: found.length, points, detail });
}

function gitMetric(f: ProjectFacts): SubMetric {
  const base = { id: 'git', label: 'Git repository', unit: 'commits', max: 5, source: 'measured' as const };
  if (!f.git) return metric({ ...base, value: null, points: 0, detail: 'not a git repository' });
  const n = f.git.commitCount;
  return metric({ ...base, value: n, points: n >= 5 ? 5 : 3, detail: `git repository with ${plural(n, 'commit')} (checkpoint commits not counted)` });
}

/**
 * The reference time for ages: the project's last commit (not a checkpoint commit) in git, so a clone of a
 * project that has not moved for months is judged as it stood then; the current time outside git.
 */
export function anchorSeconds(f: ProjectFacts): number {
  return f.git?.anchor ?? Math.floor(f.now.getTime() / 1000);
}

/** Age in whole days of the stalest lockfile before the anchor: with several ecosystems, the one most in need of a refresh. */
export function stalestLockfile(f: ProjectFacts): (LockfileTime & { days: number }) | null {
  const at = anchorSeconds(f);
  const aged = f.lockfiles.flatMap((l) => (l.time === null ? [] : [{ ...l, days: Math.max(0, Math.floor((at - l.time) / DAY_S)) }]));
  return aged.reduce<(LockfileTime & { days: number }) | null>((a, b) => (a === null || b.days > a.days ? b : a), null);
}

function lockfileAgeMetric(f: ProjectFacts): SubMetric {
  const base = { id: 'lockfile_age', label: 'Lockfile age', unit: 'days', max: 5 };
  const stale = stalestLockfile(f);
  if (!stale) {
    const declined = f.lockNeeds.filter((n) => n.status === 'policy' || n.status === 'not-applicable');
    if (f.lockNeeds.length > 0 && declined.length === f.lockNeeds.length) return notApplicable({ ...base, detail: `no lockfile to age: ${declined.map((n) => n.reason).join('; ')}` });
    if (f.lockNeeds.length === 0) return notApplicable({ ...base, detail: 'no manifest, so no lockfile to age' });
    return metric({ ...base, value: null, points: 0, source: 'measured', detail: 'no lockfile: dependency versions are not pinned' });
  }
  const how = stale.from === 'git' ? 'last committed' : 'last modified';
  const points = stale.days < 30 ? 5 : stale.days < 90 ? 3 : 1;
  const anchor = f.git?.anchor != null ? 'before the last commit' : 'ago';
  return metric({ ...base, value: stale.days, points, source: 'measured', detail: `${stale.file} ${how} ${plural(stale.days, 'day')} ${anchor}` });
}

function testsMetric(f: ProjectFacts): SubMetric {
  const n = f.sources.filter((s) => s.test).length;
  const points = tiered(n, [[10, 5], [5, 3], [1, 1]]);
  return metric({ id: 'tests', label: 'Test files', value: n, unit: 'files', points, max: 5, source: 'measured', detail: n === 0 ? 'no test files found' : `${plural(n, 'test file')} found (helpers and fixtures not counted)` });
}

const README = /^readme(\.(md|markdown|mdx|rst|txt|adoc|org))?$/i;
/** Root Markdown files that are not guides. */
const NOT_GUIDE = /^(readme|changelog|changes|history|news|releases|license|licence|copying|notice|code_of_conduct|security|authors|contributors|maintainers|codeowners)(\.[a-z]+)?$/i;
const DOC_DIRS = ['docs', 'doc', 'documentation'];
const SITE_DIRS = ['site', 'website', 'docs-site', 'www', 'book'];
const DOC_CONFIGS = /^(mkdocs\.ya?ml|docusaurus\.config\.(js|ts|mjs)|book\.toml|\.readthedocs\.ya?ml|antora\.yml)$/;
/** Markdown lines that document a project thoroughly even without many pages. */
export const DOC_LINES_FULL = 1_000;

export function findReadme(f: ProjectFacts): string | null {
  return [...f.root].sort().find((n) => README.test(n)) ?? null;
}

export interface DocsFacts {
  readme: string | null;
  /** Documentation pages: root guides, pages in docs folders (only folders holding Markdown) and site folders. */
  pages: string[];
  folders: string[];
  configs: string[];
  /** Lines of the README and every page. */
  lines: number;
}

export function docsFacts(f: ProjectFacts): DocsFacts {
  const readme = findReadme(f);
  const guides = f.files.filter((p) => !p.includes('/') && DOC_PAGE.test(p) && !NOT_GUIDE.test(p));
  const folders: string[] = [];
  const pages: string[] = [...guides];
  for (const d of [...DOC_DIRS, ...SITE_DIRS]) {
    const inside = f.files.filter((p) => p.startsWith(`${d}/`) && DOC_PAGE.test(p));
    // A folder named doc/ that holds code (a Go package) is not documentation.
    if (inside.length === 0) continue;
    folders.push(`${d}/`);
    pages.push(...inside);
  }
  const configs = f.files.filter((p) => DOC_CONFIGS.test(p) || p === 'docs/conf.py' || p === 'doc/conf.py');
  const lines = [readme, ...pages].reduce((n, p) => n + (p ? (f.scan.docLines.get(p) ?? 0) : 0), 0);
  return { readme, pages, folders, configs, lines };
}

function docsMetric(f: ProjectFacts): SubMetric {
  const d = docsFacts(f);
  const n = d.pages.length;
  const points = d.readme === null ? 0 : n >= 5 || d.lines >= DOC_LINES_FULL ? 5 : n >= 1 ? 3 : 2;
  const where = [...d.folders, ...(d.configs.length ? [d.configs.join(', ')] : [])];
  const detail = `${d.readme ?? 'no README'}; ${plural(n, 'page')}${where.length ? ` (${where.join(', ')})` : ''}; ${plural(d.lines, 'line')} of documentation`;
  return metric({ id: 'docs', label: 'Documentation', value: n, unit: 'pages', points, max: 5, source: 'measured', detail });
}

export function ciFiles(f: ProjectFacts): string[] {
  return f.ci.files;
}

function ciMetric(f: ProjectFacts): SubMetric {
  const { files, triggered, tests, lint } = f.ci;
  const runsTests = tests.length > 0;
  const runsLint = lint.length > 0;
  const points = files.length === 0 ? 0 : (runsTests ? 3 : 0) + (runsLint ? 2 : 0) || 1;
  const list = (xs: string[]): string => (xs.length <= 2 ? xs.join(', ') : `${xs.slice(0, 2).join(', ')} and ${fmt(xs.length - 2)} more`);
  const detail =
    files.length === 0
      ? 'no CI configuration'
      : triggered.length === 0
        ? `${list(files)}: none runs on push or pull request`
        : `on push/PR: ${runsTests ? `tests (${list(tests)})` : 'no tests'}, ${runsLint ? `lint (${list(lint)})` : 'no lint'}`;
  return metric({ id: 'ci', label: 'CI', value: (runsTests ? 1 : 0) + (runsLint ? 1 : 0), unit: 'checks', points, max: 5, source: 'measured', detail });
}
