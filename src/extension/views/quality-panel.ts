// The Quality panel (a webview panel): the score with every sub-metric, the recommendations and
// the project's score over time, with Checkpoint / End / Start buttons. One panel at a time; the
// host fetches status and history on `ready` and whenever a checkpoint, an end or a new session
// happens, and validates every message the webview sends.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ScoreHistoryOutput, StatusOutput } from '../../protocol/session-schemas.js';
import { qualityPanelRequest, type QualityPanelMessage, type QualityPanelRequest } from '../../protocol/webview-messages.js';
import { Commands } from '../command-ids.js';
import type { ExtensionCtx } from '../context.js';
import { problemCounts } from '../diagnostics.js';
import { readSettings } from '../settings.js';
import { renderShell, webviewOptions } from './webview-html.js';

export const QUALITY_VIEW_TYPE = 'sessionMgmt.quality';
const HISTORY_LIMIT = 200;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

class QualityPanel implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private status: StatusOutput | null = null;
  private history: ScoreHistoryOutput['points'] = [];
  private error: string | null = null;
  /** What the panel itself is running (a button's command), shown as busy. */
  private ownBusy: string | null = null;
  private loading: Promise<void> | null = null;
  private reloadAfter = false;
  private sessionId: string | null;
  private disposed = false;

  constructor(
    private readonly ctx: ExtensionCtx,
    readonly panel: vscode.WebviewPanel,
    private readonly onDispose: () => void,
  ) {
    const uri = ctx.extension.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(uri, 'media', 'icons', 'session.svg');
    panel.webview.html = renderShell(panel.webview, uri, {
      title: 'Session Quality',
      script: 'quality',
      styles: ['quality/quality.css'],
      body: '<div id="app" aria-busy="true"></div>',
    });
    this.sessionId = ctx.state.snapshot.session?.id ?? null;
    let wasBusy = this.busyLabel();
    this.subs.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      ctx.events.onCheckpoint(() => this.refresh()),
      ctx.events.onSessionEnded(() => this.refresh()),
      ctx.state.onDidChange((snap) => {
        const id = snap.session?.id ?? null;
        if (id !== this.sessionId) {
          this.sessionId = id;
          this.refresh();
        }
        const busy = this.busyLabel();
        if (busy !== wasBusy) this.postBusy();
        wasBusy = busy;
      }),
      ctx.conn.onDidChangeState(() => {
        this.postBusy();
        this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sessionMgmt.qualityThreshold')) this.postState();
      }),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The busy label: the panel's own command, then the server connecting, then other session work. */
  private busyLabel(): string | null {
    if (this.ownBusy) return this.ownBusy;
    const conn = this.ctx.conn.state;
    if (conn === 'starting' || conn === 'reconnecting') return 'Connecting to the session server…';
    return this.ctx.state.busy ? 'Working…' : null;
  }

  private post(m: QualityPanelMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  private postBusy(): void {
    const label = this.busyLabel();
    this.post({ type: 'busy', busy: label !== null, label: label ?? '' });
  }

  private postState(): void {
    this.post({
      type: 'state',
      status: this.status,
      history: this.history,
      threshold: readSettings().qualityThreshold,
      busy: this.busyLabel() !== null,
      error: this.error,
    });
  }

  /** Fetches status and history again; calls that arrive meanwhile coalesce into one more fetch. */
  refresh(): void {
    // A hidden panel's webview is gone; it sends `ready` (and so refreshes) when shown again.
    if (this.disposed || !this.panel.visible) return;
    if (this.loading) {
      this.reloadAfter = true;
      return;
    }
    this.loading = this.load().finally(() => {
      this.loading = null;
      if (this.reloadAfter) {
        this.reloadAfter = false;
        this.refresh();
      }
    });
  }

  private async load(): Promise<void> {
    const { ctx } = this;
    const conn = ctx.conn.state;
    if (conn === 'failed' || conn === 'stopped') {
      const why = conn === 'failed' ? `not available (${ctx.conn.description})` : 'not running';
      this.error = `The session server is ${why}. Click the session item in the status bar or run “Session: Restart Server” to start it again.`;
      this.postState();
      return;
    }
    if (conn === 'starting' || conn === 'reconnecting') {
      this.postBusy();
      return; // onDidChangeState refreshes when it is running
    }
    const where = ctx.workspaceRoot;
    try {
      const [status, history] = await Promise.all([
        ctx.client.status({ working_directory: where, diagnostics: problemCounts() }),
        ctx.client.history({ working_directory: where, limit: HISTORY_LIMIT }),
      ]);
      this.status = status.data;
      this.history = history.data?.points ?? [];
      this.error = status.data ? null : `The server sent no structured status: ${status.text.split('\n')[0] || '(empty reply)'}`;
    } catch (err) {
      this.error = message(err);
      ctx.log.warn(`quality panel: ${this.error}`);
    }
    this.postState();
  }

  private receive(raw: unknown): void {
    const parsed = qualityPanelRequest.safeParse(raw);
    if (!parsed.success) {
      const shown = JSON.stringify(raw)?.slice(0, 200) ?? String(raw);
      this.ctx.log.warn(`quality panel: ignored an invalid message ${shown}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      return;
    }
    void this.handle(parsed.data);
  }

  private async handle(m: QualityPanelRequest): Promise<void> {
    switch (m.type) {
      case 'ready':
      case 'refresh':
        this.refresh();
        return;
      case 'checkpoint':
        return this.run(Commands.checkpoint, 'Making a checkpoint…');
      case 'endSession':
        return this.run(Commands.endSession, 'Ending the session…');
      case 'startSession':
        return this.run(Commands.startSession, 'Starting a session…');
      case 'action':
        if (m.command === Commands.checkpoint) return this.run(m.command, 'Making a checkpoint…');
        if (m.command === Commands.endSession) return this.run(m.command, 'Ending the session…');
        if (m.command === Commands.startSession) return this.run(m.command, 'Starting a session…');
        await vscode.commands.executeCommand(m.command);
        return;
      case 'openFile':
        return this.openFile(m.path, m.line);
    }
  }

  /** Runs a session command with the panel busy, then shows the fresh state. */
  private async run(command: string, label: string): Promise<void> {
    if (this.ownBusy) return;
    this.ownBusy = label;
    this.postBusy();
    try {
      await vscode.commands.executeCommand(command);
    } catch (err) {
      this.error = message(err);
    } finally {
      this.ownBusy = null;
      this.postBusy();
      this.refresh();
    }
  }

  /** Opens a file of the workspace (never one outside it) beside the panel, at a line when given. */
  private async openFile(rel: string, line?: number): Promise<void> {
    const root = this.ctx.workspaceRoot;
    if (!root) return;
    const full = path.resolve(root, rel);
    if (full !== root && !full.startsWith(root + path.sep)) {
      this.ctx.log.warn(`quality panel: refused to open ${rel}, which is outside the workspace`);
      return;
    }
    try {
      const at = line ? new vscode.Position(line - 1, 0) : null;
      await vscode.window.showTextDocument(vscode.Uri.file(full), { preview: true, viewColumn: vscode.ViewColumn.Beside, ...(at ? { selection: new vscode.Range(at, at) } : {}) });
    } catch (err) {
      void vscode.window.showWarningMessage(`Cannot open ${rel}: ${message(err)}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDispose();
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}

export function registerQualityPanel(ctx: ExtensionCtx): vscode.Disposable {
  let current: QualityPanel | undefined;
  const open = (): void => {
    if (current) {
      current.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(QUALITY_VIEW_TYPE, 'Session Quality', vscode.ViewColumn.Active, webviewOptions(ctx.extension.extensionUri));
    current = new QualityPanel(ctx, panel, () => (current = undefined));
  };
  return vscode.Disposable.from(vscode.commands.registerCommand(Commands.openQualityPanel, open), { dispose: () => current?.dispose() });
}
