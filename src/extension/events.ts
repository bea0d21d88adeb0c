// Events the views listen to, so they refresh when memories or sessions change.
import * as vscode from 'vscode';
import type { ImportSummary } from '../protocol/conversation-schemas.js';
import type { CheckpointOutput } from '../protocol/session-schemas.js';

export class ExtensionEvents implements vscode.Disposable {
  private readonly checkpointEmitter = new vscode.EventEmitter<CheckpointOutput>();
  private readonly memoriesEmitter = new vscode.EventEmitter<void>();
  private readonly sessionEndedEmitter = new vscode.EventEmitter<void>();
  private readonly importedEmitter = new vscode.EventEmitter<ImportSummary | null>();
  readonly onCheckpoint = this.checkpointEmitter.event;
  readonly onMemoriesChanged = this.memoriesEmitter.event;
  readonly onSessionEnded = this.sessionEndedEmitter.event;
  /** A conversation import finished or was cancelled (null: cancelled, or no summary came back). */
  readonly onConversationsImported = this.importedEmitter.event;

  fireCheckpoint(c: CheckpointOutput): void {
    this.checkpointEmitter.fire(c);
    this.memoriesEmitter.fire();
  }

  fireMemoriesChanged(): void {
    this.memoriesEmitter.fire();
  }

  fireSessionEnded(): void {
    this.sessionEndedEmitter.fire();
    this.memoriesEmitter.fire();
  }

  fireConversationsImported(summary: ImportSummary | null): void {
    this.importedEmitter.fire(summary);
    this.memoriesEmitter.fire();
  }

  dispose(): void {
    this.importedEmitter.dispose();
    this.checkpointEmitter.dispose();
    this.memoriesEmitter.dispose();
    this.sessionEndedEmitter.dispose();
  }
}
