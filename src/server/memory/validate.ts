// Normalisation and the checks a schema cannot express. A failure throws InputError naming
// the field, before anything is written.
import path from 'node:path';
import { ALL_PROJECTS } from '../../protocol/limits.js';

export class InputError extends Error {
  override readonly name = 'InputError';
}

const TAG = /^[a-z0-9_-]+$/;

/** Lowercased, trimmed, spaces to "-", empty ones dropped, duplicates removed. */
export function normalizeTags(tags: readonly string[] | undefined): string[] {
  const out: string[] = [];
  (tags ?? []).forEach((raw, i) => {
    const tag = raw.trim().toLowerCase().replace(/\s+/g, '-');
    if (!tag) return;
    if (!TAG.test(tag)) {
      throw new InputError(`tags[${i}] "${raw}" may only contain lowercase letters, digits, "-" and "_"`);
    }
    if (!out.includes(tag)) out.push(tag);
  });
  return out;
}

export function requireText(field: string, value: string): string {
  if (!value.trim()) throw new InputError(`${field} must not be blank`);
  if (value.includes('\0')) throw new InputError(`${field} must not contain NUL characters`);
  return value;
}

export function parseDate(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) {
    throw new InputError(`${field} must be an ISO 8601 date such as 2026-05-01 or 2026-05-01T12:00:00Z, got "${value}"`);
  }
  return d;
}

export function requireRange(since: Date | undefined, until: Date | undefined): void {
  if (since && until && since > until) throw new InputError('since must not be later than until');
}

/** Which project a request concerns: the given one, the server's, or null for every project. */
export function resolveScope(project: string | undefined, current: string): string | null {
  const p = project?.trim();
  if (!p) return current;
  if (p.includes('\0')) throw new InputError('project must not contain NUL characters');
  return p.toLowerCase() === ALL_PROJECTS ? null : p;
}

const toPosix = (p: string): string => p.replaceAll('\\', '/');

/**
 * The stored form of a path: relative to the project root (forward slashes) when inside it,
 * otherwise absolute. One form per file, so both spellings of a path find the same memories.
 */
export function canonicalPath(file: string, root: string): string {
  const trimmed = file.trim();
  if (trimmed.includes('\0')) throw new InputError('file paths must not contain NUL characters');
  if (!trimmed) throw new InputError('file paths must not be empty');
  if (path.isAbsolute(trimmed)) {
    const rel = path.relative(root, path.normalize(trimmed));
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return toPosix(rel);
    return toPosix(path.normalize(trimmed));
  }
  return toPosix(path.normalize(trimmed)).replace(/^\.\//, '');
}

export function normalizeFiles(files: readonly string[] | undefined, root: string): string[] {
  return [...new Set((files ?? []).map((f) => canonicalPath(f, root)))];
}
