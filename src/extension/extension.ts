// Extension entry point. activate() only registers things; the server starts right after it
// returns, so activation stays fast and nothing native is ever loaded in the extension host.
import * as vscode from 'vscode';
import { Commands } from './command-ids.js';
import { searchByConcept, searchCurrentFile, searchMemory, storeReflection, storeSelection, openMemory } from './commands/memory-commands.js';
import { copyMcpConfig, restartServer, setServerToken, showDataDir } from './commands/server-commands.js';
import { checkpoint, endSession, showStatus, startSession } from './commands/session-commands.js';
import type { ConnectionState } from './connection/server-connection.js';
import { ExtensionCtx } from './context.js';
import { importArgsOf } from './conversation-format.js';
import { MemoryLanguageClient } from './language-client.js';
import { registerMcpProvider } from './mcp-provider.js';
import { affectsLaunch, readSettings } from './settings.js';
import { registerQualityPanel } from './views/quality-panel.js';
import { registerSearchView } from './views/search-view.js';
import { registerTrees } from './views/trees.js';

/** What the extension exports: used by its integration tests and available to other extensions. */
export interface SessionMgmtApi {
  readonly ctx: ExtensionCtx;
  readonly activationMs: number;
  serverState(): ConnectionState;
  serverPid(): number | null;
  /** The last error message shown to the user, if any. */
  lastError(): string | null;
  whenRunning(timeoutMs?: number): Promise<void>;
}

const END_ON_CLOSE_MS = 3_000;
let current: ExtensionCtx | null = null;

export function activate(context: vscode.ExtensionContext): SessionMgmtApi {
  const started = performance.now();
  let lastError: string | null = null;
  const ctx: ExtensionCtx = new ExtensionCtx(context, async () => {
    await checkpoint(ctx, 'auto');
  });
  current = ctx;
  context.subscriptions.push(ctx);

  const needsTrust = (): boolean => {
    if (ctx.trusted) return false;
    void vscode.window
      .showWarningMessage('Sessions analyse this folder and run git in it. Trust the workspace to use them.', 'Manage Workspace Trust')
      .then((pick) => pick && vscode.commands.executeCommand('workbench.trust.manage'));
    return true;
  };
  const register = (id: string, fn: (...args: never[]) => unknown, opts: { trusted?: boolean } = {}): void => {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: never[]) => {
        if (opts.trusted && needsTrust()) return undefined;
        try {
          return await fn(...args);
        } catch (err) {
          lastError = err instanceof Error ? err.message : String(err);
          ctx.log.error(`${id}: ${lastError}`);
          void vscode.window.showErrorMessage(lastError);
          return undefined;
        }
      }),
    );
  };

  register(Commands.startSession, () => startSession(ctx), { trusted: true });
  register(Commands.checkpoint, () => checkpoint(ctx, 'manual'), { trusted: true });
  register(Commands.endSession, () => endSession(ctx), { trusted: true });
  register(Commands.showStatus, () => showStatus(ctx), { trusted: true });
  register(Commands.storeReflection, (args?: { content?: string; tags?: string[]; files?: string[] }) => storeReflection(ctx, args));
  register(Commands.storeSelection, () => storeSelection(ctx));
  register(Commands.searchMemory, (initial?: string) => searchMemory(ctx, typeof initial === 'string' ? initial : ''));
  register(Commands.searchCurrentFile, (uri?: vscode.Uri) => searchCurrentFile(ctx, uri instanceof vscode.Uri ? uri.fsPath : undefined));
  register(Commands.searchByConcept, (concept?: string) => searchByConcept(ctx, typeof concept === 'string' ? concept : undefined));
  register(Commands.openMemory, (id: string) => openMemory(ctx, id));
  // Programmatic callers may pass {project?, path?, since?}; a tree item passes its node (ignored).
  register(Commands.importConversations, (args?: unknown) => ctx.imports.run(importArgsOf(args)));
  register(Commands.restartServer, () => restartServer(ctx));
  register(Commands.showLog, () => ctx.log.show());
  register(Commands.copyMcpConfig, (kind?: string) => copyMcpConfig(ctx, kind));
  register(Commands.setServerToken, () => setServerToken(ctx));
  register(Commands.showDataDir, () => showDataDir(ctx));

  context.subscriptions.push(registerQualityPanel(ctx));
  const searchView = registerSearchView(ctx);
  context.subscriptions.push(searchView, registerTrees(ctx, searchView));
  // The file lens of the language server: the Search view, filtered to the file (its "file:" query).
  register(Commands.showFileMemories, (file?: string) => {
    const target = typeof file === 'string' ? file : vscode.window.activeTextEditor?.document.uri.fsPath;
    if (!target) throw new Error('Open a file first: this shows the memories about the current file.');
    return searchView.search(`file: ${vscode.workspace.asRelativePath(target, false)}`);
  });
  const languageClient = new MemoryLanguageClient(ctx);
  context.subscriptions.push(languageClient);

  const mcp = registerMcpProvider(ctx, String(context.extension.packageJSON.version ?? '0.0.0'));
  if (mcp) context.subscriptions.push(mcp);

  // Other MCP clients' configurations name this launcher; it must run the version installed now.
  const refreshLauncher = (): void => {
    try {
      ctx.writeLauncher();
    } catch (err) {
      ctx.log.warn(`could not write the launcher for other MCP clients: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsLaunch(e)) void ctx.conn.restart();
      if (e.affectsConfiguration('sessionMgmt.dataDir')) {
        refreshLauncher();
        void languageClient.restart();
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void ctx.conn.restart();
      void languageClient.restart();
    }),
  );

  // Auto-init once, on the first successful connection.
  let initialised = false;
  context.subscriptions.push(
    ctx.conn.onDidChangeState((s) => {
      if (s !== 'running' || initialised) return;
      initialised = true;
      if (readSettings().autoInit && ctx.trusted && ctx.workspaceRoot) {
        startSession(ctx, { quiet: true }).catch((err: unknown) => ctx.log.warn(`auto-init failed: ${err instanceof Error ? err.message : String(err)}`));
      }
    }),
  );
  setImmediate(() => {
    void ctx.conn.start();
    refreshLauncher();
    void languageClient.start();
  });

  const activationMs = performance.now() - started;
  ctx.log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    ctx,
    activationMs,
    serverState: () => ctx.conn.state,
    serverPid: () => ctx.conn.pid,
    lastError: () => lastError,
    whenRunning: async (timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (ctx.conn.state !== 'running') {
        if (Date.now() > deadline) throw new Error(`the session server did not start (${ctx.conn.state}: ${ctx.conn.description})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

/** Ends the open session when the window closes, if configured: best effort, bounded in time. */
export async function deactivate(): Promise<void> {
  const ctx = current;
  current = null;
  if (!ctx || !readSettings().endSessionOnClose || !ctx.state.snapshot.session || ctx.conn.state !== 'running') return;
  const end = ctx.client.end({ working_directory: ctx.workspaceRoot }).catch(() => undefined);
  await Promise.race([end, new Promise((r) => setTimeout(r, END_ON_CLOSE_MS))]);
}
