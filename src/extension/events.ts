// Events the views listen to, so they refresh when memories or sessions change.
import * as vscode from 'vscode';
import type { CheckpointOutput } from '../protocol/session-schemas.js';

export class ExtensionEvents implements vscode.Disposable {
  private readonly checkpointEmitter = new vscode.EventEmitter<CheckpointOutput>();
  private readonly memoriesEmitter = new vscode.EventEmitter<void>();
  private readonly sessionEndedEmitter = new vscode.EventEmitter<void>();
  readonly onCheckpoint = this.checkpointEmitter.event;
  readonly onMemoriesChanged = this.memoriesEmitter.event;
  readonly onSessionEnded = this.sessionEndedEmitter.event;

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

  dispose(): void {
    this.checkpointEmitter.dispose();
    this.memoriesEmitter.dispose();
    this.sessionEndedEmitter.dispose();
  }
}
