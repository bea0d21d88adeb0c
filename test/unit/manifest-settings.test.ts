// The settings' scopes in package.json: what runs a program or connects elsewhere is machine-scoped
// (a workspace can never set it); folders are machine-overridable; all of them are restricted in
// untrusted workspaces, and the extension reads every contributed setting it declares.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

interface Manifest {
  contributes: { configuration: { properties: Record<string, { scope?: string; markdownDescription?: string }> }; commands: { command: string }[] };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const props = manifest.contributes.configuration.properties;
// The same list as LAUNCH_SETTINGS in src/extension/settings.ts (which imports vscode).
const LAUNCH_SETTINGS = ['mcpServerPath', 'server.command', 'server.args', 'server.url', 'dataDir', 'conversations.root'];

describe('settings scopes', () => {
  it('programs and servers are machine-scoped, folders machine-overridable, both restricted when untrusted', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of LAUNCH_SETTINGS) {
      const id = `sessionMgmt.${key}`;
      const expected = key === 'dataDir' || key === 'conversations.root' ? 'machine-overridable' : 'machine';
      assert.equal(props[id]?.scope, expected, id);
      assert.ok(restricted.includes(id), `${id} is not restricted in untrusted workspaces`);
    }
  });
  it('the other settings keep the default (window) scope, so every Settings tab shows them', () => {
    for (const [id, p] of Object.entries(props)) {
      if (LAUNCH_SETTINGS.some((k) => `sessionMgmt.${k}` === id)) continue;
      assert.equal(p.scope, undefined, id);
    }
  });
  it("Data Dir's description links to the command that shows the folder in use", () => {
    assert.match(props['sessionMgmt.dataDir']?.markdownDescription ?? '', /\(command:sessionMgmt\.showDataDir\)/);
    assert.ok(manifest.contributes.commands.some((c) => c.command === 'sessionMgmt.showDataDir'));
  });
});
