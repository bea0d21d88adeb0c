// Restart Server, Show Log, Copy MCP Configuration, Show Memory Folder, Set Server Token.
import * as vscode from 'vscode';
import { TOKEN_KEY, type ExtensionCtx } from '../context.js';
import { externalServerCommand } from '../external-server.js';
import { claudeHooksConfig } from '../hooks-config.js';
import { MCP_CONFIG_TARGETS, mcpConfig } from '../mcp-config.js';
import { readSettings } from '../settings.js';

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
  // Both name the launcher: make sure it exists and runs this installation.
  const launcher = ctx.writeLauncher();
  let text: string;
  if (target.kind === HOOKS_TARGET.kind) {
    const hook = externalServerCommand({ ...ctx.externalServer(), subcommand: 'context' });
    text = JSON.stringify(claudeHooksConfig(hook.command, hook.args, hook.env), null, 2);
  } else {
    text = mcpConfig(target.kind, ctx.externalServer());
  }
  await vscode.env.clipboard.writeText(text);
  const what = target.kind === HOOKS_TARGET.kind ? target.label : `${target.label} MCP`;
  void vscode.window.showInformationMessage(`Copied the ${what} configuration (it runs ${launcher}, which keeps working after updates). Paste it into ${target.file}.`);
  return text;
}

/** Says which memory folder is in use and why (the Settings UI cannot show a computed default). */
export async function showDataDir(ctx: ExtensionCtx): Promise<string> {
  const dir = ctx.dataDir;
  const setting = readSettings().dataDir;
  const why = setting && ctx.trusted ? 'from the sessionMgmt.dataDir setting' : process.env.SESSION_MGMT_DATA_DIR?.trim() ? 'from SESSION_MGMT_DATA_DIR' : 'the default';
  const ignored = setting && !ctx.trusted ? ' The sessionMgmt.dataDir setting is ignored because the workspace is not trusted.' : '';
  const pick = await vscode.window.showInformationMessage(`Memory folder: ${dir} (${why}).${ignored}`, 'Copy Path', 'Open Settings');
  if (pick === 'Copy Path') await vscode.env.clipboard.writeText(dir);
  if (pick === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'sessionMgmt.dataDir');
  return dir;
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
