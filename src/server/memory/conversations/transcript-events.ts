// Turns one Claude Code transcript event (a JSON line) into the searchable parts of a conversation:
// what the user and the assistant said, which tools ran on which files, and what they returned.

/** Tool results and inputs are summarised: the conversation matters, not whole file contents. */
const RESULT_CHARS = 300;
const INPUT_CHARS = 200;

/** Tools whose inputs name a file they change; other file inputs count as read. */
const EDIT_TOOLS = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit']);
/** Inputs that name one file. A bare `path` (Grep, Glob, LS) is usually a folder, so it is shown but not listed. */
const FILE_KEYS = ['file_path', 'notebook_path'] as const;

export interface EventPart {
  text: string;
  /** Files named by tool inputs, as written there (usually absolute). */
  files: string[];
  /** The subset of files that a tool changed. */
  edited: string[];
  tools: string[];
}

export interface EventInfo {
  parts: EventPart[];
  /** Epoch ms, or null when the event has no usable timestamp. */
  at: number | null;
  cwd: string | null;
  sessionId: string | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function squash(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A path as shown in chunk text: relative to the project root when inside it. */
export type ShowPath = (p: string) => string;

function toolUse(block: Obj, show: ShowPath): EventPart {
  const name = str(block.name) ?? 'tool';
  const input = isObj(block.input) ? block.input : {};
  const files: string[] = [];
  for (const key of FILE_KEYS) {
    const p = str(input[key]);
    if (p && !p.includes('\0')) files.push(p);
  }
  const edited = EDIT_TOOLS.has(name) ? [...files] : [];
  let summary: string;
  const command = str(input.command);
  const pattern = str(input.pattern);
  const where = str(input.path) ?? files[0];
  if (command) summary = `${name}: ${squash(command, INPUT_CHARS)}`;
  else if (pattern) summary = `${name} ${JSON.stringify(squash(pattern, INPUT_CHARS))}${where ? ` in ${show(where)}` : ''}`;
  else if (!files.length && where) summary = `${name} ${show(where)}`;
  else if (files.length) summary = `${name} ${files.map(show).join(', ')}`;
  else summary = `${name}: ${squash(JSON.stringify(input), INPUT_CHARS)}`;
  return { text: `[${summary}]`, files, edited, tools: [name] };
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((c) => (isObj(c) && c.type === 'text' && typeof c.text === 'string' ? c.text : isObj(c) && c.type === 'image' ? '[image]' : ''))
    .filter(Boolean)
    .join(' ');
}

const plain = (text: string): EventPart => ({ text, files: [], edited: [], tools: [] });

function blocksOf(role: 'User' | 'Assistant', content: unknown, show: ShowPath): EventPart[] {
  if (typeof content === 'string') return content.trim() ? [plain(`${role}: ${content.trim()}`)] : [];
  if (!Array.isArray(content)) return [];
  const out: EventPart[] = [];
  for (const block of content) {
    if (!isObj(block)) continue;
    switch (block.type) {
      case 'text': {
        const text = str(block.text)?.trim();
        if (text) out.push(plain(`${role}: ${text}`));
        break;
      }
      case 'tool_use':
        out.push(toolUse(block, show));
        break;
      case 'tool_result': {
        const text = squash(resultText(block.content), RESULT_CHARS);
        if (text) out.push(plain(`${block.is_error === true ? 'Error' : 'Result'}: ${text}`));
        break;
      }
      case 'image':
        out.push(plain(`${role}: [image]`));
        break;
      // Thinking and other internal blocks are not part of the conversation as the user saw it.
    }
  }
  return out;
}

/** The parts of one event; `null` for a line that is not a JSON object (malformed). */
export function parseEvent(value: unknown, show: ShowPath): EventInfo | null {
  if (!isObj(value)) return null;
  const ts = str(value.timestamp);
  const parsed = ts ? Date.parse(ts) : NaN;
  const info: EventInfo = { parts: [], at: Number.isNaN(parsed) ? null : parsed, cwd: str(value.cwd), sessionId: str(value.sessionId) };
  const message = isObj(value.message) ? value.message : null;
  // Meta lines are the CLI's own bookkeeping (command caveats and the like), not the conversation.
  if (value.isMeta === true) return info;
  if (value.type === 'user' && message) info.parts = blocksOf('User', message.content, show);
  else if (value.type === 'assistant' && message) info.parts = blocksOf('Assistant', message.content, show);
  else if (value.type === 'summary' && str(value.summary)) info.parts = [plain(`Summary: ${str(value.summary)}`)];
  return info;
}
