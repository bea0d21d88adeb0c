// The Search view (a webview view in the Session container). Registered by registerSearchView.
// The host validates every message from the app, runs searches through the session client and
// posts results tagged with the request id the app sent, so the app can drop stale ones.
import * as vscode from 'vscode';
import type { MemoryItem } from '../../protocol/memory-schemas.js';
import { searchViewRequest, type SearchViewMessage, type SearchViewRequest } from '../../protocol/webview-messages.js';
import type { ExtensionCtx } from '../context.js';
import { renderShell, webviewOptions } from './webview-html.js';

export interface SearchViewHandle extends vscode.Disposable {
  /** Reveals the view and runs a query in it. */
  search(query: string): Promise<void>;
}

export const SEARCH_VIEW_ID = 'sessionMgmt.search';
const RESULT_LIMIT = 50;
const MIN_SCORE = 0.2;
/** Memory changes often come in bursts (a checkpoint stores, then the session refreshes). */
const RERUN_DELAY_MS = 150;
/** The commands the view's own links may run (the "server not running" state). */
const VIEW_COMMANDS = ['sessionMgmt.restartServer', 'sessionMgmt.showLog'];

type SearchRequest = Extract<SearchViewRequest, { type: 'search' }>;
type LastQuery = { kind: 'search'; req: SearchRequest } | { kind: 'file'; file: string };

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

class SearchViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private viewDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private pendingQuery: string | null = null;
  private last: LastQuery | null = null;
  private mode: 'hybrid' | 'keyword' | 'unknown' = 'unknown';
  private project = '';
  private initSeq = 0;
  private rerunTimer: NodeJS.Timeout | undefined;
  /** Excerpts of what the view shows, for the delete confirmation. */
  private readonly excerpts = new Map<string, string>();

  constructor(private readonly ctx: ExtensionCtx) {
    this.disposables.push(
      ctx.events.onMemoriesChanged(() => this.scheduleRerun()),
      ctx.conn.onDidChangeState(() => {
        if (this.ready) void this.postInit();
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    const uri = this.ctx.extension.extensionUri;
    view.webview.options = { ...webviewOptions(uri), enableCommandUris: VIEW_COMMANDS };
    view.webview.html = renderShell(view.webview, uri, { title: 'Search', script: 'search', styles: ['search/search.css'] });
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      // Hidden, the app is gone (no retained context): it says `ready` again when shown.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
          this.disposeView();
        }
      }),
    );
  }

  async search(query: string): Promise<void> {
    this.pendingQuery = query;
    await vscode.commands.executeCommand(`${SEARCH_VIEW_ID}.focus`);
    // Already resolved: send now. Otherwise the query goes out after the app's `ready`.
    if (this.ready) this.flushPendingQuery();
  }

  private flushPendingQuery(): void {
    if (this.pendingQuery === null) return;
    const query = this.pendingQuery;
    this.pendingQuery = null;
    void this.post({ type: 'setQuery', query });
  }

  private post(m: SearchViewMessage): Thenable<boolean> {
    if (m.type === 'results') {
      this.excerpts.clear();
      for (const r of m.results) this.excerpts.set(r.id, r.excerpt);
    }
    return this.view?.webview.postMessage(m) ?? Promise.resolve(false);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = searchViewRequest.safeParse(raw);
    if (!parsed.success) {
      this.ctx.log.warn(`search view: ignored an invalid message: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
      return;
    }
    const m = parsed.data;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          await this.postInit();
          this.flushPendingQuery();
          return;
        case 'search':
          this.last = { kind: 'search', req: m };
          return await this.runSearch(m);
        case 'searchFile':
          this.last = { kind: 'file', file: m.file };
          return await this.runFileSearch(m.file);
        case 'open':
          await vscode.commands.executeCommand('sessionMgmt.openMemory', m.id);
          return;
        case 'copy':
          return await this.copy(m.id);
        case 'delete':
          return await this.delete(m.id);
      }
    } catch (err) {
      this.ctx.log.error(`search view: ${m.type}: ${message(err)}`);
      await this.post({ type: 'error', requestId: m.type === 'search' ? m.requestId : null, message: message(err) });
    }
  }

  private async postInit(): Promise<void> {
    const mine = ++this.initSeq;
    const connected = this.ctx.conn.state === 'running';
    if (connected) {
      try {
        const stats = (await this.ctx.client.stats()).data;
        if (stats) {
          this.project = stats.project;
          this.mode = stats.mode;
        }
      } catch (err) {
        this.ctx.log.warn(`search view: could not read the memory stats: ${message(err)}`);
      }
    }
    if (mine !== this.initSeq) return; // a newer state change already answered
    const project = this.project || vscode.workspace.workspaceFolders?.[0]?.name || '';
    await this.post({ type: 'init', project, mode: this.mode, connected: this.ctx.conn.state === 'running' });
  }

  private async runSearch(req: SearchRequest): Promise<void> {
    if (!req.query.trim()) {
      await this.post({ type: 'results', requestId: req.requestId, query: req.query, mode: this.knownMode(), scope: req.scope, results: [] });
      return;
    }
    const reply = await this.ctx.client.search({
      query: req.query,
      limit: RESULT_LIMIT,
      min_score: MIN_SCORE,
      ...(req.scope === 'all' ? { project: 'all' } : {}),
      ...(req.kinds.length ? { kinds: req.kinds } : {}),
      ...(req.tags.length ? { tags: req.tags } : {}),
    });
    const d = reply.data;
    if (!d) throw new Error(`The server's reply could not be read: ${reply.text.slice(0, 200) || '(empty)'}`);
    this.mode = d.mode;
    await this.post({ type: 'results', requestId: req.requestId, query: req.query, mode: d.mode, scope: d.scope, results: d.results });
  }

  private async runFileSearch(file: string): Promise<void> {
    const reply = await this.ctx.client.searchByFile({ file_path: file, limit: RESULT_LIMIT });
    const d = reply.data;
    if (!d) throw new Error(`The server's reply could not be read: ${reply.text.slice(0, 200) || '(empty)'}`);
    // The file tool adds how each memory matched; the view shows plain memory items.
    const results: MemoryItem[] = d.results.map(({ match: _match, ...item }) => item);
    await this.post({ type: 'results', requestId: -1, query: `file: ${file}`, mode: this.knownMode(), scope: d.scope, results });
  }

  private knownMode(): 'hybrid' | 'keyword' {
    return this.mode === 'hybrid' ? 'hybrid' : 'keyword';
  }

  private scheduleRerun(): void {
    if (!this.ready || !this.last) return;
    clearTimeout(this.rerunTimer);
    this.rerunTimer = setTimeout(() => {
      const last = this.last;
      if (!this.ready || !last) return;
      const run = last.kind === 'search' ? this.runSearch(last.req) : this.runFileSearch(last.file);
      run.catch((err: unknown) => {
        this.ctx.log.warn(`search view: refresh failed: ${message(err)}`);
        void this.post({ type: 'error', requestId: last.kind === 'search' ? last.req.requestId : null, message: message(err) });
      });
    }, RERUN_DELAY_MS);
  }

  private async copy(id: string): Promise<void> {
    const reply = await this.ctx.client.getMemory(id);
    const text = reply.data?.memory.text ?? reply.text;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`$(copy) Memory copied (${text.length.toLocaleString('en-US')} characters)`, 3_000);
  }

  private async delete(id: string): Promise<void> {
    const excerpt = this.excerpts.get(id);
    const detail = `${excerpt ? `“${excerpt.length > 200 ? `${excerpt.slice(0, 200)}…` : excerpt}”\n\n` : ''}You and your agents will no longer find it. This cannot be undone.`;
    const pick = await vscode.window.showWarningMessage('Delete this memory?', { modal: true, detail }, 'Delete');
    if (pick !== 'Delete') return;
    await this.ctx.client.deleteMemory(id);
    this.excerpts.delete(id);
    this.ctx.events.fireMemoriesChanged();
    await this.post({ type: 'deleted', id });
  }

  private disposeView(): void {
    for (const d of this.viewDisposables.splice(0)) d.dispose();
  }

  dispose(): void {
    clearTimeout(this.rerunTimer);
    this.disposeView();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export function registerSearchView(ctx: ExtensionCtx): SearchViewHandle {
  const provider = new SearchViewProvider(ctx);
  const registration = vscode.window.registerWebviewViewProvider(SEARCH_VIEW_ID, provider);
  return {
    dispose: () => {
      registration.dispose();
      provider.dispose();
    },
    search: (query) => provider.search(query),
  };
}
