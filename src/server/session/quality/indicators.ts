// Yes/no project indicators for the session start screen; they reuse the facts the score was computed from.
import type { Indicator } from '../../../protocol/quality-schemas.js';
import type { ProjectFacts } from './facts.js';
import { plural } from './metric.js';
import { docsFacts, findReadme } from './project-health.js';

const LICENSE = /^(licen[cs]e|copying|unlicense)([.-].*)?$/i;
const CHANGELOG = /^(changelog|changes|history|news|releases)(\.(md|markdown|rst|txt|adoc))?$/i;
/** Folders that hold a project's own code. `pkg/` counts only when it holds Go code (elsewhere it is packaging). */
const SOURCE_DIRS = ['src', 'source', 'lib', 'app', 'crates', 'cmd', 'internal'];

function first(f: ProjectFacts, re: RegExp): string | null {
  return [...f.root].sort().find((n) => re.test(n)) ?? null;
}

/** src/, source/, lib/, app/, crates/, Go's cmd/, internal/ and pkg/, packages/<name>/src, or a top-level Python package. */
function sourceFolder(f: ProjectFacts): string | null {
  const sources = f.sources.map((s) => s.path);
  for (const d of SOURCE_DIRS) if (sources.some((p) => p.startsWith(`${d}/`))) return `${d}/`;
  if (f.sources.some((s) => s.ecosystem === 'go' && s.path.startsWith('pkg/'))) return 'pkg/';
  const member = sources.find((p) => /^[^/]+\/[^/]+\/(src|source|lib)\//.test(p) && f.workspaces.members.some((m) => p.startsWith(`${m}/`)));
  if (member) return `${member.split('/').slice(0, 2).join('/')}/${member.split('/')[2] as string}/ (workspace package)`;
  const pkg = f.files.find((p) => /^[^/]+\/__init__\.py$/.test(p));
  return pkg ? `${pkg.slice(0, pkg.indexOf('/'))}/ (Python package)` : null;
}

/** A root changelog, or changelogs in the workspace packages of a monorepo. */
function changelogs(f: ProjectFacts): string[] {
  const root = first(f, CHANGELOG);
  const members = f.workspaces.members.flatMap((m) => f.files.filter((p) => p.startsWith(`${m}/`) && !p.slice(m.length + 1).includes('/') && CHANGELOG.test(p.slice(m.length + 1))));
  return [...(root ? [root] : []), ...members];
}

export function indicators(f: ProjectFacts): Indicator[] {
  const ind = (id: string, label: string, present: boolean, detail: string): Indicator => ({ id, label, present, detail });
  const readme = findReadme(f);
  const docs = docsFacts(f);
  const ci = f.ci.files;
  const tests = f.sources.filter((s) => s.test).length;
  const src = sourceFolder(f);
  const license = first(f, LICENSE);
  const changes = changelogs(f);
  const typed = f.typeChecks.filter((t) => t.configured);
  const locks = f.lockfiles.map((l) => l.file);
  const declined = f.lockNeeds.filter((n) => n.status === 'policy' || n.status === 'not-applicable');
  const ws = f.workspaces;
  const docsWhere = [...docs.folders, ...docs.configs];
  return [
    ind('git', 'Git repository', f.git !== null, f.git ? plural(f.git.commitCount, 'commit') : 'not a git repository'),
    ind('readme', 'README', readme !== null, readme ?? 'no README'),
    ind('manifest', 'Manifest', f.manifests.length > 0, f.manifests.length > 0 ? f.manifests.join(', ') : 'no package.json, pyproject.toml, Cargo.toml, go.mod, pom.xml or build.gradle'),
    ind('lockfile', 'Lockfile', locks.length > 0 || declined.length > 0, locks.length > 0 ? locks.join(', ') : declined.length > 0 ? declined.map((n) => n.reason).join('; ') : 'no lockfile'),
    ind('source_folder', 'Source folder', src !== null, src ?? 'no src/, source/, lib/, app/ or crates/ folder'),
    ind('tests', 'Tests', tests > 0, tests > 0 ? plural(tests, 'test file') : 'no test files'),
    ind('docs', 'Docs', docs.pages.length > 0, docs.pages.length > 0 ? `${plural(docs.pages.length, 'page')}${docsWhere.length ? ` (${docsWhere.join(', ')})` : ''}` : 'no documentation besides the README'),
    ind('ci', 'CI', ci.length > 0, ci.length > 0 ? ci.join(', ') : 'no CI configuration'),
    ind('gitignore', '.gitignore', f.gitignore !== null, f.gitignore !== null ? '.gitignore' : 'no .gitignore'),
    ind('license', 'License', license !== null, license ?? 'no LICENSE file'),
    ind('type_checking', 'Type checking', typed.length > 0, typed.length > 0 ? typed.map((t) => t.detail).join('; ') : 'no type checker configured'),
    ind('linter', 'Linter', f.linters.length > 0, f.linters.length > 0 ? f.linters.join(', ') : 'no linter configuration'),
    ind('coverage', 'Coverage report', f.coverage !== null, f.coverage?.file ?? (f.coverageSetup.configuredIn ? `configured (${f.coverageSetup.configuredIn}), no report` : 'no coverage report')),
    ind('changelog', 'Changelog', changes.length > 0, changes.length === 0 ? 'no CHANGELOG' : changes.length <= 3 ? changes.join(', ') : `${changes.slice(0, 3).join(', ')} and ${changes.length - 3} more`),
    ind('workspaces', 'Monorepo', ws.members.length > 0, ws.members.length > 0 ? `${plural(ws.members.length, 'package')} (${ws.kinds.join(', ')})` : 'a single package'),
  ];
}
