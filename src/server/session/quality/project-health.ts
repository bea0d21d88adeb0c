// Project health, 30 points: tooling 15 (manifest + lockfile, git, lockfile age) and maturity 15 (tests, docs, CI).
import type { QualityPart } from '../../../protocol/quality-schemas.js';
import { LOCKFILES, MANIFESTS } from './ecosystems.js';
import type { LockfileTime, ProjectFacts } from './facts.js';
import { fmt, metric, part, plural, tiered } from './metric.js';

export const PROJECT_HEALTH_MAX = 30;
const DAY_S = 86_400;

export function projectHealthPart(f: ProjectFacts): QualityPart {
  return part('project_health', PROJECT_HEALTH_MAX, [manifestMetric(f), gitMetric(f), lockfileAgeMetric(f), testsMetric(f), docsMetric(f), ciMetric(f)]);
}

function manifestMetric(f: ProjectFacts) {
  const locks = f.lockfiles.map((l) => l.file);
  const points = f.manifests.length > 0 ? (locks.length > 0 ? 5 : 3) : locks.length > 0 ? 2 : 0;
  const notes: string[] = [];
  // Say which declared ecosystems are not locked, and that Maven cannot be.
  for (const [eco, manifests] of Object.entries(MANIFESTS) as Array<[keyof typeof MANIFESTS, readonly string[]]>) {
    const m = manifests.find((x) => f.root.has(x));
    if (!m || LOCKFILES[eco].some((l) => f.root.has(l))) continue;
    notes.push(m === 'pom.xml' ? 'pom.xml (Maven has no lockfile)' : `${m} without a lockfile`);
  }
  const found = [...f.manifests, ...locks];
  const detail = found.length === 0 ? 'no manifest or lockfile' : `${found.join(' + ')}${notes.length ? `; ${notes.join('; ')}` : ''}`;
  return metric({ id: 'manifest_lockfile', label: 'Manifest and lockfile', value: found.length, unit: 'files', points, max: 5, source: 'measured', detail });
}

function gitMetric(f: ProjectFacts) {
  const base = { id: 'git', label: 'Git repository', unit: 'commits', max: 5, source: 'measured' as const };
  if (!f.git) return metric({ ...base, value: null, points: 0, detail: 'not a git repository' });
  const n = f.git.commitCount;
  return metric({ ...base, value: n, points: n >= 5 ? 5 : 3, detail: `git repository with ${plural(n, 'commit')}` });
}

/** Age in whole days of the stalest lockfile: with several ecosystems, the one most in need of a refresh counts. */
export function stalestLockfile(f: ProjectFacts): (LockfileTime & { days: number }) | null {
  const nowS = f.now.getTime() / 1000;
  const aged = f.lockfiles.flatMap((l) => (l.time === null ? [] : [{ ...l, days: Math.max(0, Math.floor((nowS - l.time) / DAY_S)) }]));
  return aged.reduce<(LockfileTime & { days: number }) | null>((a, b) => (a === null || b.days > a.days ? b : a), null);
}

function lockfileAgeMetric(f: ProjectFacts) {
  const base = { id: 'lockfile_age', label: 'Lockfile age', unit: 'days', max: 5 };
  const stale = stalestLockfile(f);
  if (!stale) {
    const maven = f.root.has('pom.xml') && f.lockfiles.length === 0 ? ' (Maven has no lockfile)' : '';
    return metric({ ...base, value: null, points: 0, source: 'unavailable', detail: `no lockfile${maven}` });
  }
  const how = stale.from === 'git' ? 'last committed' : 'last modified';
  const points = stale.days < 30 ? 5 : stale.days < 90 ? 3 : 1;
  return metric({ ...base, value: stale.days, points, source: 'measured', detail: `${stale.file} ${how} ${plural(stale.days, 'day')} ago` });
}

function testsMetric(f: ProjectFacts) {
  const n = f.sources.filter((s) => s.test).length;
  const points = tiered(n, [[10, 5], [5, 3], [1, 1]]);
  return metric({ id: 'tests', label: 'Test files', value: n, unit: 'files', points, max: 5, source: 'measured', detail: n === 0 ? 'no test files found' : `${plural(n, 'test file')} found` });
}

const README = /^readme(\.(md|markdown|mdx|rst|txt|adoc|org))?$/i;
const DOC_PAGE = /\.(md|mdx|rst)$/i;

export function findReadme(f: ProjectFacts): string | null {
  return [...f.root].sort().find((n) => README.test(n)) ?? null;
}

/** Files under docs/ or doc/, and how many of them are Markdown (or reStructuredText) pages. */
export function docsFolder(f: ProjectFacts): { folder: string; files: number; pages: number } | null {
  for (const folder of ['docs', 'doc']) {
    const inside = f.files.filter((p) => p.startsWith(`${folder}/`));
    if (inside.length > 0) return { folder, files: inside.length, pages: inside.filter((p) => DOC_PAGE.test(p)).length };
  }
  return null;
}

function docsMetric(f: ProjectFacts) {
  const readme = findReadme(f);
  const docs = docsFolder(f);
  const pages = docs?.pages ?? 0;
  const points = readme === null ? 0 : docs === null ? 2 : pages >= 5 ? 5 : 3;
  const parts = [readme ?? 'no README', docs ? `${docs.folder}/ with ${plural(pages, 'page')}` : 'no docs/ folder'];
  return metric({ id: 'docs', label: 'Documentation', value: pages, unit: 'pages', points, max: 5, source: 'measured', detail: parts.join(', ') });
}

const CI_FILES = new Set(['.gitlab-ci.yml', '.circleci/config.yml', 'azure-pipelines.yml', 'Jenkinsfile', '.travis.yml', 'bitbucket-pipelines.yml']);

export function ciFiles(f: ProjectFacts): string[] {
  return f.files.filter((p) => CI_FILES.has(p) || /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p));
}

function ciMetric(f: ProjectFacts) {
  const ci = ciFiles(f);
  const points = ci.length >= 2 ? 5 : ci.length === 1 ? 3 : 0;
  const detail = ci.length === 0 ? 'no CI configuration' : ci.length <= 3 ? ci.join(', ') : `${ci.slice(0, 3).join(', ')} and ${fmt(ci.length - 3)} more`;
  return metric({ id: 'ci', label: 'CI workflows', value: ci.length, unit: 'files', points, max: 5, source: 'measured', detail });
}
