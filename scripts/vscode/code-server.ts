// Starts and stops a private code-server (VS Code OSS server + workbench) on 127.0.0.1.
// For tests everything it writes (HOME, XDG dirs, TMPDIR, user data, extensions) lives in one temp
// dir that stop() removes. With `userEnv` (npm start) it runs in the user's own environment (HOME,
// git configuration, ~/.claude, SSH agent) and keeps only its own state in a kept folder.
// Set-up: node scripts/vscode/setup.mjs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { onInterrupt } from './cleanup.js';

export const ROOT = path.resolve(__dirname, '../..');
const PATHS_FILE = path.join(ROOT, '.cache/vscode/paths.json');

export interface HarnessPaths {
  chromium: string;
  node24: string;
  nodeDir: string;
  codeServerEntry: string;
  codeServerDir: string;
  codeServerVersion: string;
  vsce: string | null;
}

export function loadPaths(): HarnessPaths {
  if (!fs.existsSync(PATHS_FILE)) {
    throw new Error(`${PATHS_FILE} is missing: run "node scripts/vscode/setup.mjs" first`);
  }
  return JSON.parse(fs.readFileSync(PATHS_FILE, 'utf8')) as HarnessPaths;
}

/** Settings that keep a test workbench quiet and offline. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  // The secondary side bar (chat) opens empty by default in a workspace: keep screenshots clean.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
};

export interface CodeServerOptions {
  /** Folder opened by default (also passed as the positional path argument). */
  workspace?: string;
  /** Use this extensions dir instead of a fresh one (kept on stop). */
  extensionsDir?: string;
  /** VSIX files installed into the extensions dir before start. */
  vsix?: string[];
  userSettings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Needed for the `payload` URL parameter (extensionDevelopmentPath/extensionTestsPath). */
  smokeTestDriver?: boolean;
  /** Keep workspace trust on (default off: --disable-workspace-trust). */
  keepWorkspaceTrust?: boolean;
  extraArgs?: string[];
  /**
   * Run in this environment (HOME and all) instead of an isolated temp home; code-server's own
   * state (settings, extensions, logs) lives in stateDir, which stop() keeps.
   */
  userEnv?: { env: NodeJS.ProcessEnv; stateDir: string };
}

export interface CodeServerDirs {
  root: string;
  home: string;
  tmp: string;
  userData: string;
  extensions: string;
  config: string;
}

export interface CodeServer {
  url: string;
  port: number;
  host: string;
  pid: number;
  dirs: CodeServerDirs;
  /** Milliseconds from spawn to a healthy /healthz. */
  startupMs: number;
  /** Installed folders of opts.vsix, in order. */
  installed: string[];
  log(): string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** A port the kernel considers free right now (tiny race accepted: nothing else binds here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function makeDirs(extensionsDir?: string, stateDir?: string): CodeServerDirs {
  const root = stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-harness-'));
  const sub = (name: string): string => {
    const d = path.join(root, name);
    fs.mkdirSync(d, { recursive: true });
    return d;
  };
  return {
    root,
    // A kept state folder (npm start) runs with the user's own home.
    home: stateDir ?? sub('home'),
    tmp: sub('tmp'),
    userData: sub('user-data'),
    extensions: extensionsDir ?? sub('extensions'),
    config: path.join(root, 'config.yaml'),
  };
}

/** The environment without what would confuse code-server or leak into the extension host. */
function withoutHostVars(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...source };
  // VSCODE_* (when run from a VS Code terminal) would make code-server talk to that VS Code;
  // npm_* (when run from an npm script) would leak npm's config into the extension host.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k.startsWith('npm_')) delete env[k];
  return env;
}

/**
 * The user's own environment (npm start): HOME, XDG_CONFIG_HOME (git reads it), CLAUDE_CONFIG_DIR,
 * SSH_AUTH_SOCK and the rest pass through. Only XDG_DATA_HOME moves into the state folder:
 * code-server keeps its logs there, and git, ssh and Claude Code do not read it.
 */
export function userEnvironment(source: NodeJS.ProcessEnv, stateDir: string, paths: Pick<HarnessPaths, 'node24'>, extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env = withoutHostVars(source);
  return {
    ...env,
    XDG_DATA_HOME: path.join(stateDir, 'data'),
    PATH: `${path.dirname(paths.node24)}${path.delimiter}${env.PATH ?? ''}`,
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/** HOME/XDG/TMPDIR all inside the run's temp dir so nothing leaks into the real home. */
function isolatedEnv(dirs: CodeServerDirs, paths: HarnessPaths, extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env = withoutHostVars(process.env);
  return {
    ...env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_STATE_HOME: path.join(dirs.home, '.local/state'),
    XDG_RUNTIME_DIR: dirs.tmp,
    TMPDIR: dirs.tmp,
    // The extension host and terminals run on Node 24; make `node` resolve to it there too.
    PATH: `${path.dirname(paths.node24)}:${process.env.PATH ?? ''}`,
    // No marketplace: code-server would otherwise query open-vsx.org (unreachable, noisy).
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/** Installs a VSIX with `code-server --install-extension`; returns the installed folder. */
export function installExtension(vsixPath: string, extensionsDir: string): string {
  const paths = loadPaths();
  const scratch = makeDirs(extensionsDir);
  try {
    const before = new Set(fs.readdirSync(extensionsDir));
    const startedAt = Date.now() - 1_000;
    const r = spawnSync(
      paths.node24,
      [paths.codeServerEntry, '--user-data-dir', scratch.userData, '--extensions-dir', extensionsDir, '--install-extension', path.resolve(vsixPath), '--force'],
      { env: isolatedEnv(scratch, paths), encoding: 'utf8', timeout: 60_000 },
    );
    if (r.status !== 0) throw new Error(`--install-extension ${vsixPath} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
    const added = fs.readdirSync(extensionsDir).filter((d) => !before.has(d) && fs.existsSync(path.join(extensionsDir, d, 'package.json')));
    const id = /Extension '([^']+)'/.exec(r.stdout)?.[1]?.toLowerCase();
    // Reinstalling the same version (npm start's kept extensions folder) replaces its folder in place.
    const rewritten = (): string | undefined =>
      fs.readdirSync(extensionsDir).find((d) => {
        const manifest = path.join(extensionsDir, d, 'package.json');
        return fs.existsSync(manifest) && fs.statSync(manifest).mtimeMs >= startedAt;
      });
    const dir = added[0] ?? fs.readdirSync(extensionsDir).find((d) => id !== undefined && d.toLowerCase().startsWith(`${id}-`)) ?? rewritten();
    if (!dir) throw new Error(`installed ${vsixPath} but found no new folder in ${extensionsDir}:\n${r.stdout}`);
    return path.join(extensionsDir, dir);
  } finally {
    fs.rmSync(scratch.root, { recursive: true, force: true });
  }
}

function get(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Kills the process group (code-server, extension host, pty host...) and waits for the leader. */
async function killTree(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* group already gone */
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signal('SIGTERM');
    const t = setTimeout(() => signal('SIGKILL'), 5_000);
    await exited;
    clearTimeout(t);
  }
  signal('SIGKILL'); // stragglers that outlived (or survived a crash of) the leader
}

/** Settings written once: later runs keep what the user changed in the Settings UI. */
function writeUserSettings(dir: string, settings: Record<string, unknown>, keepExisting: boolean): void {
  const file = path.join(dir, 'settings.json');
  fs.mkdirSync(dir, { recursive: true });
  let existing: Record<string, unknown> = {};
  if (keepExisting && fs.existsSync(file)) {
    try {
      existing = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      existing = {}; // VS Code allows comments in settings.json; a file we cannot parse is rewritten
    }
  }
  fs.writeFileSync(file, JSON.stringify({ ...settings, ...existing }, null, 2));
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  const paths = loadPaths();
  const state = opts.userEnv?.stateDir;
  if (state) fs.mkdirSync(state, { recursive: true });
  const dirs = makeDirs(opts.extensionsDir, state);
  const removeDirs = (): void => {
    if (state) fs.rmSync(dirs.tmp, { recursive: true, force: true });
    else fs.rmSync(dirs.root, { recursive: true, force: true });
  };
  let child: ChildProcess | undefined;
  const onProcessExit = (): void => {
    // Last resort if the harness dies without calling stop(): never leave a server behind.
    if (child?.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    removeDirs();
  };
  process.once('exit', onProcessExit);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      if (child) await killTree(child);
      process.removeListener('exit', onProcessExit);
      unregister();
      removeDirs();
    })());
  const unregister = onInterrupt(stop);
  try {
    const installed = (opts.vsix ?? []).map((vsix) => installExtension(vsix, dirs.extensions));
    const port = await freePort();
    fs.writeFileSync(dirs.config, `bind-addr: ${HOST}:${port}\nauth: none\ncert: false\n`);
    writeUserSettings(path.join(dirs.userData, 'User'), { ...QUIET_SETTINGS, ...opts.userSettings }, state !== undefined);

    const args = [
      paths.codeServerEntry,
      '--config', dirs.config,
      '--bind-addr', `${HOST}:${port}`,
      '--auth', 'none',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--ignore-last-opened',
      '--reconnection-grace-time', '5',
      ...(opts.keepWorkspaceTrust ? [] : ['--disable-workspace-trust']),
      ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      ...(opts.extraArgs ?? []),
      ...(opts.workspace ? [path.resolve(opts.workspace)] : []),
    ];
    const t0 = Date.now();
    // detached: own process group, so stop() can signal the whole tree at once.
    const env = opts.userEnv ? userEnvironment(opts.userEnv.env, opts.userEnv.stateDir, paths, opts.env) : isolatedEnv(dirs, paths, opts.env);
    const proc = spawn(paths.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    const append = (b: Buffer): void => {
      output = (output + b.toString()).slice(-200_000);
    };
    proc.stdout?.on('data', append);
    proc.stderr?.on('data', append);
    let exitInfo: string | undefined;
    proc.on('exit', (code, sig) => (exitInfo = `code-server exited (${code ?? sig})`));

    const base = `http://${HOST}:${port}`;
    const deadline = Date.now() + 30_000;
    while ((await get(`${base}/healthz`, 1_000)) !== 200) {
      if (exitInfo) throw new Error(`${exitInfo} before /healthz answered:\n${output}`);
      if (Date.now() > deadline) throw new Error(`code-server /healthz did not answer within 30 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const startupMs = Date.now() - t0;
    return {
      url: base,
      port,
      host: HOST,
      pid: proc.pid ?? -1,
      dirs,
      startupMs,
      installed,
      log: () => output,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
