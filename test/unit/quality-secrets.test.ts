// The quality score's secret scan on fixture repositories: five planted credentials found with file and line,
// fixtures and doc examples at a lower severity and cost, a committed .env as a finding by itself, the time
// budget; and a well-kept project that scores at least 80 with every part measured.
// Secret-looking strings are assembled at run time, so this file holds none.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { QualityReport } from '../../src/protocol/quality-schemas.js';
import { qualityReport } from '../../src/protocol/quality-schemas.js';
import { formatQuality, formatSecrets } from '../../src/server/mcp/session-format.js';
import { computeQuality } from '../../src/server/session/quality/compute.js';
import { disposeScanWorkers, scanProject } from '../../src/server/session/quality/scan.js';
import type { FileTree, FixtureRepo } from '../support/git-fixture.js';
import { commitAll, daysBefore, gitIn, makeRepo, writeFiles } from '../support/git-fixture.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const ago = (days: number): Date => daysBefore(NOW, days);
const code = (n: number): string => Array.from({ length: n }, (_, i) => `// line ${i}`).join('\n') + '\n';
const md = (n: number): string => '# Page\n\n' + Array.from({ length: n - 2 }, (_, i) => `Paragraph ${i}.`).join('\n') + '\n';
const join = (...parts: string[]): string => parts.join('');

// Credentials in the shapes of the issue, built from pieces.
const STRIPE = join('sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc');
const DB_PASSWORD = join('Pr0d', '-Passw0rd', '!2024');
const AWS_KEY_ID = join('AK', 'IA', 'Q3ZKX7RT2MBW5NDY');
const GITHUB_TOKEN = join('gh', 'p_', 'R8xk2LmQ9vTz4NwYpB7cJ3dF6hK1sA0eU5gE');
const PG_PASSWORD = join('Pr0d', 'S3cret', '!x');

function hygiene(r: QualityReport): number {
  const m = r.parts.flatMap((p) => p.metrics).find((x) => x.id === 'hygiene');
  assert.ok(m);
  return m.points;
}

const cleanups: FixtureRepo[] = [];
async function repoWith(files: FileTree): Promise<FixtureRepo> {
  const repo = await makeRepo(files, { date: ago(3), message: 'Initial import of the service' });
  cleanups.push(repo);
  return repo;
}
after(async () => {
  await disposeScanWorkers();
  for (const c of cleanups) await c.cleanup();
});

const GO_BASE: FileTree = {
  'go.mod': 'module example.com/billing\n\ngo 1.22\n',
  'README.md': '# billing\n',
  '.gitignore': 'bin/\n',
  'main.go': 'package main\n\nfunc main() {}\n',
};

describe('five planted secrets plus fixtures in tests', () => {
  let r: QualityReport;
  before(async () => {
    const repo = await repoWith({
      ...GO_BASE,
      '.env': `# local settings\nAPI_KEY=${STRIPE}\n`,
      'config/prod.yaml': `server:\n  port: 8080\ndatabase:\n  user: billing\n  password: ${DB_PASSWORD}\n`,
      'internal/aws/session.go': `package aws\n\n// Region is fixed.\nconst Region = "eu-west-1"\n\nconst accessKeyID = "${AWS_KEY_ID}"\n`,
      'internal/api/client.go': `package api\n\nvar headers = map[string]string{\n\t"Accept":        "application/json",\n\t"Authorization": "Bearer ${GITHUB_TOKEN}",\n}\n`,
      'internal/db/db.go': `package db\n\nconst dsn = "postgres://admin:${PG_PASSWORD}@db.internal:5432/billing"\n`,
      'internal/db/db_test.go': `package db\n\nvar cfg = Config{User: "admin", Password: "${join('fixture', '-Pass', '99')}"}\n`,
      'tests/fixtures/.env': `TOKEN=${join('abc', 'DEF', '123456789')}\n`,
    });
    r = await computeQuality(repo.dir, { now: NOW });
  });

  it('finds all five with file and line, a masked preview and never the value', () => {
    assert.ok(qualityReport.safeParse(r).success);
    const high = r.secrets.findings.filter((f) => f.severity === 'high').map((f) => [f.file, f.line, f.rule]);
    assert.deepEqual(high, [
      ['.env', 1, 'committed-env-file'],
      ['.env', 2, 'secretlint/stripe/STRIPE_SECRET_KEY_LIVE'],
      ['config/prod.yaml', 5, 'secret-assignment'],
      ['internal/api/client.go', 5, 'secretlint/github/GITHUB_TOKEN'],
      ['internal/aws/session.go', 6, 'aws-access-key-id'],
      ['internal/db/db.go', 3, 'connection-string-password'],
    ]);
    const json = JSON.stringify(r);
    for (const s of [STRIPE, DB_PASSWORD, AWS_KEY_ID, GITHUB_TOKEN, PG_PASSWORD]) assert.ok(!json.includes(s), 'no secret value in the report');
    assert.ok(r.secrets.findings.every((f) => f.preview.includes('*') || f.rule === 'committed-env-file'));
    assert.equal(r.secrets.complete, true);
  });
  it('reports the fixtures at low severity', () => {
    const low = r.secrets.findings.filter((f) => f.severity === 'low').map((f) => [f.file, f.line, f.context]);
    assert.deepEqual(low, [
      ['internal/db/db_test.go', 3, 'fixture'],
      ['tests/fixtures/.env', 1, 'fixture'],
      ['tests/fixtures/.env', 1, 'fixture'],
    ]);
  });
  it('costs all five hygiene points: five files with credentials, and .env not ignored', () => {
    assert.equal(hygiene(r), 0);
    const h = r.parts.flatMap((p) => p.metrics).find((x) => x.id === 'hygiene');
    // 5 files × 2 + 2 fixture files × 0.25 + 2 for the exposed .env = 12.5.
    assert.equal(h?.value, 12.5);
    assert.match(h?.detail ?? '', /credentials in 5 files: \.env:1, config\/prod\.yaml:5, internal\/api\/client\.go:5, internal\/aws\/session\.go:6, internal\/db\/db\.go:3/);
    assert.match(h?.detail ?? '', /\.env not ignored by git/);
    assert.deepEqual(
      r.recommendations.slice(0, 6).map((x) => x.text.split(' (')[0]),
      [
        'Remove the credential in .env:1',
        'Remove the credential in config/prod.yaml:5',
        'Remove the credential in internal/api/client.go:5',
        'Remove the credential in internal/aws/session.go:6',
        'Remove the credential in internal/db/db.go:3',
        'Add a CI workflow that runs the tests and a linter on push and pull requests',
      ],
    );
  });
  it('text reply and structuredContent agree, the text abbreviating with "and N more"', () => {
    const text = formatSecrets(r, 5);
    assert.match(text, /^Secrets: 9 findings \(/);
    for (const f of r.secrets.findings.slice(0, 5)) assert.ok(text.includes(`${f.file}:${f.line}`), f.file);
    assert.match(text, /- and 4 more$/);
    assert.ok(formatQuality(r).includes('Secrets: 9 findings'));
  });
});

describe('what a finding costs', () => {
  let fixturesOnly: QualityReport;
  let withReal: QualityReport;
  let envAlone: QualityReport;
  before(async () => {
    const base: FileTree = {
      ...GO_BASE,
      '.gitignore': 'bin/\n.env\n',
      'internal/db/db_test.go': `package db\n\nvar password = "${join('fixture', '-Pass', '99')}"\n`,
      'docs/setup.md': `# Setup\n\nSet \`api_key: ${join('demo', 'Key', '12345')}\` in config.yaml.\n`,
    };
    const a = await repoWith(base);
    fixturesOnly = await computeQuality(a.dir, { now: NOW });
    const b = await repoWith({ ...base, 'config/prod.yaml': `password: ${DB_PASSWORD}\n` });
    withReal = await computeQuality(b.dir, { now: NOW });
    // A committed .env is a finding even when nothing in it looks like a credential.
    const c = await repoWith({ ...GO_BASE, '.gitignore': 'bin/\n', '.env': 'DEBUG=true\nPORT=8080\n', '.env.example': 'API_KEY=\n' });
    envAlone = await computeQuality(c.dir, { now: NOW });
  });

  it('fixtures and doc examples cost less than one real credential', () => {
    assert.equal(hygiene(fixturesOnly), 4.5, 'two example files: 0.25 each');
    assert.equal(hygiene(withReal), 2.5, 'one real credential: 2 more');
    assert.ok(5 - hygiene(fixturesOnly) < hygiene(fixturesOnly) - hygiene(withReal));
    assert.deepEqual(
      fixturesOnly.secrets.findings.map((f) => [f.file, f.severity, f.context]),
      [['docs/setup.md', 'low', 'doc-example'], ['internal/db/db_test.go', 'low', 'fixture']],
    );
  });
  it('a committed .env is a finding by itself; .env.example is not', () => {
    assert.deepEqual(
      envAlone.secrets.findings.map((f) => [f.file, f.line, f.rule, f.kind, f.severity]),
      [['.env', 1, 'committed-env-file', 'committed .env file', 'high']],
    );
    // 2 for the committed file, 2 because git does not ignore it.
    assert.equal(hygiene(envAlone), 1);
  });
  it('.env missing from .gitignore costs nothing when there is no .env', async () => {
    const d = await repoWith({ ...GO_BASE });
    assert.equal(hygiene(await computeQuality(d.dir, { now: NOW })), 5);
  });
  it('says how far the scan got when the time budget runs out', async () => {
    const d = await repoWith({ ...GO_BASE, 'a.go': 'package main\n', 'b.yaml': 'x: 1\n' });
    const r = await computeQuality(d.dir, { now: NOW, secretBudgetMs: -1 });
    assert.equal(r.secrets.complete, false);
    assert.equal(r.secrets.files_scanned, 0);
    assert.match(formatSecrets(r), /0 of \d+ files scanned \(time budget reached\)/);
  });
});

describe('a well-kept project', () => {
  let r: QualityReport;
  before(async () => {
    const tests = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`test/unit/mod${i}.test.ts`, 'import { it } from "node:test";\nit("works", () => {});\n']));
    const repo = await makeRepo(
      {
        'package.json': JSON.stringify({ name: 'tidy', scripts: { test: 'c8 node --test', lint: 'eslint .' } }, null, 2),
        'package-lock.json': '{ "lockfileVersion": 3 }\n',
        'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
        'eslint.config.js': 'export default [];\n',
        '.gitignore': 'node_modules\ncoverage\n.env\neslint-report.json\n',
        'README.md': md(120),
        'SECURITY.md': '# Security\n',
        'LICENSE': 'MIT\n',
        ...Object.fromEntries(['install', 'usage', 'api', 'faq', 'contributing'].map((p) => [`docs/${p}.md`, md(40)])),
        'src/index.ts': code(200),
        'src/parse.ts': code(300),
        ...tests,
        '.github/dependabot.yml': 'version: 2\n',
        '.github/workflows/ci.yml': 'on: [push, pull_request]\njobs:\n  ci:\n    steps:\n      - run: npm ci\n      - run: npm run lint\n      - run: npm test\n',
        '.github/workflows/codeql.yml': 'on:\n  schedule:\n    - cron: "0 0 * * 0"\njobs:\n  a:\n    steps:\n      - uses: github/codeql-action/init@v3\n',
      },
      { date: ago(25), message: 'Start the parser project (#1)' },
    );
    cleanups.push(repo);
    await commitAll(repo, Array.from({ length: 21 }, (_, i) => ({ message: `Parse nested lists at depth ${i} (#${i + 2})`, date: ago(21 - i) })));
    for (const b of ['feat/streams', 'fix/unicode', 'docs/api']) await gitIn(repo, ['branch', b]);
    await writeFiles(repo, {
      'coverage/lcov.info': 'SF:src/index.ts\nLF:100\nLH:92\nend_of_record\n',
      'eslint-report.json': JSON.stringify([{ filePath: 'src/index.ts', errorCount: 0, warningCount: 2, messages: [] }]),
    });
    // Workspace diagnostics are passed too, but a lint report wins.
    r = await computeQuality(repo.dir, { now: NOW, diagnostics: { errors: 5, warnings: 0, scope: 'workspace' } });
  });

  it('scores at least 80 with every part measured', () => {
    assert.equal(r.measured_max, 100);
    assert.ok(r.parts.every((p) => p.metrics.every((m) => m.source === 'measured')));
    // 13.8 + 9.6 + 10 + 5 = 38.4, 30, 20, 10.
    assert.deepEqual(r.parts.map((p) => p.points), [38.4, 30, 20, 10]);
    assert.deepEqual([r.earned, r.score, r.band], [98.4, 98, 'excellent']);
    assert.equal(r.secrets.findings_total, 0);
  });
  it('takes lint from the report, never from diagnostics over it, and says so', () => {
    assert.equal(r.lint_source, 'lint-report');
    const lint = r.parts[0]?.metrics.find((m) => m.id === 'lint');
    assert.equal(lint?.detail, 'eslint-report.json: 0 errors, 2 warnings');
    assert.match(formatQuality(r), /measured: 100 of 100 points; last commit 1 day ago/);
  });
});

describe('the scan on worker threads', () => {
  it('gives the same report as the scan on this thread', async () => {
    // Over the 2 MB below which the workers are not used.
    const big = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`src/mod${i}.go`, `package src\n\n${'// filler line for the scan\n'.repeat(2_000)}`]));
    const repo = await repoWith({ ...GO_BASE, ...big, 'config/prod.yaml': `password: ${DB_PASSWORD}\n`, 'internal/db/db_test.go': `package db\n\nvar password = "${join('fixture', '-Pass', '99')}"\n` });
    const worker = path.resolve(__dirname, '../../src/server/session/quality/scan-worker.ts');
    const files = (await gitIn(repo, ['ls-files'])).trim().split('\n');
    const scan = await scanProject(repo.dir, files, { budgetMs: 60_000, worker });
    assert.equal(scan.workers, 2, 'two worker threads did the reading and scanning');
    const threaded = await computeQuality(repo.dir, { now: NOW, scanWorker: worker });
    // Touch every file so the second computation reads them again instead of using the cache.
    for (const f of [...Object.keys(big), 'config/prod.yaml', 'internal/db/db_test.go', 'main.go', 'go.mod', 'README.md', '.gitignore']) await fs.utimes(path.join(repo.dir, f), new Date(), new Date(Date.now() - 1000));
    const inline = await computeQuality(repo.dir, { now: NOW });
    const strip = (r: QualityReport): unknown => ({ ...r, duration_ms: 0, secrets: { ...r.secrets, duration_ms: 0 } });
    assert.deepEqual(strip(threaded), strip(inline));
    assert.deepEqual(threaded.secrets.findings.map((f) => [f.file, f.line, f.severity]), [['config/prod.yaml', 1, 'high'], ['internal/db/db_test.go', 3, 'low']]);
    assert.equal(threaded.secrets.files_scanned, 46);
  });
});
