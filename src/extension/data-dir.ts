// The memory folder the bundled server uses, worked out the way the server does it, so the
// launcher, Copy MCP Configuration and the Settings UI name the same folder.
import path from 'node:path';

export const DATA_DIR_NAME = '.session-mgmt';

export type Platform = NodeJS.Platform;

/** path functions for the given platform, so Windows inputs are handled on any machine. */
export function pathFor(platform: Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

export function defaultDataDir(home: string, platform: Platform): string {
  return pathFor(platform).join(home, DATA_DIR_NAME);
}

/** `~` and `~/x` (or `~\x`) in a setting mean the home folder; anything else is made absolute. */
export function expandHome(p: string, home: string, platform: Platform): string {
  const paths = pathFor(platform);
  if (p === '~') return home;
  if (p.startsWith('~/') || (platform === 'win32' && p.startsWith('~\\'))) return paths.join(home, p.slice(2));
  return paths.resolve(home, p);
}

export interface DataDirInputs {
  /** The sessionMgmt.dataDir setting (ignored when the workspace is not trusted). */
  setting: string;
  trusted: boolean;
  /** SESSION_MGMT_DATA_DIR of the extension host, which the spawned server inherits. */
  envDir: string | undefined;
  home: string;
  platform: Platform;
}

export function dataDirInUse(i: DataDirInputs): string {
  const set = i.setting.trim();
  if (i.trusted && set) return expandHome(set, i.home, i.platform);
  const env = i.envDir?.trim();
  if (env) return expandHome(env, i.home, i.platform);
  return defaultDataDir(i.home, i.platform);
}

/** Whether two folder paths name the same folder (case-insensitively on Windows and macOS). */
export function samePath(a: string, b: string, platform: Platform): boolean {
  const paths = pathFor(platform);
  const norm = (p: string): string => {
    const n = paths.normalize(p).replace(/[\\/]+$/, '');
    return platform === 'win32' || platform === 'darwin' ? n.toLowerCase() : n;
  };
  return norm(a) === norm(b);
}
