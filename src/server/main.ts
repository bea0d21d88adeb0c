// Entry point of dist/server.js: the session MCP server over stdio.
import path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { parseConfig, USAGE, UsageError, type ServerConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { createMcpServer, type McpServices } from './mcp/server.js';
import { guardStdout } from './stdout-guard.js';
import { serveHttp } from './http.js';
import { httpToken, tokenFile } from './http-token.js';
import { isSubcommand, runSubcommand, SUBCOMMAND_HELP } from './cli/commands.js';

declare const SERVER_VERSION: string;

interface Services extends McpServices {
  close(): Promise<void>;
}

async function openServices(cfg: ServerConfig, log: Logger): Promise<Services> {
  // Loaded lazily so the MCP handshake does not wait for LanceDB's native module.
  const [{ MemoryStore }, { Embedder }, { SearchEngine }, { Backfill }, { MemoryService }, { SessionStore }, { Lifecycle }, { computeQuality }] =
    await Promise.all([
      import('./memory/store.js'),
      import('./memory/embedder.js'),
      import('./memory/search.js'),
      import('./memory/backfill.js'),
      import('./memory/memory-service.js'),
      import('./session/session-store.js'),
      import('./session/lifecycle.js'),
      import('./session/quality/compute.js'),
    ]);
  const [{ MemoryBrowser }, { ImportStateStore }, { ConversationImporter }, { TranscriptWatcher }, { Redactor }, { redactStoredMemories }] = await Promise.all([
    import('./memory/browse.js'),
    import('./memory/conversations/import-state.js'),
    import('./memory/conversations/importer.js'),
    import('./memory/conversations/watcher.js'),
    import('./memory/redaction.js'),
    import('./memory/redact-stored.js'),
  ]);
  const redactor = new Redactor(cfg.redact);
  const store = await MemoryStore.open(cfg.dataDir, log, cfg.compactEvery);
  const sessions = await SessionStore.open(cfg.dataDir, log);
  const embedder = new Embedder(cfg.model, cfg.dataDir, path.join(__dirname, 'embed-worker.js'), log);
  const backfill = new Backfill(store, embedder, log);
  embedder.onReady(() => void backfill.trigger());
  void embedder.start();
  const engine = new SearchEngine(store, embedder, log);
  const ctx = { project: cfg.project, projectRoot: cfg.projectRoot, dataDir: cfg.dataDir };
  const memory = new MemoryService(
    ctx,
    store,
    embedder,
    engine,
    backfill,
    log,
    redactor,
  );
  const scanWorker = path.join(__dirname, 'quality-scan-worker.js');
  const lifecycle = new Lifecycle(ctx, sessions, memory, (dir, opts) => computeQuality(dir, { ...opts, scanWorker }), log);
  const importState = await ImportStateStore.open(cfg.dataDir, log);
  let watcher: InstanceType<typeof TranscriptWatcher> | null = null;
  const importer = new ConversationImporter(
    { project: cfg.project, projectRoot: cfg.projectRoot, transcriptsRoot: cfg.conversations.root },
    store,
    importState,
    embedder,
    backfill,
    log,
    redactor,
    () => watcher !== null,
  );
  if (cfg.conversations.watch) watcher = new TranscriptWatcher(cfg.conversations.root, importer, log);
  // Memories stored before redaction existed (or while it was off) are redacted in the background.
  const stopRedacting = new AbortController();
  const redactingStored = redactStoredMemories(store, redactor, importState, log, stopRedacting.signal).catch((err: unknown) =>
    log.warn('redacting stored memories failed; it is tried again at the next start', err),
  );
  return {
    log,
    memory,
    browser: new MemoryBrowser(store, cfg.project),
    lifecycle,
    importer,
    async close() {
      await watcher?.close();
      // Stops after the batch in progress; the rest is done at the next start.
      stopRedacting.abort();
      await redactingStored;
      await embedder.close();
      await store.close();
      sessions.close();
      importState.close();
    },
  };
}

async function main(): Promise<void> {
  guardStdout();
  if (process.argv[2] === 'lsp') {
    // Long-running like the MCP server, so not one of the run-and-exit subcommands.
    const { runLanguageServer } = await import('./lsp/main.js');
    return runLanguageServer(process.argv.slice(3), __dirname, SERVER_VERSION);
  }
  const [sub, ...rest] = process.argv.slice(2);
  if (isSubcommand(sub)) {
    // Exit at once: a loaded native module or worker must not keep a finished command alive.
    process.exit(await runSubcommand(sub, rest));
  }
  let cfg: ServerConfig | 'help';
  try {
    cfg = parseConfig(process.argv.slice(2), process.env, process.cwd(), __dirname);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`session-mgmt-server: ${err.message}\n\n${USAGE}\n${SUBCOMMAND_HELP}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (cfg === 'help') {
    process.stderr.write(`${USAGE}\n${SUBCOMMAND_HELP}\n`);
    return;
  }
  const log = createLogger(cfg.logLevel);
  log.info(`starting: project ${cfg.project} (${cfg.projectRoot}), data dir ${cfg.dataDir}`);

  const services = openServices(cfg, log);
  services.catch((err: unknown) => log.error('could not open the memory store', err));
  let closeTransport: () => Promise<void>;
  if (cfg.http) {
    const token = cfg.http.token ?? httpToken(cfg.dataDir);
    const { ServerMetrics } = await import('./metrics.js');
    const metrics = new ServerMetrics(services);
    const http = await serveHttp({ ...cfg.http, token, version: SERVER_VERSION }, () => createMcpServer(SERVER_VERSION, services, metrics), log, metrics);
    log.info(`listening on ${http.url}${cfg.http.token ? '' : `; bearer token in ${tokenFile(cfg.dataDir)}`}`);
    closeTransport = () => http.close();
  } else {
    const server = createMcpServer(SERVER_VERSION, services);
    await server.connect(new StdioServerTransport());
    closeTransport = () => server.close();
    process.stdin.on('end', () => void shutdown('stdin closed'));
  }

  let closing = false;
  const shutdown = async (why: string): Promise<void> => {
    if (closing) return;
    closing = true;
    log.info(`shutting down (${why})`);
    const timer = setTimeout(() => process.exit(0), 5_000);
    try {
      await closeTransport();
      await (await services).close();
    } catch (err) {
      log.warn('error while shutting down', err);
    }
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`session-mgmt-server: fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
