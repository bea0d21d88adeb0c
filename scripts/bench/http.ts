// HTTP sessions that are never closed: 1,000 initialize requests without a DELETE (what many clients
// and the MCP conformance suite do). The server's RSS must come back to within 20 MB of where it
// started once the idle sessions have expired.
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { SERVER_JS } from '../../test/support/server-process.js';

export interface HttpBenchContext {
  root: string;
  report: (metric: string, value: string, target?: string) => void;
  rssMb: (pid: number) => number;
}

const SESSIONS = 1_000;
const IDLE_S = 5;
const TOKEN = 'bench-token-0123456789abcdef';

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function heapUsedMb(base: string): Promise<number> {
  const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const m = /^session_mgmt_nodejs_heap_size_used_bytes (\S+)$/m.exec(await res.text());
  return Number(m?.[1] ?? 0) / 1_048_576;
}

async function openSessions(base: string): Promise<number> {
  const res = await fetch(`${base}/healthz`);
  return ((await res.json()) as { sessions: number }).sessions;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function httpBench(ctx: HttpBenchContext): Promise<void> {
  const dataDir = path.join(ctx.root, 'http');
  const proc = spawn(process.execPath, [SERVER_JS, '--http', '--port', '0', '--data-dir', dataDir, '--idle-timeout', String(IDLE_S), '--max-sessions', String(SESSIONS * 2)], {
    env: { PATH: process.env.PATH ?? '', HOME: dataDir, SESSION_MGMT_ALLOW_DOWNLOAD: '0', SESSION_MGMT_HTTP_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      proc.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /listening on (http:\/\/\S+?\/mcp)/.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
      proc.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
    });
    const base = url.replace(/\/mcp$/, '');
    const pid = proc.pid as number;
    const init = (id: number) => ({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '0' } } });
    // One session first, so modules loaded on first use are in the baseline; then it expires.
    await post(url, init(0));
    while ((await openSessions(base)) > 0) await sleep(500);
    await sleep(1_000);
    const start = ctx.rssMb(pid);
    const startHeap = await heapUsedMb(base);
    const t = performance.now();
    for (let i = 1; i <= SESSIONS; i += 10) {
      const codes = await Promise.all(Array.from({ length: 10 }, (_, j) => post(url, init(i + j))));
      if (codes.some((c) => c !== 200)) throw new Error(`initialize answered ${codes.join(',')}`);
    }
    const took = performance.now() - t;
    const open = await openSessions(base);
    const peak = ctx.rssMb(pid);
    const expiredAt = performance.now();
    while ((await openSessions(base)) > 0) await sleep(500);
    const expiry = performance.now() - expiredAt;
    // A few seconds of idleness, as a server between bursts has.
    await sleep(10_000);
    const end = ctx.rssMb(pid);
    const heap = await heapUsedMb(base);
    ctx.report(`HTTP: ${SESSIONS.toLocaleString('en-US')} initialize without DELETE`, `${Math.round(took)} ms, ${open} sessions open, RSS ${start.toFixed(0)} -> ${peak.toFixed(0)} MB`);
    ctx.report(`HTTP: RSS after the idle sessions expired (--idle-timeout ${IDLE_S} s; all gone in ${(expiry / 1000).toFixed(1)} s)`, `${end.toFixed(0)} MB, ${(end - start).toFixed(1)} MB over the start (JS heap used ${startHeap.toFixed(0)} -> ${heap.toFixed(0)} MB)`, '<= 20 MB over the start');
  } finally {
    proc.kill('SIGTERM');
  }
}
