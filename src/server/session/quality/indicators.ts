// Yes/no project indicators for the session start screen; they reuse the facts the score was computed from.
import type { Indicator } from '../../../protocol/quality-schemas.js';
import type { ProjectFacts } from './facts.js';
import { plural } from './metric.js';
import { ciFiles, docsFolder, findReadme } from './project-health.js';

const LICENSE = /^(licen[cs]e|copying|unlicense)([.-].*)?$/i;
const CHANGELOG = /^(changelog|changes|history|news|releases)(\.(md|markdown|rst|txt|adoc))?$/i;
const SOURCE_DIRS = ['src', 'lib', 'app', 'cmd', 'internal', 'pkg'];

function first(f: ProjectFacts, re: RegExp): string | null {
  return [...f.root].sort().find((n) => re.test(n)) ?? null;
}

/** src/, lib/, app/ (Go: cmd/, internal/, pkg/), or a top-level Python package (a folder with __init__.py). */
function sourceFolder(f: ProjectFacts): string | null {
  for (const d of SOURCE_DIRS) if (f.files.some((p) => p.startsWith(`${d}/`))) return `${d}/`;
  const pkg = f.files.find((p) => /^[^/]+\/__init__\.py$/.test(p));
  return pkg ? `${pkg.slice(0, pkg.indexOf('/'))}/ (Python package)` : null;
}

export function indicators(f: ProjectFacts): Indicator[] {
  const ind = (id: string, label: string, present: boolean, detail: string): Indicator => ({ id, label, present, detail });
  const readme = findReadme(f);
  const docs = docsFolder(f);
  const ci = ciFiles(f);
  const tests = f.sources.filter((s) => s.test).length;
  const src = sourceFolder(f);
  const license = first(f, LICENSE);
  const changelog = first(f, CHANGELOG);
  const typed = f.typeChecks.filter((t) => t.configured);
  const locks = f.lockfiles.map((l) => l.file);
  return [
    ind('git', 'Git repository', f.git !== null, f.git ? plural(f.git.commitCount, 'commit') : 'not a git repository'),
    ind('readme', 'README', readme !== null, readme ?? 'no README'),
    ind('manifest', 'Manifest', f.manifests.length > 0, f.manifests.length > 0 ? f.manifests.join(', ') : 'no package.json, pyproject.toml, Cargo.toml, go.mod, pom.xml or build.gradle'),
    ind('lockfile', 'Lockfile', locks.length > 0, locks.length > 0 ? locks.join(', ') : 'no lockfile'),
    ind('source_folder', 'Source folder', src !== null, src ?? 'no src/, lib/ or app/ folder'),
    ind('tests', 'Tests', tests > 0, tests > 0 ? plural(tests, 'test file') : 'no test files'),
    ind('docs', 'Docs folder', docs !== null, docs ? `${docs.folder}/ with ${plural(docs.pages, 'page')}` : 'no docs/ folder'),
    ind('ci', 'CI', ci.length > 0, ci.length > 0 ? ci.join(', ') : 'no CI configuration'),
    ind('gitignore', '.gitignore', f.gitignore !== null, f.gitignore !== null ? '.gitignore' : 'no .gitignore'),
    ind('license', 'License', license !== null, license ?? 'no LICENSE file'),
    ind('type_checking', 'Type checking', typed.length > 0, typed.length > 0 ? typed.map((t) => t.detail).join('; ') : 'no type checker configured'),
    ind('linter', 'Linter', f.linters.length > 0, f.linters.length > 0 ? f.linters.join(', ') : 'no linter configuration'),
    ind('coverage', 'Coverage report', f.coverage !== null, f.coverage?.file ?? 'no coverage report'),
    ind('changelog', 'Changelog', changelog !== null, changelog ?? 'no CHANGELOG'),
  ];
}
