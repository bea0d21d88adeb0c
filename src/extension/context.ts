// One object owns what the extension runs: the server connection, the typed client, the
// session state, the status bar, the timer, conversation imports, the documents and the log.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { decideLaunch, type LaunchDecision } from './connection/launch.js';
import { dataDirInUse, defaultDataDir, expandHome } from './data-dir.js';
import type { ExternalServerInputs } from './external-server.js';
import { launcherPath, writeLauncher } from './launcher.js';
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
    // Memories stored elsewhere (an agent's server on the same data dir) refresh the views too.
    this.conn.onDidChangeMemories(() => this.events.fireMemoriesChanged());
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

  /** The memory folder the bundled server uses (the setting, SESSION_MGMT_DATA_DIR or ~/.session-mgmt). */
  get dataDir(): string {
    return dataDirInUse({ setting: readSettings().dataDir, trusted: this.trusted, envDir: process.env.SESSION_MGMT_DATA_DIR, home: os.homedir(), platform: process.platform });
  }

  /** How other MCP clients start the server: the launcher, and the data dir when not the default. */
  externalServer(): Omit<ExternalServerInputs, 'subcommand' | 'args'> {
    const dataDir = this.dataDir;
    return { launcher: launcherPath(dataDir, process.platform), platform: process.platform, dataDir, defaultDataDir: defaultDataDir(os.homedir(), process.platform) };
  }

  /** (Re)writes <data dir>/bin/session-mgmt-mcp for this installation; returns its path. */
  writeLauncher(): string {
    const { path: file, changed } = writeLauncher(this.dataDir, {
      nodePath: process.execPath,
      serverJs: this.bundledServer,
      extensionPrefix: `${this.extension.extension.id.toLowerCase()}-`,
      platform: process.platform,
    });
    if (changed) this.log.info(`launcher for other MCP clients: ${file}`);
    return file;
  }

  launch(): LaunchDecision {
    const settings = readSettings();
    return decideLaunch({
      trusted: this.trusted,
      settings: settings.dataDir ? { ...settings, dataDir: expandHome(settings.dataDir, os.homedir(), process.platform) } : settings,
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
