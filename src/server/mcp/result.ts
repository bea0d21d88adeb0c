import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** A tool result carrying both readable text and the structured content its outputSchema declares. */
export function toolResult<T extends object>(text: string, data: T): CallToolResult & { structuredContent: T } {
  return { content: [{ type: 'text', text }], structuredContent: data as T & Record<string, unknown> };
}
