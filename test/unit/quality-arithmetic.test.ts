// Quality score: the pure arithmetic and the small rule helpers, pinned exactly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandFor, totalScore } from '../../src/server/session/quality/bands.js';
import { codeQualityPoints, lintPercent } from '../../src/server/session/quality/code-quality.js';
import { parseLooseJson, readSection } from '../../src/server/session/quality/config-text.js';
import { CONVENTIONAL, ISSUE_REF } from '../../src/server/session/quality/dev-velocity.js';
import { isTestPath, sourceEcosystem } from '../../src/server/session/quality/ecosystems.js';
import { round2, tiered } from '../../src/server/session/quality/metric.js';
import { countLines } from '../../src/server/session/quality/scan.js';
import { findSecretLine } from '../../src/server/session/quality/secrets.js';
import { ignoresDotEnv } from '../../src/server/session/quality/security.js';

describe('code quality arithmetic (reference cases)', () => {
  it('all four at 100 give 15 + 10 + 10 + 5 = 40', () => {
    assert.deepEqual(codeQualityPoints({ coverage: 100, lint: 100, types: 100, complexity: 100 }), { coverage: 15, lint: 10, types: 10, complexity: 5, total: 40 });
  });
  it('50/80/60/70 give 7.5 + 8 + 6 + 3.5 = 25', () => {
    assert.deepEqual(codeQualityPoints({ coverage: 50, lint: 80, types: 60, complexity: 70 }), { coverage: 7.5, lint: 8, types: 6, complexity: 3.5, total: 25 });
  });
  it('no metrics give 0 + 10 + 3 + 5 = 18', () => {
    assert.deepEqual(codeQualityPoints({ coverage: null, lint: null, types: null, complexity: null }), { coverage: 0, lint: 10, types: 3, complexity: 5, total: 18 });
  });
  it('a configured type checker without a measure falls back to 70', () => {
    assert.equal(codeQualityPoints({ coverage: null, lint: null, types: null, complexity: null }, { typeCheckerConfigured: true }).total, 22);
  });
  it('rounds points to two decimals', () => {
    assert.equal(codeQualityPoints({ coverage: 81.234, lint: 100, types: 100, complexity: 88.89 }).coverage, 12.19);
    assert.equal(round2(4.4445), 4.44);
    assert.equal(round2(1.005), 1.01);
  });
});

describe('lint, bands and tiers', () => {
  it('lint percent from editor diagnostics', () => {
    assert.equal(lintPercent(0, 0), 100);
    assert.equal(lintPercent(1, 3), 84);
    assert.equal(lintPercent(12, 0), 0);
    assert.equal(lintPercent(0, 51), 0);
  });
  it('bands and the clamped integer score', () => {
    assert.equal(bandFor(80), 'excellent');
    assert.equal(bandFor(79), 'good');
    assert.equal(bandFor(60), 'good');
    assert.equal(bandFor(59), 'needs-attention');
    assert.equal(totalScore([29.5, 17, 8, 8]), 63);
    assert.equal(totalScore([40, 30, 20, 10, 5]), 100);
    assert.equal(totalScore([]), 0);
  });
  it('tiers pick the first threshold reached', () => {
    const t = [[20, 5], [10, 4], [5, 2], [1, 1]] as const;
    assert.deepEqual([25, 20, 19, 10, 9, 5, 4, 1, 0].map((n) => tiered(n, t)), [5, 5, 4, 4, 2, 2, 1, 1, 0]);
  });
});

describe('commit conventions', () => {
  it('recognises Conventional Commit subjects', () => {
    for (const s of ['feat: a', 'feat(x)!: a', 'Fix(api): a', 'chore(deps): bump', 'checkpoint: app (quality: 80/100) - 2026-01-01 10:00:00']) assert.ok(CONVENTIONAL.test(s), s);
    for (const s of ['wip', 'feat:a', 'Note: x', 'update readme', 'feat (x): a', 'Merge branch main']) assert.ok(!CONVENTIONAL.test(s), s);
  });
  it('finds issue references but not HTML entities', () => {
    assert.ok(ISSUE_REF.test('fix: crash (#12)'));
    assert.ok(ISSUE_REF.test('Closes #7'));
    assert.ok(!ISSUE_REF.test('escape &#123; in html'));
    assert.ok(!ISSUE_REF.test('use the # sign'));
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
    assert.ok(isTestPath('tests/conftest.py', 'python'));
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
  it('finds hard-coded secrets and skips placeholders', () => {
    assert.equal(findSecretLine('const a = 1;\nconst password = "hunter22";\n'), 2);
    assert.equal(findSecretLine('API_KEY = "sk-12345678"'), 1);
    assert.equal(findSecretLine('{ "client_secret": "abcdefgh" }'), 1);
    assert.equal(findSecretLine('password := "gopher123"'), 1);
    assert.equal(findSecretLine('private static final String DB_PASSWORD = "s3cr3tpw";'), 1);
    assert.equal(findSecretLine('let secretKey = `abcdefghi`;'), 1);
    for (const ok of ['password = "changeme"', 'token = "${TOKEN}"', 'secret = "<your secret>"', 'secret = "xxxxxx"', 'secret = "abc"', 'password = ""', 'tokenizer: "bert-base"', 'passwordLabel: "Enter password"', 'if password == "hunter22":', "mask_token: '[MASK]'", 'token = os.environ["TOKEN"]']) {
      assert.equal(findSecretLine(ok), null, ok);
    }
  });
});
