// Prometheus metrics of the HTTP server (GET /metrics): tool calls, sessions, the memory store and
// the process. Store figures are read when scraped, from the same services the tools use.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConversationStatus } from '../protocol/conversation-schemas.js';
import type { ReflectionStatsOutput } from '../protocol/memory-schemas.js';
import type { McpServices } from './mcp/server.js';

interface MemoryStats {
  memory: Omit<ReflectionStatsOutput, 'conversations'>;
  imports: ConversationStatus;
}

export type ToolOutcome = 'ok' | 'error';

/** What the MCP layer reports about each tool call. */
export interface ToolCallObserver {
  toolCall(tool: string, outcome: ToolOutcome, seconds: number, result?: unknown): void;
}

export class ServerMetrics implements ToolCallObserver {
  readonly registry = new Registry();
  private readonly calls: Counter<'tool' | 'outcome'>;
  private readonly latency: Histogram<'tool'>;
  private readonly sessions: Gauge;
  private readonly sessionEvents: Counter<'event'>;
  private readonly importChunks: Counter;
  private readonly importRuns: Counter<'outcome'>;
  private snapshot: Promise<MemoryStats | null> | null = null;

  constructor(services: Promise<McpServices>) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'session_mgmt_' });
    this.calls = new Counter({ name: 'session_mgmt_tool_calls_total', help: 'MCP tool calls by tool and outcome', labelNames: ['tool', 'outcome'], registers });
    this.latency = new Histogram({
      name: 'session_mgmt_tool_duration_seconds',
      help: 'MCP tool call latency by tool',
      labelNames: ['tool'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.sessions = new Gauge({ name: 'session_mgmt_http_sessions', help: 'Open MCP sessions over HTTP', registers });
    this.sessionEvents = new Counter({
      name: 'session_mgmt_http_session_events_total',
      help: 'HTTP sessions opened, closed by the client, expired after being idle, and refused because the server was full',
      labelNames: ['event'],
      registers,
    });
    this.importChunks = new Counter({ name: 'session_mgmt_import_chunks_total', help: 'Conversation chunks added by import_conversations calls since the server started', registers });
    this.importRuns = new Counter({ name: 'session_mgmt_import_runs_total', help: 'import_conversations calls by outcome', labelNames: ['outcome'], registers });

    // One read of the store per scrape, shared by the gauges; a store that cannot be read leaves
    // them unset rather than failing the whole scrape (process metrics still answer).
    const stats = (): Promise<MemoryStats | null> => {
      this.snapshot ??= services.then(async (s) => ({ memory: await s.memory.stats(), imports: await s.importer.status() })).catch(() => null);
      return this.snapshot;
    };
    new Gauge({
      name: 'session_mgmt_memories',
      help: 'Stored memories by kind',
      labelNames: ['kind'],
      registers,
      async collect() {
        const s = await stats();
        for (const [kind, n] of Object.entries(s?.memory.by_kind ?? {})) this.set({ kind }, n);
      },
    });
    new Gauge({
      name: 'session_mgmt_vectors_waiting',
      help: 'Memories stored without a vector, waiting for the embedding model',
      registers,
      async collect() {
        const s = await stats();
        if (s) this.set(s.memory.not_embedded);
      },
    });
    new Gauge({
      name: 'session_mgmt_search_mode',
      help: 'The search mode in use: 1 for the current one (hybrid = vectors and full text, keyword = full text only)',
      labelNames: ['mode'],
      registers,
      async collect() {
        const mode = (await stats())?.memory.mode;
        if (mode) for (const m of ['hybrid', 'keyword']) this.set({ mode: m }, m === mode ? 1 : 0);
      },
    });
    new Gauge({
      name: 'session_mgmt_last_import_chunks',
      help: 'Conversation chunks added by the last import (by a tool call or the transcript watcher)',
      registers,
      async collect() {
        const s = await stats();
        if (s) this.set(s.imports.last_import?.chunks_added ?? 0);
      },
    });
    new Gauge({
      name: 'session_mgmt_last_import_timestamp_seconds',
      help: 'When the last conversation import finished (0: never)',
      registers,
      async collect() {
        const s = await stats();
        if (s) this.set(s.imports.last_import ? Date.parse(s.imports.last_import.finished_at) / 1000 : 0);
      },
    });
  }

  toolCall(tool: string, outcome: ToolOutcome, seconds: number, result?: unknown): void {
    this.calls.inc({ tool, outcome });
    this.latency.observe({ tool }, seconds);
    if (tool === 'import_conversations') {
      this.importRuns.inc({ outcome });
      const added = (result as { structuredContent?: { chunks_added?: unknown } } | undefined)?.structuredContent?.chunks_added;
      if (typeof added === 'number') this.importChunks.inc(added);
    }
  }

  sessionOpened(open: number): void {
    this.sessionEvents.inc({ event: 'opened' });
    this.sessions.set(open);
  }

  sessionEnded(why: 'closed' | 'expired', open: number): void {
    this.sessionEvents.inc({ event: why });
    this.sessions.set(open);
  }

  sessionRefused(): void {
    this.sessionEvents.inc({ event: 'refused' });
  }

  async text(): Promise<{ body: string; contentType: string }> {
    this.snapshot = null;
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
