// Paths recorded by Claude Code on any machine, read as what they are whatever OS the server runs on:
// `C:\Users\ann\shop`, `c:/Users/ann/shop` and `\\server\share\shop` are Windows paths even on Linux,
// where `path.resolve` would take them for relative names. Windows paths are kept with "/" and an
// upper-case drive letter, and compared without regard to case, as Windows does.
import os from 'node:os';
import path from 'node:path';

const DRIVE = /^[A-Za-z]:(?:[\\/]|$)/;
const UNC = /^\\\\[^\\/]+[\\/][^\\/]+/;

export function isWindowsPath(p: string): boolean {
  return DRIVE.test(p) || UNC.test(p);
}

/** `~/Projects/alpha`: some tools record the home folder as "~", which only that machine can resolve. */
export function isTildePath(p: string): boolean {
  return p === '~' || p.startsWith('~/');
}

/** Absolute in either flavour (a "~" path counts: it names one folder on its machine). */
export function isAbsoluteAnyOs(p: string): boolean {
  return isWindowsPath(p) || p.startsWith('/') || isTildePath(p);
}

/** A Windows path normalised: "/" separators, "." and ".." resolved, upper-case drive, no trailing "/". */
function normalizeWindows(p: string): string {
  let n = path.win32.normalize(p).replace(/\\/g, '/');
  if (/^[a-z]:/.test(n)) n = n[0]!.toUpperCase() + n.slice(1);
  if (n.length > 3 && n.endsWith('/')) n = n.slice(0, -1);
  return n;
}

function normalizePosix(p: string): string {
  const n = path.posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** An absolute path normalised in its own flavour. */
export function normalizeAnyOs(p: string): string {
  return isWindowsPath(p) ? normalizeWindows(p) : normalizePosix(p);
}

/**
 * `p` resolved against `base` (a working directory of the same machine); relative `p` without a
 * usable base is returned normalised but relative.
 */
export function resolveAnyOs(base: string | null, p: string): string {
  if (isAbsoluteAnyOs(p)) return normalizeAnyOs(p);
  if (!base) return path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
  if (isWindowsPath(base)) return normalizeWindows(path.win32.join(base, p));
  return normalizePosix(path.posix.join(base, p));
}

/** `p` relative to `root` with "/" separators when inside it (or equal: ""), else null. Both normalised. */
export function relativeInside(root: string, p: string): string | null {
  const win = isWindowsPath(root);
  if (win !== isWindowsPath(p)) return null;
  const r = win ? root.toLowerCase() : root;
  const q = win ? p.toLowerCase() : p;
  if (q === r) return '';
  const prefix = r.endsWith('/') ? r : `${r}/`;
  return q.startsWith(prefix) ? p.slice(prefix.length) : null;
}

/** The last segment of a normalised path ("" for a root). */
export function baseNameAnyOs(p: string): string {
  const n = normalizeAnyOs(p);
  const i = n.lastIndexOf('/');
  return i === -1 ? n : n.slice(i + 1);
}

/**
 * Whether a folder is a user's home folder (`/Users/ann`, `/home/ann`, `/root`, `C:\Users\ann`, or
 * this machine's home): a session started there belongs to no project named after the user.
 */
export function isHomeFolder(dir: string): boolean {
  const n = normalizeAnyOs(dir);
  if (isWindowsPath(n)) return /^[A-Z]:\/Users\/[^/]+$/i.test(n);
  if (n === '~') return true;
  return /^\/(?:Users|home)\/[^/]+$/.test(n) || n === '/root' || n === normalizePosix(os.homedir());
}
