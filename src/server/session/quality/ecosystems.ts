// What each supported ecosystem looks like on disk: manifests, lockfiles, source extensions, test conventions.
// Detection is by root-level manifest, so a stray script in another language does not add an ecosystem.

export const ECOSYSTEMS = ['node', 'python', 'rust', 'go', 'java'] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

export const ECOSYSTEM_LABELS: Record<Ecosystem, string> = {
  node: 'Node/TypeScript',
  python: 'Python',
  rust: 'Rust',
  go: 'Go',
  java: 'Java/Kotlin',
};

/** Root-level files that declare a project and its dependencies. */
export const MANIFESTS: Record<Ecosystem, readonly string[]> = {
  node: ['package.json'],
  python: ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'Pipfile'],
  rust: ['Cargo.toml'],
  go: ['go.mod', 'go.work'],
  java: ['pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'],
};

/** Root-level files that pin resolved dependency versions. Maven has no lockfile format. */
export const LOCKFILES: Record<Ecosystem, readonly string[]> = {
  node: ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'],
  python: ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock'],
  rust: ['Cargo.lock'],
  go: ['go.sum'],
  java: ['gradle.lockfile'],
};

export const SOURCE_EXTENSIONS: Record<Ecosystem, readonly string[]> = {
  node: ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'],
  python: ['.py'],
  rust: ['.rs'],
  go: ['.go'],
  java: ['.java', '.kt'],
};

const EXT_TO_ECOSYSTEM = new Map<string, Ecosystem>(ECOSYSTEMS.flatMap((e) => SOURCE_EXTENSIONS[e].map((x) => [x, e] as const)));

/** The ecosystem whose code a file holds, or null when it is not source code (declarations and minified bundles are not). */
export function sourceEcosystem(rel: string): Ecosystem | null {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return null;
  if (/\.d\.[mc]?ts$/.test(base) || /\.min\.[mc]?js$/.test(base)) return null;
  return EXT_TO_ECOSYSTEM.get(base.slice(dot).toLowerCase()) ?? null;
}

/**
 * Ecosystems with a manifest or lockfile at the root, in the fixed order above (the first is the primary one).
 * A folder without any manifest falls back to the languages its source files are written in.
 */
export function detectEcosystems(root: ReadonlySet<string>, sourceCounts: Readonly<Record<Ecosystem, number>>): Ecosystem[] {
  const declared = ECOSYSTEMS.filter((e) => [...MANIFESTS[e], ...LOCKFILES[e]].some((f) => root.has(f)));
  if (declared.length > 0) return declared;
  return ECOSYSTEMS.filter((e) => sourceCounts[e] > 0);
}

export function presentManifests(root: ReadonlySet<string>): string[] {
  return ECOSYSTEMS.flatMap((e) => MANIFESTS[e].filter((f) => root.has(f)));
}

export function presentLockfiles(root: ReadonlySet<string>): string[] {
  return ECOSYSTEMS.flatMap((e) => LOCKFILES[e].filter((f) => root.has(f)));
}

const TEST_DIRS = new Set(['test', 'tests', '__tests__', 'spec']);
/** Folders inside a test folder that hold helpers, fixtures or typing stubs rather than tests. */
const HELPER_DIRS = new Set(['support', 'helpers', 'helper', 'fixtures', 'fixture', '__fixtures__', 'utils', 'util', 'mocks', '__mocks__', 'typing', 'types', 'stubs', 'data', 'testdata', 'common', 'shared', 'setup']);
/** File names that are test infrastructure, not tests. */
const HELPER_FILE = /^(?:helpers?|utils?|setup|teardown|globals?|fixtures?|conftest|__init__|mod|index\.d|test[-_]?utils?|test[-_]?helpers?)\.[^.]+$|\.d\.[mc]?ts$/i;

/**
 * Test files by convention, helpers and typing stubs left out:
 * - JS/TS: *.test.* / *.spec.*, or any source file in a test/, tests/, __tests__/ or spec/ folder (ava, tap);
 * - Python: test_*.py / *_test.py (conftest.py and helpers are not tests);
 * - Go: *_test.go; Java/Kotlin: Surefire's Test*, *Test, *Tests, *TestCase (and *IT, *Spec);
 * - Rust: files directly in a tests/ folder (tests/common/ holds helpers); inline #[cfg(test)] modules are
 *   recognised from their content by the scanner.
 * Anything under a helper folder (support/, helpers/, fixtures/, typing/, ...) inside a test folder is not a test.
 */
export function isTestPath(rel: string, eco: Ecosystem): boolean {
  const segments = rel.split('/');
  const base = segments.pop() as string;
  const t = segments.findIndex((s) => TEST_DIRS.has(s));
  const inTestDir = t >= 0;
  const inHelperDir = inTestDir && segments.slice(t + 1).some((s) => HELPER_DIRS.has(s.toLowerCase()));
  if (inHelperDir || HELPER_FILE.test(base)) return false;
  switch (eco) {
    case 'node':
      return /\.(test|spec)\.[^.]+$/.test(base) || inTestDir;
    case 'python':
      return /^test_.*\.py$/.test(base) || /_test\.py$/.test(base);
    case 'go':
      return base.endsWith('_test.go');
    case 'rust':
      return inTestDir && segments[segments.length - 1] === 'tests';
    case 'java':
      return /^(Test\w+|\w+(Test|Tests|TestCase|IT|Spec))\.(java|kt)$/.test(base);
  }
}

/** A Rust source file that carries its own unit tests. */
export function hasInlineRustTests(content: string): boolean {
  return content.includes('#[cfg(test)]');
}
