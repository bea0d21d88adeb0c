// Spawns dist/server.js and talks to it with the real MCP client over stdio.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

export interface ServerOptions {
  dataDir: string;
  cwd?: string;
  args?: string[];
  env?: Record<string, string>;
}

export interface ServerHandle {
  client: Client;
  pid: number;
  stderr(): string;
  /** Calls a tool and returns its structuredContent; throws with the text if the result is an error. */
  call<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Calls a tool and returns the raw result, errors included. */
  raw(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `smgmt-${prefix}-`));
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

export async function startServer(opts: ServerOptions): Promise<ServerHandle> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    SESSION_MGMT_ALLOW_DOWNLOAD: '0',
    ...opts.env,
  };
  const cwd = opts.cwd ?? opts.dataDir;
  fs.mkdirSync(cwd, { recursive: true });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_JS, '--data-dir', opts.dataDir, ...(opts.args ?? [])],
    cwd,
    env,
    stderr: 'pipe',
  });
  let errText = '';
  transport.stderr?.on('data', (d: Buffer) => {
    errText += d.toString();
  });
  const client = new Client({ name: 'session-mgmt-tests', version: '0.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error('server did not start');

  const raw = async (name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> =>
    (await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 })) as CallToolResult;

  return {
    client,
    pid,
    stderr: () => errText,
    raw,
    async call<T>(name: string, args: Record<string, unknown> = {}): Promise<T> {
      const res = await raw(name, args);
      if (res.isError) throw new Error(`${name} failed: ${textOf(res)}`);
      return res.structuredContent as T;
    },
    async close() {
      await client.close();
    },
  };
}

export { waitFor } from './wait.js';
