// Spawns `dist/server.js lsp` and talks to it over stdio with the LSP protocol library.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, InitializeRequest, InitializedNotification, type ClientCapabilities, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { SERVER_JS } from './server-process.js';

export interface LspHandle {
  conn: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  close(): Promise<void>;
}

export interface LspOptions {
  dataDir: string;
  root: string;
  args?: string[];
  env?: Record<string, string>;
  initializationOptions?: unknown;
  capabilities?: ClientCapabilities;
}

export async function startLsp(opts: LspOptions): Promise<LspHandle> {
  const child = spawn(process.execPath, [SERVER_JS, 'lsp', '--stdio', '--data-dir', opts.dataDir, ...(opts.args ?? [])], {
    cwd: opts.root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), SESSION_MGMT_ALLOW_DOWNLOAD: '0', SESSION_MGMT_LSP_POLL_MS: '200', ...opts.env },
  });
  let err = '';
  let out = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const conn = createProtocolConnection(child.stdout, child.stdin);
  child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-200_000)));
  conn.listen();
  const rootUri = pathToFileURL(opts.root).href;
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'root' }],
    capabilities: opts.capabilities ?? { workspace: { codeLens: { refreshSupport: true } }, window: { showDocument: { support: true } } },
    initializationOptions: opts.initializationOptions,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  return {
    conn,
    child,
    stdout: () => out,
    stderr: () => err,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3_000))]);
        await conn.sendNotification('exit');
      } catch {
        // already gone
      }
      const t = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(t);
      conn.dispose();
    },
  };
}
