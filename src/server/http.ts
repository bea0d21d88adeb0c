// The server over Streamable HTTP, for remote or shared use: loopback by default, a bearer token
// on every MCP request, Host and Origin checks against DNS rebinding, and a health check.
// Sessions expire when idle and are capped; SSE streams are resumable; GET /metrics serves
// Prometheus metrics.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { SessionEventStore } from './http-events.js';
import { SessionPool, type Session } from './http-sessions.js';
import type { Logger } from './log.js';
import type { ServerMetrics } from './metrics.js';

export interface HttpOptions {
  host: string;
  port: number;
  token: string;
  version: string;
  /** A session with no request for this long is closed. */
  idleTimeoutMs: number;
  /** New sessions beyond this many are refused with 503 and Retry-After. */
  maxSessions: number;
  /** Serve /metrics without the bearer token (for a scraper on a trusted network). */
  metricsPublic: boolean;
}

/** How long a client that lost an SSE stream is told to wait before reconnecting. */
const SSE_RETRY_MS = 2_000;

const BODY_MAX = 4 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function hostnameOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).hostname;
  } catch {
    return null;
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_MAX) throw new RangeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

export async function serveHttp(
  opts: HttpOptions,
  makeServer: () => McpServer,
  log: Logger,
  metrics?: ServerMetrics,
): Promise<{ url: string; sessions: SessionPool; close(): Promise<void> }> {
  const allowedHosts = new Set([...LOOPBACK, opts.host]);
  const pool = new SessionPool(
    opts.idleTimeoutMs,
    opts.maxSessions,
    {
      opened: (n) => metrics?.sessionOpened(n),
      ended: (why, n) => metrics?.sessionEnded(why, n),
    },
    log,
  );

  const serveMetrics = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!metrics) {
      send(res, 404, { error: 'metrics are off' });
      return;
    }
    if (!opts.metricsPublic && !tokenMatches(req.headers.authorization, opts.token)) {
      send(res, 401, { error: 'a valid bearer token is required (or start the server with --metrics-public)' }, { 'www-authenticate': 'Bearer' });
      return;
    }
    const { body, contentType } = await metrics.text();
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname === '/healthz' && req.method === 'GET') {
      send(res, 200, { status: 'ok', name: 'session-mgmt', version: opts.version, sessions: pool.size });
      return;
    }
    if (url.pathname === '/metrics' && req.method === 'GET') {
      await serveMetrics(req, res);
      return;
    }
    if (url.pathname !== '/mcp') {
      send(res, 404, { error: 'not found; the MCP endpoint is /mcp' });
      return;
    }
    // A page on another site must not reach us through a rebinding DNS name or a cross-origin request.
    const host = hostnameOf(req.headers.host);
    if (!host || !allowedHosts.has(host)) {
      send(res, 403, { error: 'forbidden host' });
      return;
    }
    const origin = req.headers.origin;
    if (origin && !allowedHosts.has(hostnameOf(origin) ?? '')) {
      send(res, 403, { error: 'forbidden origin' });
      return;
    }
    if (!tokenMatches(req.headers.authorization, opts.token)) {
      send(res, 401, { error: 'a valid bearer token is required' }, { 'www-authenticate': 'Bearer' });
      return;
    }
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const sessionId = req.headers['mcp-session-id'];
    let session = typeof sessionId === 'string' ? pool.get(sessionId) : undefined;
    if (!session) {
      if (sessionId !== undefined || req.method !== 'POST' || !isInitializeRequest(body)) {
        send(res, sessionId ? 404 : 400, { jsonrpc: '2.0', error: { code: -32000, message: sessionId ? 'unknown session' : 'initialize first' }, id: null });
        return;
      }
      if (!(await pool.hasRoom())) {
        metrics?.sessionRefused();
        const wait = pool.retryAfterSeconds();
        send(
          res,
          503,
          { jsonrpc: '2.0', error: { code: -32000, message: `the server has ${pool.max} open sessions, its limit; retry in ${wait} s` }, id: null },
          { 'retry-after': String(wait) },
        );
        return;
      }
      const server = makeServer();
      const created: Session = { transport: undefined as unknown as StreamableHTTPServerTransport, server, lastSeen: Date.now(), active: 0 };
      const t = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        eventStore: new SessionEventStore(),
        retryInterval: SSE_RETRY_MS,
        onsessioninitialized: (id) => pool.add(id, created),
      });
      created.transport = t;
      t.onclose = () => {
        if (t.sessionId) pool.remove(t.sessionId, 'closed');
      };
      await server.connect(t);
      session = created;
    }
    const end = pool.begin(session);
    res.once('close', end);
    try {
      await session.transport.handleRequest(req, res, body);
    } finally {
      // A JSON reply is done here; an SSE stream stays active until its response closes.
      if (res.writableEnded) end();
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.warn('HTTP request failed', err);
      if (!res.headersSent) send(res, err instanceof SyntaxError || err instanceof RangeError ? 400 : 500, { error: err instanceof Error ? err.message : String(err) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${shownHost}:${addr.port}/mcp`;
  return {
    url,
    sessions: pool,
    close: async () => {
      // Stop taking connections, end every session (and its streams), then drop idle sockets.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.closeAll();
      server.closeAllConnections();
      await closed;
    },
  };
}
