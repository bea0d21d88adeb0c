// Offers the bundled server to VS Code's own MCP support (Copilot agent mode) through the
// server-definition provider API, where this VS Code has it.
import * as vscode from 'vscode';
import type { ExtensionCtx } from './context.js';

export const PROVIDER_ID = 'sessionMgmt.mcpServers';

export function registerMcpProvider(ctx: ExtensionCtx, version: string): vscode.Disposable | null {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (!lm?.registerMcpServerDefinitionProvider || typeof vscode.McpStdioServerDefinition !== 'function') {
    ctx.log.info('this VS Code has no MCP server-definition API; the bundled server is not offered to chat');
    return null;
  }
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const args = [ctx.bundledServer, '--data-dir', ctx.dataDir];
      if (ctx.workspaceRoot) args.push('--project-root', ctx.workspaceRoot);
      const def = new vscode.McpStdioServerDefinition('Session Management', process.execPath, args, { ELECTRON_RUN_AS_NODE: '1' }, version);
      if (ctx.workspaceRoot) def.cwd = vscode.Uri.file(ctx.workspaceRoot);
      return [def];
    },
  };
  const reg = lm.registerMcpServerDefinitionProvider(PROVIDER_ID, provider);
  const folders = vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire());
  return vscode.Disposable.from(reg, folders, changed);
}
