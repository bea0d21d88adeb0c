// npm run package [-- --target linux-x64 | --target all] [--out file.vsix] [--skip-check]
// Builds platform VSIXs holding the bundles and only that platform's native pieces (a foreign
// platform's LanceDB package is fetched from the npm registry at the pinned version). Every VSIX's
// native files are checked by their headers (OS, CPU, C library, what they load); the one for this
// machine is also loaded: every native module in a fresh Node, then the server with a real MCP client.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeTinyModel } from '../../test/support/tiny-model.js';
import { packageVsix } from '../vscode/vsix.js';
import { checkVsix } from './check.js';
import { nativePackageDir } from './natives.js';
import { stage } from './stage.js';
import { TARGETS, hostTarget } from './targets.js';
import { verifyNatives } from './verify-natives.js';

const root = path.resolve(__dirname, '..', '..');
const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

interface Built {
  target: string;
  file: string | null;
  size: number;
  natives: number;
  nativeBytes: number;
  checked: string;
  error: string | null;
}

function unpack(vsix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-verify-'));
  const r = spawnSync('python3', ['-m', 'zipfile', '-e', vsix, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not unpack ${vsix}: ${r.stderr}`);
  return dir;
}

async function build(target: string, out: string, skipCheck: boolean): Promise<Built> {
  const natives = TARGETS[target];
  if (!natives) throw new Error(`unknown target "${target}"; one of: ${Object.keys(TARGETS).join(', ')}, all`);
  const lancedbDir = nativePackageDir(root, natives.lancedb, (line) => console.log(`  ${line}`));
  // Per process, so parallel packaging runs never share a staging folder.
  const staging = path.join(root, '.cache', 'package', `${target}-${process.pid}`);
  try {
    stage(root, target, staging, { lancedbDir });
    packageVsix(staging, out, { target, dependencies: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  const size = fs.statSync(out).size;
  console.log(`${path.relative(process.cwd(), out)}: ${mb(size)} (${target})`);

  const unpacked = unpack(out);
  let report;
  try {
    report = verifyNatives(path.join(unpacked, 'extension'), target);
  } finally {
    fs.rmSync(unpacked, { recursive: true, force: true });
  }
  for (const n of report.natives) console.log(`  ${n.info.format} ${n.info.os}/${n.info.archs.join('+')}${n.info.libc ? ` ${n.info.libc}` : ''} ${mb(n.size).padStart(8)}  ${n.file}`);
  const nativeBytes = report.natives.reduce((s, n) => s + n.size, 0);
  if (report.problems.length > 0) throw new Error(`${target}: ${report.problems.join('; ')}`);
  let checked = 'headers';
  if (!skipCheck && target === hostTarget()) {
    const models = fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-model-'));
    try {
      await checkVsix(out, writeTinyModel(models, 'check/tiny'));
      console.log('  check passed: every native module loads and the packaged server works');
      checked = 'headers, loaded, server';
    } finally {
      fs.rmSync(models, { recursive: true, force: true });
    }
  }
  return { target, file: out, size, natives: report.natives.length, nativeBytes, checked, error: null };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { target: { type: 'string' }, out: { type: 'string' }, 'skip-check': { type: 'boolean' } } });
  const requested = values.target ?? hostTarget();
  const targets = requested === 'all' ? Object.keys(TARGETS) : [requested];
  if (values.out && targets.length > 1) throw new Error('--out names one file: use it with a single --target');
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const results: Built[] = [];
  for (const target of targets) {
    const out = path.resolve(values.out ?? path.join(root, `session-mgmt-vscode-${version}-${target}.vsix`));
    try {
      results.push(await build(target, out, values['skip-check'] === true));
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      console.error(`${target}: FAILED: ${error}`);
      results.push({ target, file: null, size: 0, natives: 0, nativeBytes: 0, checked: '', error });
    }
  }
  if (targets.length > 1) {
    console.log('\ntarget         VSIX       natives  checked');
    for (const r of results) {
      console.log(r.error ? `${r.target.padEnd(14)} FAILED     ${r.error.slice(0, 160)}` : `${r.target.padEnd(14)} ${mb(r.size).padStart(8)}   ${String(r.natives).padStart(2)} (${mb(r.nativeBytes)})  ${r.checked}`);
    }
  }
  const failed = results.filter((r) => r.error);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} VSIX(s) not built: ${failed.map((r) => r.target).join(', ')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
