// Owns the MCP client: connects to the server the launch decision names, reconnects with backoff
// when it goes away, and lets calls made during a reconnection wait briefly.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ResourceListChangedNotificationSchema, type CallToolResult, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import * as vscode from 'vscode';
import type { Launch, LaunchDecision } from './launch.js';

export type ConnectionState = 'starting' | 'running' | 'reconnecting' | 'stopped' | 'failed';

const BACKOFF_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
/** How long a call waits for a (re)connection before failing with a clear message. */
const CALL_WAIT_MS = 10_000;
const CALL_TIMEOUT_MS = 120_000;

export class ServerUnavailableError extends Error {}

export type ProgressCallback = (message: string, done: number, total: number) => void;

export interface CallOptions {
  /** Aborting it cancels the request: the server is sent notifications/cancelled. */
  signal?: AbortSignal;
  /** Restart the timeout whenever the server reports progress (for long work such as an import). */
  resetTimeoutOnProgress?: boolean;
  /** Milliseconds to wait for the result (or, with resetTimeoutOnProgress, between progress reports). */
  timeout?: number;
}

export class ServerConnection implements vscode.Disposable {
  private client: Client | null = null;
  private transport: Transport | null = null;
  private _state: ConnectionState = 'stopped';
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private disposed = false;
  /** Bumped by stop(): a connection attempt begun before it is discarded when it completes. */
  private generation = 0;
  private launchLabel = '';
  private lastError = '';
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  readonly onDidChangeState = this.changed.event;
  private readonly memoriesChanged = new vscode.EventEmitter<void>();
  /**
   * The server saw the memories change (its resources/list_changed): a store, tag or delete by
   * this window or by any other process on the data dir, such as an agent's own server.
   */
  readonly onDidChangeMemories = this.memoriesChanged.event;

  constructor(
    private readonly decide: () => Promise<LaunchDecision>,
    private readonly token: () => Promise<string | undefined>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get state(): ConnectionState {
    return this._state;
  }

  get description(): string {
    return this._state === 'failed' ? `${this.launchLabel}: ${this.lastError}` : this.launchLabel;
  }

  /** The pid of a spawned server, for diagnostics and tests. */
  get pid(): number | null {
    return this.transport instanceof StdioClientTransport ? this.transport.pid : null;
  }

  private setState(s: ConnectionState): void {
    if (this._state === s) return;
    this._state = s;
    this.changed.fire(s);
  }

  start(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = null;
      });
    }
    return this.connecting;
  }

  async restart(): Promise<void> {
    this.log.info('restarting the session server');
    await this.stop();
    // An attempt still under way started from the old settings: let it finish and discard itself.
    await this.connecting;
    this.failures = 0;
    await this.start();
  }

  async stop(): Promise<void> {
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    this.transport = null;
    if (client) await client.close().catch(() => undefined);
    this.setState('stopped');
  }

  private async connect(): Promise<void> {
    const generation = this.generation;
    const stale = (): boolean => this.disposed || generation !== this.generation;
    this.setState(this.failures > 0 ? 'reconnecting' : 'starting');
    let decision: LaunchDecision;
    try {
      decision = await this.decide();
    } catch (err) {
      if (!stale()) this.fail(err);
      return;
    }
    if (decision.ignored) this.log.warn(decision.ignored);
    const { launch } = decision;
    this.launchLabel = launch.label;
    const transport = await this.transportFor(launch);
    const client = new Client({ name: 'session-mgmt-vscode', version: '0.1.0' });
    client.onclose = () => this.onClosed(client);
    client.onerror = (err) => this.log.debug(`MCP transport: ${err.message}`);
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
      if (client === this.client) this.memoriesChanged.fire();
    });
    try {
      await client.connect(transport);
    } catch (err) {
      await client.close().catch(() => undefined);
      if (!stale()) this.fail(err);
      return;
    }
    if (stale()) {
      await client.close().catch(() => undefined);
      return;
    }
    this.client = client;
    this.transport = transport;
    this.failures = 0;
    const version = client.getServerVersion();
    this.log.info(`connected to ${launch.label}${version ? ` (${version.name} ${version.version})` : ''}${this.pid ? `, pid ${this.pid}` : ''}`);
    this.setState('running');
  }

  private async transportFor(launch: Launch): Promise<Transport> {
    if (launch.kind === 'http') {
      const token = await this.token();
      return new StreamableHTTPClientTransport(launch.url, token ? { requestInit: { headers: { Authorization: `Bearer ${token}` } } } : {});
    }
    this.log.info(`starting ${launch.label}: ${launch.command} ${launch.args.join(' ')}`);
    const t = new StdioClientTransport({ command: launch.command, args: launch.args, env: launch.env, cwd: launch.cwd, stderr: 'pipe' });
    t.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.log.info(`[server] ${line.trimEnd()}`);
    });
    return t;
  }

  private fail(err: unknown): void {
    this.lastError = err instanceof Error ? err.message : String(err);
    this.log.error(`could not connect to the session server: ${this.lastError}`);
    this.scheduleRetry();
  }

  private onClosed(client: Client): void {
    if (client !== this.client) return; // closed on purpose
    this.client = null;
    this.transport = null;
    this.lastError = 'the server exited';
    this.log.warn('the session server exited; reconnecting');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.disposed) return;
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)] ?? 30_000;
    this.failures++;
    this.setState(this.failures > BACKOFF_MS.length ? 'failed' : 'reconnecting');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.start();
    }, delay);
  }

  private async ready(signal?: AbortSignal): Promise<Client> {
    if (this.client && this._state === 'running') return this.client;
    if (this._state === 'stopped' && !this.connecting) void this.start();
    const deadline = Date.now() + CALL_WAIT_MS;
    while (Date.now() < deadline && !this.disposed) {
      signal?.throwIfAborted();
      if (this.client && this._state === 'running') return this.client;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new ServerUnavailableError(
      `The session server is not available (${this._state}${this.lastError ? `: ${this.lastError}` : ''}). Use "Session: Restart Server" or "Session: Show Log".`,
    );
  }

  async callTool(name: string, args: Record<string, unknown>, onProgress?: ProgressCallback, options: CallOptions = {}): Promise<CallToolResult> {
    options.signal?.throwIfAborted();
    const client = await this.ready(options.signal);
    const result = await client.callTool(
      { name, arguments: args },
      undefined,
      {
        timeout: options.timeout ?? CALL_TIMEOUT_MS,
        ...(options.resetTimeoutOnProgress ? { resetTimeoutOnProgress: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onProgress ? { onprogress: (p: { progress: number; total?: number; message?: string }) => onProgress(p.message ?? '', p.progress, p.total ?? 0) } : {}),
      },
    );
    return result as CallToolResult;
  }

  async readResource(uri: string): Promise<ReadResourceResult> {
    const client = await this.ready();
    return client.readResource({ uri }, { timeout: CALL_TIMEOUT_MS });
  }

  dispose(): void {
    this.disposed = true;
    void this.stop();
    this.changed.dispose();
    this.memoriesChanged.dispose();
  }
}
