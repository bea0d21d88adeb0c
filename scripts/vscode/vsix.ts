// Packages an extension folder into a VSIX with @vscode/vsce. vsce 4 needs Node >= 22, so it runs
// on the cached Node 24 (installed by scripts/vscode/setup.mjs into .cache/vscode/vsce).
//
//   node --import tsx scripts/vscode/vsix.ts <extension folder> <out.vsix> [--dependencies] [--target=linux-x64]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadPaths } from './code-server.js';

export interface PackageOptions {
  /** Let vsce walk `npm list --production` and ship node_modules (default: no, for bundled code). */
  dependencies?: boolean;
  /** Platform-specific VSIX (vsce --target), e.g. linux-x64, darwin-arm64, win32-x64. */
  target?: string;
}

export function packageVsix(extensionDir: string, outFile: string, opts: PackageOptions = {}): string {
  const paths = loadPaths();
  if (!paths.vsce || !fs.existsSync(paths.vsce)) {
    throw new Error('vsce is not installed: run "node scripts/vscode/setup.mjs" (without --no-vsce)');
  }
  const out = path.resolve(outFile);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const args = [
    paths.vsce, 'package', '--out', out, '--skip-license',
    // No public repository to rewrite README links against: keep them relative, do not ask.
    '--allow-missing-repository', '--no-rewrite-relative-links',
    ...(opts.dependencies ? [] : ['--no-dependencies']),
    ...(opts.target ? ['--target', opts.target] : []),
  ];
  const r = spawnSync(paths.node24, args, {
    cwd: path.resolve(extensionDir),
    encoding: 'utf8',
    timeout: 120_000,
    // `npm list` (with --dependencies) must run on the same Node; no prompts: stdin is closed.
    env: { ...process.env, PATH: `${path.dirname(paths.node24)}:${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`vsce package failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
  return out;
}

if (require.main === module) {
  const [dir, out] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!dir || !out) {
    console.error('usage: vsix.ts <extension folder> <out.vsix> [--dependencies] [--target=<platform>]');
    process.exit(2);
  }
  try {
    const target = process.argv.find((a) => a.startsWith('--target='))?.slice('--target='.length);
    console.log(packageVsix(dir, out, { dependencies: process.argv.includes('--dependencies'), ...(target ? { target } : {}) }));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
