// The HTTP server for a team: Prometheus metrics, idle session expiry, the session cap, resumable
// SSE streams and a clean shutdown, against the real server process.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parsePrometheus } from '../support/prometheus.js';
import { listeningUrl } from '../support/http-server.js';
import { SERVER_JS, tempDir, waitFor } from '../support/server-process.js';
import { TranscriptWriter } from '../support/transcripts.js';

const TOKEN = 'ops-token-0123456789abcdef';
const PROTOCOL = '2025-11-25';

interface Running {
  proc: ChildProcess;
  url: string;
  base: string;
  stderr(): string;
  stop(): Promise<number | null>;
}

const dirs: string[] = [];
const running: Running[] = [];
after(async () => {
  for (const r of running) await r.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function start(args: string[] = [], cwd?: string): Promise<Running> {
  const dataDir = tempDir('http-ops');
  dirs.push(dataDir);
  const proc = spawn(process.execPath, [SERVER_JS, '--http', '--port', '0', '--data-dir', dataDir, '--project', 'ops', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, SESSION_MGMT_ALLOW_DOWNLOAD: '0', SESSION_MGMT_HTTP_TOKEN: TOKEN },
    cwd: cwd ?? dataDir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const listening = listeningUrl(proc);
  const url = await listening.url;
  const r: Running = {
    proc,
    url,
    base: url.replace(/\/mcp$/, ''),
    stderr: listening.stderr,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve(proc.exitCode);
        proc.once('exit', (code) => resolve(code));
        proc.kill('SIGTERM');
      }),
  };
  running.push(r);
  return r;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body === undefined ? undefined : JSON.stringify(opts.body));
  });
}

const mcpHeaders = (session?: string): Record<string, string> => ({
  authorization: `Bearer ${TOKEN}`,
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': PROTOCOL,
  ...(session ? { 'mcp-session-id': session } : {}),
});

const initialize = (id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'initialize',
  params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'ops-test', version: '0' } },
});

/** initialize without ever closing the session, as many clients and test suites do. */
async function openSession(r: Running): Promise<Reply & { session: string }> {
  const res = await request(r.url, { method: 'POST', headers: mcpHeaders(), body: initialize() });
  return { ...res, session: String(res.headers['mcp-session-id'] ?? '') };
}

async function sessions(r: Running): Promise<number> {
  const res = await request(`${r.base}/healthz`);
  return (JSON.parse(res.body) as { sessions: number }).sessions;
}

async function scrape(r: Running, auth = true): Promise<Reply> {
  return request(`${r.base}/metrics`, { headers: auth ? { authorization: `Bearer ${TOKEN}` } : {} });
}

async function connect(r: Running): Promise<Client & { terminate(): Promise<void> }> {
  const client = new Client({ name: 'ops-test', version: '0' });
  const transport = new StreamableHTTPClientTransport(new URL(r.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });
  await client.connect(transport);
  return Object.assign(client, { terminate: () => transport.terminateSession() });
}

describe('HTTP metrics', () => {
  it('serves Prometheus text behind the token, and the counters move with the calls', async () => {
    const r = await start();
    assert.equal((await scrape(r, false)).status, 401);
    const first = await scrape(r);
    assert.equal(first.status, 200);
    assert.match(String(first.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const before = parsePrometheus(first.body);
    assert.equal(before.types.get('session_mgmt_tool_calls_total'), 'counter');
    assert.equal(before.types.get('session_mgmt_tool_duration_seconds'), 'histogram');
    assert.ok((before.get('session_mgmt_process_resident_memory_bytes') ?? 0) > 0, 'process metrics');

    const client = await connect(r);
    try {
      await client.callTool({ name: 'store_reflection', arguments: { content: 'Rotate the webhook signing secret every quarter.' } });
      await client.callTool({ name: 'store_reflection', arguments: { content: 'Payout batches close at 17:00 UTC.', tags: ['payouts'] } });
      await client.callTool({ name: 'reflect_on_past', arguments: { query: 'payout batches' } });
      const bad = await client.callTool({ name: 'get_memory', arguments: { id: 'no-such-memory' } });
      assert.equal(bad.isError, true);
      const after = parsePrometheus((await scrape(r)).body);
      assert.equal(after.get('session_mgmt_tool_calls_total', { tool: 'store_reflection', outcome: 'ok' }), 2);
      assert.equal(after.get('session_mgmt_tool_calls_total', { tool: 'reflect_on_past', outcome: 'ok' }), 1);
      assert.equal(after.get('session_mgmt_tool_calls_total', { tool: 'get_memory', outcome: 'error' }), 1);
      assert.equal(after.get('session_mgmt_tool_duration_seconds_count', { tool: 'store_reflection' }), 2);
      assert.equal(after.get('session_mgmt_tool_duration_seconds_bucket', { tool: 'store_reflection', le: '+Inf' }), 2);
      assert.equal(after.get('session_mgmt_memories', { kind: 'reflection' }), 2);
      assert.equal(after.get('session_mgmt_vectors_waiting'), 2);
      assert.equal(after.get('session_mgmt_search_mode', { mode: 'keyword' }), 1);
      assert.equal(after.get('session_mgmt_search_mode', { mode: 'hybrid' }), 0);
      assert.equal(after.get('session_mgmt_http_sessions'), 1);
      assert.equal(after.get('session_mgmt_http_session_events_total', { event: 'opened' }), 1);
      assert.equal(after.get('session_mgmt_import_runs_total', { outcome: 'ok' }), undefined);
      await client.terminate();
    } finally {
      await client.close();
    }
    const closed = parsePrometheus((await scrape(r)).body);
    assert.equal(closed.get('session_mgmt_http_sessions'), 0);
    assert.equal(closed.get('session_mgmt_http_session_events_total', { event: 'closed' }), 1);
  });

  it('counts conversation imports', async () => {
    const project = tempDir('http-ops-project');
    dirs.push(project);
    const transcripts = path.join(project, 'transcripts');
    new TranscriptWriter({ cwd: project, start: new Date('2026-10-01T09:00:00Z'), seed: 5 })
      .user('The payout report double counts refunds.')
      .assistant('Refunds were summed twice: once as negative payouts and once as refunds.')
      .writeTo(transcripts);
    const r = await start(['--conversations-dir', transcripts, '--project-root', project]);
    const client = await connect(r);
    try {
      const res = await client.callTool({ name: 'import_conversations', arguments: { project: 'all' } });
      const added = (res.structuredContent as { chunks_added: number }).chunks_added;
      assert.ok(added > 0);
      const m = parsePrometheus((await scrape(r)).body);
      assert.equal(m.get('session_mgmt_import_runs_total', { outcome: 'ok' }), 1);
      assert.equal(m.get('session_mgmt_import_chunks_total'), added);
      assert.equal(m.get('session_mgmt_last_import_chunks'), added);
      assert.ok((m.get('session_mgmt_last_import_timestamp_seconds') ?? 0) > 1_700_000_000);
      assert.equal(m.get('session_mgmt_memories', { kind: 'conversation' }), added);
    } finally {
      await client.close();
    }
  });

  it('--metrics-public serves metrics without the token; /mcp still needs it', async () => {
    const r = await start(['--metrics-public']);
    assert.equal((await scrape(r, false)).status, 200);
    assert.equal((await request(r.url, { method: 'POST', body: initialize() })).status, 401);
  });
});

describe('HTTP sessions', () => {
  it('expires sessions left open after the idle timeout', async () => {
    const r = await start(['--idle-timeout', '1']);
    const opened = [await openSession(r), await openSession(r), await openSession(r)];
    for (const o of opened) assert.equal(o.status, 200);
    assert.equal(await sessions(r), 3);
    await waitFor('idle sessions to expire', async () => (await sessions(r)) === 0, 15_000);
    const stale = await request(r.url, { method: 'POST', headers: mcpHeaders(opened[0]?.session), body: { jsonrpc: '2.0', id: 2, method: 'tools/list' } });
    assert.equal(stale.status, 404);
    const m = parsePrometheus((await scrape(r)).body);
    assert.equal(m.get('session_mgmt_http_session_events_total', { event: 'expired' }), 3);
    // A session in use does not expire: each request renews it.
    const client = await connect(r);
    try {
      for (let i = 0; i < 4; i++) {
        await client.listTools();
        await new Promise((res) => setTimeout(res, 400));
      }
      assert.equal(await sessions(r), 1);
    } finally {
      await client.close();
    }
  });

  it('refuses sessions beyond the cap with 503 and Retry-After', async () => {
    const r = await start(['--max-sessions', '2', '--idle-timeout', '120']);
    const a = await openSession(r);
    await openSession(r);
    const full = await openSession(r);
    assert.equal(full.status, 503);
    const wait = Number(full.headers['retry-after']);
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 120, `Retry-After ${full.headers['retry-after']}`);
    assert.match(full.body, /2 open sessions/);
    const del = await request(r.url, { method: 'DELETE', headers: mcpHeaders(a.session) });
    assert.equal(del.status, 200);
    assert.equal((await openSession(r)).status, 200);
    const m = parsePrometheus((await scrape(r)).body);
    assert.equal(m.get('session_mgmt_http_session_events_total', { event: 'refused' }), 1);
  });

  it('resumes a dropped SSE stream from Last-Event-ID', async () => {
    const project = tempDir('http-ops-resume');
    dirs.push(project);
    const transcripts = path.join(project, 'transcripts');
    for (let i = 0; i < 3; i++) {
      new TranscriptWriter({ cwd: project, start: new Date(`2026-10-0${i + 1}T09:00:00Z`), seed: 20 + i })
        .user(`Session ${i}: the ledger export times out for large accounts.`)
        .assistant('Streaming the export page by page keeps memory flat.')
        .writeTo(transcripts);
    }
    const r = await start(['--conversations-dir', transcripts, '--project-root', project]);
    const { session } = await openSession(r);
    await request(r.url, { method: 'POST', headers: mcpHeaders(session), body: { jsonrpc: '2.0', method: 'notifications/initialized' } });

    // The call's stream is dropped right after its first event, before the result arrives.
    const first = await new Promise<string>((resolve, reject) => {
      const req = http.request(r.url, { method: 'POST', headers: mcpHeaders(session) }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          const block = text.split('\n\n')[0];
          if (text.includes('\n\n') && block) {
            req.destroy();
            resolve(block);
          }
        });
      });
      req.on('error', (err) => (String(err).includes('socket hang up') ? undefined : reject(err)));
      req.end(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'import_conversations', arguments: { project: 'all' }, _meta: { progressToken: 'p1' } } }));
    });
    const eventId = /^id: (.+)$/m.exec(first)?.[1];
    assert.ok(eventId, `the first event has an id: ${first}`);
    assert.match(first, /^retry: 2000$/m, 'the client is told when to reconnect');
    assert.ok(!first.includes('"id":7'), 'the result was not in the first event');

    // Reconnect with the cursor: everything after it is replayed, ending with the call's result.
    const resumed = await new Promise<string>((resolve, reject) => {
      const req = http.request(r.url, { method: 'GET', headers: { ...mcpHeaders(session), 'last-event-id': eventId } }, (res) => {
        assert.equal(res.statusCode, 200);
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('"id":7')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', (err) => (String(err).includes('socket hang up') ? undefined : reject(err)));
      req.end();
    });
    const events = resumed.split('\n\n').filter((e) => e.includes('data: {'));
    const ids = events.map((e) => /^id: (\d+)-/m.exec(e)?.[1]).map(Number);
    assert.ok(ids.every((n, i) => n > Number(/^(\d+)-/.exec(eventId)?.[1]) && (i === 0 || n > (ids[i - 1] as number))), `increasing event ids ${ids.join(',')}`);
    assert.ok(events.some((e) => e.includes('notifications/progress')), 'progress notifications were replayed');
    const result = JSON.parse(/data: (.*"id":7.*)$/m.exec(resumed)?.[1] ?? '{}') as { result?: { structuredContent?: { chunks_added: number } } };
    assert.ok((result.result?.structuredContent?.chunks_added ?? 0) > 0, 'the import result was replayed');
  });

  it('closes every session and stream on shutdown', async () => {
    const r = await start();
    const { session } = await openSession(r);
    await openSession(r);
    let ended = false;
    await new Promise<void>((resolve, reject) => {
      const req = http.request(r.url, { method: 'GET', headers: mcpHeaders(session) }, (res) => {
        assert.equal(res.statusCode, 200);
        res.on('close', () => (ended = true));
        res.resume();
        resolve();
      });
      req.on('error', reject);
      req.end();
    });
    const code = await r.stop();
    assert.equal(code, 0);
    await waitFor('the stream to end', () => ended);
    assert.match(r.stderr(), /shutting down \(SIGTERM\)/);
    assert.doesNotMatch(r.stderr(), /error while shutting down/);
  });
});
