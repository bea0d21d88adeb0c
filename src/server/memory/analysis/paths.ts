// Path normalisation and suffix matching for search_by_file. Pure: paths are compared as text,
// never looked up on disk, so a path from another machine or OS matches what this one stored.

export interface NormalisedPath {
  /** Non-empty segments, `.` and `..` resolved where possible. */
  segments: string[];
  absolute: boolean;
  /** Windows paths (a drive letter or backslashes) compare without case. */
  caseless: boolean;
}

const DRIVE = /^[a-zA-Z]:$/;

/**
 * `C:\Users\ana\shop\api\orders.ts`, `/home/ana/shop/api/orders.ts`, `./api/orders.ts`,
 * `file:///home/...` and `api\\orders.ts` all become segment lists; a drive letter is kept as a
 * lowercased first segment (`c:`).
 */
export function normalisePath(input: string): NormalisedPath {
  let p = input.trim().replace(/^["'`]|["'`]$/g, '');
  if (/^file:\/\//i.test(p)) {
    try {
      p = decodeURIComponent(p.replace(/^file:\/\//i, ''));
    } catch {
      p = p.replace(/^file:\/\//i, '');
    }
    if (/^\/[a-zA-Z]:/.test(p)) p = p.slice(1);
  }
  const caseless = p.includes('\\') || /^[a-zA-Z]:/.test(p);
  p = p.replaceAll('\\', '/');
  const absolute = p.startsWith('/') || /^[a-zA-Z]:/.test(p);
  const segments: string[] = [];
  for (const raw of p.split('/')) {
    if (!raw || raw === '.') continue;
    if (raw === '..') {
      if (segments.length && segments[segments.length - 1] !== '..' && !DRIVE.test(segments[segments.length - 1]!)) segments.pop();
      else if (!absolute) segments.push('..');
      continue;
    }
    segments.push(DRIVE.test(raw) ? raw.toLowerCase() : raw);
  }
  return { segments, absolute, caseless };
}

/** Forward-slash text of a normalised path (relative paths without a leading `./`). */
export function pathText(p: NormalisedPath): string {
  const body = p.segments.join('/');
  if (!p.absolute || DRIVE.test(p.segments[0] ?? '')) return body;
  return `/${body}`;
}

function same(a: string, b: string, caseless: boolean): boolean {
  return caseless ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * How many segments two paths share when one ends with the other at a `/` boundary (the length of
 * the shorter), or 0 when neither ends with the other. `..` segments never match.
 */
export function suffixMatch(a: NormalisedPath, b: NormalisedPath): number {
  const caseless = a.caseless || b.caseless;
  const n = Math.min(a.segments.length, b.segments.length);
  if (n === 0) return 0;
  for (let i = 1; i <= n; i++) {
    const x = a.segments[a.segments.length - i]!;
    const y = b.segments[b.segments.length - i]!;
    if (x === '..' || !same(x, y, caseless)) return 0;
  }
  return n;
}

/** The last segment, lowercased: the key under which paths are looked up. */
export function baseNameKey(p: NormalisedPath): string {
  return (p.segments[p.segments.length - 1] ?? '').toLowerCase();
}

/** Whether a token of prose looks like a path or a file name (`api/orders.ts`, `orders.ts`, `C:\x`). */
export function looksLikePath(token: string): boolean {
  return /[\\/]/.test(token) || /\.[a-z0-9]{1,8}$/i.test(token);
}
