// The Quality panel (a webview panel). Registered by registerQualityPanel.
import * as vscode from 'vscode';
import type { ExtensionCtx } from '../context.js';

export function registerQualityPanel(ctx: ExtensionCtx): vscode.Disposable {
  return vscode.commands.registerCommand('sessionMgmt.openQualityPanel', () => ctx.log.info('quality panel: not built yet'));
}
