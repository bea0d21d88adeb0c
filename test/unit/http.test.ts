// The server over Streamable HTTP: token, Host/Origin checks, health check, and real MCP calls.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { listeningUrl } from '../support/http-server.js';
import { SERVER_JS, tempDir } from '../support/server-process.js';

async function startHttpServer(dataDir: string, env: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string; stop(): Promise<void> }> {
  const proc = spawn(process.execPath, [SERVER_JS, '--http', '--port', '0', '--data-dir', dataDir, '--project', 'web'], {
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, SESSION_MGMT_ALLOW_DOWNLOAD: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const listening = listeningUrl(proc);
  const url = await listening.url;
  return {
    proc,
    url,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

function rawRequest(url: string, headers: Record<string, string>, method = 'POST', body = '{}'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? body : undefined);
  });
}

describe('Streamable HTTP', () => {
  const dataDir = tempDir('http');
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  const token = 'test-token-0123456789';
  before(async () => {
    server = await startHttpServer(dataDir, { SESSION_MGMT_HTTP_TOKEN: token });
  });
  after(async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('binds to loopback and answers the health check', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const res = await fetch(server.url.replace('/mcp', '/healthz'));
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
  });

  it('rejects requests without the token, from a foreign Host or Origin', async () => {
    assert.equal(await rawRequest(server.url, {}), 401);
    assert.equal(await rawRequest(server.url, { authorization: 'Bearer wrong-token-0123456789' }), 401);
    assert.equal(await rawRequest(server.url, { authorization: `Bearer ${token}`, origin: 'http://evil.example' }), 403);
    assert.equal(await rawRequest(server.url, { authorization: `Bearer ${token}`, host: 'evil.example' }), 403);
    assert.equal(await rawRequest(server.url, { authorization: `Bearer ${token}` }), 400, 'a non-initialize request without a session');
  });

  it('serves the tools to a real MCP client with the token', async () => {
    const client = new Client({ name: 'http-test', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'reflect_on_past'));
      await client.callTool({ name: 'store_reflection', arguments: { content: 'HTTP clients share the same memory' } });
      const res = await client.callTool({ name: 'reflect_on_past', arguments: { query: 'http clients memory' } });
      const out = res.structuredContent as { results: { project: string }[] };
      assert.equal(out.results[0]?.project, 'web');
    } finally {
      await client.close();
    }
  });

  it('creates a private token file when no token is given', async () => {
    const dir = tempDir('http-token');
    const s = await startHttpServer(dir);
    try {
      const file = path.join(dir, 'http-token');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const t = fs.readFileSync(file, 'utf8').trim();
      assert.ok(t.length >= 32);
      assert.equal(await rawRequest(s.url, { authorization: `Bearer ${t}` }), 400);
      assert.equal(await rawRequest(s.url, {}), 401);
    } finally {
      await s.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
