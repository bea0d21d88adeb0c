// Which linters are configured (an indicator only: lint points come from diagnostics, not from configuration).
import path from 'node:path';
import { hasSection, isRecord } from './config-text.js';
import { readCapped } from './files.js';

interface Rule {
  name: string;
  /** Root-level file names that configure it. */
  files?: RegExp;
  /** Paths anywhere in the project file list. */
  paths?: readonly string[];
  /** A root file whose text mentions it: [file, test]. */
  inFile?: ReadonlyArray<readonly [string, (text: string) => boolean]>;
}

const RULES: readonly Rule[] = [
  {
    name: 'ESLint',
    files: /^(\.eslintrc(\.(js|cjs|mjs|json|ya?ml))?|eslint\.config\.(js|cjs|mjs|ts|mts|cts))$/,
    inFile: [['package.json', (t) => { try { const j: unknown = JSON.parse(t); return isRecord(j) && 'eslintConfig' in j; } catch { return false; } }]],
  },
  { name: 'Biome', files: /^biome\.jsonc?$/ },
  { name: 'Oxlint', files: /^\.?oxlintrc\.json$/ },
  { name: 'Ruff', files: /^\.?ruff\.toml$/, inFile: [['pyproject.toml', (t) => hasSection(t, 'tool.ruff')]] },
  { name: 'Flake8', files: /^\.flake8$/, inFile: [['setup.cfg', (t) => hasSection(t, 'flake8')], ['tox.ini', (t) => hasSection(t, 'flake8')]] },
  { name: 'Pylint', files: /^\.?pylintrc$/, inFile: [['pyproject.toml', (t) => hasSection(t, 'tool.pylint')]] },
  { name: 'Clippy', files: /^\.?clippy\.toml$/, inFile: [['Cargo.toml', (t) => hasSection(t, 'lints.clippy') || hasSection(t, 'workspace.lints.clippy')]] },
  { name: 'golangci-lint', files: /^\.golangci\.(ya?ml|toml|json)$/ },
  {
    name: 'Checkstyle',
    files: /^checkstyle\.xml$/,
    paths: ['config/checkstyle/checkstyle.xml'],
    inFile: [['pom.xml', (t) => t.includes('maven-checkstyle-plugin')], ['build.gradle', (t) => /\bcheckstyle\b/.test(t)], ['build.gradle.kts', (t) => /\bcheckstyle\b/.test(t)]],
  },
  {
    name: 'detekt/ktlint',
    files: /^detekt\.ya?ml$/,
    paths: ['config/detekt/detekt.yml'],
    inFile: [['build.gradle.kts', (t) => /\b(detekt|ktlint)\b/.test(t)], ['build.gradle', (t) => /\b(detekt|ktlint)\b/.test(t)]],
  },
];

export async function detectLinters(dir: string, root: ReadonlySet<string>, files: readonly string[]): Promise<string[]> {
  const texts = new Map<string, Promise<string | null>>();
  const read = (name: string): Promise<string | null> => {
    if (!root.has(name)) return Promise.resolve(null);
    let p = texts.get(name);
    if (!p) texts.set(name, (p = readCapped(path.join(dir, name))));
    return p;
  };
  const fileSet = new Set(files);
  const found: string[] = [];
  for (const rule of RULES) {
    if (rule.files && [...root].some((n) => rule.files?.test(n))) found.push(rule.name);
    else if (rule.paths?.some((p) => fileSet.has(p))) found.push(rule.name);
    else {
      for (const [file, test] of rule.inFile ?? []) {
        const text = await read(file);
        if (text !== null && test(text)) {
          found.push(rule.name);
          break;
        }
      }
    }
  }
  return found;
}
