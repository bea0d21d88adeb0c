// npm run package [-- --target linux-x64] [--out file.vsix] [--skip-check]
// Builds a platform VSIX holding the bundles and only that platform's native pieces, then checks
// it by loading every native module and running the server from the unpacked VSIX.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeTinyModel } from '../../test/support/tiny-model.js';
import { packageVsix } from '../vscode/vsix.js';
import { checkVsix } from './check.js';
import { stage } from './stage.js';
import { hostTarget } from './targets.js';

const root = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' }, 'skip-check': { type: 'boolean' } } });
  const target = values.target ?? hostTarget();
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const out = path.resolve(values.out ?? path.join(root, `session-mgmt-vscode-${version}-${target}.vsix`));
  // Per process, so parallel packaging runs never share a staging folder.
  const staging = path.join(root, '.cache', 'package', `${target}-${process.pid}`);
  try {
    stage(root, target, staging);
    packageVsix(staging, out, { target, dependencies: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const mb = (fs.statSync(out).size / 1_048_576).toFixed(1);
  console.log(`${path.relative(process.cwd(), out)}: ${mb} MB (${target})`);

  if (values['skip-check']) return;
  if (target !== hostTarget()) {
    console.log(`not checking: ${target} binaries cannot load on ${hostTarget()}`);
    return;
  }
  const models = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-model-'));
  try {
    await checkVsix(out, writeTinyModel(models, 'check/tiny'));
    console.log('check passed: every native module loads and the packaged server works');
  } finally {
    fs.rmSync(models, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
