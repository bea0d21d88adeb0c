// score through the real command line on fixture repositories, and each format's shape.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { QualityReport } from '../../src/protocol/quality-schemas.js';
import { formatJunit, formatMarkdown, formatText, type Gate } from '../../src/server/cli/score-formats.js';
import { runCli } from '../support/cli.js';
import { commit, makeRepo, type FixtureRepo } from '../support/git-fixture.js';
import { tempDir } from '../support/server-process.js';

type JsonReport = QualityReport & { gate: Gate; findings: unknown[] };

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) });

describe('score', () => {
  let repo: FixtureRepo;
  let dir: string;
  let score: number;

  before(async () => {
    dir = tempDir('score');
    repo = await makeRepo({
      'package.json': JSON.stringify({ name: 'invoice-svc', version: '2.1.0', scripts: { test: 'node --test' }, devDependencies: { typescript: '5.9.3' } }, null, 2),
      'package-lock.json': '{"lockfileVersion":3}\n',
      'README.md': '# invoice-svc\n\nIssues invoices.\n',
      '.gitignore': 'node_modules\n.env\n',
      'tsconfig.json': '{"compilerOptions":{"strict":true}}\n',
      'src/invoice.ts': 'export function total(lines: number[]): number {\n  return lines.reduce((a, b) => a + b, 0);\n}\n',
      'test/invoice.test.ts': "import { total } from '../src/invoice';\n",
    });
    await commit(repo, 'Initial invoice service');
    const r = await runCli(['score', repo.dir, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    score = (JSON.parse(r.stdout) as JsonReport).score;
  });

  after(async () => {
    await repo.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('json: the engine report with the gate', async () => {
    const r = await runCli(['score', repo.dir, '--format', 'json', '--min', String(score)]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.parts.length, 4);
    assert.deepEqual(report.gate, { min: score, passed: true, below_by: 0 });
    assert.ok(Array.isArray(report.findings));
  });

  it('exits 1 below --min, saying by how much and what to do first', async () => {
    const min = Math.min(100, score + 7);
    assert.ok(min > score, 'the fixture scores below 100');
    const r = await runCli(['score', repo.dir, '--min', String(min)]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`Quality score ${score}/100 is ${min - score} points? below the minimum of ${min}`));
    assert.match(r.stderr, /\n {2}- .+\(\+[\d.]+\)/);
    assert.match(r.stdout, /^Quality score \d+\/100 is \d+ points? below/);
    assert.match(r.stdout, /Top recommendations:\n {2}1\. /);
    const ok = await runCli(['score', repo.dir, '--min', '0']);
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, new RegExp(`^Quality score ${score}/100 meets the minimum of 0: ${repo.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('the current folder is the default, inside the repository', async () => {
    const r = await runCli(['score', '--format', 'json'], { cwd: path.join(repo.dir, 'src') });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as JsonReport).score, score);
  });

  it('markdown: a heading with the gate and a table of the parts', async () => {
    const r = await runCli(['score', repo.dir, '--format', 'markdown', '--min', '100']);
    assert.equal(r.code, score < 100 ? 1 : 0);
    assert.match(r.stdout, /^## ❌ Quality score \d+\/100 is \d+ points? below the minimum of 100\n/);
    assert.match(r.stdout, /\| Part \| Points \|\n\| --- \| ---: \|\n\| Code quality \| [\d.]+ \/ 40 \|/);
  });

  it('github: a job summary file and workflow commands', async () => {
    const summary = path.join(dir, 'step-summary.md');
    fs.writeFileSync(summary, '# earlier step\n');
    const r = await runCli(['score', repo.dir, '--format', 'github', '--min', '100'], { env: { GITHUB_STEP_SUMMARY: summary } });
    assert.equal(r.code, 1);
    const written = fs.readFileSync(summary, 'utf8');
    assert.match(written, /^# earlier step\n## ❌ Quality score/);
    for (const line of r.stdout.trim().split('\n')) assert.match(line, /^::(warning|error|notice) [^:]*::/);
    assert.match(r.stdout, /^::error title=Quality gate::Quality score \d+\/100 is \d+ points? below the minimum of 100%0A- /m);
    const pass = await runCli(['score', repo.dir, '--format', 'github'], { env: {} });
    assert.equal(pass.code, 0);
    assert.match(pass.stderr, /GITHUB_STEP_SUMMARY is not set/);
    assert.match(pass.stdout, /^::notice title=Quality score::/m);
  });

  it('junit: well-formed XML with the gate as a test case, failing below --min', async () => {
    const out = path.join(dir, 'quality.xml');
    const r = await runCli(['score', repo.dir, '--format', 'junit', '--min', '100', '-o', out]);
    assert.equal(r.code, 1);
    const text = fs.readFileSync(out, 'utf8');
    assert.equal(XMLValidator.validate(text), true);
    const doc = parser.parse(text) as { testsuites: { failures: string; testsuite: Array<{ name: string; testcase: Array<{ name: string; failure?: unknown; skipped?: unknown }> }> } };
    assert.equal(doc.testsuites.failures, '1');
    const gate = doc.testsuites.testsuite.find((s) => s.name === 'quality gate');
    assert.ok(gate?.testcase[0]?.failure, 'the gate fails');
    assert.equal(doc.testsuites.testsuite.length, 5);
    const passing = await runCli(['score', repo.dir, '--format', 'junit']);
    const ok = parser.parse(passing.stdout) as { testsuites: { failures: string } };
    assert.equal(ok.testsuites.failures, '0');
  });

  it('formats the secret scan findings: annotations with file and line, JUnit failures, escaped', async () => {
    // Assembled at run time so this test file holds no literal credential.
    const key = ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_');
    const leaky = await makeRepo({
      'package.json': JSON.stringify({ name: 'payout-svc', version: '1.0.0' }, null, 2),
      'README.md': '# payout-svc\n',
      'src/config,prod.ts': `export const config = {\n  region: 'eu',\n  stripeKey: '${key}',\n};\n`,
      'deploy/.env': 'DEBUG=1\n',
    });
    try {
      await commit(leaky, 'Payout service with its deploy settings');
      const json = JSON.parse((await runCli(['score', leaky.dir, '--format', 'json'])).stdout) as QualityReport;
      const gate: Gate = { min: null, passed: true, below_by: 0 };
      const r = await runCli(['score', leaky.dir, '--format', 'github']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^::warning file=src\/config%2Cprod.ts,line=3,title=Possible api key::sk\*+dc \(secretlint\/stripe\/[^)]+\)$/m);
      assert.match(r.stdout, /^::warning file=deploy\/.env,line=1,title=Possible committed .env file::/m);
      assert.ok(!r.stdout.includes(key), 'the key itself is never printed');
      const junit = formatJunit(json, gate);
      assert.equal(XMLValidator.validate(junit), true);
      const doc = parser.parse(junit) as { testsuites: { failures: string; testsuite: Array<{ name: string; testcase: Array<{ name: string; file?: string; line?: string }> }> } };
      const findings = doc.testsuites.testsuite.find((s) => s.name === 'findings');
      assert.deepEqual(
        findings?.testcase.map((c) => [c.name, c.file, c.line]).sort(),
        [['deploy/.env:1', 'deploy/.env', '1'], ['src/config,prod.ts:3', 'src/config,prod.ts', '3']],
      );
      assert.match(formatMarkdown(json, gate), /### Findings\n\n(- .*\n)*- `src\/config,prod.ts:3` \*\*Possible api key\*\*/);
      assert.match(formatText(json, gate, leaky.dir), /Findings:\n(.*\n)*? {2}- src\/config,prod.ts:3 Possible api key: sk\*+dc/);
    } finally {
      await leaky.cleanup();
    }
  });

  it('bad options exit 2 with a clear message; --help exits 0', async () => {
    for (const [args, pattern] of [
      [['score', repo.dir, '--min', '101'], /--min must be a number from 0 to 100/],
      [['score', repo.dir, '--min', 'high'], /--min must be a number/],
      [['score', repo.dir, '--format', 'xml'], /--format must be one of text, json, markdown, github, junit/],
      [['score', path.join(repo.dir, 'missing')], /not a directory/],
      [['score', repo.dir, 'extra'], /unexpected argument "extra"/],
    ] as const) {
      const r = await runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, pattern);
    }
    const help = await runCli(['score', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: session-mgmt score \[DIR\]/);
  });
});
