// The one secret detector of the product: secretlint's recommended preset (maintained patterns
// for vendors' keys) plus the generic rules beside it. Redaction of memories and the quality
// score's secret scan both call this, so what one hides the other reports.
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { genericMatches, type RawMatch } from './generic-rules.js';

export interface SecretFinding {
  /** UTF-16 offsets into the scanned text: [start, end). */
  start: number;
  end: number;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
  /** Rule id: `secretlint/<rule>/<message id>` or `generic/<rule>`. */
  rule: string;
  /** Short label such as "api key", "password", "private key". */
  kind: string;
  confidence: 'high' | 'medium';
}

const CONFIG = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] };

/** secretlint's rule ids → the label a reader understands. */
function secretlintKind(ruleId: string, messageId: string): string {
  const id = `${ruleId}/${messageId}`.toLowerCase();
  if (id.includes('privatekey') || id.includes('private-key')) return 'private key';
  if (id.includes('connection') || id.includes('basicauth')) return 'password';
  if (id.includes('token')) return 'token';
  return 'api key';
}

export async function secretlintMatches(text: string, filePath: string): Promise<RawMatch[]> {
  const result = await lintSource({
    source: { content: text, filePath, contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  const out: RawMatch[] = [];
  for (const m of result.messages) {
    if (m.type !== 'message') continue;
    const rule = m.ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
    out.push({
      start: m.range[0],
      end: m.range[1],
      rule: `secretlint/${rule}/${m.messageId}`,
      kind: secretlintKind(rule, m.messageId),
      confidence: 'high',
    });
  }
  return out;
}

/** Overlapping matches become one finding; the more specific (high confidence, earlier) rule names it. */
function merge(matches: RawMatch[]): RawMatch[] {
  const sorted = [...matches].sort(
    (a, b) => a.start - b.start || (a.confidence === b.confidence ? b.end - a.end : a.confidence === 'high' ? -1 : 1),
  );
  const out: RawMatch[] = [];
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last && m.start < last.end) {
      if (m.end > last.end) last.end = m.end;
      if (last.confidence === 'medium' && m.confidence === 'high') {
        last.confidence = 'high';
        last.rule = m.rule;
        last.kind = m.kind;
      }
      continue;
    }
    out.push({ ...m });
  }
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Every credential-looking span in `text`. `filePath` lets secretlint apply its file-type hints
 * (its name only; nothing is read from disk).
 */
export async function detectSecrets(text: string, filePath = 'memory.txt'): Promise<SecretFinding[]> {
  if (text.length === 0) return [];
  return combine(text, await secretlintMatches(text, filePath), genericMatches(text));
}

/** Vendor (secretlint) and generic matches of one text → its findings, merged, with lines and columns. */
export function combine(text: string, vendorMatches: RawMatch[], generic: RawMatch[]): SecretFinding[] {
  // secretlint marks a whole connection URL; keep the password span alone where it is known,
  // so the redacted text still says which database it was.
  const passwords = generic.filter((g) => g.rule === 'connection-string-password');
  const vendor = vendorMatches.filter((v) => !passwords.some((p) => p.start >= v.start && p.end <= v.end));
  const merged = merge([...vendor, ...generic]);
  const starts = lineStarts(text);
  let li = 0;
  return merged.map((m) => {
    while (li + 1 < starts.length && (starts[li + 1] ?? Infinity) <= m.start) li++;
    return { ...m, line: li + 1, column: m.start - (starts[li] ?? 0) + 1 };
  });
}

/** `sk_live_4eC3…` → `sk…dc` (length kept out): enough to recognise, never enough to use. */
export function maskedPreview(secret: string): string {
  const s = secret.replace(/\s+/g, ' ');
  if (s.length <= 8) return '*'.repeat(s.length);
  return `${s.slice(0, 2)}${'*'.repeat(Math.min(12, s.length - 4))}${s.slice(-2)}`;
}
