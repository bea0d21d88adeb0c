// Which linters and formatters are configured, in every usual place per ecosystem. An indicator, and the lint
// sub-metric's hint about which report to write; lint points come from a report or whole-workspace diagnostics.
import { hasSection, isRecord } from './config-text.js';
import type { RootTexts } from './root-texts.js';

interface Rule {
  name: string;
  /** Root-level file names that configure it. */
  files?: RegExp;
  /** Paths anywhere in the project file list. */
  paths?: readonly string[];
  /** A root file whose text mentions it: [file, test]. */
  inFile?: ReadonlyArray<readonly [string, (text: string) => boolean]>;
}

function packageJson(t: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(t);
    return isRecord(v) ? v : {};
  } catch {
    return {};
  }
}
/** A top-level key of package.json ("xo", "eslintConfig", "prettier"). */
const pkgKey = (key: string) => (t: string): boolean => key in packageJson(t);
/** A development dependency: xo runs with its defaults and no config at all. */
const pkgDep = (name: string) => (t: string): boolean => {
  const dev = packageJson(t)['devDependencies'];
  return isRecord(dev) && name in dev;
};

const RULES: readonly Rule[] = [
  {
    name: 'ESLint',
    files: /^(\.eslintrc(\.(js|cjs|mjs|json|ya?ml))?|eslint\.config\.(js|cjs|mjs|ts|mts|cts))$/,
    inFile: [['package.json', (t) => pkgKey('eslintConfig')(t)]],
  },
  { name: 'xo', files: /^(\.xo-config(\.(js|cjs|mjs|json))?|xo\.config\.(js|cjs|mjs|ts))$/, inFile: [['package.json', (t) => pkgKey('xo')(t) || pkgDep('xo')(t)]] },
  { name: 'Biome', files: /^biome\.jsonc?$/ },
  { name: 'Oxlint', files: /^\.?oxlintrc\.json$/ },
  { name: 'Prettier', files: /^(\.prettierrc(\.(js|cjs|mjs|json|json5|ya?ml|toml))?|prettier\.config\.(js|cjs|mjs|ts))$/, inFile: [['package.json', (t) => pkgKey('prettier')(t)]] },
  { name: 'Ruff', files: /^\.?ruff\.toml$/, inFile: [['pyproject.toml', (t) => hasSection(t, 'tool.ruff')]] },
  { name: 'Flake8', files: /^\.flake8$/, inFile: [['setup.cfg', (t) => hasSection(t, 'flake8')], ['tox.ini', (t) => hasSection(t, 'flake8')]] },
  { name: 'Pylint', files: /^\.?pylintrc$/, inFile: [['pyproject.toml', (t) => hasSection(t, 'tool.pylint')], ['setup.cfg', (t) => hasSection(t, 'pylint')], ['tox.ini', (t) => hasSection(t, 'pylint')]] },
  { name: 'mypy', files: /^\.?mypy\.ini$/, inFile: [['pyproject.toml', (t) => hasSection(t, 'tool.mypy')], ['setup.cfg', (t) => hasSection(t, 'mypy')], ['tox.ini', (t) => hasSection(t, 'mypy')]] },
  { name: 'Clippy', files: /^\.?clippy\.toml$/, inFile: [['Cargo.toml', (t) => hasSection(t, 'lints.clippy') || hasSection(t, 'workspace.lints.clippy')]] },
  { name: 'rustfmt', files: /^\.?rustfmt\.toml$/ },
  { name: 'golangci-lint', files: /^\.golangci\.(ya?ml|toml|json)$/ },
  {
    name: 'Checkstyle',
    files: /^checkstyle\.xml$/,
    paths: ['config/checkstyle/checkstyle.xml'],
    inFile: [['pom.xml', (t) => t.includes('maven-checkstyle-plugin')], ['build.gradle', (t) => /\bcheckstyle\b/.test(t)], ['build.gradle.kts', (t) => /\bcheckstyle\b/.test(t)]],
  },
  { name: 'Spotless', inFile: [['pom.xml', (t) => t.includes('spotless-maven-plugin')], ['build.gradle', (t) => /\bspotless\b/.test(t)], ['build.gradle.kts', (t) => /\bspotless\b/.test(t)]] },
  { name: 'Error Prone', inFile: [['pom.xml', (t) => /error_prone|errorprone/.test(t)], ['build.gradle', (t) => /errorprone/.test(t)], ['build.gradle.kts', (t) => /errorprone/.test(t)]] },
  {
    name: 'detekt/ktlint',
    files: /^detekt\.ya?ml$/,
    paths: ['config/detekt/detekt.yml'],
    inFile: [['build.gradle.kts', (t) => /\b(detekt|ktlint)\b/.test(t)], ['build.gradle', (t) => /\b(detekt|ktlint)\b/.test(t)]],
  },
];

export async function detectLinters(_dir: string, root: ReadonlySet<string>, files: readonly string[], texts: RootTexts): Promise<string[]> {
  const fileSet = new Set(files);
  const found: string[] = [];
  for (const rule of RULES) {
    if (rule.files && [...root].some((n) => rule.files?.test(n))) found.push(rule.name);
    else if (rule.paths?.some((p) => fileSet.has(p))) found.push(rule.name);
    else {
      for (const [file, test] of rule.inFile ?? []) {
        const text = await texts.read(file);
        if (text !== null && test(text)) {
          found.push(rule.name);
          break;
        }
      }
    }
  }
  return found;
}
