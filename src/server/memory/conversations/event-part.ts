// One searchable piece of a transcript line, and how long texts are cut: after redaction, so a
// secret is never cut into a piece the detector no longer recognises.

/** Tool results and outputs are summarised: the conversation matters, not whole file contents. */
export const RESULT_CHARS = 300;
/** Tool inputs (commands, unknown tools' arguments). */
export const INPUT_CHARS = 200;
/** Text kept beyond a cut until secrets are redacted. */
export const REDACT_SLACK = 700;

export interface EventPart {
  text: string;
  /** Files named by tool inputs, resolved and shown relative to the project root when inside it. */
  files: string[];
  /** The subset of files that a tool changed. */
  edited: string[];
  tools: string[];
  /** Length to cut `text` to once secrets are redacted (it is longer until then). */
  max?: number;
  /** Appended after the cut, e.g. the "]" closing a tool call. */
  tail?: string;
  /** From a subagent's (sidechain) line. */
  sidechain: boolean;
}

export const plain = (text: string, sidechain: boolean): EventPart => ({ text, files: [], edited: [], tools: [], sidechain });

/** `prefix` + `text` with whitespace collapsed; a text longer than `max` is marked to be cut to it. */
export function squashed(prefix: string, text: string, max: number, sidechain: boolean, tail?: string): EventPart | null {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return null;
  const kept = flat.length > max + REDACT_SLACK ? flat.slice(0, max + REDACT_SLACK) : flat;
  return {
    text: `${prefix}${kept}`,
    files: [],
    edited: [],
    tools: [],
    sidechain,
    ...(flat.length > max ? { max: prefix.length + max } : {}),
    ...(tail ? { tail } : {}),
  };
}

/** A part's final text: cut to its `max` with "…" (never inside a redaction marker), then its tail. */
export function finishPart(text: string, part: Pick<EventPart, 'max' | 'tail'>): string {
  const tail = part.tail ?? '';
  if (part.max === undefined || text.length <= part.max) return text + tail;
  let end = part.max - 1;
  const open = text.lastIndexOf('[redacted: ', end);
  if (open !== -1 && text.indexOf(']', open) >= end) end = open;
  return `${text.slice(0, end).trimEnd()}…${tail}`;
}
