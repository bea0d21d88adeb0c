// Automatic checkpoints every sessionMgmt.checkpointInterval minutes (0 = off). A manual
// checkpoint or a session start resets the countdown.
import * as vscode from 'vscode';
import { readSettings } from './settings.js';

export class CheckpointTimer implements vscode.Disposable {
  private timer: NodeJS.Timeout | null = null;
  private minutes = 0;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly fire: () => Promise<void>,
    private readonly enabled: () => boolean,
  ) {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sessionMgmt.checkpointInterval')) this.reset();
    });
    this.reset();
  }

  /** Minutes until the next automatic checkpoint, or 0 when off. */
  get interval(): number {
    return this.minutes;
  }

  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.minutes = readSettings().checkpointInterval;
    if (this.minutes <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const run = this.enabled() ? this.fire() : Promise.resolve();
      void run.catch(() => undefined).finally(() => this.reset());
    }, this.minutes * 60_000);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.sub.dispose();
  }
}
