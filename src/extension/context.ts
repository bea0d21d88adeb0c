// One object owns what the extension runs: the server connection, the typed client, the
// session state, the status bar, the timer, conversation imports, the documents and the log.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { decideLaunch, type LaunchDecision } from './connection/launch.js';
import { ServerConnection } from './connection/server-connection.js';
import { CheckpointTimer } from './checkpoint-timer.js';
import { ConversationImports } from './conversation-imports.js';
import { ReadOnlyDocuments } from './documents.js';
import { ExtensionEvents } from './events.js';
import { SessionClient } from './session-client.js';
import { SessionState } from './session-state.js';
import { readSettings } from './settings.js';
import { StatusBar } from './status-bar.js';

export const TOKEN_KEY = 'sessionMgmt.serverToken';

export class ExtensionCtx implements vscode.Disposable {
  readonly log = vscode.window.createOutputChannel('Session Management', { log: true });
  readonly state = new SessionState();
  readonly events = new ExtensionEvents();
  readonly documents = new ReadOnlyDocuments();
  readonly conn: ServerConnection;
  readonly client: SessionClient;
  readonly timer: CheckpointTimer;
  readonly imports: ConversationImports;
  private readonly statusBar: StatusBar;

  constructor(
    readonly extension: vscode.ExtensionContext,
    autoCheckpoint: () => Promise<void>,
  ) {
    this.conn = new ServerConnection(
      () => Promise.resolve(this.launch()),
      async () => extension.secrets.get(TOKEN_KEY),
      this.log,
    );
    this.client = new SessionClient(this.conn);
    this.imports = new ConversationImports(this);
    this.statusBar = new StatusBar(this.conn, this.state);
    this.timer = new CheckpointTimer(autoCheckpoint, () => this.trusted && this.conn.state === 'running' && this.state.snapshot.session !== null);
  }

  get workspaceRoot(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  get bundledServer(): string {
    return this.extension.asAbsolutePath(path.join('dist', 'server.js'));
  }

  launch(): LaunchDecision {
    return decideLaunch({
      trusted: this.trusted,
      settings: readSettings(),
      bundledServer: this.bundledServer,
      nodePath: process.execPath,
      workspaceRoot: this.workspaceRoot,
      baseEnv: process.env,
    });
  }

  dispose(): void {
    this.imports.dispose();
    this.timer.dispose();
    this.statusBar.dispose();
    this.conn.dispose();
    this.documents.dispose();
    this.events.dispose();
    this.state.dispose();
    this.log.dispose();
  }
}
