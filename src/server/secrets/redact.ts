// Replaces every detected secret with a marker a reader understands, before text is stored.
import { detectSecrets } from './detect.js';

export interface RedactionCount {
  kind: string;
  count: number;
}

export interface Redacted {
  text: string;
  /** What was replaced, by kind, in order of first appearance; empty when nothing was. */
  redactions: RedactionCount[];
}

export function redactionMarker(kind: string): string {
  return `[redacted: ${kind}]`;
}

export async function redactSecrets(text: string): Promise<Redacted> {
  const findings = await detectSecrets(text);
  if (findings.length === 0) return { text, redactions: [] };
  const counts = new Map<string, number>();
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + redactionMarker(f.kind);
    at = f.end;
    counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  }
  out += text.slice(at);
  return { text: out, redactions: [...counts].map(([kind, count]) => ({ kind, count })) };
}

/** Adds `b`'s counts into `a` (for totals over many texts). */
export function addRedactions(a: RedactionCount[], b: RedactionCount[]): RedactionCount[] {
  const counts = new Map(a.map((r) => [r.kind, r.count] as const));
  for (const r of b) counts.set(r.kind, (counts.get(r.kind) ?? 0) + r.count);
  return [...counts].map(([kind, count]) => ({ kind, count }));
}
