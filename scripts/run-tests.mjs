// npm test: every suite, in phases, ending with one overall "N passed, N failed" line.
//   1. unit     server and pure modules with node's test runner (TypeScript through tsx)
//   2. setup    the real VS Code toolchain (code-server, chromium, Node 24, vsce), cached under .cache/
//   3. package  the platform VSIX, checked by loading its native modules and running its server
//   4. vscode   mocha suites inside the extension host, extension installed from the VSIX
//   5. e2e      the workbench in chromium: status bar, palette commands, screenshots
// `node scripts/run-tests.mjs unit` (or any list of phases) runs only those.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = ['--import', 'tsx'];

function unitFiles() {
  return fs
    .readdirSync(path.join(root, 'test/unit'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join('test/unit', f));
}

const PHASES = {
  unit: () => [
    ...tsx,
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    '--test-reporter-destination=.test-results.tap',
    ...unitFiles(),
  ],
  setup: () => ['scripts/vscode/setup.mjs'],
  package: () => [...tsx, 'scripts/package/main.ts'],
  vscode: () => [...tsx, 'scripts/vscode/test-extension.ts'],
  e2e: () => [...tsx, 'scripts/vscode/run-e2e.ts'],
};

/** Runs one phase; returns its counts (a phase without its own counts is one check). */
function run(name) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name} ===`);
    const child = spawn(process.execPath, PHASES[name](), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d.toString()).slice(-2_000);
    });
    child.on('exit', (code) => {
      let m = /(\d+) passed, (\d+) failed\s*$/.exec(tail.trim());
      if (name === 'unit') {
        const tapFile = path.join(root, '.test-results.tap');
        const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
        fs.rmSync(tapFile, { force: true });
        const pass = /^# pass (\d+)/m.exec(tap)?.[1];
        const fail = /^# fail (\d+)/m.exec(tap)?.[1];
        m = pass !== undefined ? [null, pass, fail ?? '0'] : null;
      }
      let passed = m ? Number(m[1]) : code === 0 ? 1 : 0;
      let failed = m ? Number(m[2]) : code === 0 ? 0 : 1;
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ name, passed, failed, code: code ?? 1 });
    });
  });
}

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(PHASES);
for (const n of names) {
  if (!PHASES[n]) {
    console.error(`unknown phase ${n}; phases: ${Object.keys(PHASES).join(', ')}`);
    process.exit(2);
  }
}

const results = [];
for (const name of names) {
  const r = await run(name);
  results.push(r);
  // Later phases need what setup and package produce.
  if (r.code !== 0 && (name === 'setup' || name === 'package')) break;
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.name.padEnd(8)} ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0) + (results.length < names.length ? 1 : 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.every((r) => r.code === 0) ? 0 : 1);
