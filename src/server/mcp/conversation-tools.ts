// Registers import_conversations: a thin adapter from the MCP call to ConversationImporter.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as C from '../../protocol/conversation-schemas.js';
import { MemoryToolNames as T } from '../../protocol/tool-names.js';
import type { ConversationImporter } from '../memory/conversations/importer.js';
import { formatImport } from './format.js';
import { progressOf } from './progress.js';
import { toolResult } from './result.js';

export function registerConversationTools(server: McpServer, importer: ConversationImporter): void {
  server.registerTool(
    T.importConversations,
    {
      title: 'Import conversations',
      description:
        'Import Claude Code transcripts (JSONL) as searchable conversation memory: ~400-token chunks with the files their tool calls touched, subagent lines marked, secrets redacted before anything is stored. Incremental: only new lines are read; a rewritten transcript is re-imported cleanly. Defaults to the current project\'s transcripts; project "all" imports every project. Sends progress when asked and stops cleanly when cancelled.',
      inputSchema: C.importConversationsInput,
      outputSchema: C.importConversationsOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args, extra) => {
      const report = progressOf(extra);
      const out = await importer.run({ ...args, trigger: 'tool', signal: extra.signal, onProgress: report });
      return toolResult(formatImport(out), out);
    },
  );
}
