// Tool inputs reject arguments they do not know, so an agent's misspelt argument comes back as an
// error naming it instead of being ignored. Applied to every tool the server registers, including
// tools added later, by wrapping registerTool once.
//
// The zod objects are built once per schema and shared by every McpServer: over HTTP each session
// has its own server, and rebuilding them per session doubled a session's memory.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

type Register = McpServer['registerTool'];
interface ToolConfig {
  inputSchema?: unknown;
  outputSchema?: unknown;
  [key: string]: unknown;
}

const strictCache = new WeakMap<object, z.ZodObject>();
const objectCache = new WeakMap<object, z.ZodObject>();

const isRawShape = (schema: unknown): schema is z.ZodRawShape => schema !== null && typeof schema === 'object' && !('_zod' in schema);

function cached(cache: WeakMap<object, z.ZodObject>, key: object, make: () => z.ZodObject): z.ZodObject {
  let v = cache.get(key);
  if (!v) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** A raw shape or a zod object, made strict; the SDK lists a strict object with additionalProperties: false. */
export function strictInput(schema: unknown): unknown {
  if (schema instanceof z.ZodObject) return cached(strictCache, schema, () => schema.strict());
  if (isRawShape(schema)) return cached(strictCache, schema, () => z.strictObject(schema));
  return schema;
}

function sharedOutput(schema: unknown): unknown {
  return isRawShape(schema) ? cached(objectCache, schema, () => z.object(schema)) : schema;
}

export function rejectUnknownArguments(server: McpServer): void {
  const register = server.registerTool.bind(server) as (name: string, config: ToolConfig, cb: unknown) => ReturnType<Register>;
  const strictRegister = (name: string, config: ToolConfig, cb: unknown): ReturnType<Register> =>
    register(name, { ...config, inputSchema: strictInput(config.inputSchema), outputSchema: sharedOutput(config.outputSchema) }, cb);
  server.registerTool = strictRegister as unknown as Register;
}
