// MCP resources, for clients that attach context themselves (VS Code's "Add Context > MCP
// Resources" and others): the latest handoff, the context pack, each memory by id, and the current
// session. resources/list pages through them newest first; a change to the memories, by this
// process or another one on the data dir, is announced with notifications/resources/list_changed.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type ReadResourceResult,
  type Resource,
} from '@modelcontextprotocol/sdk/types.js';
import { ResourceUris } from '../../protocol/context-limits.js';
import { InputError } from '../memory/validate.js';
import { contextPackFor, type ContextSource } from './context-source.js';

/** Resource not found, as the MCP specification numbers it. */
const RESOURCE_NOT_FOUND = -32002;
const PAGE = 50;
const POLL_MS = 2_000;

const cursorOf = (offset: number): string => Buffer.from(JSON.stringify({ offset })).toString('base64url');

function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Reported below.
  }
  throw new McpError(ErrorCode.InvalidParams, `invalid cursor "${cursor}"`);
}

const memoryUri = (id: string): string => `${ResourceUris.memoryPrefix}${encodeURIComponent(id)}`;
const oneLine = (s: string, max: number): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

function budgetOf(url: URL): number | undefined {
  const raw = url.searchParams.get('budget');
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new McpError(ErrorCode.InvalidParams, `budget must be a whole number of tokens, got "${raw}"`);
  return n;
}

async function read(source: ContextSource, uri: string): Promise<ReadResourceResult> {
  const s = await source();
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new McpError(ErrorCode.InvalidParams, `not a resource URI: ${uri}`);
  }
  const base = `${url.protocol}//${url.host}${url.pathname}`;
  const markdown = (text: string): ReadResourceResult => ({ contents: [{ uri, mimeType: 'text/markdown', text }] });
  if (base === ResourceUris.context) {
    const pack = await contextPackFor(source, { budget: budgetOf(url) }).catch((err: unknown) => {
      throw err instanceof InputError ? new McpError(ErrorCode.InvalidParams, err.message) : err;
    });
    // The same pack twice: as the agent reads it, and as data for clients that show it.
    return { contents: [{ uri, mimeType: 'text/markdown', text: pack.text }, { uri, mimeType: 'application/json', text: JSON.stringify(pack) }] };
  }
  if (base === ResourceUris.handoffLatest) {
    const latest = (await s.browser.list({ kinds: ['handoff'], offset: 0, limit: 1 })).items[0];
    if (!latest) throw new McpError(RESOURCE_NOT_FOUND, `no handoff yet in project ${s.memory.ctx.project}`);
    return markdown((await s.memory.getMemory(latest.id)).memory.text);
  }
  if (base === ResourceUris.sessionCurrent) {
    const cur = await s.lifecycle.current();
    return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(cur, null, 2) }] };
  }
  if (base.startsWith(ResourceUris.memoryPrefix)) {
    const id = decodeURIComponent(base.slice(ResourceUris.memoryPrefix.length));
    try {
      const m = (await s.memory.getMemory(id)).memory;
      const tags = m.tags.length ? `\nTags: ${m.tags.join(', ')}` : '';
      const files = m.files.length ? `\nFiles: ${m.files.join(', ')}` : '';
      return markdown(`# ${m.kind} ${m.id}\n\nProject ${m.project}, stored ${m.created_at}${tags}${files}\n\n${m.text}`);
    } catch (err) {
      if (err instanceof InputError) throw new McpError(RESOURCE_NOT_FOUND, err.message);
      throw err;
    }
  }
  throw new McpError(RESOURCE_NOT_FOUND, `no resource ${uri}`);
}

async function list(source: ContextSource, cursor: string | undefined): Promise<{ resources: Resource[]; nextCursor?: string }> {
  const s = await source();
  const offset = offsetOf(cursor);
  const resources: Resource[] = [];
  if (offset === 0) {
    const latest = (await s.browser.list({ kinds: ['handoff'], offset: 0, limit: 1 })).items[0];
    if (latest) resources.push({ uri: ResourceUris.handoffLatest, name: 'handoff-latest', title: 'Latest session handoff', description: `Stored ${latest.created_at}`, mimeType: 'text/markdown' });
    resources.push(
      { uri: ResourceUris.context, name: 'context', title: 'Context pack', description: 'The last handoff, memories about the current work, decisions and gotchas, within a token budget (?budget=N)', mimeType: 'text/markdown' },
      { uri: ResourceUris.sessionCurrent, name: 'session-current', title: 'Current session', description: 'The open session and its checkpoints', mimeType: 'application/json' },
    );
  }
  const page = await s.browser.list({ offset, limit: PAGE });
  for (const m of page.items) {
    resources.push({ uri: memoryUri(m.id), name: `memory-${m.id}`, title: `${m.kind}: ${oneLine(m.excerpt, 60)}`, description: `${m.kind} stored ${m.created_at}${m.tags.length ? ` [${m.tags.join(', ')}]` : ''}`, mimeType: 'text/markdown' });
  }
  return page.has_more ? { resources, nextCursor: cursorOf(offset + PAGE) } : { resources };
}

export function registerResources(server: McpServer, source: ContextSource): void {
  server.server.registerCapabilities({ resources: { listChanged: true } });
  server.server.setRequestHandler(ListResourcesRequestSchema, (req) => list(source, req.params?.cursor));
  server.server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [{ uriTemplate: ResourceUris.memoryTemplate, name: 'memory', title: 'Memory by id', description: 'One memory, its full text and details', mimeType: 'text/markdown' }],
  }));
  server.server.setRequestHandler(ReadResourceRequestSchema, (req) => read(source, req.params.uri));

  // Watched by the table version, so writes by other processes on the data dir count too.
  let timer: NodeJS.Timeout | null = null;
  let mark: number | null = null;
  const poll = async (): Promise<void> => {
    try {
      const next = await (await source()).memory.changeMark();
      if (mark !== null && next !== mark) await server.sendResourceListChanged();
      mark = next;
    } catch {
      // The store is still opening or the client is gone; the next poll tries again.
    }
  };
  const previous = server.server.oninitialized;
  server.server.oninitialized = () => {
    previous?.();
    timer ??= setInterval(() => void poll(), POLL_MS);
    timer.unref();
    void poll();
  };
  const closed = server.server.onclose;
  server.server.onclose = () => {
    closed?.();
    if (timer) clearInterval(timer);
    timer = null;
  };
}
