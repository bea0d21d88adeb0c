// `dist/server.js lsp`: the language server over stdio. It opens the same store as the MCP
// server, read-mostly (it never writes memories), and searches in keyword mode so that no
// request ever waits for the embedding model.
import path from 'node:path';
import { createConnection } from 'vscode-languageserver/node';
import { parseConfig, UsageError } from '../config.js';
import { createLogger } from '../log.js';
import { MemoryDocs } from './memory-docs.js';
import { Projects } from './projects.js';
import { serveLanguageServer, type LspRuntime } from './server.js';

export const LSP_USAGE = `Usage: session-mgmt-server lsp [--stdio] [options]

Language server over stdio: code lenses, hovers, workspace symbols and optional diagnostics
over the memories of the project a file belongs to.

Options:
  --data-dir <dir>        where memory is stored (env SESSION_MGMT_DATA_DIR; default ~/.session-mgmt)
  --project <name>        use this project for every file (default: each file's workspace folder
                          or git root, named like the MCP server names it)
  --project-root <dir>    use this project folder for every file
  --log-level <level>     error | warn | info | debug (env SESSION_MGMT_LOG_LEVEL; default info), on stderr
  --stdio                 accepted for editors that pass it; stdio is the only transport
  -h, --help              show this help

Environment: SESSION_MGMT_LSP_POLL_MS, how often to look for memory changes (default 1000).
`;

const DEFAULT_POLL_MS = 1_000;

export async function runLanguageServer(argv: string[], distDir: string, version: string): Promise<void> {
  // Editors add transport flags of their own; stdio is what this server speaks.
  const args = argv.filter((a) => a !== '--stdio' && !a.startsWith('--clientProcessId'));
  let cfg;
  try {
    cfg = parseConfig(args, process.env, process.cwd(), distDir);
    if (cfg !== 'help' && cfg.http) throw new UsageError('--http does not apply to the language server (it speaks LSP over stdio)');
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`session-mgmt-server lsp: ${err.message}\n\n${LSP_USAGE}`);
      process.exit(2);
    }
    throw err;
  }
  if (cfg === 'help') {
    process.stderr.write(LSP_USAGE);
    return;
  }
  const pollMs = Number(process.env.SESSION_MGMT_LSP_POLL_MS) > 0 ? Number(process.env.SESSION_MGMT_LSP_POLL_MS) : DEFAULT_POLL_MS;
  const log = createLogger(cfg.logLevel);
  const explicit = args.some((a) => /^--project(-root)?(=|$)/.test(a)) || Boolean(process.env.SESSION_MGMT_PROJECT?.trim());
  const fixed = explicit ? { project: cfg.project, root: cfg.projectRoot } : null;
  log.info(`language server: data dir ${cfg.dataDir}${fixed ? `, project ${fixed.project}` : ''}`);

  const dataDir = cfg.dataDir;
  const model = cfg.model;
  const runtime: Promise<LspRuntime> = (async () => {
    const [{ MemoryStore }, { Embedder }, { SearchEngine }, { Backfill }] = await Promise.all([
      import('../memory/store.js'),
      import('../memory/embedder.js'),
      import('../memory/search.js'),
      import('../memory/backfill.js'),
    ]);
    // Never compacts: the MCP servers that write also keep the table compact.
    const store = await MemoryStore.open(dataDir, log, Number.MAX_SAFE_INTEGER);
    // The embedder is never started: keyword search answers in milliseconds, a model load does not.
    const embedder = new Embedder(model, dataDir, path.join(distDir, 'embed-worker.js'), log);
    const parts = { store, embedder, engine: new SearchEngine(store, embedder, log), backfill: new Backfill(store, embedder, log), log, dataDir };
    return { store, projects: new Projects(parts, fixed, process.cwd()), docs: new MemoryDocs(dataDir, store, log) };
  })();
  runtime.catch((err: unknown) => log.error('could not open the memory store', err));

  const connection = createConnection(process.stdin, process.stdout);
  serveLanguageServer(connection, runtime, { version, pollMs, log });
  connection.onExit(() => {
    void runtime.then((rt) => rt.store.close()).catch(() => undefined);
  });
}
