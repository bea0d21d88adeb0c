// The previous session's handoff: shown once beside the editor when the next session starts, and
// from the Session view, the start notification and End Session, always as a single preview.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StartOutput } from '../protocol/session-schemas.js';
import type { ExtensionCtx } from './context.js';
import { previewOrText } from './documents.js';
import { readSettings } from './settings.js';

/** globalState key: the session whose handoff was last opened at start, so each opens once. */
const SHOWN_KEY = 'sessionMgmt.handoffShownFor';

/** Handoff files are named <yyyy-mm-ddThhmmss>-<session id prefix>.md by the server. */
const HANDOFF_NAME = /^\d{4}-\d{2}-\d{2}T\d{6}-[0-9a-f]{8}\.md$/;

/** Markdown preview tabs of this file or of another handoff (the built-in preview titles them "Preview <name>"). */
function previewTabs(file: string): vscode.Tab[] {
  const own = path.basename(file);
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => {
      if (!(t.input instanceof vscode.TabInputWebview) || !t.label.startsWith('Preview ')) return false;
      const name = t.label.slice('Preview '.length);
      return name === own || HANDOFF_NAME.test(name);
    });
}

/** Opens the handoff rendered, beside the editor when one is open, replacing earlier handoff previews. */
export async function openHandoff(file: string): Promise<void> {
  const old = previewTabs(file);
  if (old.length > 0) await vscode.window.tabGroups.close(old);
  const editorsOpen = vscode.window.tabGroups.all.some((g) => g.tabs.length > 0);
  await previewOrText(vscode.Uri.file(file), editorsOpen ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active);
}

/** After a start: opens the previous session's handoff once, unless turned off or resuming. */
export async function showHandoffOnStart(ctx: ExtensionCtx, out: StartOutput): Promise<boolean> {
  const handoff = out.previous_handoff;
  if (out.resumed || !handoff?.path || !readSettings().showHandoffOnStart) return false;
  if (ctx.extension.globalState.get<string>(SHOWN_KEY) === handoff.session_id) {
    ctx.log.debug(`previous handoff ${handoff.path} was already shown at a start`);
    return false;
  }
  await ctx.extension.globalState.update(SHOWN_KEY, handoff.session_id);
  await openHandoff(handoff.path);
  ctx.log.info(`opened the previous handoff ${handoff.path}`);
  return true;
}

export async function markHandoffShown(ctx: ExtensionCtx, sessionId: string): Promise<void> {
  await ctx.extension.globalState.update(SHOWN_KEY, sessionId);
}
