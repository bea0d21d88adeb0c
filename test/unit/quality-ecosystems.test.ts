// computeQuality on fixture projects, one per ecosystem plus a folder without git and a mixed project:
// exact points, values and sources for every sub-metric, with a fixed `now` and backdated git history.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { QualityReport } from '../../src/protocol/quality-schemas.js';
import { qualityReport } from '../../src/protocol/quality-schemas.js';
import { computeQuality } from '../../src/server/session/quality/compute.js';
import type { FixtureRepo } from '../support/git-fixture.js';
import { branch, checkout, commit, commitAll, daysBefore, makeRepo, makeTempDir, merge, setFileCommitTime, setMtime, writeFiles } from '../support/git-fixture.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const ago = (days: number): Date => daysBefore(NOW, days);
const lines = (n: number, text = 'x'): string => Array.from({ length: n }, (_, i) => `// ${text} ${i}`).join('\n') + '\n';

type Field = 'points' | 'value' | 'source';
function metrics(r: QualityReport, field: Field): Record<string, unknown> {
  return Object.fromEntries(r.parts.flatMap((p) => p.metrics.map((m) => [m.id, m[field]])));
}
function detail(r: QualityReport, id: string): string {
  const m = r.parts.flatMap((p) => p.metrics).find((x) => x.id === id);
  assert.ok(m, `metric ${id}`);
  return m.detail;
}
function partPoints(r: QualityReport): Record<string, number> {
  return Object.fromEntries(r.parts.map((p) => [p.id, p.points]));
}

const cleanups: FixtureRepo[] = [];
after(async () => {
  for (const c of cleanups) await c.cleanup();
});

describe('Node/TypeScript project', () => {
  let r: QualityReport;
  before(async () => {
    const repo = await makeRepo(
      {
        'package.json': '{ "name": "app", "version": "1.0.0" }\n',
        'package-lock.json': '{ "lockfileVersion": 3 }\n',
        // Comments, trailing commas and "extends": strict comes from the base config.
        'tsconfig.json': '{\n  // project config\n  "extends": "./tsconfig.base.json",\n  "compilerOptions": { "outDir": "out", },\n}\n',
        'tsconfig.base.json': '{ "compilerOptions": { /* all checks */ "strict": true } }\n',
        'eslint.config.js': 'export default [];\n',
        'README.md': '# app\n',
        'LICENSE': 'MIT\n',
        'CHANGELOG.md': '# changes\n',
        ...Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [`docs/${n}.md`, `# ${n}\n`])),
        '.github/workflows/ci.yml': 'on: push\n',
        '.github/workflows/release.yaml': 'on: push\n',
        '.gitignore': 'node_modules/\ncoverage/\n.env\n',
        'src/a.ts': lines(20),
        'src/b.ts': lines(500),
        'src/big.ts': lines(600),
        'src/config.ts': 'export const region = "eu";\n\nexport const apiKey = "sk-live-abcdef123456";\n',
        'src/types.d.ts': lines(900),
        'src/vendor.min.js': 'var a=1;\n',
        ...Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`test/t${n}.test.ts`, lines(10)])),
      },
      { date: ago(100), message: 'feat: initial project' },
    );
    cleanups.push(repo);
    await commitAll(repo, [
      { message: 'fix(api): handle empty input (#12)', date: ago(45) },
      { message: 'update readme', date: ago(40) },
      { message: 'refactor: split modules', date: ago(35) },
      { message: 'feat(cli)!: new flags\n\nCloses #14', date: ago(25) },
      { message: 'wip', date: ago(20) },
      { message: 'docs: usage', date: ago(18) },
      { message: 'fix: typo #15', date: ago(15) },
      { message: 'Tweak things', date: ago(12) },
    ]);
    await setFileCommitTime(repo, 'package-lock.json', ago(10));
    await commitAll(repo, [
      { message: 'test: more cases', date: ago(8) },
      { message: 'feat: search #16', date: ago(7) },
      { message: 'misc', date: ago(6) },
      { message: 'perf: faster', date: ago(5) },
      { message: 'fix: crash', date: ago(4) },
      { message: 'cleanup', date: ago(3) },
    ]);
    await branch(repo, 'feature/login', { checkout: true });
    await commit(repo, 'feat(login): form', { date: ago(2.5) });
    await checkout(repo, 'main');
    await merge(repo, 'feature/login', { message: 'Merge pull request #17 from feature/login', date: ago(2) });
    await commit(repo, 'docs: changelog', { date: ago(1) });
    await branch(repo, 'fix/typo');
    // Ignored report on disk: read even though git does not list it.
    await writeFiles(repo, { 'coverage/lcov.info': 'SF:src/a.ts\nLF:100\nLH:80\nend_of_record\nSF:src/b.ts\nLF:100\nLH:70\nend_of_record\n' });
    r = await computeQuality(repo.dir, { now: NOW, diagnostics: { errors: 1, warnings: 3 } });
  });

  it('matches the report schema', () => {
    assert.ok(qualityReport.safeParse(r).success);
    assert.deepEqual(r.ecosystems, ['node']);
    assert.equal(r.computed_at, NOW.toISOString());
  });
  it('scores every sub-metric', () => {
    assert.deepEqual(metrics(r, 'points'), {
      coverage: 11.25, lint: 8.4, type_checking: 10, complexity: 4.5,
      manifest_lockfile: 5, git: 5, lockfile_age: 5, tests: 3, docs: 5, ci: 5,
      recent_commits: 4, conventional_commits: 3, issue_references: 3, feature_branches: 3,
      security_tools: 5, hygiene: 3,
    });
    assert.deepEqual(metrics(r, 'value'), {
      coverage: 75, lint: 84, type_checking: 100, complexity: 90,
      manifest_lockfile: 2, git: 19, lockfile_age: 10, tests: 5, docs: 5, ci: 2,
      recent_commits: 14, conventional_commits: 72.22, issue_references: 26.32, feature_branches: 2,
      security_tools: 100, hygiene: 2,
    });
    assert.deepEqual(partPoints(r), { code_quality: 34.15, project_health: 28, dev_velocity: 13, security: 8 });
    assert.equal(r.score, 83);
    assert.equal(r.band, 'excellent');
  });
  it('says where each value came from', () => {
    assert.equal(detail(r, 'coverage'), 'coverage/lcov.info: 150 of 200 lines covered (75%)');
    assert.equal(detail(r, 'lint'), 'editor diagnostics: 1 error, 3 warnings');
    assert.equal(detail(r, 'type_checking'), 'tsconfig.json: "strict": true');
    assert.equal(detail(r, 'complexity'), '9 of 10 source files ≤ 500 lines', 'eslint.config.js is source too');
    assert.equal(detail(r, 'lockfile_age'), 'package-lock.json last committed 10 days ago');
    assert.equal(detail(r, 'recent_commits'), '14 non-merge commits in the last 30 days');
    assert.equal(detail(r, 'conventional_commits'), '13 of the last 18 non-merge commits follow Conventional Commits');
    assert.equal(detail(r, 'issue_references'), '5 of the last 19 commits reference an issue (#N)');
    assert.equal(detail(r, 'hygiene'), 'hard-coded secret in 1 file: src/config.ts:3');
    assert.ok(!JSON.stringify(r).includes('sk-live'), 'the secret value never appears');
    assert.equal(metrics(r, 'source').security_tools, 'fallback');
  });
  it('lists the indicators', () => {
    const ind = Object.fromEntries(r.indicators.map((i) => [i.id, i.present]));
    assert.deepEqual(ind, {
      git: true, readme: true, manifest: true, lockfile: true, source_folder: true, tests: true, docs: true, ci: true,
      gitignore: true, license: true, type_checking: true, linter: true, coverage: true, changelog: true,
    });
    assert.equal(r.indicators.find((i) => i.id === 'linter')?.detail, 'ESLint');
  });
  it('recommends the biggest gains first', () => {
    assert.deepEqual(
      r.recommendations.map((x) => [x.metric, x.gain]),
      [['coverage', 3.75], ['tests', 2], ['conventional_commits', 2], ['issue_references', 2], ['feature_branches', 2], ['hygiene', 2], ['lint', 1.6], ['recent_commits', 1]],
    );
    assert.equal(r.recommendations[5]?.text, 'Remove the hard-coded secret in src/config.ts:3 (read it from the environment or a secret store)');
  });
});

describe('Python project', () => {
  let r: QualityReport;
  before(async () => {
    const repo = await makeRepo(
      {
        'pyproject.toml': '[project]\nname = "mypkg"\n\n[tool.mypy]\nstrict = false\n\n[tool.ruff]\nline-length = 100\n',
        'poetry.lock': '# lock\n',
        'README.rst': 'mypkg\n',
        '.gitlab-ci.yml': 'test:\n  script: pytest\n',
        '.gitignore': '__pycache__/\n*.pyc\n',
        'mypkg/__init__.py': '',
        'mypkg/core.py': 'def f():\n    return 1\n',
        'mypkg/util.py': 'def g():\n    return 2\n',
        'mypkg/util_test.py': 'def test_g():\n    assert True\n',
        'tests/test_core.py': 'def test_f():\n    assert True\n',
        'tests/test_util.py': 'def test_g():\n    assert True\n',
        'tests/conftest.py': '',
      },
      { date: ago(60), message: 'Initial commit' },
    );
    cleanups.push(repo);
    await commitAll(repo, [
      { message: 'feat: add util (#3)', date: ago(40) },
      { message: 'fix: bug', date: ago(5) },
    ]);
    await writeFiles(repo, { 'coverage.xml': '<?xml version="1.0" ?>\n<coverage version="7.4" lines-valid="100" lines-covered="50" line-rate="0.5">\n</coverage>\n' });
    r = await computeQuality(repo.dir, { now: NOW });
  });

  it('scores every sub-metric', () => {
    assert.deepEqual(r.ecosystems, ['python']);
    assert.deepEqual(metrics(r, 'points'), {
      coverage: 7.5, lint: 10, type_checking: 7, complexity: 5,
      manifest_lockfile: 5, git: 3, lockfile_age: 3, tests: 1, docs: 2, ci: 3,
      recent_commits: 1, conventional_commits: 3, issue_references: 3, feature_branches: 1,
      security_tools: 5, hygiene: 3,
    });
    assert.deepEqual(metrics(r, 'source'), {
      coverage: 'measured', lint: 'fallback', type_checking: 'fallback', complexity: 'measured',
      manifest_lockfile: 'measured', git: 'measured', lockfile_age: 'measured', tests: 'measured', docs: 'measured', ci: 'measured',
      recent_commits: 'measured', conventional_commits: 'measured', issue_references: 'measured', feature_branches: 'measured',
      security_tools: 'fallback', hygiene: 'measured',
    });
    assert.deepEqual(partPoints(r), { code_quality: 29.5, project_health: 17, dev_velocity: 8, security: 8 });
    assert.equal(r.score, 63);
    assert.equal(r.band, 'good');
  });
  it('details', () => {
    assert.equal(detail(r, 'coverage'), 'coverage.xml: 50 of 100 lines covered (50%)');
    assert.equal(detail(r, 'lint'), 'no lint data (no editor diagnostics were passed)');
    assert.equal(detail(r, 'type_checking'), 'mypy (pyproject.toml) configured without strict mode');
    assert.equal(detail(r, 'lockfile_age'), 'poetry.lock last committed 60 days ago');
    assert.equal(detail(r, 'tests'), '4 test files found');
    assert.equal(detail(r, 'docs'), 'README.rst, no docs/ folder');
    assert.equal(detail(r, 'hygiene'), '.gitignore does not ignore .env');
    assert.equal(r.indicators.find((i) => i.id === 'linter')?.detail, 'Ruff');
    assert.equal(r.indicators.find((i) => i.id === 'source_folder')?.detail, 'mypkg/ (Python package)');
  });
  it('recommends by gain, equal gains in part order, at most 8', () => {
    assert.deepEqual(
      r.recommendations.map((x) => [x.metric, x.gain]),
      [['coverage', 7.5], ['tests', 4], ['recent_commits', 4], ['feature_branches', 4], ['type_checking', 3], ['docs', 3], ['git', 2], ['lockfile_age', 2]],
    );
    const texts = r.recommendations.map((x) => x.text);
    assert.ok(texts.includes('Turn on strict mode for mypy (pyproject.toml) (mypy: strict = true; pyright: typeCheckingMode = "strict")'));
    assert.ok(texts.includes('Add a docs/ folder with at least 5 Markdown pages'));
    assert.deepEqual(r.recommendations[0], { part: 'code_quality', metric: 'coverage', text: 'Raise test coverage from 50% (coverage.xml) — every 10% adds 1.5 points', gain: 7.5 });
  });
});

describe('Rust project', () => {
  let r: QualityReport;
  before(async () => {
    const repo = await makeRepo(
      {
        'Cargo.toml': '[package]\nname = "app"\n\n[lints.clippy]\npedantic = "warn"\n',
        'Cargo.lock': '# lock\n',
        'README.md': '# app\n',
        'docs/guide.md': '# guide\n',
        'docs/design.md': '# design\n',
        '.gitignore': '/target\n.env*\n',
        'src/main.rs': 'fn main() {}\n\n#[cfg(test)]\nmod tests {}\n',
        'src/lib.rs': 'pub fn f() {}\n',
        'src/big.rs': lines(501),
        'tests/integration.rs': '#[test]\nfn it() {}\n',
      },
      { date: ago(200), message: 'feat: init' },
    );
    cleanups.push(repo);
    await commitAll(repo, [
      { message: 'feat: parser', date: ago(28) },
      { message: 'fix: overflow', date: ago(20) },
      { message: 'refactor!: api', date: ago(10) },
      { message: 'test: more', date: ago(5) },
      { message: 'docs: guide', date: ago(2) },
    ]);
    for (const b of ['feature/a', 'feature/b', 'feature/c']) await branch(repo, b);
    await writeFiles(repo, { 'target/lcov.info': 'SF:src/lib.rs\nLF:40\nLH:40\nend_of_record\n' });
    r = await computeQuality(repo.dir, { now: NOW, diagnostics: { errors: 0, warnings: 0 } });
  });

  it('scores every sub-metric', () => {
    assert.deepEqual(r.ecosystems, ['rust']);
    assert.deepEqual(metrics(r, 'points'), {
      coverage: 15, lint: 10, type_checking: 10, complexity: 3.75,
      manifest_lockfile: 5, git: 5, lockfile_age: 1, tests: 1, docs: 3, ci: 0,
      recent_commits: 2, conventional_commits: 5, issue_references: 0, feature_branches: 5,
      security_tools: 5, hygiene: 5,
    });
    assert.deepEqual(partPoints(r), { code_quality: 38.75, project_health: 15, dev_velocity: 12, security: 10 });
    assert.equal(r.score, 76);
  });
  it('details', () => {
    assert.equal(detail(r, 'type_checking'), 'Rust is compiler-checked');
    assert.equal(metrics(r, 'source').type_checking, 'measured');
    assert.equal(detail(r, 'lint'), 'editor diagnostics: 0 errors, 0 warnings');
    assert.equal(metrics(r, 'source').lint, 'measured');
    assert.equal(detail(r, 'tests'), '2 test files found');
    assert.equal(detail(r, 'lockfile_age'), 'Cargo.lock last committed 200 days ago');
    assert.equal(detail(r, 'docs'), 'README.md, docs/ with 2 pages');
    assert.equal(detail(r, 'feature_branches'), '3 feature branches: feature/a, feature/b, feature/c');
    assert.equal(r.indicators.find((i) => i.id === 'linter')?.detail, 'Clippy');
  });
});

describe('Go project', () => {
  let r: QualityReport;
  before(async () => {
    const tests = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`pkg/p${i}/p${i}_test.go`, 'package p\n']));
    const repo = await makeRepo(
      {
        'go.mod': 'module example.com/m\n',
        'main.go': 'package main\n\nfunc main() {}\n',
        'pkg/x/x.go': 'package x\n',
        'internal/db/db.go': 'package db\n\nconst password = "hunter2-prod"\n',
        'internal/cfg/cfg.go': 'package cfg\n\nvar cfg = map[string]string{\n\t"api_key": "AKIA1234567890",\n}\n',
        Jenkinsfile: 'pipeline {}\n',
        '.circleci/config.yml': 'version: 2.1\n',
        'azure-pipelines.yml': 'trigger: [main]\n',
        ...tests,
      },
      { date: ago(100), message: 'initial import' },
    );
    cleanups.push(repo);
    // Exactly 30 days old: not "under 30 days", and just outside the 30-day commit window.
    await commit(repo, 'update go.sum', { files: { 'go.sum': 'example.com/dep v1.0.0 h1:abc=\n' }, date: ago(30) });
    for (let j = 0; j < 25; j++) {
      const subject = j < 10 ? `feat: change ${j}` : `change ${j}`;
      const body = j % 2 === 0 || j % 3 === 0 ? `\n\nSee #${100 + j}` : '';
      await commit(repo, subject + body, { date: ago(25 - j) });
    }
    for (const b of ['develop', 'trunk', 'bugfix/x']) await branch(repo, b);
    await writeFiles(repo, { 'coverage.out': 'mode: set\nexample.com/m/a.go:3.10,5.2 2 1\nexample.com/m/a.go:6.10,8.2 3 0\nexample.com/m/b.go:1.1,4.2 5 1\nexample.com/m/b.go:1.1,4.2 5 0\n' });
    r = await computeQuality(repo.dir, { now: NOW });
  });

  it('scores every sub-metric', () => {
    assert.deepEqual(r.ecosystems, ['go']);
    assert.deepEqual(metrics(r, 'points'), {
      coverage: 10.5, lint: 10, type_checking: 10, complexity: 5,
      manifest_lockfile: 5, git: 5, lockfile_age: 3, tests: 5, docs: 0, ci: 5,
      recent_commits: 5, conventional_commits: 1, issue_references: 5, feature_branches: 3,
      security_tools: 5, hygiene: 0,
    });
    assert.deepEqual(metrics(r, 'value'), {
      coverage: 70, lint: 100, type_checking: 100, complexity: 100,
      manifest_lockfile: 2, git: 27, lockfile_age: 30, tests: 10, docs: 0, ci: 3,
      recent_commits: 25, conventional_commits: 37.04, issue_references: 62.96, feature_branches: 1,
      security_tools: 100, hygiene: 7,
    });
    assert.deepEqual(partPoints(r), { code_quality: 35.5, project_health: 23, dev_velocity: 14, security: 5 });
    assert.equal(r.score, 78);
  });
  it('details', () => {
    assert.equal(detail(r, 'hygiene'), 'no .gitignore (so .env is not ignored); hard-coded secret in 2 files: internal/cfg/cfg.go:4, internal/db/db.go:3');
    assert.equal(detail(r, 'ci'), '.circleci/config.yml, Jenkinsfile, azure-pipelines.yml');
    assert.equal(detail(r, 'docs'), 'no README, no docs/ folder');
    assert.equal(detail(r, 'feature_branches'), '1 feature branch: bugfix/x');
    const hygiene = r.recommendations.filter((x) => x.metric === 'hygiene');
    assert.deepEqual(hygiene.map((x) => [x.text.slice(0, 40), x.gain]), [
      ['Add a .gitignore that ignores .env', 3],
      ['Remove the hard-coded secret in internal', 2],
      ['Remove the hard-coded secret in internal', 2],
    ]);
  });
});

describe('Java/Kotlin (Maven) project', () => {
  let r: QualityReport;
  before(async () => {
    const tests = Object.fromEntries(['A', 'B', 'C'].map((n) => [`src/test/java/com/x/${n}Test.java`, 'class T {}\n']));
    const repo = await makeRepo(
      {
        'pom.xml': '<project><build><plugins><plugin><artifactId>maven-checkstyle-plugin</artifactId></plugin></plugins></build></project>\n',
        'README.md': '# app\n',
        ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`docs/p${n}.md`, `# ${n}\n`])),
        '.github/workflows/build.yml': 'on: push\n',
        '.gitignore': 'target/\n*.env\n',
        'src/main/java/com/x/App.java': 'class App {}\n',
        'src/main/kotlin/com/x/Util.kt': 'object Util\n',
        'src/test/kotlin/com/x/UtilTest.kt': 'class UtilTest\n',
        'src/test/kotlin/com/x/MoreTest.kt': 'class MoreTest\n',
        ...tests,
      },
      { date: ago(40), message: 'Initial commit' },
    );
    cleanups.push(repo);
    await writeFiles(repo, {
      'target/site/jacoco/jacoco.xml': '<report name="x"><package name="p"><counter type="LINE" missed="90" covered="10"/></package><counter type="LINE" missed="25" covered="75"/></report>',
    });
    r = await computeQuality(repo.dir, { now: NOW, diagnostics: { errors: 12, warnings: 0 } });
  });

  it('scores every sub-metric', () => {
    assert.deepEqual(r.ecosystems, ['java']);
    assert.deepEqual(metrics(r, 'points'), {
      coverage: 11.25, lint: 0, type_checking: 10, complexity: 5,
      manifest_lockfile: 3, git: 3, lockfile_age: 0, tests: 3, docs: 5, ci: 3,
      recent_commits: 0, conventional_commits: 1, issue_references: 0, feature_branches: 1,
      security_tools: 5, hygiene: 5,
    });
    assert.deepEqual(partPoints(r), { code_quality: 26.25, project_health: 17, dev_velocity: 2, security: 10 });
    assert.equal(r.score, 55);
    assert.equal(r.band, 'needs-attention');
  });
  it('says Maven has no lockfile and does not recommend one', () => {
    assert.equal(detail(r, 'manifest_lockfile'), 'pom.xml; pom.xml (Maven has no lockfile)');
    assert.equal(detail(r, 'lockfile_age'), 'no lockfile (Maven has no lockfile)');
    assert.equal(metrics(r, 'source').lockfile_age, 'unavailable');
    assert.ok(!r.recommendations.some((x) => x.metric === 'manifest_lockfile' || x.metric === 'lockfile_age'));
    assert.equal(detail(r, 'tests'), '5 test files found');
    assert.equal(detail(r, 'conventional_commits'), '0 of the last 1 non-merge commit follow Conventional Commits');
    assert.equal(r.indicators.find((i) => i.id === 'linter')?.detail, 'Checkstyle');
    assert.equal(r.recommendations[0]?.metric, 'lint');
  });
});

describe('folder without git', () => {
  let r: QualityReport;
  before(async () => {
    const d = await makeTempDir('quality-nogit-');
    cleanups.push(d);
    await writeFiles(d, {
      'package.json': '{ "name": "x" }\n',
      'yarn.lock': '# yarn\n',
      'README.md': '# x\n',
      '.gitignore': '.env\nnode_modules\n',
      'src/index.js': 'module.exports = 1;\n',
      'src/util.js': 'module.exports = 2;\n',
      // Dependencies and build output are never project code.
      'node_modules/dep/index.js': lines(900),
      'dist/out.js': lines(900),
      'coverage/coverage-summary.json': JSON.stringify({ total: { lines: { total: 10, covered: 8, pct: 80 } } }),
    });
    await setMtime(d, 'yarn.lock', ago(100));
    r = await computeQuality(d.dir, { now: NOW });
  });

  it('scores without git: velocity unavailable', () => {
    assert.deepEqual(metrics(r, 'points'), {
      coverage: 12, lint: 10, type_checking: 3, complexity: 5,
      manifest_lockfile: 5, git: 0, lockfile_age: 1, tests: 0, docs: 2, ci: 0,
      recent_commits: 0, conventional_commits: 0, issue_references: 0, feature_branches: 0,
      security_tools: 5, hygiene: 5,
    });
    const sources = metrics(r, 'source');
    for (const id of ['recent_commits', 'conventional_commits', 'issue_references', 'feature_branches']) {
      assert.equal(sources[id], 'unavailable');
      assert.equal(detail(r, id), 'not a git repository');
    }
    assert.equal(r.score, 48);
    assert.equal(detail(r, 'complexity'), '2 of 2 source files ≤ 500 lines');
    assert.equal(detail(r, 'lockfile_age'), 'yarn.lock last modified 100 days ago');
    assert.equal(detail(r, 'type_checking'), 'no tsconfig.json: JavaScript without type checking');
    assert.equal(r.indicators.find((i) => i.id === 'git')?.present, false);
  });
  it('recommends git instead of velocity steps', () => {
    assert.ok(!r.recommendations.some((x) => x.part === 'dev_velocity'));
    const git = r.recommendations.find((x) => x.metric === 'git');
    assert.equal(git?.gain, 5);
    assert.match(git?.text ?? '', /^Initialise a git repository/);
  });
});

describe('mixed project', () => {
  it('weighs type checking by source files per ecosystem', async () => {
    const d = await makeTempDir('quality-mixed-');
    cleanups.push(d);
    await writeFiles(d, {
      'package.json': '{}\n',
      'pyproject.toml': '[tool.mypy]\nstrict = true\n',
      'index.js': '1;\n',
      'a.py': 'a = 1\n',
      'b.py': 'b = 1\n',
      'c.py': 'c = 1\n',
    });
    const r = await computeQuality(d.dir, { now: NOW });
    assert.deepEqual(r.ecosystems, ['node', 'python']);
    const types = r.parts[0]?.metrics.find((m) => m.id === 'type_checking');
    assert.equal(types?.value, 82.5);
    assert.equal(types?.points, 8.25);
    assert.equal(types?.source, 'fallback');
    assert.match(types?.detail ?? '', /^weighted by source files: Node\/TypeScript 30% × 1 file .*; Python 100% × 3 files/);
    // Without any .gitignore: −1 and −2.
    assert.equal(r.parts[3]?.metrics[1]?.points, 2);
  });
});

describe('edge cases', () => {
  it('rejects a folder that does not exist', async () => {
    await assert.rejects(computeQuality('/nonexistent/quality/fixture', { now: NOW }), /not a directory/);
  });
  it('counts files over 1 MB as too long without reading them', async () => {
    const d = await makeTempDir('quality-big-');
    cleanups.push(d);
    await writeFiles(d, { 'huge.js': `const password = "hunter22-real";\n${'x'.repeat(1024 * 1024)}\n`, 'small.js': '1;\n' });
    const r = await computeQuality(d.dir, { now: NOW });
    assert.equal(detail(r, 'complexity'), '1 of 2 source files ≤ 500 lines');
    assert.equal(detail(r, 'hygiene'), 'no .gitignore (so .env is not ignored)');
    assert.ok(!JSON.stringify(r).includes('hunter22'));
  });
  it('scores a repository without commits', async () => {
    const repo = await makeRepo();
    cleanups.push(repo);
    await writeFiles(repo, { 'main.go': 'package main\n', 'go.mod': 'module m\n' });
    const r = await computeQuality(repo.dir, { now: NOW });
    const pts = metrics(r, 'points');
    assert.deepEqual([pts.git, pts.recent_commits, pts.conventional_commits, pts.issue_references, pts.feature_branches], [3, 0, 0, 0, 1]);
    assert.equal(detail(r, 'conventional_commits'), 'no commits');
    assert.equal(detail(r, 'git'), 'git repository with 0 commits');
  });
});
