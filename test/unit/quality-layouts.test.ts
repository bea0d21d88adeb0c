// computeQuality on fixture repositories shaped like real projects, one per layout: exact points and sources for
// every sub-metric, the measured share, and the details that explain them. `now` is fixed; histories are backdated.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { QualityReport } from '../../src/protocol/quality-schemas.js';
import { qualityReport } from '../../src/protocol/quality-schemas.js';
import { computeQuality } from '../../src/server/session/quality/compute.js';
import type { FileTree, FixtureRepo } from '../support/git-fixture.js';
import { branch, commit, commitAll, daysBefore, gitIn, makeRepo, writeFiles } from '../support/git-fixture.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const ago = (days: number): Date => daysBefore(NOW, days);
const code = (n: number, comment = '//'): string => Array.from({ length: n }, (_, i) => `${comment} line ${i}`).join('\n') + '\n';
const md = (n: number, title = 'Page'): string => `# ${title}\n\n` + Array.from({ length: n - 2 }, (_, i) => `Paragraph ${i} of the documentation.`).join('\n') + '\n';

/** [points, source] for every sub-metric, by id. */
function table(r: QualityReport): Record<string, [number, string]> {
  return Object.fromEntries(r.parts.flatMap((p) => p.metrics.map((m) => [m.id, [m.points, m.source] as [number, string]])));
}
function metricOf(r: QualityReport, id: string): QualityReport['parts'][number]['metrics'][number] {
  const m = r.parts.flatMap((p) => p.metrics).find((x) => x.id === id);
  assert.ok(m, `metric ${id}`);
  return m;
}
const indicator = (r: QualityReport, id: string): [boolean, string] => {
  const i = r.indicators.find((x) => x.id === id);
  assert.ok(i, `indicator ${id}`);
  return [i.present, i.detail];
};

/** Commits with the given subjects, one a day, the last `lastDaysAgo` days before NOW. */
async function history(repo: FixtureRepo, subjects: readonly string[], lastDaysAgo: number): Promise<void> {
  await commitAll(
    repo,
    subjects.map((message, i) => ({ message, date: ago(lastDaysAgo + subjects.length - 1 - i) })),
  );
}

const cleanups: FixtureRepo[] = [];
async function repoWith(files: FileTree, firstDaysAgo: number, message = 'Initial import of the project'): Promise<FixtureRepo> {
  const repo = await makeRepo(files, { date: ago(firstDaysAgo), message });
  cleanups.push(repo);
  return repo;
}
after(async () => {
  for (const c of cleanups) await c.cleanup();
});

describe('TypeScript library: no-lockfile policy, shared tsconfig base, xo in package.json, source/', () => {
  let before1: QualityReport;
  let installed: QualityReport;
  before(async () => {
    const tests = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`test/case-${i}.ts`, `import test from 'ava';\ntest('case ${i}', (t) => { t.pass(); });\n`]));
    const repo = await repoWith(
      {
        'package.json': JSON.stringify({ name: 'fetchlet', type: 'module', scripts: { test: 'xo && ava' }, xo: { prettier: true }, devDependencies: { ava: '^6.0.0', xo: '^0.58.0' } }, null, 2),
        '.npmrc': 'package-lock=false\n',
        '.gitignore': 'node_modules\nyarn.lock\npackage-lock.json\n',
        'tsconfig.json': '{\n  "extends": "@sindresorhus/tsconfig",\n  "compilerOptions": { "outDir": "distribution" }\n}\n',
        'readme.md': md(1_200, 'fetchlet'),
        'license': 'MIT\n',
        'source/index.ts': `/**\nCreates a client.\n\n@example\n\`\`\`\nconst api = fetchlet.extend({headers: {token: '${'secret'}${'123'}'}});\n\`\`\`\n*/\nexport const version = '1.0.0';\n`,
        'source/core.ts': code(120),
        'source/errors.ts': code(40),
        'source/utils/merge.ts': code(60),
        'source/utils/normalize.ts': code(30),
        ...tests,
        'test/helpers/create-server.ts': code(50),
        'test/fixtures/config.ts': `export const options = {apiKey: 'extended', password: '${'hunter'}${'2-fixture'}'};\n`,
        '.github/workflows/main.yml': 'name: CI\non:\n  - push\n  - pull_request\njobs:\n  test:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        node-version: [20, 22, 24]\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n      - run: npm install\n      - run: npm test\n',
      },
      30,
    );
    await history(repo, Array.from({ length: 11 }, (_, i) => `Fix retry handling for status ${500 + i} (#${100 + i})`), 3);
    for (const b of ['feature-hooks', 'fix-timeout', 'docs-typo']) await gitIn(repo, ['update-ref', `refs/remotes/origin/${b}`, 'HEAD']);
    await gitIn(repo, ['update-ref', 'refs/remotes/origin/main', 'HEAD']);
    before1 = await computeQuality(repo.dir, { now: NOW });
    // After `npm install` the shared base is readable and sets strict.
    await writeFiles(repo, { 'node_modules/@sindresorhus/tsconfig/tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "nodenext" } }\n' });
    installed = await computeQuality(repo.dir, { now: NOW });
  });

  it('matches the schema and measures what it can', () => {
    assert.ok(qualityReport.safeParse(before1).success);
    assert.deepEqual(table(before1), {
      coverage: [0, 'unknown'], lint: [0, 'unknown'], type_checking: [0, 'unknown'], complexity: [5, 'measured'],
      manifest_lockfile: [5, 'measured'], git: [5, 'measured'], lockfile_age: [0, 'not_applicable'], tests: [5, 'measured'], docs: [5, 'measured'], ci: [5, 'measured'],
      recent_commits: [4, 'measured'], commit_messages: [5, 'measured'], issue_references: [5, 'measured'], feature_branches: [5, 'measured'],
      security_tools: [0, 'measured'], hygiene: [4.5, 'measured'],
    });
    // 5 + 25 + 19 + 4.5 = 53.5 of 5 + 25 + 20 + 10 = 60 measured.
    assert.deepEqual([before1.earned, before1.measured_max, before1.score], [53.5, 60, 89]);
  });
  it('says unknown, and how to measure it, instead of guessing', () => {
    assert.equal(metricOf(before1, 'type_checking').detail, 'tsconfig.json extends @sindresorhus/tsconfig, which cannot be read (not installed?)');
    assert.equal(metricOf(before1, 'type_checking').how_to_measure, 'install dependencies (npm install) so the shared tsconfig can be read');
    assert.equal(metricOf(before1, 'lint').detail, 'xo configured, no lint report found');
    assert.equal(metricOf(before1, 'lint').how_to_measure, 'run `npx xo --reporter=json > eslint-report.json`');
    assert.equal(metricOf(before1, 'coverage').how_to_measure, 'run `npx c8 --reporter=lcov npm test`');
  });
  it('respects the lockfile policy and counts remote branches', () => {
    assert.equal(metricOf(before1, 'manifest_lockfile').detail, 'package.json; package-lock=false in .npmrc');
    assert.equal(metricOf(before1, 'lockfile_age').detail, 'no lockfile to age: package-lock=false in .npmrc');
    assert.deepEqual(indicator(before1, 'lockfile'), [true, 'package-lock=false in .npmrc']);
    assert.match(metricOf(before1, 'feature_branches').detail, /^3 feature branches \(local and remote-tracking\): docs-typo, feature-hooks, fix-timeout$/);
  });
  it('reads CI by what it runs: npm test runs xo (lint) and ava (tests)', () => {
    assert.equal(metricOf(before1, 'ci').detail, 'on push/PR: tests (.github/workflows/main.yml), lint (.github/workflows/main.yml)');
  });
  it('counts tests without helpers or fixtures, the long readme as documentation, source/ as the source folder', () => {
    assert.equal(metricOf(before1, 'tests').value, 11);
    assert.equal(metricOf(before1, 'docs').detail, 'readme.md; 0 pages; 1,200 lines of documentation');
    assert.deepEqual(indicator(before1, 'source_folder'), [true, 'source/']);
    assert.deepEqual(indicator(before1, 'linter'), [true, 'xo']);
  });
  it('JSDoc examples and test fixtures are low-severity findings that cost little', () => {
    assert.deepEqual(
      before1.secrets.findings.map((f) => [f.file, f.line, f.severity, f.context]),
      [['source/index.ts', 6, 'low', 'doc-example'], ['test/fixtures/config.ts', 1, 'low', 'fixture']],
    );
    assert.equal(metricOf(before1, 'hygiene').value, 0.5);
  });
  it('resolves the shared base once it is installed', () => {
    assert.deepEqual(table(installed).type_checking, [10, 'measured']);
    assert.equal(metricOf(installed, 'type_checking').detail, 'tsconfig.json: "strict": true (from @sindresorhus/tsconfig)');
    assert.deepEqual([installed.earned, installed.measured_max, installed.score], [63.5, 70, 91]);
  });
});

describe('Python CLI library: coverage configured but no report, uv.lock, typing stubs under tests/', () => {
  let r: QualityReport;
  let dir = '';
  before(async () => {
    const tests = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`tests/test_cmd${i}.py`, `def test_cmd${i}():\n    assert True\n`]));
    const repo = await repoWith(
      {
        'pyproject.toml': '[project]\nname = "clipkit"\nversion = "8.2.0"\n\n[tool.coverage.run]\nbranch = true\nsource = ["clipkit"]\n\n[tool.coverage.report]\nshow_missing = true\n\n[tool.ruff]\nline-length = 100\n\n[tool.mypy]\nstrict = true\n',
        'uv.lock': 'version = 1\n',
        '.gitignore': '.venv/\n.coverage\nhtmlcov/\n.env\n',
        'README.md': md(20, 'clipkit'),
        'mkdocs.yml': 'site_name: clipkit\n',
        ...Object.fromEntries(['index', 'quickstart', 'options', 'commands', 'testing'].map((p) => [`docs/${p}.md`, md(30, p)])),
        'src/clipkit/__init__.py': '',
        'src/clipkit/core.py': code(200, '#'),
        'src/clipkit/types.py': code(80, '#'),
        ...tests,
        'tests/conftest.py': 'import pytest\n',
        'tests/typing/check_types.py': 'reveal_type(1)\n',
        'tests/typing/test_typing.py': 'reveal_type(2)\n',
        '.github/dependabot.yml': 'version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule: { interval: weekly }\n',
        '.github/workflows/tests.yml': 'on:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  tests:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: uv run --frozen pytest\n      - run: uv run ruff check\n',
      },
      40,
    );
    // The lockfile was refreshed 10 days before the last commit.
    await history(repo, Array.from({ length: 14 }, (_, i) => `feat(cli): support option group ${i}`), 10);
    await commit(repo, 'build: refresh uv.lock', { files: { 'uv.lock': 'version = 1\nrevision = 2\n' }, date: ago(10) });
    await history(repo, Array.from({ length: 10 }, (_, i) => `fix(parser): keep quoting of argument ${i}`), 0);
    dir = repo.dir;
    r = await computeQuality(repo.dir, { now: NOW });
  });

  it('scores every sub-metric', () => {
    assert.deepEqual(table(r), {
      coverage: [0, 'unknown'], lint: [0, 'unknown'], type_checking: [10, 'measured'], complexity: [5, 'measured'],
      manifest_lockfile: [5, 'measured'], git: [5, 'measured'], lockfile_age: [5, 'measured'], tests: [3, 'measured'], docs: [5, 'measured'], ci: [5, 'measured'],
      recent_commits: [5, 'measured'], commit_messages: [5, 'measured'], issue_references: [0, 'measured'], feature_branches: [1, 'measured'],
      security_tools: [2, 'measured'], hygiene: [5, 'measured'],
    });
    // 15 + 28 + 11 + 7 = 61 of 75.
    assert.deepEqual([r.earned, r.measured_max, r.score], [61, 75, 81]);
  });
  it('says coverage is configured but not measured, with the command', () => {
    const c = metricOf(r, 'coverage');
    assert.equal(c.detail, 'configured ([tool.coverage] in pyproject.toml), not measured: no report on disk');
    assert.equal(c.how_to_measure, 'run `coverage run -m pytest && coverage json`');
    assert.deepEqual(indicator(r, 'coverage'), [false, 'configured ([tool.coverage] in pyproject.toml), no report']);
  });
  it('anchors the lockfile age on the last commit and leaves conftest and typing stubs out of the tests', () => {
    assert.equal(metricOf(r, 'lockfile_age').detail, 'uv.lock last committed 10 days before the last commit');
    assert.equal(metricOf(r, 'tests').value, 6);
    assert.deepEqual(indicator(r, 'linter'), [true, 'Ruff, mypy']);
    assert.equal(metricOf(r, 'docs').value, 5);
  });
  it('takes workspace-wide diagnostics as lint, but not diagnostics of open files', async () => {
    const whole = await computeQuality(dir, { now: NOW, diagnostics: { errors: 1, warnings: 2, scope: 'workspace' } });
    assert.deepEqual(table(whole).lint, [8.6, 'measured']);
    assert.equal(whole.lint_source, 'editor-diagnostics');
    const open = await computeQuality(dir, { now: NOW, diagnostics: { errors: 2, warnings: 0, scope: 'open-files' } });
    assert.deepEqual(table(open).lint, [0, 'unknown']);
    assert.equal(open.lint_source, 'none');
    assert.equal(open.score, r.score, 'open files never move the score');
    const unscoped = await computeQuality(dir, { now: NOW, diagnostics: { errors: 2, warnings: 0 } });
    assert.equal(unscoped.score, r.score);
    assert.match(metricOf(open, 'lint').detail, /^editor diagnostics cover only open files, so they are not counted; /);
  });
});

describe('Rust workspace under crates/, pkg/ for packaging, guides at the root', () => {
  let r: QualityReport;
  before(async () => {
    const repo = await repoWith(
      {
        'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n\n[workspace.lints.clippy]\nall = "warn"\n',
        'Cargo.lock': '# This file is automatically @generated by Cargo.\nversion = 3\n',
        '.gitignore': '/target\n',
        'README.md': md(100, 'searcher'),
        'GUIDE.md': md(1_000, 'User guide'),
        'FAQ.md': md(200, 'FAQ'),
        'CHANGELOG.md': '# 14.1.0\n',
        'crates/core/Cargo.toml': '[package]\nname = "searcher-core"\n',
        'crates/core/src/lib.rs': `pub fn add(a: i32, b: i32) -> i32 { a + b }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() { assert_eq!(super::add(1, 2), 3); }\n}\n`,
        'crates/core/tests/common/mod.rs': 'pub fn setup() {}\n',
        'crates/cli/Cargo.toml': '[package]\nname = "searcher"\n',
        'crates/cli/src/main.rs': code(300),
        'crates/cli/tests/integration.rs': '#[test]\nfn runs() {}\n',
        'pkg/brew/searcher.rb': 'class Searcher < Formula\nend\n',
        'pkg/windows/Manifest.xml': '<assembly/>\n',
        '.github/workflows/ci.yml': 'name: ci\non:\n  pull_request:\n  push:\n    branches: [master]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test --workspace\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo clippy --workspace -- -D warnings\n',
      },
      21,
      'core: initial search engine',
    );
    await history(repo, Array.from({ length: 21 }, (_, i) => (i % 2 === 0 ? `printer: fix column output for case ${i} (#${2000 + i})` : `searcher: handle binary file ${i}`)), 0);
    r = await computeQuality(repo.dir, { now: NOW });
  });

  it('scores every sub-metric', () => {
    assert.deepEqual(table(r), {
      coverage: [0, 'unknown'], lint: [0, 'unknown'], type_checking: [10, 'measured'], complexity: [5, 'measured'],
      manifest_lockfile: [5, 'measured'], git: [5, 'measured'], lockfile_age: [5, 'measured'], tests: [1, 'measured'], docs: [5, 'measured'], ci: [5, 'measured'],
      recent_commits: [5, 'measured'], commit_messages: [5, 'measured'], issue_references: [5, 'measured'], feature_branches: [1, 'measured'],
      security_tools: [0, 'measured'], hygiene: [5, 'measured'],
    });
    // 15 + 26 + 16 + 5 = 62 of 75.
    assert.deepEqual([r.earned, r.measured_max, r.score], [62, 75, 83]);
  });
  it('understands the workspace, the guides and crate-style commit subjects', () => {
    assert.deepEqual(indicator(r, 'source_folder'), [true, 'crates/']);
    assert.deepEqual(indicator(r, 'workspaces'), [true, '2 packages (cargo)']);
    assert.equal(metricOf(r, 'docs').detail, 'README.md; 2 pages; 1,300 lines of documentation');
    assert.equal(metricOf(r, 'tests').value, 2, 'inline #[cfg(test)] and tests/integration.rs; tests/common/mod.rs is a helper');
    assert.equal(metricOf(r, 'commit_messages').value, 100);
    assert.equal(metricOf(r, 'recent_commits').value, 22);
    assert.equal(metricOf(r, 'lint').how_to_measure, 'run `cargo clippy --message-format=json | clippy-sarif > lint-results.sarif`');
  });
});

describe('Go module: doc/ is a Go package, the docs live under site/content', () => {
  let r: QualityReport;
  before(async () => {
    const repo = await repoWith(
      {
        'go.mod': 'module example.com/cobrette\n\ngo 1.22\n\nrequire github.com/spf13/pflag v1.0.5\n',
        'go.sum': 'github.com/spf13/pflag v1.0.5 h1:abc=\n',
        '.gitignore': 'coverage.out\n',
        '.golangci.yml': 'linters:\n  enable: [gofmt, revive]\n',
        'README.md': md(40, 'cobrette'),
        'command.go': code(400),
        'args.go': code(120),
        'command_test.go': 'package cobrette\n',
        'args_test.go': 'package cobrette\n',
        'doc/man_docs.go': 'package doc\n',
        'doc/md_docs.go': 'package doc\n',
        'doc/md_docs_test.go': 'package doc\n',
        ...Object.fromEntries(['_index', 'docs/user-guide', 'docs/completions', 'docs/active-help', 'docs/projects'].map((p) => [`site/content/${p}.md`, md(50, p)])),
        '.github/workflows/test.yml': 'on: [push, pull_request]\njobs:\n  lint:\n    steps:\n      - uses: golangci/golangci-lint-action@v6\n  test:\n    steps:\n      - run: go test -race ./...\n',
      },
      5,
    );
    await history(repo, ['Add completion for flag values', 'Fix typo in the user guide', 'Support persistent pre-run hooks', 'Refactor argument validation', 'Update flag parsing for shorthand'], 0);
    await branch(repo, 'feature/completions');
    // Ignored profile on disk: 6 of 10 statements covered.
    await writeFiles(repo, { 'coverage.out': 'mode: set\nexample.com/cobrette/command.go:10.2,12.3 6 1\nexample.com/cobrette/args.go:5.2,8.3 4 0\n' });
    r = await computeQuality(repo.dir, { now: NOW });
  });

  it('scores every sub-metric', () => {
    assert.deepEqual(table(r), {
      coverage: [9, 'measured'], lint: [0, 'unknown'], type_checking: [10, 'measured'], complexity: [5, 'measured'],
      manifest_lockfile: [5, 'measured'], git: [5, 'measured'], lockfile_age: [5, 'measured'], tests: [1, 'measured'], docs: [5, 'measured'], ci: [5, 'measured'],
      recent_commits: [2, 'measured'], commit_messages: [5, 'measured'], issue_references: [0, 'measured'], feature_branches: [3, 'measured'],
      security_tools: [0, 'measured'], hygiene: [5, 'measured'],
    });
    // 24 + 26 + 10 + 5 = 65 of 90.
    assert.deepEqual([r.earned, r.measured_max, r.score], [65, 90, 72]);
  });
  it('does not take the doc/ package for documentation, and finds the site', () => {
    assert.equal(metricOf(r, 'docs').detail, 'README.md; 5 pages (site/); 290 lines of documentation');
    assert.equal(metricOf(r, 'tests').value, 3);
  });
});

describe('Maven multi-module project with Error Prone, Spotless and JaCoCo', () => {
  let r: QualityReport;
  before(async () => {
    const pom = (modules: string): string =>
      `<project>\n  <modelVersion>4.0.0</modelVersion>\n  <artifactId>jsonkit-parent</artifactId>\n  <packaging>pom</packaging>\n${modules}  <build><plugins>\n    <plugin><groupId>com.diffplug.spotless</groupId><artifactId>spotless-maven-plugin</artifactId></plugin>\n    <plugin><groupId>org.jacoco</groupId><artifactId>jacoco-maven-plugin</artifactId></plugin>\n    <plugin><artifactId>maven-compiler-plugin</artifactId><configuration><annotationProcessorPaths><path><groupId>com.google.errorprone</groupId><artifactId>error_prone_core</artifactId></path></annotationProcessorPaths></configuration></plugin>\n  </plugins></build>\n</project>\n`;
    const repo = await repoWith(
      {
        'pom.xml': pom('  <modules>\n    <module>core</module>\n    <module>cli</module>\n  </modules>\n'),
        'core/pom.xml': '<project><artifactId>jsonkit</artifactId></project>\n',
        'core/src/main/java/org/jsonkit/Json.java': code(450),
        'core/src/test/java/org/jsonkit/JsonTest.java': code(80),
        'core/src/test/java/org/jsonkit/FixtureData.java': code(20),
        'cli/pom.xml': '<project><artifactId>jsonkit-cli</artifactId></project>\n',
        'cli/src/main/java/org/jsonkit/cli/Main.java': code(60),
        'cli/src/test/java/org/jsonkit/cli/MainTest.java': code(40),
        '.gitignore': 'target/\n',
        'README.md': md(60, 'jsonkit'),
        'SECURITY.md': '# Reporting\n',
        '.github/dependabot.yml': 'version: 2\n',
        '.github/workflows/build.yml': 'on: [push, pull_request]\njobs:\n  build:\n    steps:\n      - run: mvn -B verify --file pom.xml\n',
        '.github/workflows/codeql.yml': 'on:\n  schedule:\n    - cron: "0 3 * * 1"\njobs:\n  analyze:\n    steps:\n      - uses: github/codeql-action/analyze@v3\n',
      },
      28,
    );
    await history(repo, Array.from({ length: 7 }, (_, i) => `Fix number parsing edge case ${i} (#${300 + i})`), 0);
    r = await computeQuality(repo.dir, { now: NOW });
  });

  it('scores every sub-metric; Maven has no lockfile to miss', () => {
    assert.deepEqual(table(r), {
      coverage: [0, 'unknown'], lint: [0, 'unknown'], type_checking: [10, 'measured'], complexity: [5, 'measured'],
      manifest_lockfile: [5, 'measured'], git: [5, 'measured'], lockfile_age: [0, 'not_applicable'], tests: [1, 'measured'], docs: [2, 'measured'], ci: [5, 'measured'],
      recent_commits: [2, 'measured'], commit_messages: [5, 'measured'], issue_references: [5, 'measured'], feature_branches: [1, 'measured'],
      security_tools: [5, 'measured'], hygiene: [5, 'measured'],
    });
    // 15 + 18 + 13 + 10 = 56 of 70.
    assert.deepEqual([r.earned, r.measured_max, r.score], [56, 70, 80]);
  });
  it('finds the modules, the build linters and the configured coverage', () => {
    assert.equal(metricOf(r, 'manifest_lockfile').detail, 'pom.xml; Maven has no lockfile');
    assert.deepEqual(indicator(r, 'workspaces'), [true, '2 packages (maven)']);
    assert.deepEqual(indicator(r, 'linter'), [true, 'Spotless, Error Prone']);
    assert.equal(metricOf(r, 'coverage').detail, 'configured (jacoco-maven-plugin in pom.xml), not measured: no report on disk');
    assert.equal(metricOf(r, 'ci').detail, 'on push/PR: tests (.github/workflows/build.yml), lint (.github/workflows/build.yml)');
    assert.match(metricOf(r, 'security_tools').detail, /scanning in CI \(github\/codeql-action\)/);
    assert.equal(metricOf(r, 'tests').value, 2, 'FixtureData.java is not a test class');
  });
});

describe('pnpm monorepo with per-package changelogs and a coverage summary', () => {
  let r: QualityReport;
  before(async () => {
    const pkg = (name: string): FileTree => ({
      [`packages/${name}/package.json`]: JSON.stringify({ name: `@mono/${name}`, version: '1.0.0' }),
      [`packages/${name}/src/index.ts`]: code(80),
      [`packages/${name}/src/parse.ts`]: code(120),
      [`packages/${name}/test/parse.test.ts`]: 'import { it } from "vitest";\nit("parses", () => {});\n',
      [`packages/${name}/CHANGELOG.md`]: `# @mono/${name}\n\n## 1.0.0\n`,
    });
    const repo = await repoWith(
      {
        'package.json': JSON.stringify({ private: true, scripts: { test: 'vitest run', lint: 'eslint .' }, devDependencies: { vitest: '^2.0.0', eslint: '^9.0.0' } }, null, 2),
        'pnpm-workspace.yaml': 'packages:\n  - "packages/*"\n',
        'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
        'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
        'eslint.config.js': 'export default [];\n',
        '.gitignore': 'node_modules\ncoverage\n.env\n',
        'renovate.json': '{ "extends": ["config:recommended"] }\n',
        'README.md': md(80, 'mono'),
        'docs/architecture.md': md(40),
        'docs/releasing.md': md(40),
        ...pkg('core'),
        ...pkg('react'),
        ...pkg('utils'),
        '.github/workflows/ci.yml': 'on:\n  push:\n  pull_request:\njobs:\n  ci:\n    steps:\n      - run: pnpm install --frozen-lockfile\n      - run: pnpm lint\n      - run: pnpm test -- --coverage\n      - uses: codecov/codecov-action@v4\n',
      },
      20,
    );
    await history(repo, Array.from({ length: 11 }, (_, i) => (i % 2 ? `fix(core): keep order of keys ${i} (#${40 + i})` : `feat(react): add hook variant ${i}`)), 0);
    for (const b of ['changeset-release/main', 'feat/suspense']) await gitIn(repo, ['update-ref', `refs/remotes/origin/${b}`, 'HEAD']);
    await writeFiles(repo, { 'coverage/coverage-summary.json': JSON.stringify({ total: { lines: { total: 400, covered: 350, skipped: 0, pct: 87.5 } } }) });
    r = await computeQuality(repo.dir, { now: NOW });
  });

  it('scores every sub-metric', () => {
    assert.deepEqual(table(r), {
      coverage: [13.13, 'measured'], lint: [0, 'unknown'], type_checking: [10, 'measured'], complexity: [5, 'measured'],
      manifest_lockfile: [5, 'measured'], git: [5, 'measured'], lockfile_age: [5, 'measured'], tests: [1, 'measured'], docs: [3, 'measured'], ci: [5, 'measured'],
      recent_commits: [4, 'measured'], commit_messages: [5, 'measured'], issue_references: [3, 'measured'], feature_branches: [3, 'measured'],
      security_tools: [2, 'measured'], hygiene: [5, 'measured'],
    });
    // 28.13 + 24 + 15 + 7 = 74.13 of 90.
    assert.deepEqual([r.earned, r.measured_max, r.score], [74.13, 90, 82]);
  });
  it('sees the workspace packages, their sources and changelogs', () => {
    assert.deepEqual(indicator(r, 'workspaces'), [true, '3 packages (pnpm)']);
    assert.deepEqual(indicator(r, 'changelog'), [true, 'packages/core/CHANGELOG.md, packages/react/CHANGELOG.md, packages/utils/CHANGELOG.md']);
    assert.deepEqual(indicator(r, 'source_folder'), [true, 'packages/core/src/ (workspace package)']);
    assert.equal(metricOf(r, 'tests').value, 3);
  });
});

describe('a repository whose commits all lie 100+ days in the past, with checkpoint commits on top', () => {
  let r: QualityReport;
  let again: QualityReport;
  before(async () => {
    const repo = await repoWith(
      {
        'package.json': '{ "name": "old-app", "version": "2.0.0" }\n',
        'package-lock.json': '{ "lockfileVersion": 3 }\n',
        '.gitignore': 'node_modules\n',
        'README.md': md(30, 'old-app'),
        'src/index.js': code(100),
        'src/server.js': code(200),
        ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`test/route${i}.test.js`, 'test("ok", () => {});\n'])),
      },
      125,
    );
    await history(repo, Array.from({ length: 21 }, (_, i) => `Handle route ${i} errors in the server`), 103);
    await commit(repo, 'Update dependencies in the lockfile', { files: { 'package-lock.json': '{ "lockfileVersion": 3, "packages": {} }\n' }, date: ago(102) });
    await commit(repo, 'Release version 2.0.0 of the app', { date: ago(101) });
    // This product's own checkpoint commits, made today: they must change nothing.
    await commit(repo, 'checkpoint: old-app (quality: 52/100)', { date: ago(0.5) });
    r = await computeQuality(repo.dir, { now: NOW });
    await commit(repo, 'checkpoint: old-app (quality: 52/100)', { date: ago(0.2) });
    again = await computeQuality(repo.dir, { now: NOW });
  });

  it('anchors time on the last commit, not on today', () => {
    assert.deepEqual(r.last_commit, { at: ago(101).toISOString().replace(/\.\d{3}Z$/, '.000Z'), days_ago: 101 });
    assert.equal(metricOf(r, 'recent_commits').value, 24);
    assert.equal(metricOf(r, 'recent_commits').detail, '24 non-merge commits in the 30 days up to the last commit');
    assert.equal(metricOf(r, 'lockfile_age').detail, 'package-lock.json last committed 1 day before the last commit');
  });
  it('scores every sub-metric', () => {
    assert.deepEqual(table(r), {
      coverage: [0, 'unknown'], lint: [0, 'measured'], type_checking: [3, 'measured'], complexity: [5, 'measured'],
      manifest_lockfile: [5, 'measured'], git: [5, 'measured'], lockfile_age: [5, 'measured'], tests: [3, 'measured'], docs: [2, 'measured'], ci: [0, 'measured'],
      recent_commits: [5, 'measured'], commit_messages: [5, 'measured'], issue_references: [0, 'measured'], feature_branches: [1, 'measured'],
      security_tools: [0, 'measured'], hygiene: [5, 'measured'],
    });
    // 8 + 20 + 11 + 5 = 44 of 25 + 30 + 20 + 10 = 85 (coverage unknown).
    assert.deepEqual([r.earned, r.measured_max, r.score], [44, 85, 52]);
  });
  it('leaves checkpoint commits out, so another checkpoint changes nothing', () => {
    assert.equal(metricOf(r, 'git').value, 24);
    assert.deepEqual(table(again), table(r));
    assert.equal(again.score, r.score);
    assert.ok(!r.recommendations.some((x) => /0 commits/.test(x.text)));
  });
});
