// The Session and Memories trees. Registered by registerTrees.
import * as vscode from 'vscode';
import type { ExtensionCtx } from '../context.js';
import type { SearchViewHandle } from './search-view.js';

export function registerTrees(ctx: ExtensionCtx, search: SearchViewHandle): vscode.Disposable {
  void ctx;
  void search;
  return new vscode.Disposable(() => undefined);
}
