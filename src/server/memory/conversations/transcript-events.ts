// Turns one Claude Code transcript event (a JSON line) into the searchable parts of a conversation:
// what the user and the assistant said, which tools ran on which files, and what they returned,
// each marked with who said it (the user, the assistant, a subagent, an API error, a summary).
import { dropReminders, readUserText, stripTerminal } from './clean-text.js';
import { plain, RESULT_CHARS, squashed, type EventPart } from './event-part.js';
import { toolUse } from './tool-uses.js';

/** The message Claude Code writes after compacting a conversation, flagged `isCompactSummary` from 1.0.x on. */
const CONTINUATION = /^This session is being continued from a previous conversation(?: that ran out of context)?\.?\s*(?:The conversation is summari[sz]ed below:?)?\s*/;
/** The instruction Claude Code appends to a continuation: not part of the summary. */
const CONTINUE_ASK = /\s*Please continue the conversation from where we left (?:it )?off without asking the user any further questions\.(?: Continue with the last task that you were asked to work on\.?)?\s*$/;
/** Claude Code 2.0 warms subagents up with this prompt; the exchange is not the user's. */
const WARMUP = 'Warmup';
const TODO_ACK = /^Todos have been modified successfully\b/;
const NO_CONTENT = '(no content)';

export interface EventInfo {
  parts: EventPart[];
  /** Epoch ms, or null when the event has no usable timestamp. */
  at: number | null;
  cwd: string | null;
  sessionId: string | null;
  sidechain: boolean;
  /** Part of a warm-up exchange, left out. */
  skipped?: true;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((c) => (isObj(c) && c.type === 'text' && typeof c.text === 'string' ? c.text : isObj(c) && c.type === 'image' ? '[image]' : ''))
    .filter(Boolean)
    .join(' ');
}


/**
 * Reads the events of one transcript in order. It remembers, within one pass, the lines of a warm-up
 * exchange so the replies chained to them are skipped too.
 */
export class EventReader {
  private readonly skipped = new Set<string>();

  /** `paths` shows a tool input's path given the line's working directory. */
  constructor(private readonly paths: (p: string, cwd: string | null) => string) {}

  /** The parts of one event; `null` for a line that is not a JSON object (malformed). */
  read(value: unknown): EventInfo | null {
    if (!isObj(value)) return null;
    const ts = str(value.timestamp);
    const parsed = ts ? Date.parse(ts) : NaN;
    const sidechain = value.isSidechain === true;
    const info: EventInfo = { parts: [], at: Number.isNaN(parsed) ? null : parsed, cwd: str(value.cwd), sessionId: str(value.sessionId), sidechain };
    const message = isObj(value.message) ? value.message : null;
    // Meta lines are the CLI's own bookkeeping (command expansions, caveats), not the conversation.
    // `summary` lines are titles, usually of another session's file: not this conversation's words.
    if (value.isMeta === true || !message) return info;
    const uuid = str(value.uuid);
    const parent = str(value.parentUuid);
    // Replies chained to a warm-up are the warm-up's too; the user's next prompt is not.
    if (parent && this.skipped.has(parent) && (value.type === 'assistant' || sidechain)) {
      if (uuid) this.skipped.add(uuid);
      return { ...info, skipped: true };
    }
    if (value.type === 'user') {
      if (isWarmup(message.content)) {
        if (uuid) this.skipped.add(uuid);
        return { ...info, skipped: true };
      }
      info.parts = this.user(message.content, value.isCompactSummary === true, sidechain);
    } else if (value.type === 'assistant') {
      info.parts = this.assistant(message, value.isApiErrorMessage === true, sidechain, info.cwd);
    }
    return info;
  }

  private user(content: unknown, compactSummary: boolean, sidechain: boolean): EventPart[] {
    if (typeof content === 'string') return this.userText(content, compactSummary, sidechain);
    if (!Array.isArray(content)) return [];
    const out: EventPart[] = [];
    for (const block of content) {
      if (!isObj(block)) continue;
      if (block.type === 'text') out.push(...this.userText(str(block.text) ?? '', compactSummary, sidechain));
      else if (block.type === 'image') out.push(plain(`${sidechain ? 'Subagent task' : 'User'}: [image]`, sidechain));
      else if (block.type === 'tool_result') {
        const text = stripTerminal(dropReminders(resultText(block.content)));
        if (TODO_ACK.test(text.trimStart())) continue;
        const label = block.is_error === true ? 'Error' : 'Result';
        const part = squashed(sidechain ? `Subagent ${label.toLowerCase()}: ` : `${label}: `, text, RESULT_CHARS, sidechain);
        if (part) out.push(part);
      }
    }
    return out;
  }

  private userText(raw: string, compactSummary: boolean, sidechain: boolean): EventPart[] {
    const { said, output } = readUserText(raw);
    const out: EventPart[] = [];
    if (said) {
      if (compactSummary || CONTINUATION.test(said)) {
        const body = said.replace(CONTINUATION, '').replace(CONTINUE_ASK, '').trim();
        if (body) out.push(plain(`Summary: ${body}`, sidechain));
      } else {
        // A subagent's prompt was written by the assistant that delegated the task.
        out.push(plain(`${sidechain ? 'Subagent task' : 'User'}: ${said}`, sidechain));
      }
    }
    if (output) {
      const part = squashed('Output: ', output, RESULT_CHARS, sidechain);
      if (part) out.push(part);
    }
    return out;
  }

  private assistant(message: Obj, apiError: boolean, sidechain: boolean, cwd: string | null): EventPart[] {
    const content = message.content;
    const blocks: unknown[] = typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? content : [];
    const synthetic = message.model === '<synthetic>';
    const out: EventPart[] = [];
    for (const block of blocks) {
      if (!isObj(block)) continue;
      if (block.type === 'text') {
        const text = stripTerminal(str(block.text) ?? '').trim();
        if (!text || text === NO_CONTENT) continue;
        if (apiError || (synthetic && /^API Error\b/i.test(text))) out.push(plain(`API error: ${text}`, sidechain));
        // The CLI's own stand-ins ("No response requested.") were not said by the model.
        else if (!synthetic) out.push(plain(`${sidechain ? 'Subagent' : 'Assistant'}: ${text}`, sidechain));
      } else if (block.type === 'tool_use') {
        const part = toolUse(block, (p) => this.paths(p, cwd), sidechain);
        out.push(sidechain ? { ...part, text: `Subagent ${part.text}`, ...(part.max === undefined ? {} : { max: part.max + 'Subagent '.length }) } : part);
      } else if (block.type === 'image') {
        out.push(plain(`${sidechain ? 'Subagent' : 'Assistant'}: [image]`, sidechain));
      }
      // Thinking and other internal blocks are not part of the conversation as the user saw it.
    }
    return out;
  }
}

function isWarmup(content: unknown): boolean {
  if (typeof content === 'string') return content.trim() === WARMUP;
  return Array.isArray(content) && content.length === 1 && isObj(content[0]) && content[0].type === 'text' && String(content[0].text).trim() === WARMUP;
}
