// Quality score: the pure arithmetic and the small rule helpers, pinned exactly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandFor, totalScore } from '../../src/server/session/quality/bands.js';
import { githubTriggered } from '../../src/server/session/quality/ci.js';
import { lintPercent, weighted } from '../../src/server/session/quality/code-quality.js';
import { parseLooseJson, readSection } from '../../src/server/session/quality/config-text.js';
import { ISSUE_REF, judgeSubject } from '../../src/server/session/quality/dev-velocity.js';
import { isTestPath, sourceEcosystem } from '../../src/server/session/quality/ecosystems.js';
import { CHECKPOINT_SUBJECT, branchNames } from '../../src/server/session/quality/git-facts.js';
import { metric, notApplicable, part, round2, tiered, unknownMetric } from '../../src/server/session/quality/metric.js';
import { countLines } from '../../src/server/session/quality/scan.js';
import { contextOf, isEnvFile, isScannable } from '../../src/server/session/quality/secret-context.js';
import { ignoresDotEnv } from '../../src/server/session/quality/security.js';

describe('measured points over measurable points', () => {
  it('the score is earned / measured, scaled to 100 and rounded', () => {
    assert.equal(totalScore(63.5, 100), 64);
    assert.equal(totalScore(51, 85), 60);
    assert.equal(totalScore(0, 0), 0);
    assert.equal(totalScore(85, 85), 100);
  });
  it('unknown and not-applicable sub-metrics earn nothing and leave the denominator', () => {
    const known = metric({ id: 'a', label: 'A', value: 50, unit: '%', points: 7.5, max: 15, source: 'measured', detail: '' });
    const unknown = unknownMetric({ id: 'b', label: 'B', unit: '%', max: 10, detail: 'no report', how_to_measure: 'run it' });
    const na = notApplicable({ id: 'c', label: 'C', unit: 'days', max: 5, detail: 'Maven has no lockfile' });
    assert.equal(metric({ ...known, source: 'unknown', points: 9 }).points, 0);
    const p = part('code_quality', 40, [known, unknown, na]);
    assert.deepEqual([p.points, p.measured_max, p.max], [7.5, 15, 40]);
    assert.equal(unknown.how_to_measure, 'run it');
    assert.equal(known.how_to_measure, null);
  });
  it('weights percentages and rounds points to two decimals', () => {
    assert.equal(weighted(81.234, 0.15), 12.19);
    assert.equal(weighted(100, 0.1), 10);
    assert.equal(round2(4.4445), 4.44);
    assert.equal(round2(1.005), 1.01);
  });
});

describe('lint, bands and tiers', () => {
  it('lint percent from a report or workspace diagnostics', () => {
    assert.equal(lintPercent(0, 0), 100);
    assert.equal(lintPercent(1, 3), 84);
    assert.equal(lintPercent(12, 0), 0);
    assert.equal(lintPercent(0, 51), 0);
  });
  it('bands', () => {
    assert.equal(bandFor(80), 'excellent');
    assert.equal(bandFor(79), 'good');
    assert.equal(bandFor(60), 'good');
    assert.equal(bandFor(59), 'needs-attention');
  });
  it('tiers pick the first threshold reached', () => {
    const t = [[20, 5], [10, 4], [5, 2], [1, 1]] as const;
    assert.deepEqual([25, 20, 19, 10, 9, 5, 4, 1, 0].map((n) => tiered(n, t)), [5, 5, 4, 4, 2, 2, 1, 1, 0]);
  });
});

describe('commit messages', () => {
  it('judges subjects by what helps a reader, in any convention', () => {
    for (const s of ['feat(x)!: add flags', 'core: handle empty input', 'Fix crash when the cache is cold', 'Update README.md', 'printer: fix --json output (#42)']) assert.equal(judgeSubject(s), 'good', s);
    assert.equal(judgeSubject('Revert "core: handle empty input"'), 'revert');
    assert.equal(judgeSubject(''), 'empty');
    assert.equal(judgeSubject('wip'), 'vague');
    assert.equal(judgeSubject('Fixes'), 'vague');
    assert.equal(judgeSubject('fix bug'), 'short');
    assert.equal(judgeSubject('x'.repeat(101)), 'long');
  });
  it('finds issue references but not HTML entities', () => {
    assert.ok(ISSUE_REF.test('fix: crash (#12)'));
    assert.ok(ISSUE_REF.test('Closes #7'));
    assert.ok(ISSUE_REF.test('See GH-31'));
    assert.ok(ISSUE_REF.test('See https://github.com/o/r/issues/31'));
    assert.ok(!ISSUE_REF.test('escape &#123; in html'));
    assert.ok(!ISSUE_REF.test('use the # sign'));
    assert.ok(!ISSUE_REF.test('UTF-8 and SHA-256'));
  });
  it('recognises the product\'s own checkpoint commits', () => {
    assert.ok(CHECKPOINT_SUBJECT.test('checkpoint: app (quality: 80/100)'));
    assert.ok(!CHECKPOINT_SUBJECT.test('checkpoint: save work'));
  });
  it('counts local and remote-tracking branches once each', () => {
    const refs = ['refs/heads/main', 'refs/heads/feat/a', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main', 'refs/remotes/origin/feat/a', 'refs/remotes/origin/fix/b', 'refs/remotes/upstream/release/1.x'].join('\n');
    assert.deepEqual(branchNames(refs), ['feat/a', 'fix/b', 'main', 'release/1.x']);
  });
});

describe('CI triggers', () => {
  it('reads GitHub Actions `on:` in its usual shapes', () => {
    assert.ok(githubTriggered('on: push\njobs: {}\n'));
    assert.ok(githubTriggered('on: [push, pull_request]\n'));
    assert.ok(githubTriggered('name: CI\non:\n  pull_request:\n    branches: [main]\n  workflow_dispatch:\njobs:\n  t: {}\n'));
    assert.ok(githubTriggered('"on":\n  - push\n'));
    assert.ok(!githubTriggered('on:\n  schedule:\n    - cron: "0 0 * * 0"\n  workflow_dispatch:\njobs: {}\n'));
    assert.ok(!githubTriggered('on: release\n'));
    assert.ok(!githubTriggered('jobs: {}\n'));
  });
});

describe('secret contexts', () => {
  it('tells fixtures, doc examples, .env files and source apart', () => {
    assert.equal(contextOf('test/fixtures/config.json', '', 0), 'fixture');
    assert.equal(contextOf('src/api.test.ts', '', 0), 'fixture');
    assert.equal(contextOf('examples/basic/main.go', '', 0), 'fixture');
    assert.equal(contextOf('docs/usage.md', '', 0), 'doc-example');
    assert.equal(contextOf('GUIDE.md', '', 0), 'doc-example');
    assert.equal(contextOf('.env.production', '', 0), 'env-file');
    assert.equal(contextOf('config/prod.yaml', '', 0), 'source');
    const jsdoc = '/**\n * Creates a client.\n * @example\n * create({ token: "abc" })\n */\nexport const x = { token: "def" };\n';
    assert.equal(contextOf('source/index.ts', jsdoc, jsdoc.indexOf('abc')), 'doc-example');
    assert.equal(contextOf('source/index.ts', jsdoc, jsdoc.indexOf('def')), 'source');
  });
  it('knows which .env files are meant to be committed and which files are text', () => {
    for (const f of ['.env', 'app/.env', '.env.local', '.env.production']) assert.ok(isEnvFile(f), f);
    for (const f of ['.env.example', '.env.sample', '.env.template', '.envrc', 'env.ts']) assert.ok(!isEnvFile(f), f);
    for (const f of ['.env', 'config/prod.yaml', 'app.properties', 'deploy.sh', 'Makefile', 'settings.ini']) assert.ok(isScannable(f), f);
    for (const f of ['logo.png', 'package-lock.json', 'Cargo.lock', 'dist/app.min.js', 'app.js.map']) assert.ok(!isScannable(f), f);
  });
});

describe('files and tests by convention', () => {
  it('maps extensions to ecosystems, leaving out declarations and minified bundles', () => {
    assert.equal(sourceEcosystem('src/a.ts'), 'node');
    assert.equal(sourceEcosystem('src/a.d.ts'), null);
    assert.equal(sourceEcosystem('web/app.min.js'), null);
    assert.equal(sourceEcosystem('pkg/x.py'), 'python');
    assert.equal(sourceEcosystem('src/lib.rs'), 'rust');
    assert.equal(sourceEcosystem('main.go'), 'go');
    assert.equal(sourceEcosystem('src/main/kotlin/A.kt'), 'java');
    assert.equal(sourceEcosystem('README.md'), null);
    assert.equal(sourceEcosystem('Makefile'), null);
  });
  it('recognises test files per ecosystem', () => {
    assert.ok(isTestPath('src/a.test.ts', 'node'));
    assert.ok(isTestPath('src/a.spec.jsx', 'node'));
    assert.ok(isTestPath('src/__tests__/a.ts', 'node'));
    assert.ok(!isTestPath('src/testing.ts', 'node'));
    assert.ok(isTestPath('pkg/test_a.py', 'python'));
    assert.ok(isTestPath('pkg/a_test.py', 'python'));
    assert.ok(!isTestPath('tests/conftest.py', 'python'));
    assert.ok(!isTestPath('tests/typing/check_types.py', 'python'));
    assert.ok(!isTestPath('tests/typing/test_types.py', 'python'));
    assert.ok(!isTestPath('test/support/git-fixture.ts', 'node'));
    assert.ok(!isTestPath('test/helpers.js', 'node'));
    assert.ok(isTestPath('test/index.js', 'node'));
    assert.ok(!isTestPath('tests/common/mod.rs', 'rust'));
    assert.ok(isTestPath('core/src/test/java/ParserTests.java', 'java'));
    assert.ok(!isTestPath('pkg/contest.py', 'python'));
    assert.ok(isTestPath('tests/it.rs', 'rust'));
    assert.ok(!isTestPath('src/lib.rs', 'rust'));
    assert.ok(isTestPath('x/a_test.go', 'go'));
    assert.ok(isTestPath('core/src/test/java/AppTest.java', 'java'));
    assert.ok(!isTestPath('src/main/java/App.java', 'java'));
  });
  it('counts lines with or without a final newline', () => {
    assert.equal(countLines(''), 0);
    assert.equal(countLines('a'), 1);
    assert.equal(countLines('a\n'), 1);
    assert.equal(countLines('a\nb'), 2);
  });
});

describe('config readers', () => {
  it('parses tsconfig-style JSON with comments and trailing commas', () => {
    const text = '{\n // comment\n "compilerOptions": { "strict": true, /* x */ "paths": { "a/*": ["b/*",], }, },\n "include": ["src/**/*.ts", "http://x//y",],\n}';
    assert.deepEqual(parseLooseJson(text), { compilerOptions: { strict: true, paths: { 'a/*': ['b/*'] } }, include: ['src/**/*.ts', 'http://x//y'] });
    assert.equal(parseLooseJson('{ nope'), undefined);
  });
  it('reads INI sections and TOML tables', () => {
    const toml = '[tool.poetry]\nname = "x"\n\n[tool.mypy]\nstrict = true # yes\npython_version = "3.12"\n\n[tool.ruff]\nline-length = 100\n';
    assert.deepEqual([...(readSection(toml, 'tool.mypy') ?? [])], [['strict', 'true'], ['python_version', '3.12']]);
    assert.equal(readSection(toml, 'tool.pyright'), null);
    assert.equal(readSection('[metadata]\nname = x\n[mypy]\nstrict = True\n', 'mypy')?.get('strict'), 'True');
  });
});

describe('security helpers', () => {
  it('knows which .gitignore lines ignore .env', () => {
    for (const g of ['.env', '/.env', '.env*', '*.env', '.env.*', '**/.env', 'node_modules\n.env\n', '.*']) assert.ok(ignoresDotEnv(g), g);
    for (const g of ['', 'node_modules/', '.envrc', 'config/.env', '# .env', '.env\n!.env']) assert.ok(!ignoresDotEnv(g), g);
  });
});
