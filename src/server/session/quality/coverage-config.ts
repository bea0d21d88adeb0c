// Is coverage configured (so a report could exist), and which command produces one? Used when no report is on disk:
// the sub-metric is then unknown and says "configured, not measured: run <command>".
import { hasSection } from './config-text.js';
import type { Ecosystem } from './ecosystems.js';
import type { RootTexts } from './root-texts.js';

export interface CoverageSetup {
  /** Where coverage is configured ("[tool.coverage] in pyproject.toml", "CI: codecov upload"), null when it is not. */
  configuredIn: string | null;
  /** The command that would write a report the score reads. */
  command: string;
}

const COMMANDS: Record<Ecosystem, string> = {
  node: 'npx c8 --reporter=lcov npm test',
  python: 'coverage run -m pytest && coverage json',
  rust: 'cargo llvm-cov --lcov --output-path lcov.info',
  go: 'go test -coverprofile=coverage.out ./...',
  java: 'mvn verify with the jacoco-maven-plugin (or gradle jacocoTestReport)',
};

/** Coverage tooling mentioned in CI configurations. */
const CI_COVERAGE = /--coverage\b|--cov\b|--cov=|\bc8\b|\bnyc\b|codecov|coveralls|-coverprofile|llvm-cov|tarpaulin|jacoco|coverage (?:run|xml|json|report)/;

export async function coverageSetup(eco: Ecosystem | undefined, texts: RootTexts, ciText: string): Promise<CoverageSetup> {
  const found: string[] = [];
  const pkg = await texts.read('package.json');
  let command = COMMANDS[eco ?? 'node'];
  if (eco === 'node' && pkg !== null) {
    if (/"(?:test|coverage)[^"]*"\s*:\s*"[^"]*\b(?:c8|nyc)\b/.test(pkg)) found.push('c8/nyc in package.json scripts');
    if (/"[^"]*"\s*:\s*"[^"]*(?:jest|vitest)[^"]*--coverage/.test(pkg) || /"collectCoverage"\s*:\s*true/.test(pkg)) found.push('--coverage in package.json');
    if (/\bvitest\b/.test(pkg)) command = 'npx vitest run --coverage --coverage.reporter=lcov';
    else if (/\bjest\b/.test(pkg)) command = 'npx jest --coverage';
  }
  for (const rc of ['.nycrc', '.nycrc.json', '.c8rc', '.c8rc.json']) if ((await texts.read(rc)) !== null) found.push(rc);
  if (eco === 'python' || eco === undefined) {
    const py = await texts.read('pyproject.toml');
    if (py !== null && hasSection(py, 'tool.coverage')) found.push('[tool.coverage] in pyproject.toml');
    if (py !== null && /--cov\b|--cov=/.test(py)) found.push('pytest-cov in pyproject.toml');
    if ((await texts.read('.coveragerc')) !== null) found.push('.coveragerc');
    for (const f of ['setup.cfg', 'tox.ini']) {
      const t = await texts.read(f);
      if (t !== null && (hasSection(t, 'coverage:run') || hasSection(t, 'coverage:report'))) found.push(`[coverage:*] in ${f}`);
    }
  }
  if (eco === 'java') {
    const pom = await texts.read('pom.xml');
    if (pom !== null && pom.includes('jacoco-maven-plugin')) found.push('jacoco-maven-plugin in pom.xml');
    for (const g of ['build.gradle', 'build.gradle.kts']) {
      const t = await texts.read(g);
      if (t !== null && /\bjacoco\b/.test(t)) {
        found.push(`jacoco in ${g}`);
        command = 'gradle jacocoTestReport';
      }
    }
  }
  if (CI_COVERAGE.test(ciText)) found.push('coverage in CI');
  return { configuredIn: found.length ? found.join(', ') : null, command };
}
