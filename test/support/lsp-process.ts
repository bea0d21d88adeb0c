// Spawns `dist/server.js lsp` and talks to it over stdio with the LSP protocol library.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, InitializeRequest, InitializedNotification, type ClientCapabilities, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { SERVER_JS } from './server-process.js';

export interface LspHandle {
  conn: ProtocolConnection;
  child: ChildProcessWithoutNullStreams;
  /** Everything the server wrote to stdout, as bytes. */
  stdout(): Buffer;
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

/** Splits a stdout capture into LSP messages; throws on any byte that is not part of one. */
export function protocolMessages(bytes: Buffer): unknown[] {
  const out: unknown[] = [];
  let at = 0;
  while (at < bytes.length) {
    const headerEnd = bytes.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) throw new Error(`stray bytes on stdout: ${JSON.stringify(bytes.subarray(at, at + 200).toString())}`);
    const header = bytes.subarray(at, headerEnd).toString('ascii');
    const m = /^Content-Length: (\d+)(\r\nContent-Type: [^\r\n]+)?$/i.exec(header);
    if (!m) throw new Error(`not an LSP header on stdout: ${JSON.stringify(header.slice(0, 200))}`);
    const start = headerEnd + 4;
    out.push(JSON.parse(bytes.subarray(start, start + Number(m[1])).toString('utf8')));
    at = start + Number(m[1]);
  }
  return out;
}

export async function startLsp(opts: LspOptions): Promise<LspHandle> {
  const child = spawn(process.execPath, [SERVER_JS, 'lsp', '--stdio', '--data-dir', opts.dataDir, ...(opts.args ?? [])], {
    cwd: opts.root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), SESSION_MGMT_ALLOW_DOWNLOAD: '0', SESSION_MGMT_LSP_POLL_MS: '200', ...opts.env },
  });
  let err = '';
  let out = Buffer.alloc(0);
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const conn = createProtocolConnection(child.stdout, child.stdin);
  child.stdout.on('data', (d: Buffer) => (out = Buffer.concat([out, d])));
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
