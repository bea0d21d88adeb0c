// Builds the MCP server. Tools are registered at once so tools/list answers immediately;
// their handlers wait for the memory store, which opens in the background.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { MemoryBrowser } from '../memory/browse.js';
import type { ConversationImporter } from '../memory/conversations/importer.js';
import type { MemoryService } from '../memory/memory-service.js';
import type { Lifecycle } from '../session/lifecycle.js';
import type { ToolCallObserver } from '../metrics.js';
import type { Logger } from '../log.js';
import { registerConversationTools } from './conversation-tools.js';
import { registerMemoryTools } from './memory-tools.js';
import { observeToolCalls } from './observe-tools.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { registerSessionTools } from './session-tools.js';
import { rejectUnknownArguments } from './strict-input.js';

export const SERVER_NAME = 'session-mgmt';

const INSTRUCTIONS = `Session management and local memory for this project.
Call start at the beginning of a work session, checkpoint after meaningful progress, and end when done (it writes a
handoff for the next session). Use store_reflection to remember decisions, lessons and fixes; reflect_on_past, quick_search, search_by_file and
search_by_concept to recall them (results are scoped to the current project unless project is "all"). import_conversations
makes past Claude Code conversations of this project searchable too.`;

export interface McpServices {
  log: Logger;
  memory: MemoryService;
  browser: MemoryBrowser;
  lifecycle: Lifecycle;
  importer: ConversationImporter;
}

// One JSON Schema validator for every server in the process: over HTTP each session has its own
// McpServer, and a validator (an Ajv instance) per session was a large part of a session's memory.
let validator: AjvJsonSchemaValidator | null = null;

export function createMcpServer(version: string, services: Promise<McpServices>, observer?: ToolCallObserver): McpServer {
  validator ??= new AjvJsonSchemaValidator();
  const server = new McpServer({ name: SERVER_NAME, version }, { instructions: INSTRUCTIONS, jsonSchemaValidator: validator });
  rejectUnknownArguments(server);
  if (observer) observeToolCalls(server, observer);
  const importer = lazy(services.then((s) => s.importer));
  registerMemoryTools(server, lazy(services.then((s) => s.memory)), lazy(services.then((s) => s.browser)), importer);
  registerConversationTools(server, importer);
  const context = (): Promise<McpServices> => services;
  registerSessionTools(server, lazy(services.then((s) => s.lifecycle)), context, lazy(services.then((s) => s.log)));
  registerPrompts(server, context);
  registerResources(server, context);
  return server;
}

/** An object whose methods wait for the real one, which opens in the background. */
function lazy<T extends object>(service: Promise<T>): T {
  return new Proxy({} as T, {
    get(_target, prop) {
      return async (...args: unknown[]) => {
        const s = await service;
        const fn = (s as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[prop];
        if (typeof fn !== 'function') throw new Error(`unknown operation ${String(prop)}`);
        return fn.apply(s, args);
      };
    },
  });
}
