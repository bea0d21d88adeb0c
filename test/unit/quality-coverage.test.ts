// Coverage report readers: every supported format, the search order and unreadable reports.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { hasCoveragePyData, readCoverage } from '../../src/server/session/quality/coverage.js';
import type { FixtureRepo } from '../support/git-fixture.js';
import { makeTempDir, writeFiles } from '../support/git-fixture.js';

const dirs: FixtureRepo[] = [];
async function folder(files: Record<string, string>): Promise<string> {
  const d = await makeTempDir('quality-cov-');
  dirs.push(d);
  await writeFiles(d, files);
  return d.dir;
}
after(async () => {
  for (const d of dirs) await d.cleanup();
});

const LCOV = 'TN:\nSF:src/a.ts\nDA:1,1\nLF:100\nLH:80\nend_of_record\nSF:src/b.ts\nLF:100\nLH:70\nend_of_record\n';
const ISTANBUL = JSON.stringify({ total: { lines: { total: 200, covered: 125, skipped: 0, pct: 62.5 }, statements: { pct: 10 } }, 'src/a.ts': { lines: { pct: 1 } } });
const COBERTURA = '<?xml version="1.0" ?>\n<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">\n<coverage version="7.4" timestamp="1" lines-valid="100" lines-covered="50" line-rate="0.5" branches-covered="0" branches-valid="0" branch-rate="0" complexity="0">\n<packages/></coverage>\n';
const COVERAGE_PY = JSON.stringify({ meta: { version: '7.4' }, files: {}, totals: { covered_lines: 45, num_statements: 60, percent_covered: 75, missing_lines: 15 } });
const JACOCO =
  '<?xml version="1.0"?><report name="app"><package name="a"><counter type="INSTRUCTION" missed="1" covered="1"/><counter type="LINE" missed="90" covered="10"/></package>' +
  '<counter type="INSTRUCTION" missed="5" covered="5"/><counter type="LINE" missed="25" covered="75"/><counter type="METHOD" missed="1" covered="3"/></report>';
const GO = 'mode: set\nexample.com/m/a.go:3.10,5.2 2 1\nexample.com/m/a.go:6.10,8.2 3 0\nexample.com/m/b.go:1.1,4.2 5 1\nexample.com/m/b.go:1.1,4.2 5 0\n';

describe('coverage reports', () => {
  it('lcov.info: sums LF/LH over records', async () => {
    const r = await readCoverage(await folder({ 'coverage/lcov.info': LCOV }));
    assert.deepEqual(r, { percent: 75, file: 'coverage/lcov.info', format: 'lcov', detail: 'coverage/lcov.info: 150 of 200 lines covered (75%)' });
  });
  it('istanbul coverage-summary.json: total.lines.pct', async () => {
    const r = await readCoverage(await folder({ 'coverage/coverage-summary.json': ISTANBUL }));
    assert.deepEqual(r, { percent: 62.5, file: 'coverage/coverage-summary.json', format: 'istanbul', detail: 'coverage/coverage-summary.json: 125 of 200 lines covered (62.5%)' });
  });
  it('cobertura coverage.xml: line-rate of <coverage>', async () => {
    const r = await readCoverage(await folder({ 'coverage.xml': COBERTURA }));
    assert.deepEqual(r, { percent: 50, file: 'coverage.xml', format: 'cobertura', detail: 'coverage.xml: 50 of 100 lines covered (50%)' });
  });
  it('coverage.py coverage.json: totals.percent_covered', async () => {
    const r = await readCoverage(await folder({ 'coverage.json': COVERAGE_PY }));
    assert.deepEqual(r, { percent: 75, file: 'coverage.json', format: 'coverage.py', detail: 'coverage.json: 45 of 60 statements covered (75%)' });
  });
  it('jacoco.xml: the report-level LINE counter', async () => {
    const r = await readCoverage(await folder({ 'target/site/jacoco/jacoco.xml': JACOCO }));
    assert.deepEqual(r, { percent: 75, file: 'target/site/jacoco/jacoco.xml', format: 'jacoco', detail: 'target/site/jacoco/jacoco.xml: 75 of 100 lines covered (75%)' });
  });
  it('go cover profile: statements, repeated blocks counted once', async () => {
    const r = await readCoverage(await folder({ 'coverage.out': GO }));
    assert.deepEqual(r, { percent: 70, file: 'coverage.out', format: 'go', detail: 'coverage.out: 7 of 10 statements covered (70%)' });
  });
  it('the first report found wins: lcov before summary, cobertura before coverage.py', async () => {
    assert.equal((await readCoverage(await folder({ 'coverage/coverage-summary.json': ISTANBUL, 'lcov.info': LCOV })))?.format, 'lcov');
    assert.equal((await readCoverage(await folder({ 'coverage.json': COVERAGE_PY, 'coverage/coverage.xml': COBERTURA })))?.file, 'coverage/coverage.xml');
  });
  it('skips unreadable reports and goes on to the next one', async () => {
    const d = await folder({ 'coverage/lcov.info': 'TN:\nend_of_record\n', 'coverage-summary.json': '{"total":{"lines":{"pct":"Unknown"}}}', 'coverage.xml': '<coverage version="1">', 'coverage.json': COVERAGE_PY });
    assert.equal((await readCoverage(d))?.file, 'coverage.json');
    assert.equal(await readCoverage(await folder({ 'coverage.out': 'not a profile' })), null);
    assert.equal(await readCoverage(await folder({})), null);
  });
  it('notices coverage.py data it cannot read', async () => {
    assert.equal(await hasCoveragePyData(await folder({ '.coverage': 'SQLite format 3' })), true);
    assert.equal(await hasCoveragePyData(await folder({})), false);
  });
});
