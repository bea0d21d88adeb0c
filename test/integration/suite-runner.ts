// Runs mocha suites inside a VS Code extension host. A suite's index module does
//   export function run(): Promise<void> { return runMochaSuites(__dirname); }
// and is named as extensionTestsPath, both by scripts/vscode/run-integration.ts (code-server) and
// by @vscode/test-electron (desktop), so the same suites run under both.
//
// Where mocha comes from: an extension installed from a VSIX has no node_modules/mocha next to it,
// and bundling mocha (part ESM, loads reporters dynamically) is fragile. So the launcher passes
// the absolute path of the project's mocha package in HARNESS_MOCHA_PATH (extension host env);
// without it we resolve 'mocha' from the tests folder, this file and the cwd.
// Mocha 12 is ESM with CJS parts that require() ESM files: it needs require(esm), i.e.
// Node >= 20.19 / 22.12 (code-server's host is Node 24; desktop VS Code needs Electron with Node 22.12+).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type MochaType from 'mocha';

export interface SuiteOptions {
  ui?: 'tdd' | 'bdd';
  /** Per-test timeout in ms. */
  timeout?: number;
  /** Only run tests whose full title matches. Also read from HARNESS_GREP. */
  grep?: string;
}

type MochaCtor = (new (options?: MochaType.MochaOptions) => MochaType) & { reporters: typeof MochaType.reporters };

function mochaEntry(testsRoot: string): string {
  const fromEnv = process.env.HARNESS_MOCHA_PATH;
  if (fromEnv) {
    const stat = fs.statSync(fromEnv, { throwIfNoEntry: false });
    if (!stat) throw new Error(`HARNESS_MOCHA_PATH=${fromEnv} does not exist`);
    if (stat.isFile()) return fromEnv;
    const pkg = JSON.parse(fs.readFileSync(path.join(fromEnv, 'package.json'), 'utf8')) as { main?: string };
    return path.join(fromEnv, pkg.main ?? 'index.js');
  }
  return require.resolve('mocha', { paths: [testsRoot, __dirname, process.cwd()] });
}

async function loadMocha(testsRoot: string): Promise<MochaCtor> {
  const entry = mochaEntry(testsRoot);
  // import() works whether mocha's entry is ESM (mocha >= 12) or CJS (older).
  const ns = (await import(pathToFileURL(entry).href)) as { default?: MochaCtor } & MochaCtor;
  const ctor = ns.default ?? ns;
  if (typeof ctor !== 'function') throw new Error(`${entry} does not export the Mocha class`);
  return ctor;
}

function findFiles(dir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: false })
    .map(String)
    .filter((f) => pattern.test(path.basename(f)) && !f.split(path.sep).includes('node_modules'))
    .sort()
    .map((f) => path.join(dir, f));
}

export async function runMochaSuites(testsRoot: string, pattern: RegExp = /\.test\.js$/, options: SuiteOptions = {}): Promise<void> {
  const Mocha = await loadMocha(testsRoot);
  // The web workbench forwards console.log arguments joined, without applying printf-style
  // formats ("%s%s"); format here so reporter lines read the same everywhere.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const grep = options.grep ?? process.env.HARNESS_GREP;
  const mocha = new Mocha({
    ui: options.ui ?? 'tdd',
    color: false,
    timeout: options.timeout ?? 60_000,
    reporter: 'spec',
    ...(grep ? { grep } : {}),
  });
  const files = findFiles(testsRoot, pattern);
  if (files.length === 0) throw new Error(`no test files matching ${pattern} under ${testsRoot}`);
  for (const f of files) mocha.addFile(f);
  // Also marks "extension host ready" for the launcher's timings.
  console.log(`[suite-runner] ${files.length} test file(s) under ${testsRoot}`);
  // Test files are CommonJS (bundled or compiled), loaded with require() so that the extension
  // host's interception of require('vscode') applies to them.
  const stats = await new Promise<MochaType.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats ?? ({ passes: 0, failures: 1, pending: 0 } as MochaType.Stats)));
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
  const skipped = stats.pending ? `, ${stats.pending} skipped` : '';
  // The closing line CI reads (mocha's own "N passing" is not recognised).
  console.log(`${stats.passes} passed, ${stats.failures} failed${skipped}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} test(s) failed`);
  if (stats.passes === 0) throw new Error('no test ran');
}
