// Runs the extension's integration suites inside code-server with the extension installed from
// the packaged VSIX: the main suite in a trusted fixture git repository, then the untrusted suite
// in a workspace whose settings name a server command of its own. Ends with "N passed, N failed".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURE_APP as FIXTURE } from '../../test/support/fixture-app.js';
import { makeRepo, type FixtureRepo } from '../../test/support/git-fixture.js';
import { findVsix } from '../package/find-vsix.js';

const ROOT = path.resolve(__dirname, '..', '..');



function runSuite(args: string[]): Promise<{ passed: number; failed: number; code: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'run-integration.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let last = '';
    child.stdout.on('data', (d: Buffer) => {
      process.stdout.write(d);
      last = (last + d.toString()).split('\n').slice(-5).join('\n');
    });
    child.on('exit', (code) => {
      const m = /(\d+) passed, (\d+) failed/.exec(last);
      resolve({ passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? 0) || (code === 0 ? 0 : 1), code: code ?? 1 });
    });
  });
}

async function main(): Promise<number> {
  const vsix = findVsix();
  console.log(`integration suites against ${path.basename(vsix)}`);
  const repos: FixtureRepo[] = [];
  try {
    const trusted = await makeRepo(FIXTURE, { message: 'feat: fixture app' });
    repos.push(trusted);
    const a = await runSuite(['--vsix', vsix, '--tests', 'test/integration/extension/index.ts', '--workspace', trusted.dir, '--timeout', '300']);

    const untrusted = await makeRepo(FIXTURE);
    repos.push(untrusted);
    // If anything ran this "server", it would leave SPAWNED behind.
    fs.writeFileSync(path.join(untrusted.dir, 'evil-server.js'), "require('fs').writeFileSync(require('path').join(__dirname, 'SPAWNED'), 'x');\n");
    fs.mkdirSync(path.join(untrusted.dir, '.vscode'));
    fs.writeFileSync(path.join(untrusted.dir, '.vscode', 'settings.json'), JSON.stringify({ 'sessionMgmt.mcpServerPath': path.join(untrusted.dir, 'evil-server.js') }));
    const b = await runSuite(['--vsix', vsix, '--tests', 'test/integration/untrusted/index.ts', '--workspace', untrusted.dir, '--keep-workspace-trust', '--timeout', '180']);

    const passed = a.passed + b.passed;
    const failed = a.failed + b.failed;
    console.log(`${passed} passed, ${failed} failed`);
    return a.code === 0 && b.code === 0 && failed === 0 ? 0 : 1;
  } finally {
    for (const r of repos) await r.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
