// Reads back every stored conversation chunk over MCP, with what get_memory says about it.
import type { ServerHandle } from './server-process.js';

export interface StoredChunk {
  id: string;
  project: string;
  source: string;
  files: string[];
  edited: string[];
  tools: string[];
  subagent: boolean;
  lines: [number, number];
  text: string;
}

interface Listed {
  items: { id: string }[];
  has_more: boolean;
}
interface Got {
  memory: {
    id: string;
    project: string;
    source: string | null;
    files: string[];
    text: string;
    conversation: { lines: [number, number]; tools: string[]; edited: string[]; subagent: boolean } | null;
  };
}

/** Every conversation chunk of every project, by source and first line. */
export async function storedChunks(srv: ServerHandle): Promise<StoredChunk[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await srv.call<Listed>('list_memories', { project: 'all', kinds: ['conversation'], offset, limit: 500 });
    ids.push(...page.items.map((i) => i.id));
    if (!page.has_more) break;
  }
  const out: StoredChunk[] = [];
  for (const id of ids) {
    const m = (await srv.call<Got>('get_memory', { id })).memory;
    const c = m.conversation;
    if (!c || !m.source) throw new Error(`conversation chunk ${id} has no origin`);
    out.push({ id, project: m.project, source: m.source, files: m.files, edited: c.edited, tools: c.tools, subagent: c.subagent, lines: c.lines, text: m.text });
  }
  return out.sort((a, b) => a.source.localeCompare(b.source) || a.lines[0] - b.lines[0] || a.lines[1] - b.lines[1]);
}
