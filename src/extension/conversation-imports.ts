// Runs conversation imports: on request with a cancellable notification, and quietly in the
// background after a session starts. One import at a time from this window.
import * as vscode from 'vscode';
import type { ImportSummary } from '../protocol/conversation-schemas.js';
import { Commands } from './command-ids.js';
import type { ExtensionCtx } from './context.js';
import { CANCELLED_MESSAGE, importLogLine, importMessage, progressStep } from './conversation-format.js';
import type { ImportArgs } from './session-client.js';
import { readSettings } from './settings.js';

/** After a cancel the server stops at its next batch boundary; look at its status again then. */
const AFTER_CANCEL_REFRESH_MS = 2_000;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A server without the tool (an external or older one): nothing to warn about in the background. */
const unsupported = (err: unknown): boolean => /\bimport_conversations\b.*\b(not found|unknown)\b|\bunknown tool\b/i.test(message(err));

export class ConversationImports implements vscode.Disposable {
  private running: { kind: 'command' | 'background'; done: Promise<unknown> } | null = null;
  private warnedInBackground = false;
  private readonly busyChanged = new vscode.EventEmitter<boolean>();
  /** Fires true when an import starts and false when it ends. */
  readonly onDidChangeBusy = this.busyChanged.event;

  constructor(private readonly ctx: ExtensionCtx) {}

  get busy(): boolean {
    return this.running !== null;
  }

  private track<T>(kind: 'command' | 'background', work: Promise<T>): Promise<T> {
    const entry = { kind, done: work };
    this.running = entry;
    this.busyChanged.fire(true);
    const clear = (): void => {
      if (this.running !== entry) return;
      this.running = null;
      this.busyChanged.fire(false);
    };
    work.then(clear, clear);
    return work;
  }

  dispose(): void {
    this.busyChanged.dispose();
  }

  private logResult(s: ImportSummary): void {
    this.ctx.log.info(importLogLine(s));
    for (const e of s.errors) this.ctx.log.warn(`conversation import: ${e.file}: ${e.message}`);
  }

  /** Session: Import Conversation History. Resolves to the summary, or null when cancelled or already running. */
  async run(args: ImportArgs = {}): Promise<ImportSummary | null> {
    if (this.running?.kind === 'command') {
      void vscode.window.showInformationMessage('A conversation import is already running.');
      return null;
    }
    const ac = new AbortController();
    const background = this.running;
    const work = Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Importing conversation history', cancellable: true },
      async (progress, token) => {
        const sub = token.onCancellationRequested(() => ac.abort());
        try {
          if (background) {
            progress.report({ message: 'waiting for the background import to finish' });
            await background.done.catch(() => undefined);
            ac.signal.throwIfAborted();
          }
          let pct = 0;
          return await this.ctx.client.importConversations(
            args,
            (msg, done, total) => {
              const step = progressStep(pct, done, total);
              pct = step.pct;
              progress.report({ message: msg, increment: step.increment });
            },
            { signal: ac.signal },
          );
        } finally {
          sub.dispose();
        }
      },
    ));
    let reply;
    try {
      reply = await this.track('command', work);
    } catch (err) {
      if (!ac.signal.aborted) throw err;
      this.ctx.log.info('conversation import cancelled');
      void vscode.window.showInformationMessage(CANCELLED_MESSAGE);
      this.ctx.events.fireConversationsImported(null);
      setTimeout(() => this.ctx.events.fireConversationsImported(null), AFTER_CANCEL_REFRESH_MS);
      return null;
    }
    const s = reply.data;
    this.ctx.events.fireConversationsImported(s);
    if (!s) {
      void vscode.window.showInformationMessage(reply.text.split('\n')[0] || 'Conversations imported.');
      return null;
    }
    this.logResult(s);
    const m = importMessage(s);
    if (m.level === 'warning') {
      void vscode.window.showWarningMessage(m.text, 'Show Log').then((pick) => pick && this.ctx.log.show());
    } else if (s.chunks_added > 0) {
      void vscode.window.showInformationMessage(m.text, 'Search Memory').then((pick) => pick && vscode.commands.executeCommand(Commands.searchMemory));
    } else {
      void vscode.window.showInformationMessage(m.text);
    }
    return s;
  }

  /**
   * Imports the current project's new transcript lines after a session starts, if the setting is
   * on: a status-bar progress only, and a notification only when it fails. Never rejects.
   */
  importInBackground(): Promise<ImportSummary | null> {
    if (this.running || !readSettings().conversationsImportOnStart) return Promise.resolve(null);
    const work = Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Importing conversations' }, (progress) =>
        this.ctx.client.importConversations({}, (msg) => progress.report({ message: msg })),
      ),
    );
    return this.track('background', work).then(
      (reply) => {
        const s = reply.data;
        this.ctx.events.fireConversationsImported(s);
        if (!s) return null;
        this.logResult(s);
        if (s.errors.length && !this.warnedInBackground) {
          this.warnedInBackground = true;
          void vscode.window.showWarningMessage(`Background conversation import: ${importMessage(s).text}`, 'Show Log').then((pick) => pick && this.ctx.log.show());
        }
        return s;
      },
      (err: unknown) => {
        if (unsupported(err)) {
          this.ctx.log.info(`the session server cannot import conversations: ${message(err)}`);
          return null;
        }
        this.ctx.log.warn(`background conversation import failed: ${message(err)}`);
        if (!this.warnedInBackground) {
          this.warnedInBackground = true;
          void vscode.window.showWarningMessage(`Background conversation import failed: ${message(err)}`, 'Show Log').then((pick) => pick && this.ctx.log.show());
        }
        return null;
      },
    );
  }
}
