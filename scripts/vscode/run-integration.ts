// Runs a mocha suite inside the real extension host of code-server, the way @vscode/test-electron
// runs extensionTestsPath on desktop. Exits with the suite's code.
//
//   node --import tsx scripts/vscode/run-integration.ts \
//     --extension test/fixtures/harness-extension \
//     --tests test/fixtures/harness-extension/suite/index.ts \
//     --workspace test/fixtures/harness-extension/workspace
//
// --tests: a CommonJS index (.js) exporting run(), used as is, or a .ts index: then every .ts file
//          in its folder is bundled by esbuild to CommonJS in a temp folder (vscode, mocha external).
// --vsix:  install a packaged extension instead of --extension.
// Options: --user-settings <json>, --timeout <s> (180), --keep-workspace-trust, --grep <text>,
//          --verbose (also print the workbench's own log chatter).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { openWorkbench, remoteUri, type Workbench } from './browser.js';
import { onInterrupt } from './cleanup.js';
import { ROOT, startCodeServer, type CodeServer } from './code-server.js';

/** Bundles each .ts file under the index's folder to CommonJS; returns the built index path. */
export async function buildSuite(indexTs: string, outDir: string): Promise<string> {
  const srcDir = path.dirname(path.resolve(indexTs));
  const entryPoints = fs
    .readdirSync(srcDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(srcDir, f));
  await esbuild.build({
    entryPoints,
    outbase: srcDir,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(outDir, path.basename(indexTs).replace(/\.ts$/, '.js'));
}

function fail(message: string): never {
  console.error(`run-integration: ${message}`);
  process.exit(2);
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

// Workbench chatter that says nothing about the suite (see vscode-testing.md, "harmless noise").
// --verbose shows it.
const NOISE = [
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^Updating additional builtin extensions cache/,
  /authentication provider 'github'/,
  /open-vsx\.org/,
  /^Ignoring fetching additional builtin extensions from gallery/,
  /^Canceled: Canceled/, // extension host teardown after the suite
];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      extension: { type: 'string' },
      vsix: { type: 'string' },
      tests: { type: 'string' },
      workspace: { type: 'string' },
      'user-settings': { type: 'string' },
      timeout: { type: 'string', default: '180' },
      'keep-workspace-trust': { type: 'boolean', default: false },
      grep: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (!values.tests) fail('--tests <suite index> is required');
  if (!values.extension === !values.vsix) fail('give exactly one of --extension <folder> or --vsix <file>');
  const timeoutMs = Number(values.timeout) * 1000;
  if (!(timeoutMs > 0)) fail(`bad --timeout ${values.timeout}`);
  const workspace = values.workspace ? path.resolve(values.workspace) : undefined;
  const userSettings = values['user-settings']
    ? (JSON.parse(fs.readFileSync(values['user-settings'], 'utf8')) as Record<string, unknown>)
    : undefined;

  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-harness-suite-'));
  const cleanup = async (): Promise<void> => {
    await wb?.close();
    await server?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
    unregister();
  };
  // code-server and chromium register their own stop on interrupt; the suite build is ours.
  const unregister = onInterrupt(() => fs.rmSync(scratch, { recursive: true, force: true }));

  try {
    const testsPath = values.tests.endsWith('.ts') ? await buildSuite(values.tests, scratch) : path.resolve(values.tests);
    const env: Record<string, string> = {
      // See test/integration/suite-runner.ts: where the extension host finds mocha.
      HARNESS_MOCHA_PATH: path.join(ROOT, 'node_modules/mocha'),
      ...(workspace ? { HARNESS_WORKSPACE: workspace } : {}),
      ...(values.grep ? { HARNESS_GREP: values.grep } : {}),
    };
    server = await startCodeServer({
      ...(workspace ? { workspace } : {}),
      ...(values.vsix ? { vsix: [path.resolve(values.vsix)] } : {}),
      ...(userSettings ? { userSettings } : {}),
      env,
      smokeTestDriver: true,
      keepWorkspaceTrust: values['keep-workspace-trust'],
    });
    console.log(`code-server ${server.url} healthy after ${secs(server.startupMs)}`);

    // Without extensionDevelopmentPath the workbench never runs extensionTestsPath, so for a VSIX
    // the installed copy under the extensions dir serves as the development path.
    const devPath = values.extension ? path.resolve(values.extension) : server.installed[0];
    if (!devPath) throw new Error(`${values.vsix} installed nothing`);
    const payload: [string, string][] = [
      ['extensionDevelopmentPath', remoteUri(server.url, devPath)],
      ['extensionTestsPath', remoteUri(server.url, testsPath)],
    ];

    const t0 = Date.now();
    let hostReadyMs: number | undefined;
    let suiteStartMs: number | undefined;
    let summary: string | undefined; // "N passed, N failed", held back so it is the last line
    let settle: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (settle = resolve));
    // The budget covers browser launch and workbench load too.
    const timer = setTimeout(() => settle(124), timeoutMs);
    wb = await openWorkbench(server.url, {
      payload,
      ...(workspace ? { folder: workspace } : {}),
      onLog: (type, args) => {
        const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
        if (text.startsWith('[suite-runner]')) {
          hostReadyMs ??= Date.now() - t0;
          suiteStartMs ??= Date.now();
        }
        if (/^\d+ passed, \d+ failed/.test(text)) {
          summary = text;
          return;
        }
        if (!values.verbose && NOISE.some((re) => re.test(text))) return;
        (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
      },
      onExit: (code) => settle(code),
    });
    console.log(`workbench loaded after ${secs(wb.loadMs)}`);
    const code = await exited;
    clearTimeout(timer);
    const endMs = Date.now();
    if (code === 124) console.error(`run-integration: no result within ${secs(timeoutMs)}\n--- code-server log ---\n${server.log()}`);
    const na = (ms: number | undefined): string => (ms === undefined ? 'n/a' : secs(ms));
    console.log(
      `timings: code-server start to healthz ${secs(server.startupMs)}, workbench load ${secs(wb.loadMs)}, ` +
        `extension host ready (suite started) ${na(hostReadyMs)}, suite ${na(suiteStartMs && endMs - suiteStartMs)}, ` +
        `browser launch to result ${secs(endMs - t0)}`,
    );
    console.log(summary ?? (code === 0 ? '0 passed, 0 failed' : '0 passed, 1 failed'));
    return code;
  } finally {
    await cleanup();
  }
}

// Importable (buildSuite) without running.
if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`run-integration: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
