// MCP prompts, offered by Claude Code as /session-mgmt:start, /session-mgmt:checkpoint and so on.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { MemoryToolNames, PromptNames, SessionToolNames } from '../../protocol/tool-names.js';
import { contextPackFor, type ContextSource } from './context-source.js';

const user = (text: string) => ({ messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] });

/** The pack as prompt text; a prompt still works (without memory) when the store cannot be read. */
async function packText(context: ContextSource): Promise<string> {
  try {
    return (await contextPackFor(context)).text;
  } catch (err) {
    return `(The context pack could not be read: ${err instanceof Error ? err.message : String(err)})`;
  }
}

export function registerPrompts(server: McpServer, context: ContextSource): void {
  server.registerPrompt(
    PromptNames.start,
    { title: 'Start session', description: 'Start a session with the context from memory: the last handoff, memories about the current work, decisions and gotchas' },
    async () =>
      user(
        `Here is what session-mgmt memory holds for this work (the context pack):\n\n${await packText(context)}\n\n` +
          `Call the ${SessionToolNames.start} tool of the session-mgmt server for this project to open the session and refresh the quality score. ` +
          `Then summarise where the last session left off and what the memories above say about the current changes, and propose what to work on first. ` +
          `Use ${MemoryToolNames.getMemory} for the full text of an item; treat items marked STALE or SUPERSEDED with care.`,
      ),
  );
  server.registerPrompt(
    PromptNames.resume,
    { title: 'Resume work', description: 'Continue where the last session ended: the context pack, without a tool call' },
    async () =>
      user(
        `Continue where the last session of this project ended. The context from session-mgmt memory:\n\n${await packText(context)}\n\n` +
          `Pick up the open items and next steps of the handoff, keeping to the decisions and gotchas listed. ` +
          `Use ${MemoryToolNames.getMemory} for the full text of an item and ${MemoryToolNames.searchByFile} before changing a file not covered here.`,
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
        `Before ending, store the key decisions and lessons of this session with ${MemoryToolNames.storeReflection} (tag decisions "decision" and traps "gotcha"). ` +
          `Then call ${SessionToolNames.end} with open_items (work left unfinished) and next_steps (what the next session should do first), ` +
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
