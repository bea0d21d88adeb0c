// The language server as a child process (`dist/server.js lsp`) behind vscode-languageclient:
// file lenses, hovers and symbols over memories in every file editor. The extension host only
// runs the client; the server process opens the store.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DEFAULT_LSP_FEATURES, featuresFrom, type LspFeatures, type LspInitOptions } from '../protocol/lsp.js';
import { Commands } from './command-ids.js';
import { decideLspLaunch } from './connection/lsp-launch.js';
import type { ExtensionCtx } from './context.js';
import { SECTION } from './settings.js';

export const EDITOR_SECTION = `${SECTION}.editor`;

export function readEditorFeatures(): LspFeatures {
  const c = vscode.workspace.getConfiguration(EDITOR_SECTION);
  return featuresFrom({ codeLens: c.get('codeLens'), hover: c.get('hover'), diagnostics: c.get('diagnostics') }, DEFAULT_LSP_FEATURES);
}

export class MemoryLanguageClient implements vscode.Disposable {
  private client: LanguageClient | null = null;
  private starting: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: ExtensionCtx) {}

  start(): Promise<void> {
    this.starting = this.starting.then(() => this.startNow()).catch((err: unknown) => {
      this.ctx.log.error(`language server: could not start: ${err instanceof Error ? err.message : String(err)}`);
    });
    return this.starting;
  }

  /** Restarts with the current trust and data dir (the feature switches need no restart). */
  restart(): Promise<void> {
    this.starting = this.starting.then(() => this.stopNow());
    return this.start();
  }

  private async startNow(): Promise<void> {
    if (this.client) return;
    const launch = decideLspLaunch({
      trusted: this.ctx.trusted,
      dataDir: vscode.workspace.getConfiguration(SECTION).get<string>('dataDir', '').trim(),
      bundledServer: this.ctx.bundledServer,
      nodePath: process.execPath,
      workspaceRoot: this.ctx.workspaceRoot,
      baseEnv: process.env,
    });
    const serverOptions: ServerOptions = { command: launch.command, args: launch.args, options: { cwd: launch.cwd, env: launch.env }, transport: TransportKind.stdio };
    const initializationOptions: LspInitOptions = {
      features: readEditorFeatures(),
      fileMemoriesCommand: Commands.showFileMemories,
      openMemoryCommand: Commands.openMemory,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file' }],
      initializationOptions,
      synchronize: { configurationSection: EDITOR_SECTION },
      outputChannel: this.ctx.log,
      // Hover links may run this one command and nothing else.
      markdown: { isTrusted: { enabledCommands: [Commands.openMemory] } },
    };
    const client = new LanguageClient('sessionMgmt.memoryLanguageServer', 'Session Management Memory', serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
    } catch (err) {
      // Leave no half-started client behind: the next start (or restart) tries again.
      this.client = null;
      await client.dispose().catch(() => undefined);
      throw err;
    }
    this.ctx.log.info(`language server: started (${launch.args.slice(1).join(' ')})`);
  }

  private async stopNow(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.stop(2_000).catch(() => undefined);
  }

  dispose(): void {
    void this.stopNow();
  }
}
