// The stable launcher under <data dir>/bin: MCP configurations given to other clients name it
// instead of the versioned extension folder, which changes with every update (and, under
// `npm start`, lives only as long as VS Code runs). Rewritten on every activation, so it always
// runs the server of the extension installed last.
import fs from 'node:fs';
import { pathFor, type Platform } from './data-dir.js';

export const LAUNCHER_NAME = 'session-mgmt-mcp';

export interface LauncherTarget {
  /** VS Code's own binary (run as Node with ELECTRON_RUN_AS_NODE) or a Node binary. */
  nodePath: string;
  /** dist/server.js of the installed extension. */
  serverJs: string;
  /** Folder name prefix of this extension's installed versions (publisher.name-), for the fallback. */
  extensionPrefix: string;
  platform: Platform;
}

export function launcherPath(dataDir: string, platform: Platform): string {
  return pathFor(platform).join(dataDir, 'bin', platform === 'win32' ? `${LAUNCHER_NAME}.cmd` : LAUNCHER_NAME);
}

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
/** Inside a cmd `set "NAME=value"`: quotes cannot appear in Windows paths; % must be doubled. */
const cmdValue = (s: string): string => s.replace(/%/g, '%%');

/**
 * A POSIX sh script. If the recorded server is gone (the extension was updated by a VS Code that
 * has not started since), it runs another installed version beside it (the last in name order); if
 * VS Code's binary is gone, `node` from PATH.
 */
export function posixLauncher(t: Omit<LauncherTarget, 'platform'>): string {
  const paths = pathFor('linux');
  const extensionsDir = paths.dirname(paths.dirname(paths.dirname(t.serverJs)));
  return [
    '#!/bin/sh',
    '# Starts the Session Management MCP server of the installed VS Code extension.',
    '# Written by the extension each time it starts; edits are overwritten.',
    `server=${shQuote(t.serverJs)}`,
    `node_bin=${shQuote(t.nodePath)}`,
    'if [ ! -f "$server" ]; then',
    `  for candidate in ${shQuote(extensionsDir)}/${shQuote(t.extensionPrefix)}*/dist/server.js; do`,
    '    [ -f "$candidate" ] && server="$candidate"',
    '  done',
    'fi',
    'if [ ! -f "$server" ]; then',
    `  echo "${LAUNCHER_NAME}: the Session Management extension is not installed any more ($server is missing). Start VS Code with the extension once to update this launcher." >&2`,
    '  exit 1',
    'fi',
    'if [ ! -x "$node_bin" ]; then node_bin=node; fi',
    'ELECTRON_RUN_AS_NODE=1 exec "$node_bin" "$server" "$@"',
    '',
  ].join('\n');
}

/** The Windows counterpart: a .cmd run with `cmd /c`. */
export function cmdLauncher(t: Omit<LauncherTarget, 'platform'>): string {
  const paths = pathFor('win32');
  const extensionsDir = paths.dirname(paths.dirname(paths.dirname(t.serverJs)));
  return [
    '@echo off',
    'rem Starts the Session Management MCP server of the installed VS Code extension.',
    'rem Written by the extension each time it starts; edits are overwritten.',
    'setlocal',
    `set "SERVER=${cmdValue(t.serverJs)}"`,
    `set "NODE_BIN=${cmdValue(t.nodePath)}"`,
    `if not exist "%SERVER%" for /d %%D in ("${cmdValue(extensionsDir)}\\${cmdValue(t.extensionPrefix)}*") do if exist "%%D\\dist\\server.js" set "SERVER=%%D\\dist\\server.js"`,
    'if not exist "%SERVER%" (',
    `  echo ${LAUNCHER_NAME}: the Session Management extension is not installed any more. Start VS Code with the extension once to update this launcher. 1>&2`,
    '  exit /b 1',
    ')',
    'if not exist "%NODE_BIN%" set "NODE_BIN=node"',
    'set "ELECTRON_RUN_AS_NODE=1"',
    '"%NODE_BIN%" "%SERVER%" %*',
    'exit /b %ERRORLEVEL%',
    '',
  ].join('\r\n');
}

export function launcherScript(t: LauncherTarget): string {
  return t.platform === 'win32' ? cmdLauncher(t) : posixLauncher(t);
}

/**
 * mkdir -p one level at a time: Node's recursive mkdirSync never returns for a path under /proc
 * (seen with Node 20 and 24), which would hang the extension host for a data dir set there by mistake.
 */
function makeDirs(dir: string, platform: Platform): void {
  const paths = pathFor(platform);
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = paths.dirname(d)) {
    if (paths.dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Writes the launcher atomically (several windows may start at once); returns its path and whether it changed. */
export function writeLauncher(dataDir: string, t: LauncherTarget): { path: string; changed: boolean } {
  const paths = pathFor(t.platform);
  const file = launcherPath(dataDir, t.platform);
  const text = launcherScript(t);
  let current: string | null = null;
  try {
    current = fs.readFileSync(file, 'utf8');
  } catch {
    current = null;
  }
  if (current === text) return { path: file, changed: false };
  makeDirs(paths.dirname(file), t.platform);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o755 });
  fs.renameSync(tmp, file);
  return { path: file, changed: true };
}
