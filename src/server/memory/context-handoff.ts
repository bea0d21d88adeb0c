// Reading a stored handoff document back: its one-line summary, open items and next steps.
const BULLET = /^\s*[-*]\s+(.*)$/;

function section(lines: readonly string[], title: RegExp): string[] {
  const start = lines.findIndex((l) => /^##\s/.test(l) && title.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (/^#{1,2}\s/.test(l)) break;
    const m = BULLET.exec(l);
    if (m?.[1] && !/^None\b/.test(m[1])) out.push(m[1].trim());
  }
  return out;
}

export interface ParsedHandoff {
  summary: string;
  openItems: string[];
  nextSteps: string[];
}

/** Next steps are the handoff's own, or else its recommendations. */
export function parseHandoff(text: string): ParsedHandoff {
  const lines = text.split(/\r?\n/);
  const summary = lines.find((l) => l.startsWith('Session of')) ?? lines.find((l) => l.trim() && !l.startsWith('#'))?.trim() ?? '';
  const next = section(lines, /next steps/i);
  return {
    summary,
    openItems: section(lines, /open items/i),
    nextSteps: next.length ? next : section(lines, /recommendations/i),
  };
}
