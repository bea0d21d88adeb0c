// Is a type checker configured, and in strict mode? One answer per ecosystem; the code-quality part weighs them.
import path from 'node:path';
import type { MetricSource } from '../../../protocol/quality-schemas.js';
import { hasSection, isRecord, parseLooseJson, readSection, truthy } from './config-text.js';
import type { Ecosystem } from './ecosystems.js';
import { readCapped } from './files.js';

export interface TypeCheck {
  ecosystem: Ecosystem;
  /** 100 strict or compiler-checked, 70 configured without strict, 30 none. */
  percent: number;
  source: MetricSource;
  configured: boolean;
  /** The checker and its config file, e.g. "tsconfig.json" or "mypy (pyproject.toml)"; null when none. */
  config: string | null;
  detail: string;
  /** What would measure it, when unknown. */
  how?: string;
}

export const TYPES_STRICT = 100;
export const TYPES_CONFIGURED = 70;
export const TYPES_NONE = 30;

export async function typeCheckFor(dir: string, eco: Ecosystem, root: ReadonlySet<string>): Promise<TypeCheck> {
  switch (eco) {
    case 'node':
      return typescript(dir, root);
    case 'python':
      return python(dir, root);
    case 'rust':
    case 'go':
    case 'java':
      return { ecosystem: eco, percent: TYPES_STRICT, source: 'measured', configured: true, config: 'compiler', detail: `${LANG[eco]} is compiler-checked` };
  }
}

const LANG: Record<Ecosystem, string> = { node: 'TypeScript', python: 'Python', rust: 'Rust', go: 'Go', java: 'Java/Kotlin' };

async function typescript(dir: string, root: ReadonlySet<string>): Promise<TypeCheck> {
  const base = { ecosystem: 'node' as const };
  if (!root.has('tsconfig.json')) {
    return { ...base, percent: TYPES_NONE, source: 'measured', configured: false, config: null, detail: 'no tsconfig.json: JavaScript without type checking' };
  }
  const r = await tsStrict(path.join(dir, 'tsconfig.json'), dir, 0);
  if (r.strict === true) return { ...base, percent: TYPES_STRICT, source: 'measured', configured: true, config: 'tsconfig.json', detail: `tsconfig.json: "strict": true${r.from ? ` (from ${r.from})` : ''}` };
  if (r.missing !== null) {
    // A base config that cannot be read may set strict: say unknown rather than guess.
    return { ...base, percent: TYPES_CONFIGURED, source: 'unknown', configured: true, config: 'tsconfig.json', detail: `tsconfig.json extends ${r.missing}, which cannot be read (not installed?)`, how: 'install dependencies (npm install) so the shared tsconfig can be read' };
  }
  return { ...base, percent: TYPES_CONFIGURED, source: 'measured', configured: true, config: 'tsconfig.json', detail: 'tsconfig.json without "strict": true' };
}

interface StrictLookup {
  strict: boolean | undefined;
  /** The config that set it, when it is a base. */
  from: string | null;
  /** An `extends` that could not be read before strict was found. */
  missing: string | null;
}

/** compilerOptions.strict of a tsconfig, following "extends" (relative paths and packages in node_modules). */
async function tsStrict(file: string, projectDir: string, depth: number, spec: string | null = null): Promise<StrictLookup> {
  if (depth > 5) return { strict: undefined, from: null, missing: spec };
  const text = await readCapped(file);
  const json = text === null ? undefined : parseLooseJson(text);
  if (!isRecord(json)) return { strict: undefined, from: null, missing: depth > 0 ? spec : null };
  const opts = json['compilerOptions'];
  if (isRecord(opts) && typeof opts['strict'] === 'boolean') return { strict: opts['strict'], from: depth > 0 ? spec : null, missing: null };
  const ext = json['extends'];
  // TypeScript merges an array of bases left to right, so the last one that says something wins.
  const bases = typeof ext === 'string' ? [ext] : Array.isArray(ext) ? ext.filter((e): e is string => typeof e === 'string') : [];
  let missing: string | null = null;
  for (const b of bases.reverse()) {
    const v = await tsStrict(resolveExtends(b, path.dirname(file), projectDir), projectDir, depth + 1, b);
    if (v.strict !== undefined) return v;
    missing ??= v.missing;
  }
  return { strict: undefined, from: null, missing };
}

function resolveExtends(spec: string, from: string, projectDir: string): string {
  const withJson = (p: string): string => (p.endsWith('.json') ? p : `${p}.json`);
  if (spec.startsWith('.') || path.isAbsolute(spec)) return withJson(path.resolve(from, spec));
  const pkg = path.join(projectDir, 'node_modules', spec);
  // A bare package name means its tsconfig.json; "@scope/pkg/base" may omit ".json".
  if (spec.endsWith('.json')) return pkg;
  const parts = spec.split('/');
  return parts.length > (spec.startsWith('@') ? 2 : 1) ? `${pkg}.json` : path.join(pkg, 'tsconfig.json');
}

async function python(dir: string, root: ReadonlySet<string>): Promise<TypeCheck> {
  const read = async (name: string): Promise<string | null> => (root.has(name) ? readCapped(path.join(dir, name)) : null);
  const found: Array<{ config: string; strict: boolean }> = [];
  for (const name of ['mypy.ini', '.mypy.ini', 'setup.cfg']) {
    const text = await read(name);
    const section = text === null ? null : readSection(text, 'mypy');
    if (section) found.push({ config: `mypy (${name})`, strict: truthy(section.get('strict')) });
  }
  const pyproject = await read('pyproject.toml');
  if (pyproject !== null) {
    const mypy = readSection(pyproject, 'tool.mypy');
    if (mypy) found.push({ config: 'mypy (pyproject.toml)', strict: truthy(mypy.get('strict')) });
    const pyright = readSection(pyproject, 'tool.pyright');
    if (pyright) found.push({ config: 'pyright (pyproject.toml)', strict: pyright.get('typecheckingmode') === 'strict' });
    else if (hasSection(pyproject, 'tool.pyright')) found.push({ config: 'pyright (pyproject.toml)', strict: false });
  }
  const pyrightJson = await read('pyrightconfig.json');
  if (pyrightJson !== null) {
    const json = parseLooseJson(pyrightJson);
    found.push({ config: 'pyright (pyrightconfig.json)', strict: isRecord(json) && json['typeCheckingMode'] === 'strict' });
  }
  const base = { ecosystem: 'python' as const };
  const strict = found.find((f) => f.strict);
  if (strict) return { ...base, percent: TYPES_STRICT, source: 'measured', configured: true, config: strict.config, detail: `${strict.config} in strict mode` };
  const first = found[0];
  if (first) return { ...base, percent: TYPES_CONFIGURED, source: 'measured', configured: true, config: first.config, detail: `${first.config} configured without strict mode` };
  return { ...base, percent: TYPES_NONE, source: 'measured', configured: false, config: null, detail: 'no mypy or pyright configuration' };
}
