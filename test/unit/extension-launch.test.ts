// How the extension starts the session server: decideLaunch is pure, so no VS Code is needed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideLaunch, type LaunchInputs } from '../../src/extension/connection/launch.js';

const SETTINGS: LaunchInputs['settings'] = {
  mcpServerPath: '',
  serverCommand: '',
  serverArgs: [],
  serverUrl: '',
  dataDir: '',
  conversationsWatch: false,
  conversationsRoot: '',
};

function inputs(settings: Partial<LaunchInputs['settings']> = {}, trusted = true): LaunchInputs {
  return {
    trusted,
    settings: { ...SETTINGS, ...settings },
    bundledServer: '/ext/dist/server.js',
    nodePath: '/vscode/node',
    workspaceRoot: '/work/app',
    baseEnv: { PATH: '/bin', UNSET: undefined },
  };
}

function stdio(i: LaunchInputs): { command: string; args: string[]; env: Record<string, string>; bundled: boolean } {
  const { launch } = decideLaunch(i);
  if (launch.kind !== 'stdio') throw new Error(`expected stdio, got ${launch.kind}`);
  return launch;
}

describe('decideLaunch', () => {
  it('runs the bundled server with VS Code\u2019s Node on the workspace by default', () => {
    const l = stdio(inputs());
    assert.equal(l.command, '/vscode/node');
    assert.deepEqual(l.args, ['/ext/dist/server.js', '--project-root', '/work/app']);
    assert.equal(l.env.ELECTRON_RUN_AS_NODE, '1');
    assert.equal('UNSET' in l.env, false);
    assert.equal(l.bundled, true);
  });

  it('passes the conversations folder and watching to the bundled server', () => {
    const l = stdio(inputs({ conversationsRoot: '/home/me/.claude-work/projects', conversationsWatch: true, dataDir: '/data' }));
    assert.deepEqual(l.args, [
      '/ext/dist/server.js',
      '--project-root',
      '/work/app',
      '--data-dir',
      '/data',
      '--conversations-dir',
      '/home/me/.claude-work/projects',
      '--watch-conversations',
    ]);
    assert.deepEqual(stdio(inputs({ conversationsWatch: true })).args.slice(3), ['--watch-conversations']);
    assert.deepEqual(stdio(inputs({ conversationsRoot: '/t' })).args.slice(3), ['--conversations-dir', '/t']);
  });

  it('ignores the conversations folder in an untrusted workspace, like the other folder settings', () => {
    const l = stdio(inputs({ conversationsRoot: '/t', dataDir: '/data', conversationsWatch: true }, false));
    assert.deepEqual(l.args, ['/ext/dist/server.js', '--project-root', '/work/app', '--watch-conversations']);
  });

  it('adds nothing to a configured external server or URL', () => {
    const ext = stdio(inputs({ serverCommand: '/usr/bin/other-server', serverArgs: ['--x'], conversationsRoot: '/t', conversationsWatch: true }));
    assert.deepEqual(ext.args, ['--x']);
    assert.equal(ext.bundled, false);
    const http = decideLaunch(inputs({ serverUrl: 'http://127.0.0.1:7345/mcp', conversationsWatch: true })).launch;
    assert.equal(http.kind, 'http');
  });

  it('uses the bundled server, with a reason, when the workspace is not trusted', () => {
    const d = decideLaunch(inputs({ mcpServerPath: '/evil.js' }, false));
    assert.equal(d.launch.kind === 'stdio' && d.launch.bundled, true);
    assert.match(d.ignored ?? '', /not trusted/);
  });
});
