// A tool call as a line of conversation: what ran, on which files, and whether it changed them.
import { INPUT_CHARS, RESULT_CHARS, squashed, type EventPart } from './event-part.js';

/** Shows a path from a tool input: resolved against the line's cwd, relative to the project root when inside it. */
export type PathView = (p: string) => string;

/** Built-in tools whose inputs name a file they change; other file inputs count as read. */
const EDIT_TOOLS = new Set(['Edit', 'MultiEdit', 'Write', 'NotebookEdit']);
/** Inputs that name one file. A bare `path` (Grep, Glob, LS) is usually a folder, so it is shown but not listed. */
const FILE_KEYS = ['file_path', 'notebook_path'] as const;
/** MCP tools (`mcp__<server>__<tool>`) name files in many ways; they count only for tools named for files. */
const MCP_FILE_KEYS = ['file_path', 'filePath', 'path', 'file', 'filename', 'target_file', 'notebook_path', 'source', 'destination'] as const;
const MCP_FILE_LISTS = ['paths', 'files', 'file_paths'] as const;
const MCP_EDITS = /(?:^|_)(?:edit|write|create|replace|patch|insert|append|move|rename|delete|remove)(?:_|$)/i;
const MCP_READS = /(?:^|_)read(?:_|$)|^get_file/i;
const DELEGATE_TOOLS = new Set(['Task', 'Agent']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const okPath = (p: string | null): p is string => p !== null && !p.includes('\0') && p.length < 4096;

function flat(text: string, max: number): string {
  const f = text.replace(/\s+/g, ' ').trim();
  return f.length > max ? `${f.slice(0, max - 1)}…` : f;
}

/** Files an MCP tool names, and whether it changes them; none for tools not named for files. */
function mcpFiles(name: string, input: Obj): { files: string[]; edits: boolean } {
  const tool = name.slice(name.lastIndexOf('__') + 2);
  const edits = MCP_EDITS.test(tool);
  if (!edits && !MCP_READS.test(tool)) return { files: [], edits: false };
  const files: string[] = [];
  for (const key of MCP_FILE_KEYS) {
    const p = str(input[key]);
    if (okPath(p)) files.push(p);
  }
  for (const key of MCP_FILE_LISTS) {
    const list = input[key];
    if (Array.isArray(list)) for (const p of list) if (typeof p === 'string' && okPath(p)) files.push(p);
  }
  return { files, edits };
}

const STATUS: Record<string, string> = { completed: 'done', in_progress: 'in progress', pending: 'to do' };

function todoList(input: Obj): string {
  const todos = Array.isArray(input.todos) ? input.todos : [];
  return todos
    .filter(isObj)
    .map((t) => `${str(t.content) ?? str(t.activeForm) ?? '?'} (${STATUS[String(t.status)] ?? String(t.status ?? '?')})`)
    .join('; ');
}

/** The part for one tool_use block. Inputs that may hold a secret (commands, URLs, patterns, queries,
 *  unknown tools' arguments) are kept long enough to be redacted, then cut. */
export function toolUse(block: Obj, show: PathView, sidechain: boolean): EventPart {
  const name = str(block.name) ?? 'tool';
  const input = isObj(block.input) ? block.input : {};
  const mcp = name.startsWith('mcp__');
  let raw: string[] = [];
  let edits = false;
  if (mcp) ({ files: raw, edits } = mcpFiles(name, input));
  else {
    for (const key of FILE_KEYS) {
      const p = str(input[key]);
      if (okPath(p)) raw.push(p);
    }
    edits = EDIT_TOOLS.has(name);
  }
  const files = [...new Set(raw.map(show))];
  const edited = edits ? [...files] : [];
  const facts = { files, edited, tools: [name], sidechain };
  /** A text cut after redaction, kept with this call's facts. */
  const cut = (prefix: string, text: string, max: number, tail: string): EventPart => {
    const part = squashed(prefix, text, max, sidechain, tail);
    return part ? { ...part, ...facts } : { ...facts, text: `${prefix.replace(/[: ]+$/, '')}${tail}` };
  };

  if (name === 'TodoWrite') {
    const list = todoList(input);
    return cut('[Todos: ', list || 'cleared', RESULT_CHARS, ']');
  }
  if (DELEGATE_TOOLS.has(name)) {
    // The prompt is the assistant's words to a subagent, not the user's.
    const kind = str(input.subagent_type);
    const head = `[${name}${kind ? ` (${kind})` : ''}: ${flat(str(input.description) ?? '', INPUT_CHARS)}] Assistant to subagent: `;
    const part = squashed(head, str(input.prompt) ?? '', RESULT_CHARS, sidechain);
    return part ? { ...part, ...facts } : { ...facts, text: head.slice(0, head.indexOf('] ') + 1) };
  }
  if (name === 'ExitPlanMode' && str(input.plan)) return cut('[Plan: ', str(input.plan)!, RESULT_CHARS, ']');
  const url = str(input.url);
  if (url) return cut(`[${name} `, url, INPUT_CHARS, ']');
  const query = str(input.query);
  if (query && !mcp) return cut(`[${name} "`, query, INPUT_CHARS, '"]');
  const skill = str(input.skill) ?? str(input.command_name);
  if (name === 'Skill' && skill) return { ...facts, text: `[Skill ${flat(skill, INPUT_CHARS)}]` };
  const command = str(input.command);
  const pattern = str(input.pattern);
  const where = str(input.path) ?? raw[0];
  if (command) return cut(`[${name}: `, command, INPUT_CHARS, ']');
  if (pattern) return cut(`[${name} "`, pattern, INPUT_CHARS, `"${where ? ` in ${show(where)}` : ''}]`);
  if (files.length) return { ...facts, text: `[${name} ${files.join(', ')}]` };
  if (where) return { ...facts, text: `[${name} ${show(where)}]` };
  return cut(`[${name}: `, JSON.stringify(input) === '{}' ? '' : JSON.stringify(input), INPUT_CHARS, ']');
}
