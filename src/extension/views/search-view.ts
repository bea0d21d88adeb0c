// The Search view (a webview view in the Session container). Registered by registerSearchView.
import * as vscode from 'vscode';
import type { ExtensionCtx } from '../context.js';

export interface SearchViewHandle extends vscode.Disposable {
  /** Reveals the view and runs a query in it. */
  search(query: string): Promise<void>;
}

export function registerSearchView(ctx: ExtensionCtx): SearchViewHandle {
  void ctx;
  return { dispose: () => undefined, search: async () => undefined };
}
