// The launcher other MCP clients run, the command they are given, and the data-dir helpers, with
// POSIX and Windows inputs. The POSIX launcher is also run for real.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { dataDirInUse, defaultDataDir, expandHome, samePath } from '../../src/extension/data-dir.js';
import { externalServerCommand } from '../../src/extension/external-server.js';
import { cmdLauncher, launcherPath, posixLauncher, writeLauncher } from '../../src/extension/launcher.js';
import { mcpConfig } from '../../src/extension/mcp-config.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('data dir helpers', () => {
  it('default and expansion on Windows', () => {
    assert.equal(defaultDataDir('C:\\Users\\Ada Lovelace', 'win32'), 'C:\\Users\\Ada Lovelace\\.session-mgmt');
    assert.equal(expandHome('~\\mem', 'C:\\Users\\Ada', 'win32'), 'C:\\Users\\Ada\\mem');
    assert.equal(expandHome('~/mem', 'C:\\Users\\Ada', 'win32'), 'C:\\Users\\Ada\\mem');
    assert.equal(expandHome('D:\\data\\mem', 'C:\\Users\\Ada', 'win32'), 'D:\\data\\mem');
    assert.equal(expandHome('mem', 'C:\\Users\\Ada', 'win32'), 'C:\\Users\\Ada\\mem');
  });
  it('default and expansion on POSIX', () => {
    assert.equal(defaultDataDir('/home/ada', 'linux'), '/home/ada/.session-mgmt');
    assert.equal(expandHome('~', '/home/ada', 'linux'), '/home/ada');
    assert.equal(expandHome('~/mem', '/Users/ada', 'darwin'), '/Users/ada/mem');
    assert.equal(expandHome('/srv/mem/', '/home/ada', 'linux'), '/srv/mem');
  });
  it('the setting wins when trusted, then the environment, then the default', () => {
    const base = { home: '/home/ada', platform: 'linux' as const, envDir: undefined };
    assert.equal(dataDirInUse({ ...base, setting: ' ~/mem ', trusted: true }), '/home/ada/mem');
    assert.equal(dataDirInUse({ ...base, setting: '~/mem', trusted: false }), '/home/ada/.session-mgmt');
    assert.equal(dataDirInUse({ ...base, setting: '', trusted: true, envDir: '/srv/m' }), '/srv/m');
  });
  it('compares paths the way the platform does', () => {
    assert.equal(samePath('C:\\Users\\Ada\\.session-mgmt\\', 'c:\\users\\ada\\.session-mgmt', 'win32'), true);
    assert.equal(samePath('/home/ada/.session-mgmt/', '/home/ada/.session-mgmt', 'linux'), true);
    assert.equal(samePath('/home/ada/Mem', '/home/ada/mem', 'linux'), false);
  });
});

describe('externalServerCommand', () => {
  it('runs the launcher directly on POSIX and adds --data-dir only when it is not the default', () => {
    const base = { launcher: '/home/ada/.session-mgmt/bin/session-mgmt-mcp', platform: 'linux' as const, defaultDataDir: '/home/ada/.session-mgmt' };
    assert.deepEqual(externalServerCommand({ ...base, dataDir: '/home/ada/.session-mgmt/' }), { command: base.launcher, args: [], env: {} });
    assert.deepEqual(externalServerCommand({ ...base, dataDir: '/srv/team mem', subcommand: 'context', args: ['--limit', '5'] }), {
      command: base.launcher,
      args: ['context', '--limit', '5', '--data-dir', '/srv/team mem'],
      env: {},
    });
  });
  it('goes through cmd /c on Windows with the data dir in the environment', () => {
    const launcher = launcherPath('C:\\Users\\Ada Lovelace\\.session-mgmt', 'win32');
    assert.equal(launcher, 'C:\\Users\\Ada Lovelace\\.session-mgmt\\bin\\session-mgmt-mcp.cmd');
    const base = { launcher, platform: 'win32' as const, defaultDataDir: 'C:\\Users\\Ada Lovelace\\.session-mgmt' };
    assert.deepEqual(externalServerCommand({ ...base, dataDir: 'c:\\users\\ada lovelace\\.session-mgmt' }), { command: 'cmd', args: ['/c', launcher], env: {} });
    assert.deepEqual(externalServerCommand({ ...base, dataDir: 'D:\\Team Memory', subcommand: 'context' }), {
      command: 'cmd',
      args: ['/c', launcher, 'context'],
      env: { SESSION_MGMT_DATA_DIR: 'D:\\Team Memory' },
    });
  });
  it('feeds every copied configuration', () => {
    const server = { launcher: '/h/.session-mgmt/bin/session-mgmt-mcp', platform: 'linux' as const, dataDir: '/data/mem', defaultDataDir: '/h/.session-mgmt' };
    assert.deepEqual(JSON.parse(mcpConfig('claude', server)), { mcpServers: { 'session-mgmt': { command: server.launcher, args: ['--data-dir', '/data/mem'] } } });
    assert.deepEqual(JSON.parse(mcpConfig('vscode', server)).servers['session-mgmt'], {
      type: 'stdio',
      command: server.launcher,
      args: ['--project-root', '${workspaceFolder}', '--data-dir', '/data/mem'],
    });
    const win = { launcher: 'C:\\U\\.session-mgmt\\bin\\session-mgmt-mcp.cmd', platform: 'win32' as const, dataDir: 'C:\\U\\.session-mgmt', defaultDataDir: 'C:\\U\\.session-mgmt' };
    assert.deepEqual(JSON.parse(mcpConfig('cursor', win)).mcpServers['session-mgmt'], { command: 'cmd', args: ['/c', win.launcher, '--project-root', '${workspaceFolder}'] });
  });
});

describe('launcher scripts', () => {
  const target = { nodePath: 'C:\\Program Files\\Microsoft VS Code\\Code.exe', serverJs: 'C:\\Users\\Ada\\.vscode\\extensions\\session-mgmt.session-mgmt-vscode-0.1.0-win32-x64\\dist\\server.js', extensionPrefix: 'session-mgmt.session-mgmt-vscode-' };
  it('the Windows .cmd names VS Code and the server, falls back to newer versions and to node, uses CRLF', () => {
    const cmd = cmdLauncher(target);
    assert.match(cmd, /set "NODE_BIN=C:\\Program Files\\Microsoft VS Code\\Code\.exe"\r\n/);
    assert.match(cmd, /set "SERVER=C:\\Users\\Ada\\\.vscode\\extensions\\session-mgmt\.session-mgmt-vscode-0\.1\.0-win32-x64\\dist\\server\.js"/);
    assert.match(cmd, /for \/d %%D in \("C:\\Users\\Ada\\\.vscode\\extensions\\session-mgmt\.session-mgmt-vscode-\*"\)/);
    assert.match(cmd, /set "ELECTRON_RUN_AS_NODE=1"/);
    assert.match(cmd, /"%NODE_BIN%" "%SERVER%" %\*/);
    assert.equal(cmd.split('\r\n').some((l) => l.includes('\n')), false);
    assert.equal(cmdLauncher({ ...target, serverJs: 'C:\\100%\\dist\\server.js' }).includes('C:\\100%%\\dist'), true);
  });

  it('the POSIX script runs the server with the arguments, and finds a newer version when the recorded one is gone', () => {
    const ext = (v: string): string => {
      const dir = path.join(tmp, "ext's dir", `session-mgmt.session-mgmt-vscode-${v}`, 'dist');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'server.js');
      fs.writeFileSync(file, `console.log(JSON.stringify({ v: ${JSON.stringify(v)}, args: process.argv.slice(2), electron: process.env.ELECTRON_RUN_AS_NODE }));\n`);
      return file;
    };
    const old = ext('0.1.0');
    const dataDir = path.join(tmp, 'data dir');
    const t = { nodePath: process.execPath, serverJs: old, extensionPrefix: 'session-mgmt.session-mgmt-vscode-', platform: 'linux' as const };
    const first = writeLauncher(dataDir, t);
    assert.equal(first.changed, true);
    assert.equal(writeLauncher(dataDir, t).changed, false);
    assert.equal(first.path, path.join(dataDir, 'bin', 'session-mgmt-mcp'));
    assert.equal(fs.statSync(first.path).mode & 0o111, 0o111);
    const run = (): { v: string; args: string[]; electron: string } => {
      const r = spawnSync(first.path, ['--data-dir', '/x y'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { v: string; args: string[]; electron: string };
    };
    assert.deepEqual(run(), { v: '0.1.0', args: ['--data-dir', '/x y'], electron: '1' });
    ext('0.2.0');
    fs.rmSync(path.dirname(path.dirname(old)), { recursive: true });
    assert.equal(run().v, '0.2.0');
    fs.rmSync(path.join(tmp, "ext's dir"), { recursive: true });
    const gone = spawnSync(first.path, [], { encoding: 'utf8' });
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /not installed any more/);
    assert.match(posixLauncher(t), /^#!\/bin\/sh\n/);
  });
});

describe('writeLauncher in a folder that cannot be created', () => {
  it('fails at once with the error instead of hanging (Node loops on recursive mkdir under /proc)', { skip: process.platform !== 'linux' }, () => {
    const t = { nodePath: process.execPath, serverJs: '/x/dist/server.js', extensionPrefix: 'p-', platform: 'linux' as const };
    assert.throws(() => writeLauncher('/proc/session-mgmt-test/no-data-dir', t), /ENOENT|EACCES|EPERM/);
  });
});
