// What the extension knows about the current session and score, shared by the status bar, the
// views and the commands. Updated from tool results; fires when it changes.
import * as vscode from 'vscode';
import type { QualityReport } from '../protocol/quality-schemas.js';
import type { HandoffSummary, SessionInfo } from '../protocol/session-schemas.js';

export interface SessionSnapshot {
  session: SessionInfo | null;
  quality: QualityReport | null;
  /** Change since the last checkpoint, when known. */
  delta: number | null;
  /** The handoff of the session before the current one, when known. */
  previousHandoff: HandoffSummary | null;
  updatedAt: number;
}

export class SessionState implements vscode.Disposable {
  private snap: SessionSnapshot = { session: null, quality: null, delta: null, previousHandoff: null, updatedAt: 0 };
  private busyCount = 0;
  private readonly changed = new vscode.EventEmitter<SessionSnapshot>();
  readonly onDidChange = this.changed.event;

  get snapshot(): SessionSnapshot {
    return this.snap;
  }

  get busy(): boolean {
    return this.busyCount > 0;
  }

  update(next: Partial<Omit<SessionSnapshot, 'updatedAt'>>): void {
    this.snap = { ...this.snap, ...next, updatedAt: Date.now() };
    this.changed.fire(this.snap);
  }

  /** Marks work in progress (the status bar spins) for the duration of fn. */
  async track<T>(fn: () => Promise<T>): Promise<T> {
    this.busyCount++;
    this.changed.fire(this.snap);
    try {
      return await fn();
    } finally {
      this.busyCount--;
      this.changed.fire(this.snap);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
