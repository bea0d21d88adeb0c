// What Store Selection as Reflection stores: the note, where the code is (file and line range),
// and the code in a fenced block that keeps its formatting. Pure, so it is tested without VS Code.

export interface SelectionSource {
  /** Workspace-relative path with forward slashes (or the document's name when it has no file). */
  file: string;
  /** 1-based first line. */
  startLine: number;
  /** 0-based line and character of the selection end, as VS Code gives them. */
  endLine0: number;
  endCharacter: number;
  /** VS Code language id, used as the fence's info string. */
  languageId: string;
  text: string;
}

/** `src/x.ts:12-30`, or `src/x.ts:12` for one line; a selection ending at a line's start stops at the line before. */
export function locationOf(s: Pick<SelectionSource, 'file' | 'startLine' | 'endLine0' | 'endCharacter'>): string {
  const endLine = s.endCharacter === 0 && s.endLine0 + 1 > s.startLine ? s.endLine0 : s.endLine0 + 1;
  return endLine > s.startLine ? `${s.file}:${s.startLine}-${endLine}` : `${s.file}:${s.startLine}`;
}

/** A fence longer than any backtick run inside, so code holding ``` stays one block. */
function fence(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

const FENCE_LANGUAGE = /^[A-Za-z0-9_+#.-]+$/;

export function selectionMemory(s: SelectionSource, note: string): string {
  const code = s.text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  const f = fence(code);
  const info = FENCE_LANGUAGE.test(s.languageId) && s.languageId !== 'plaintext' ? s.languageId : '';
  const parts = [note.trim(), `\`${locationOf(s)}\``, `${f}${info}\n${code}\n${f}`].filter(Boolean);
  return parts.join('\n\n');
}

/** Tags offered by default: the language and the folder the file is in. */
export function defaultTags(file: string, languageId: string): string[] {
  const segments = file.split('/').filter(Boolean);
  const folder = segments.length > 1 ? segments[segments.length - 2] : undefined;
  const tags = [languageId !== 'plaintext' ? languageId : undefined, folder].filter((t): t is string => Boolean(t)).map((t) => t.toLowerCase());
  return [...new Set(tags)];
}
