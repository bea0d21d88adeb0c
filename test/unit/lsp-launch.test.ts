import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideLspLaunch } from '../../src/extension/connection/lsp-launch.js';
import { DEFAULT_LSP_FEATURES, featuresFrom } from '../../src/protocol/lsp.js';

const base = { bundledServer: '/ext/dist/server.js', nodePath: '/vscode/code', workspaceRoot: '/home/dev/shop', baseEnv: { PATH: '/usr/bin', UNSET: undefined } };

test('the language server is the bundled server with VS Code Node, on the configured data dir when trusted', () => {
  const l = decideLspLaunch({ ...base, trusted: true, dataDir: '/data/mem' });
  assert.equal(l.command, '/vscode/code');
  assert.deepEqual(l.args, ['/ext/dist/server.js', 'lsp', '--project-root', '/home/dev/shop', '--data-dir', '/data/mem']);
  assert.equal(l.cwd, '/home/dev/shop');
  assert.equal(l.env.ELECTRON_RUN_AS_NODE, '1');
  assert.equal(l.env.PATH, '/usr/bin');
  assert.ok(!('UNSET' in l.env));
});

test('an untrusted workspace ignores the machine data dir setting, like the session server', () => {
  const l = decideLspLaunch({ ...base, trusted: false, dataDir: '/data/mem' });
  assert.deepEqual(l.args, ['/ext/dist/server.js', 'lsp', '--project-root', '/home/dev/shop']);
});

test('no folder: no project root, the extension folder as working directory', () => {
  const l = decideLspLaunch({ ...base, workspaceRoot: undefined, trusted: true, dataDir: '' });
  assert.deepEqual(l.args, ['/ext/dist/server.js', 'lsp']);
  assert.equal(l.cwd, '/ext/dist');
});

test('feature switches keep only booleans', () => {
  assert.deepEqual(featuresFrom({ codeLens: false, hover: 'yes', diagnostics: true, other: true }, DEFAULT_LSP_FEATURES), { codeLens: false, hover: true, diagnostics: true });
  assert.deepEqual(featuresFrom(null, DEFAULT_LSP_FEATURES), DEFAULT_LSP_FEATURES);
});
