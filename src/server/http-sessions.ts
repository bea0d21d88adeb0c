// The open MCP sessions of the HTTP server. A session idle for longer than the timeout is closed
// (clients and test suites often initialize and never send DELETE), the number of sessions is
// capped, and every session can be closed at shutdown.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { collectGarbage } from './gc.js';
import type { Logger } from './log.js';

/** Expiring this many sessions in one sweep is worth a full collection to give the memory back. */
const COLLECT_AFTER = 50;

export interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  lastSeen: number;
  /** Requests (and SSE streams) in progress: a session with one open is not idle. */
  active: number;
}

export interface SessionEvents {
  opened(open: number): void;
  ended(why: 'closed' | 'expired', open: number): void;
}

export class SessionPool {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly sweepMs: number;
  private expiredSinceCollect = 0;
  private collectTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly idleMs: number,
    readonly max: number,
    private readonly events: SessionEvents,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.sweepMs = Math.max(250, Math.min(60_000, Math.floor(idleMs / 4)));
    this.sweeper = setInterval(() => void this.sweep(), this.sweepMs);
    this.sweeper.unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  add(id: string, session: Session): void {
    this.sessions.set(id, session);
    this.events.opened(this.sessions.size);
  }

  /** Called when the transport closed, whoever closed it. */
  remove(id: string, why: 'closed' | 'expired'): void {
    if (!this.sessions.delete(id)) return;
    this.events.ended(why, this.sessions.size);
  }

  /** Marks a request on the session; the returned function marks its end. */
  begin(session: Session): () => void {
    session.active++;
    session.lastSeen = this.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      session.active--;
      session.lastSeen = this.now();
    };
  }

  /** Whether a new session fits, after closing the expired ones. */
  async hasRoom(): Promise<boolean> {
    if (this.sessions.size < this.max) return true;
    await this.sweep();
    return this.sessions.size < this.max;
  }

  /** Seconds until the next idle session expires: what a client refused for lack of room should wait. */
  retryAfterSeconds(): number {
    let soonest = this.idleMs;
    const now = this.now();
    for (const s of this.sessions.values()) {
      if (s.active === 0) soonest = Math.min(soonest, Math.max(0, s.lastSeen + this.idleMs - now));
    }
    return Math.max(1, Math.ceil(soonest / 1000));
  }

  async sweep(): Promise<void> {
    const cutoff = this.now() - this.idleMs;
    const expired = [...this.sessions.entries()].filter(([, s]) => s.active === 0 && s.lastSeen <= cutoff);
    for (const [id, s] of expired) {
      this.remove(id, 'expired');
      await this.close(s);
    }
    if (expired.length) this.log.debug(`closed ${expired.length} HTTP sessions idle for ${Math.round(this.idleMs / 1000)} s`);
    this.expiredSinceCollect += expired.length;
    if (this.expiredSinceCollect >= COLLECT_AFTER && !this.collectTimer) {
      // Once the wave of expiries is over (sessions opened in a burst expire over several sweeps).
      this.collectTimer = setTimeout(() => {
        this.collectTimer = null;
        this.expiredSinceCollect = 0;
        // Twice: the first pass runs the finalizers that free what the second then reclaims, and
        // the pages emptied by the first are given back to the system by the second.
        collectGarbage();
        setTimeout(collectGarbage, 1_000).unref();
      }, this.sweepMs * 2);
      this.collectTimer.unref();
    }
  }

  private async close(s: Session): Promise<void> {
    // Closing the server closes its transport, which ends any stream still open.
    await s.server.close().catch((err: unknown) => this.log.debug('closing an HTTP session failed', err));
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    if (this.collectTimer) clearTimeout(this.collectTimer);
    const all = [...this.sessions.entries()];
    for (const [id] of all) this.remove(id, 'closed');
    await Promise.all(all.map(([, s]) => this.close(s)));
  }
}
