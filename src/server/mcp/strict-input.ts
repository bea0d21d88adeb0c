// Tool inputs reject arguments they do not know, so an agent's misspelt argument comes back as an
// error naming it instead of being ignored. Applied to every tool the server registers, including
// tools added later, by wrapping registerTool once.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

type Register = McpServer['registerTool'];
interface ToolConfig {
  inputSchema?: unknown;
  [key: string]: unknown;
}

/** A raw shape or a zod object, made strict; the SDK lists a strict object with additionalProperties: false. */
export function strictInput(schema: unknown): unknown {
  if (schema instanceof z.ZodObject) return schema.strict();
  if (schema !== null && typeof schema === 'object' && !('_zod' in schema)) return z.strictObject(schema as z.ZodRawShape);
  return schema;
}

export function rejectUnknownArguments(server: McpServer): void {
  const register = server.registerTool.bind(server) as (name: string, config: ToolConfig, cb: unknown) => ReturnType<Register>;
  const strictRegister = (name: string, config: ToolConfig, cb: unknown): ReturnType<Register> =>
    register(name, { ...config, inputSchema: strictInput(config.inputSchema) }, cb);
  server.registerTool = strictRegister as unknown as Register;
}
