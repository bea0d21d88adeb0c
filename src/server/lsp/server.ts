// The language server's request handlers over one connection: thin adapters over the memory
// service (lens, hover, symbols, command) and the gotcha index (diagnostics).
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeLensRefreshRequest,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeLens,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_LSP_FEATURES, featuresFrom, LSP_FILE_MEMORIES_COMMAND, type LspFeatures, type LspInitOptions } from '../../protocol/lsp.js';
import type { MemoryItem } from '../../protocol/memory-schemas.js';
import type { Logger } from '../log.js';
import type { MemoryStore } from '../memory/store.js';
import { fileMemories, fileMemoriesResult, lensCommand, unresolvedLens, type FileMemories } from './file-lens.js';
import { gotchaDiagnostics, loadGotchas, type GotchaIndex } from './gotchas.js';
import { hoverMatch, renderHover } from './hover.js';
import type { MemoryDocs } from './memory-docs.js';
import type { Projects, ProjectService } from './projects.js';
import { GenerationCache, StoreWatch } from './store-watch.js';
import { searchSymbols, toSymbols } from './symbols.js';

export interface LspRuntime {
  store: MemoryStore;
  projects: Projects;
  docs: MemoryDocs;
}

export interface LspOptions {
  version: string;
  pollMs: number;
  log: Logger;
}

const DIAGNOSTICS_DELAY_MS = 250;

const cancelled = (): ResponseError<void> => new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');

/** The local path of a file: URI, or null for other schemes. */
function fileOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export function serveLanguageServer(connection: Connection, runtime: Promise<LspRuntime>, opts: LspOptions): void {
  const { log } = opts;
  const documents = new TextDocuments(TextDocument);
  let features: LspFeatures = { ...DEFAULT_LSP_FEATURES };
  let init: LspInitOptions = {};
  let canRefreshLenses = false;
  let canShowDocument = false;
  let canWatchFolders = false;
  let folders: string[] = [];
  let watch: StoreWatch | null = null;
  const generation = (): number => watch?.generation ?? 0;
  const lensCache = new GenerationCache<Promise<FileMemories>>(500);
  const hoverCache = new GenerationCache<MemoryItem[]>(2_000);
  const symbolCache = new GenerationCache<MemoryItem[]>(200);
  const gotchaCache = new GenerationCache<Promise<GotchaIndex>>(50);
  const diagnosticTimers = new Map<string, NodeJS.Timeout>();
  /** Documents whose last published diagnostics were not empty. */
  const withDiagnostics = new Set<string>();

  /** Runs a request unless cancelled before it starts or while it runs. */
  async function answer<T>(what: string, token: CancellationToken, work: (rt: LspRuntime) => Promise<T>, fallback: T): Promise<T | ResponseError<void>> {
    // One turn of the event loop first: a $/cancelRequest that arrived with the request (the usual
    // case when a client cancels at once) is read before the work starts, not after it is done.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) return cancelled();
    let rt: LspRuntime;
    try {
      rt = await runtime;
    } catch {
      return fallback; // the store could not be opened: logged once, when it failed
    }
    try {
      const value = await work(rt);
      return token.isCancellationRequested ? cancelled() : value;
    } catch (err) {
      log.warn(`${what} failed`, err);
      return fallback;
    }
  }

  /** The file's memories, searched once per store generation; concurrent callers share the search. */
  const lensData = (rt: LspRuntime, uri: string, file: string): Promise<FileMemories> => {
    const gen = generation();
    let found = lensCache.get(gen, uri);
    if (!found) {
      found = fileMemories(rt.projects.forFile(file), file);
      lensCache.set(gen, uri, found);
      found.catch(() => lensCache.delete(gen, uri));
    }
    return found;
  };

  const gotchasFor = (rt: LspRuntime, svc: ProjectService): Promise<GotchaIndex> => {
    const gen = generation();
    const key = `${svc.project}\0${svc.root}`;
    let index = gotchaCache.get(gen, key);
    if (!index) {
      index = loadGotchas(rt.store, svc.project);
      gotchaCache.set(gen, key, index);
      index.catch(() => gotchaCache.delete(gen, key));
    }
    return index;
  };

  const publishDiagnostics = async (doc: TextDocument): Promise<void> => {
    const file = fileOf(doc.uri);
    if (!file) return;
    if (!features.diagnostics) {
      // Cleared once when switched off, not on every keystroke.
      if (withDiagnostics.delete(doc.uri)) await connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
      return;
    }
    try {
      const rt = await runtime;
      const index = await gotchasFor(rt, rt.projects.forFile(file));
      const current = documents.get(doc.uri);
      if (!current || current.version !== doc.version) return; // a newer version is scheduled
      const diagnostics = gotchaDiagnostics(doc, index);
      if (diagnostics.length === 0 && !withDiagnostics.has(doc.uri)) return;
      if (diagnostics.length) withDiagnostics.add(doc.uri);
      else withDiagnostics.delete(doc.uri);
      await connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    } catch (err) {
      log.warn('diagnostics failed', err);
    }
  };

  const scheduleDiagnostics = (doc: TextDocument, delay = DIAGNOSTICS_DELAY_MS): void => {
    clearTimeout(diagnosticTimers.get(doc.uri));
    diagnosticTimers.set(
      doc.uri,
      setTimeout(() => {
        diagnosticTimers.delete(doc.uri);
        void publishDiagnostics(doc);
      }, delay),
    );
  };

  const refreshAll = (): void => {
    // Search again for the open files now, so the lens requests that follow the refresh find it done.
    if (features.codeLens) {
      void runtime
        .then((rt) => {
          for (const doc of documents.all()) {
            const file = fileOf(doc.uri);
            if (file) lensData(rt, doc.uri, file).catch(() => undefined);
          }
        })
        .catch(() => undefined);
    }
    if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch((err: unknown) => log.debug('code lens refresh failed', err));
    // Diagnostics are background information: they wait a moment so the lens and hover requests
    // that follow a change are answered first.
    for (const doc of documents.all()) scheduleDiagnostics(doc);
  };

  connection.onInitialize((params): InitializeResult => {
    init = (params.initializationOptions ?? {}) as LspInitOptions;
    features = featuresFrom(init.features, DEFAULT_LSP_FEATURES);
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    canShowDocument = params.capabilities.window?.showDocument?.support === true;
    folders = (params.workspaceFolders ?? []).map((f) => fileOf(f.uri)).filter((f): f is string => f !== null);
    const root = params.rootUri ? fileOf(params.rootUri) : (params.rootPath ?? null);
    if (folders.length === 0 && root) folders.push(root);
    canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
    const initial = folders;
    void runtime.then((rt) => rt.projects.setWorkspaceFolders(initial)).catch(() => undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeLensProvider: { resolveProvider: true },
        hoverProvider: true,
        workspaceSymbolProvider: true,
        executeCommandProvider: { commands: [LSP_FILE_MEMORIES_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'session-mgmt', version: opts.version },
    };
  });

  connection.onInitialized(() => {
    if (canWatchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => fileOf(f.uri)));
        const added = e.added.map((f) => fileOf(f.uri)).filter((f): f is string => f !== null);
        folders = [...folders.filter((f) => !removed.has(f)), ...added];
        const now = folders;
        void runtime
          .then((rt) => {
            rt.projects.setWorkspaceFolders(now);
            // A file may now belong to another project: drop what was cached for the old one.
            if (watch) watch.generation++;
            refreshAll();
          })
          .catch(() => undefined);
      });
    }
    void runtime
      .then(async (rt) => {
        watch = new StoreWatch(rt.store, opts.pollMs, refreshAll, log);
        await watch.start().catch((err: unknown) => log.warn('cannot watch the memory store for changes', err));
      })
      .catch(() => undefined); // the store failing to open is logged where it is opened
  });

  connection.onDidChangeConfiguration((params) => {
    const settings = (params.settings as { sessionMgmt?: { editor?: unknown } } | null)?.sessionMgmt?.editor;
    if (settings === undefined) return;
    features = featuresFrom(settings, features);
    refreshAll();
  });

  documents.onDidChangeContent((e) => scheduleDiagnostics(e.document));
  documents.onDidClose((e) => {
    clearTimeout(diagnosticTimers.get(e.document.uri));
    diagnosticTimers.delete(e.document.uri);
    if (withDiagnostics.delete(e.document.uri)) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeLens((params, token) =>
    answer(
      'codeLens',
      token,
      async (rt) => {
        const file = fileOf(params.textDocument.uri);
        if (!features.codeLens || !file) return [];
        return unresolvedLens(params.textDocument.uri, await lensData(rt, params.textDocument.uri, file));
      },
      [] as CodeLens[],
    ),
  );

  connection.onCodeLensResolve((lens, token) =>
    answer(
      'codeLens/resolve',
      token,
      async (rt) => {
        const uri = (lens.data as { uri?: unknown } | undefined)?.uri;
        const file = typeof uri === 'string' ? fileOf(uri) : null;
        if (!file || typeof uri !== 'string') return lens;
        const found = await lensData(rt, uri, file);
        return { ...lens, command: lensCommand(found, uri, init.fileMemoriesCommand, Date.now()) };
      },
      lens,
    ),
  );

  connection.onHover((params, token) =>
    answer(
      'hover',
      token,
      async (rt) => {
        const doc = documents.get(params.textDocument.uri);
        const file = fileOf(params.textDocument.uri);
        if (!features.hover || !doc || !file) return null;
        const { line, character } = params.position;
        const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
        const gen = generation();
        const cache = { get: (k: string) => hoverCache.get(gen, k), set: (k: string, v: MemoryItem[]) => hoverCache.set(gen, k, v) };
        const match = await hoverMatch(rt.projects.forFile(file), file, text, character, cache);
        if (!match) return null;
        const links = new Map<string, string>();
        if (init.openMemoryCommand) {
          for (const m of match.items) links.set(m.id, `command:${init.openMemoryCommand}?${encodeURIComponent(JSON.stringify([m.id]))}`);
        } else {
          for (const [id, uri] of rt.docs.memoryUris(match.items.map((m) => m.id))) links.set(id, uri);
        }
        return renderHover(match, line, links, Date.now());
      },
      null,
    ),
  );

  connection.onWorkspaceSymbol((params, token) =>
    answer(
      'workspace/symbol',
      token,
      async (rt) => {
        const svc = rt.projects.forFile(null);
        const gen = generation();
        const key = `${svc.project}\0${svc.root}\0${params.query}`;
        let items = symbolCache.get(gen, key);
        if (!items) {
          items = await searchSymbols(svc, params.query);
          symbolCache.set(gen, key, items);
        }
        if (token.isCancellationRequested) return [];
        return toSymbols(svc, items, rt.docs, Date.now());
      },
      [],
    ),
  );

  connection.onExecuteCommand(async (params, token) => {
    if (params.command !== LSP_FILE_MEMORIES_COMMAND) return new ResponseError(LSPErrorCodes.RequestFailed, `unknown command ${params.command}`);
    const arg = params.arguments?.[0];
    const file = typeof arg === 'string' ? (arg.startsWith('file:') ? fileOf(arg) : arg) : null;
    if (!file) return new ResponseError(LSPErrorCodes.RequestFailed, `${LSP_FILE_MEMORIES_COMMAND} needs a file URI or path as its argument`);
    if (token.isCancellationRequested) return cancelled();
    const rt = await runtime;
    const result = await fileMemoriesResult(await lensData(rt, pathToFileURL(file).href, file), rt.docs, Date.now());
    if (canShowDocument) {
      void connection.window.showDocument({ uri: result.summary_uri, takeFocus: true }).catch((err: unknown) => log.debug('showDocument failed', err));
    }
    return result;
  });

  connection.onShutdown(() => {
    watch?.stop();
    for (const t of diagnosticTimers.values()) clearTimeout(t);
  });

  documents.listen(connection);
  connection.listen();
}
