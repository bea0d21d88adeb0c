// Builds the MCP server. Tools are registered at once so tools/list answers immediately;
// their handlers wait for the memory store, which opens in the background.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { MemoryService } from '../memory/memory-service.js';
import { registerMemoryTools } from './memory-tools.js';

export const SERVER_NAME = 'session-mgmt';

const INSTRUCTIONS = `Session management and local memory for this project.
Use store_reflection to remember decisions, lessons and fixes; reflect_on_past, quick_search, search_by_file and
search_by_concept to recall them (results are scoped to the current project unless project is "all").`;

export function createMcpServer(version: string, memory: Promise<MemoryService>): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version }, { instructions: INSTRUCTIONS });
  registerMemoryTools(server, lazy(memory));
  return server;
}

/** A MemoryService whose methods wait for the real one. */
function lazy(service: Promise<MemoryService>): MemoryService {
  return new Proxy({} as MemoryService, {
    get(_target, prop) {
      return async (...args: unknown[]) => {
        const s = await service;
        const fn = (s as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[prop];
        if (typeof fn !== 'function') throw new Error(`unknown memory operation ${String(prop)}`);
        return fn.apply(s, args);
      };
    },
  });
}
