// MCP prompts, offered by Claude Code as /session-mgmt:start, /session-mgmt:checkpoint and so on.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MemoryToolNames, PromptNames, SessionToolNames } from '../../protocol/tool-names.js';

const user = (text: string) => ({ messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] });

export function registerPrompts(server: McpServer): void {
  server.registerPrompt(
    PromptNames.start,
    { title: 'Start session', description: 'Start a session: project analysis, quality score and the previous handoff' },
    () =>
      user(
        `Call the ${SessionToolNames.start} tool of the session-mgmt server for this project. Summarise the quality score and its weakest parts, ` +
          `what the previous session handed off, and propose what to work on first.`,
      ),
  );
  server.registerPrompt(
    PromptNames.checkpoint,
    { title: 'Checkpoint', description: 'Checkpoint: quality score, git checkpoint commit and a reflection' },
    () =>
      user(
        `Call the ${SessionToolNames.checkpoint} tool of the session-mgmt server. Report the score and its change, the checkpoint commit (or why there was none), ` +
          `then store one reflection with ${MemoryToolNames.storeReflection} about what was learned since the last checkpoint.`,
      ),
  );
  server.registerPrompt(
    PromptNames.end,
    { title: 'End session', description: 'End the session and write a handoff for the next one' },
    () =>
      user(
        `Before ending, store the key decisions and lessons of this session with ${MemoryToolNames.storeReflection}. Then call ${SessionToolNames.end} ` +
          `and summarise the handoff: score trend, what changed, and what the next session should do.`,
      ),
  );
  server.registerPrompt(
    PromptNames.status,
    { title: 'Session status', description: 'Current session, quality score and recommendations' },
    () => user(`Call the ${SessionToolNames.status} tool of the session-mgmt server and summarise it in a few lines, with the top recommendation.`),
  );
  server.registerPrompt(
    PromptNames.reflect,
    {
      title: 'Reflect on past',
      description: 'Search past reflections, checkpoints, handoffs and conversations',
      argsSchema: { query: z.string().describe('What to look for') },
    },
    ({ query }) =>
      user(
        `Use ${MemoryToolNames.reflectOnPast} with the query ${JSON.stringify(query)} (widen with project "all" if nothing is found in this project). ` +
          `Summarise what was learned before and how it applies now.`,
      ),
  );
  server.registerPrompt(
    PromptNames.quickSearch,
    {
      title: 'Quick search',
      description: 'How much memory holds about a query, and the best match',
      argsSchema: { query: z.string().describe('What to look for') },
    },
    ({ query }) => user(`Use ${MemoryToolNames.quickSearch} with the query ${JSON.stringify(query)} and report the count and the best match.`),
  );
}
