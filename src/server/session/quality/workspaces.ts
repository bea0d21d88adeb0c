// Monorepos: the member packages declared by npm/yarn workspaces, pnpm-workspace.yaml, cargo workspaces, go.work,
// Maven modules and Gradle includes, resolved against the project's files.
import type { RootTexts } from './root-texts.js';

export interface Workspaces {
  /** The tools that declared members ("pnpm", "cargo", ...). */
  kinds: string[];
  /** Member folders relative to the project, sorted. */
  members: string[];
}

const MEMBER_MANIFESTS = ['package.json', 'Cargo.toml', 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'pyproject.toml'];

export async function findWorkspaces(texts: RootTexts, files: readonly string[]): Promise<Workspaces> {
  const globs: string[] = [];
  const kinds: string[] = [];
  const add = (kind: string, list: string[]): void => {
    if (list.length === 0) return;
    kinds.push(kind);
    globs.push(...list);
  };
  const pkg = await texts.json('package.json');
  const ws = pkg?.['workspaces'];
  const npmGlobs = Array.isArray(ws) ? ws : ws && typeof ws === 'object' && Array.isArray((ws as { packages?: unknown }).packages) ? (ws as { packages: unknown[] }).packages : [];
  add('npm/yarn workspaces', npmGlobs.filter((g): g is string => typeof g === 'string'));
  const pnpm = await texts.read('pnpm-workspace.yaml');
  if (pnpm !== null) add('pnpm', yamlList(pnpm, 'packages'));
  const cargo = await texts.read('Cargo.toml');
  if (cargo !== null) add('cargo', tomlArray(cargo, 'workspace', 'members'));
  const gowork = await texts.read('go.work');
  if (gowork !== null) add('go.work', goUses(gowork));
  const pom = await texts.read('pom.xml');
  if (pom !== null) add('maven', [...pom.matchAll(/<module>\s*([^<\s]+)\s*<\/module>/g)].map((m) => m[1] as string));
  for (const g of ['settings.gradle', 'settings.gradle.kts']) {
    const t = await texts.read(g);
    if (t !== null) add('gradle', [...t.matchAll(/include\s*\(?\s*((?:["'][^"']+["']\s*,?\s*)+)\)?/g)].flatMap((m) => [...(m[1] as string).matchAll(/["']:?([^"']+)["']/g)].map((x) => (x[1] as string).replace(/:/g, '/'))));
  }
  const dirs = new Set<string>();
  for (const f of files) {
    const slash = f.lastIndexOf('/');
    if (slash > 0 && MEMBER_MANIFESTS.includes(f.slice(slash + 1))) dirs.add(f.slice(0, slash));
  }
  const members = new Set<string>();
  for (const g of globs.filter((x) => !x.startsWith('!'))) {
    const re = globToRegExp(g.replace(/^\.\//, '').replace(/\/$/, ''));
    for (const d of dirs) if (re.test(d)) members.add(d);
  }
  return { kinds, members: [...members].sort() };
}

function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]+').replace(/\u0000/g, '.+');
  return new RegExp(`^${re}$`);
}

/** The items of a top-level YAML list (`packages:\n  - "packages/*"`). */
function yamlList(text: string, key: string): string[] {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => new RegExp(`^${key}\\s*:`).test(l));
  if (i < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(i + 1)) {
    if (/^\S/.test(l)) break;
    const m = /^\s*-\s*["']?([^"'#]+?)["']?\s*(?:#.*)?$/.exec(l);
    if (m) out.push(m[1] as string);
  }
  return out;
}

/** `members = ["crates/*", "xtask"]` in a TOML table. */
function tomlArray(text: string, table: string, key: string): string[] {
  const start = text.search(new RegExp(`^\\[${table}\\]\\s*$`, 'm'));
  if (start < 0) return [];
  const rest = text.slice(start);
  const m = new RegExp(`^${key}\\s*=\\s*\\[([\\s\\S]*?)\\]`, 'm').exec(rest);
  return m ? [...(m[1] as string).matchAll(/["']([^"']+)["']/g)].map((x) => x[1] as string) : [];
}

/** `use ./a` and `use ( ./a ./b )` in go.work. */
function goUses(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^use\s*\(([\s\S]*?)\)|^use\s+(\S+)/gm)) {
    if (m[1]) out.push(...m[1].split(/\s+/).filter((x) => x && !x.startsWith('//')));
    else if (m[2]) out.push(m[2]);
  }
  return out.map((x) => x.replace(/^\.\//, ''));
}
