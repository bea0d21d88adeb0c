// Text the language server shows: ages, kind labels, lens titles, and markdown-safe memory text.
import type { MemoryKind } from '../../protocol/limits.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "just now", "5 minutes ago", "yesterday", "2 days ago", "3 weeks ago", "4 months ago", "2 years ago". */
export function ageText(createdAt: number, now: number): string {
  const d = Math.max(0, now - createdAt);
  if (d < MINUTE) return 'just now';
  if (d < HOUR) return `${plural(Math.floor(d / MINUTE), 'minute')} ago`;
  if (d < DAY) return `${plural(Math.floor(d / HOUR), 'hour')} ago`;
  const days = Math.floor(d / DAY);
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  if (days < 730) return `${Math.floor(days / 30)} months ago`;
  return `${Math.floor(days / 365)} years ago`;
}

export const KIND_LABEL: Record<MemoryKind, string> = {
  reflection: 'Reflection',
  conversation: 'Conversation',
  checkpoint: 'Checkpoint',
  handoff: 'Handoff',
};

/** "3 memories · 1 conversation · last 2 days ago"; conversations are counted apart from the rest. */
export function lensTitle(items: readonly { kind: string; created_at: number }[], now: number, more: boolean): string {
  const conversations = items.filter((i) => i.kind === 'conversation').length;
  const others = items.length - conversations;
  const parts: string[] = [];
  const plus = more ? '+' : '';
  if (others) parts.push(`${others}${conversations ? '' : plus} ${others === 1 ? 'memory' : 'memories'}`);
  if (conversations) parts.push(`${conversations}${plus} ${conversations === 1 ? 'conversation' : 'conversations'}`);
  const last = Math.max(...items.map((i) => i.created_at));
  if (Number.isFinite(last)) parts.push(`last ${ageText(last, now)}`);
  return parts.join(' · ');
}

/** Stored text is untrusted: escape everything markdown would turn into links, html or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~&]/g, (c) => `\\${c}`);
}

/** One line, at most `max` characters, for symbol names and titles. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
