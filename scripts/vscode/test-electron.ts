// The same extension-host suites on desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code from Microsoft (this one cannot: see scripts/vscode/README.md).
//
//   npm run build && node --import tsx scripts/vscode/test-electron.ts [--version stable|1.101.0]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { FIXTURE_APP } from '../../test/support/fixture-app.js';
import { makeRepo } from '../../test/support/git-fixture.js';
import { buildSuite } from './run-integration.js';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { version: { type: 'string', default: 'stable' } } });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'electron-suite-'));
  const repo = await makeRepo(FIXTURE_APP, { message: 'feat: fixture app' });
  try {
    const tests = await buildSuite(path.join(ROOT, 'test/integration/extension/index.ts'), scratch);
    await runTests({
      version: values.version,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: tests,
      launchArgs: [repo.dir, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${path.join(scratch, 'user')}`],
      // Same contract as the code-server harness (test/integration/suite-runner.ts).
      extensionTestsEnv: { HARNESS_MOCHA_PATH: path.join(ROOT, 'node_modules/mocha'), HARNESS_WORKSPACE: repo.dir, HOME: path.join(scratch, 'home') },
    });
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await repo.cleanup();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
