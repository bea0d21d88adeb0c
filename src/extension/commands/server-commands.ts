// Restart Server, Show Log, Copy MCP Configuration, Set Server Token.
import * as vscode from 'vscode';
import { TOKEN_KEY, type ExtensionCtx } from '../context.js';
import { claudeHooksConfig } from '../hooks-config.js';
import { MCP_CONFIG_TARGETS, mcpConfig } from '../mcp-config.js';

export async function restartServer(ctx: ExtensionCtx): Promise<void> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Restarting the session server' }, () => ctx.conn.restart());
}

/** Offered beside the MCP configurations: Claude Code hooks that hand the context pack to the agent. */
const HOOKS_TARGET = { kind: 'claude-hooks', label: 'Claude Code hooks (context at session start and per prompt)', file: '.claude/settings.json ("hooks")' } as const;

export async function copyMcpConfig(ctx: ExtensionCtx, kind?: string): Promise<string | null> {
  const targets = [...MCP_CONFIG_TARGETS, HOOKS_TARGET];
  const target = kind
    ? targets.find((t) => t.kind === kind)
    : (
        await vscode.window.showQuickPick(
          targets.map((t) => ({ label: t.label, description: t.file, target: t })),
          { title: 'Copy MCP Configuration for…', placeHolder: 'The agent that should share this memory' },
        )
      )?.target;
  if (!target) return null;
  const text =
    target.kind === HOOKS_TARGET.kind
      ? JSON.stringify(claudeHooksConfig(process.execPath, [ctx.bundledServer], { ELECTRON_RUN_AS_NODE: '1' }), null, 2)
      : mcpConfig(target.kind, process.execPath, ctx.bundledServer);
  await vscode.env.clipboard.writeText(text);
  void vscode.window.showInformationMessage(`Copied the ${target.label}${target.kind === HOOKS_TARGET.kind ? '' : ' MCP'} configuration. Paste it into ${target.file}.`);
  return text;
}

export async function setServerToken(ctx: ExtensionCtx): Promise<void> {
  const token = await vscode.window.showInputBox({
    title: 'Session Server Token',
    prompt: 'Bearer token for sessionMgmt.server.url (stored in the OS keychain; empty removes it)',
    password: true,
    ignoreFocusOut: true,
  });
  if (token === undefined) return;
  try {
    if (token) await ctx.extension.secrets.store(TOKEN_KEY, token);
    else await ctx.extension.secrets.delete(TOKEN_KEY);
  } catch (err) {
    void vscode.window.showErrorMessage(
      `Could not save the token: ${err instanceof Error ? err.message : String(err)}. On Linux a keyring (such as gnome-keyring) must be running.`,
    );
    return;
  }
  void vscode.window.showInformationMessage(token ? 'Server token saved; reconnecting.' : 'Server token removed.');
  await ctx.conn.restart();
}
