// Reads back the details a conversation chunk was stored with (its `meta` JSON).
// Checked by hand: this module is loaded lazily, and value imports of the protocol's zod schemas
// from lazily loaded modules break the bundle's initialisation order.
import type { ConversationOrigin } from '../../../protocol/conversation-schemas.js';

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const timeOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

export function conversationOriginOf(meta: string | null): ConversationOrigin | null {
  if (!meta) return null;
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(meta) as Record<string, unknown>;
  } catch {
    return null;
  }
  const lines = m.lines;
  if (
    typeof m !== 'object' ||
    m === null ||
    typeof m.conversation_id !== 'string' ||
    !Array.isArray(lines) ||
    lines.length !== 2 ||
    !lines.every((n) => Number.isInteger(n)) ||
    !strings(m.tools) ||
    !strings(m.edited) ||
    !timeOrNull(m.first_at) ||
    !timeOrNull(m.last_at)
  ) {
    return null;
  }
  return {
    conversation_id: m.conversation_id,
    lines: [lines[0] as number, lines[1] as number],
    tools: m.tools,
    edited: m.edited,
    subagent: m.subagent === true,
    first_at: m.first_at,
    last_at: m.last_at,
  };
}
