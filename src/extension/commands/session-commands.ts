// Start, Checkpoint, End and Show Status.
import * as vscode from 'vscode';
import type { CheckpointOutput } from '../../protocol/session-schemas.js';
import { Commands } from '../command-ids.js';
import type { ExtensionCtx } from '../context.js';
import { problemCounts } from '../diagnostics.js';
import { markHandoffShown, openHandoff, showHandoffOnStart } from '../handoff.js';
import { readSettings } from '../settings.js';

function commitSummary(c: CheckpointOutput['commit']): string {
  if (c.status === 'committed') return `Committed ${c.short_hash} (${c.files.length} file${c.files.length === 1 ? '' : 's'}).`;
  return `No commit: ${c.reason}.`;
}

async function withProgress<T>(title: string, fn: (report: (message: string) => void) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (p) =>
    fn((message) => p.report({ message })),
  );
}

export async function startSession(ctx: ExtensionCtx, opts: { quiet?: boolean } = {}): Promise<void> {
  const folder = ctx.workspaceRoot;
  const reply = await ctx.state.track(() =>
    opts.quiet ? ctx.client.start(folder) : withProgress('Session: starting', (report) => ctx.client.start(folder, (m) => report(m))),
  );
  const out = reply.data;
  if (!out) {
    if (!opts.quiet) void vscode.window.showInformationMessage(reply.text.split('\n')[0] ?? 'Session started.');
    return;
  }
  ctx.state.update({ session: out.session, quality: out.quality, delta: null, previousHandoff: out.previous_handoff });
  ctx.timer.reset();
  // Catches up on the project's conversations without delaying the start (if the setting is on).
  void ctx.imports.importInBackground();
  const shown = await showHandoffOnStart(ctx, out).catch((err: unknown) => {
    ctx.log.warn(`could not open the previous handoff: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  });
  if (opts.quiet) return;
  const verb = out.resumed ? 'Resumed the open session' : 'Session started';
  const actions = out.previous_handoff && !shown ? ['Show Status', 'Previous Handoff'] : ['Show Status'];
  // Not awaited: a notification with buttons stays until dismissed, and the command is done.
  void vscode.window.showInformationMessage(`${verb}: quality ${out.quality.score}/100 (${out.quality.band}).`, ...actions).then(async (pick) => {
    if (pick === 'Show Status') await vscode.commands.executeCommand(Commands.showStatus);
    if (pick === 'Previous Handoff' && out.previous_handoff?.path) await openHandoff(out.previous_handoff.path);
  });
}

export async function checkpoint(ctx: ExtensionCtx, trigger: 'manual' | 'auto' = 'manual'): Promise<CheckpointOutput | null> {
  const settings = readSettings();
  const args = { working_directory: ctx.workspaceRoot, commit: settings.checkpointCommit, trigger, diagnostics: problemCounts() };
  const run = () =>
    trigger === 'auto' ? ctx.client.checkpoint(args) : withProgress('Session: checkpoint', (report) => ctx.client.checkpoint(args, (m) => report(m)));
  const reply = await ctx.state.track(run);
  if (trigger === 'manual') ctx.timer.reset();
  const out = reply.data;
  if (!out) {
    if (trigger === 'manual') void vscode.window.showInformationMessage(reply.text.split('\n')[0] ?? 'Checkpoint done.');
    return null;
  }
  ctx.state.update({ session: out.session, quality: out.quality, delta: out.checkpoint.delta });
  ctx.events.fireCheckpoint(out);
  const failed = out.commit.status === 'hook-failed' || out.commit.status === 'failed' || out.commit.status === 'no-identity';
  if (trigger === 'manual' || out.commit.status === 'hook-failed') {
    const delta = out.checkpoint.delta === null ? '' : ` (${out.checkpoint.delta >= 0 ? '+' : ''}${out.checkpoint.delta})`;
    const text = `Checkpoint: quality ${out.quality.score}/100${delta}. ${commitSummary(out.commit)}`;
    if (failed) {
      ctx.log.warn(`checkpoint commit: ${out.commit.reason}\n${out.commit.output ?? ''}`);
      void vscode.window.showWarningMessage(text, 'Show Log').then((pick) => pick && ctx.log.show());
    } else {
      void vscode.window.showInformationMessage(text);
    }
  }
  return out;
}

export async function endSession(ctx: ExtensionCtx): Promise<void> {
  const reply = await ctx.state.track(() =>
    withProgress('Session: ending', (report) => ctx.client.end({ working_directory: ctx.workspaceRoot, diagnostics: problemCounts() }, (m) => report(m))),
  );
  const out = reply.data;
  ctx.state.update({ session: null, quality: out?.quality ?? ctx.state.snapshot.quality, delta: null });
  ctx.events.fireSessionEnded();
  if (!out) {
    void vscode.window.showInformationMessage(reply.text.split('\n')[0] ?? 'Session ended.');
    return;
  }
  await openHandoff(out.handoff_path);
  // Seen now: the next session's start does not open it again.
  await markHandoffShown(ctx, out.session.id);
  void vscode.window.showInformationMessage(`Session ended at ${out.quality.score}/100 after ${out.duration_minutes} min. The handoff is open beside.`);
}

export async function showStatus(ctx: ExtensionCtx): Promise<void> {
  const reply = await ctx.state.track(() => ctx.client.status({ working_directory: ctx.workspaceRoot, diagnostics: problemCounts() }));
  if (reply.data) ctx.state.update({ session: reply.data.session, quality: reply.data.quality, delta: reply.data.delta_since_checkpoint });
  await ctx.documents.showRendered('status', 'Session Status', reply.text);
}
