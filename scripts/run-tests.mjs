// Runs every test file under test/unit with node's test runner (TypeScript through tsx)
// and ends with one "N passed, N failed" line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suites = process.argv.slice(2);
const dirs = suites.length ? suites : ['test/unit'];

const files = dirs.flatMap((d) =>
  fs
    .readdirSync(path.join(root, d), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join(d, f)),
);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', '--test-reporter-destination=.test-results.tap', ...files],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
child.on('exit', (code, signal) => {
  let passed = 0;
  let failed = 0;
  try {
    const tap = fs.readFileSync(path.join(root, '.test-results.tap'), 'utf8');
    passed = Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
    failed = Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0);
    fs.rmSync(path.join(root, '.test-results.tap'));
  } catch {
    failed = Math.max(failed, 1);
  }
  if (code !== 0 && failed === 0) failed = 1;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (signal ? 1 : 0));
});
