// CI judged by what it runs: which configurations run on pushes or pull requests, and whether they run the
// tests and a linter. GitHub Actions, GitLab CI, Jenkins, CircleCI, Azure Pipelines, Travis and Bitbucket.
import path from 'node:path';
import { readCapped } from './files.js';
import type { RootTexts } from './root-texts.js';

export interface CiFacts {
  /** Every CI configuration file found. */
  files: string[];
  /** Those that run on pushes or pull requests. */
  triggered: string[];
  /** Triggered files that run the tests / a linter (directly, or through a package.json script or the build). */
  tests: string[];
  lint: string[];
  /** The text of the triggered configurations, for other checks (coverage uploads). */
  text: string;
  /** The text of every configuration, scheduled ones included (security scans). */
  allText: string;
}

const CI_FILE = /^(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.gitlab\/ci\/[^/]+\.ya?ml|\.circleci\/config\.ya?ml|azure-pipelines\.ya?ml|\.azure-pipelines\/[^/]+\.ya?ml|Jenkinsfile|\.travis\.ya?ml|bitbucket-pipelines\.ya?ml)$/;
/** GitHub Actions events that mean "runs on pushes and pull requests". */
const PUSH_EVENTS = new Set(['push', 'pull_request', 'pull_request_target', 'merge_group']);

const TEST_CMD =
  /\b(?:npm (?:run )?test|npm t\b|npm run test:|yarn (?:run )?test|pnpm (?:-r |--recursive )?(?:run )?test|bun (?:run )?test|deno test|npx (?:jest|vitest|mocha|ava|tap)|jest\b|vitest\b|mocha\b|ava\b|pytest|py\.test|python3? -m (?:pytest|unittest)|tox\b|nox\b|hatch (?:run )?test|cargo (?:test|nextest|hack test)|go test|gotestsum|mvnw?\b[^\n]*\b(?:test|verify|install|package)\b|gradlew?\b[^\n]*\b(?:test|check|build)\b|make (?:test|check)|just test|ctest)/i;
const LINT_CMD =
  /\b(?:lint|eslint|xo|biome (?:check|lint|ci)|oxlint|prettier (?:--check|-c)|ruff|flake8|pylint|clippy|cargo fmt[^\n]*--check|golangci-lint|golangci\/golangci-lint-action|go vet|staticcheck|gofmt|checkstyle|spotless(?::check|Check)|detekt|ktlint|pre-commit run|super-linter|megalinter)\b/i;
/** Linters that run inside a Maven/Gradle build once configured in the build file. */
const BUILD_LINT = /maven-checkstyle-plugin|spotless|errorprone|error_prone|checkstyle|detekt|ktlint/;
const BUILD_CMD = /\b(?:mvnw?|gradlew?)\b/;
/** npm/yarn/pnpm/bun script invocations: `npm run lint`, `yarn build`, `pnpm -r test`. */
const SCRIPT_CALL = /\b(?:npm(?: run)?|yarn(?: run)?|pnpm(?: -r| --recursive)?(?: run)?|bun run)\s+([a-z0-9:_-]+)/gi;

export async function ciFacts(dir: string, files: readonly string[], texts: RootTexts): Promise<CiFacts> {
  const ci = files.filter((f) => CI_FILE.test(f));
  const contents = new Map<string, string>();
  await Promise.all(ci.map(async (f) => contents.set(f, (await readCapped(path.join(dir, f))) ?? '')));
  const pkg = await texts.json('package.json');
  const scripts = pkg && typeof pkg['scripts'] === 'object' && pkg['scripts'] !== null ? (pkg['scripts'] as Record<string, unknown>) : {};
  const build = [await texts.read('pom.xml'), await texts.read('build.gradle'), await texts.read('build.gradle.kts')].filter((t): t is string => t !== null).join('\n');

  const triggered = ci.filter((f) => !f.startsWith('.github/workflows/') || githubTriggered(contents.get(f) ?? ''));
  // A reusable workflow runs when a triggered workflow calls it.
  for (const f of ci) {
    if (triggered.includes(f) || !f.startsWith('.github/workflows/')) continue;
    if (triggered.some((t) => (contents.get(t) ?? '').includes(`./${f}`))) triggered.push(f);
  }
  const tests: string[] = [];
  const lint: string[] = [];
  for (const f of triggered) {
    const text = withScripts(contents.get(f) ?? '', scripts);
    if (TEST_CMD.test(text)) tests.push(f);
    if (LINT_CMD.test(text) || (BUILD_CMD.test(text) && BUILD_LINT.test(build))) lint.push(f);
  }
  return { files: ci, triggered, tests, lint, text: triggered.map((f) => contents.get(f) ?? '').join('\n'), allText: ci.map((f) => contents.get(f) ?? '').join('\n') };
}

/** The CI text plus the package.json scripts it calls (one level deep), so `npm test` running `xo && ava` counts as lint. */
function withScripts(text: string, scripts: Record<string, unknown>): string {
  const extra: string[] = [];
  for (const m of text.matchAll(SCRIPT_CALL)) {
    const name = (m[1] as string).toLowerCase();
    const body = scripts[name === 't' ? 'test' : name];
    if (typeof body === 'string') extra.push(body);
  }
  return extra.length ? `${text}\n${extra.join('\n')}` : text;
}

/** True when the workflow's `on:` names push, pull_request, pull_request_target or merge_group. */
export function githubTriggered(text: string): boolean {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => /^["']?on["']?\s*:/.test(l));
  if (i < 0) return false;
  const inline = (lines[i] as string).replace(/^["']?on["']?\s*:/, '').replace(/\s#.*$/, '').trim();
  const events: string[] = [];
  if (inline) events.push(...inline.replace(/[[\]{}]/g, ' ').split(/[\s,]+/).map((e) => e.replace(/:$/, '')));
  else {
    for (const l of lines.slice(i + 1)) {
      if (/^\S/.test(l)) break;
      const key = /^\s{1,4}(?:-\s*)?([a-z_]+)\s*:?\s*(?:#.*)?$/.exec(l) ?? /^\s{1,4}([a-z_]+)\s*:/.exec(l);
      if (key && /^(\s{1,4})\S/.exec(l)?.[1]?.length === /^(\s+)/.exec(lines[i + 1] ?? '')?.[1]?.length) events.push(key[1] as string);
    }
  }
  return events.some((e) => PUSH_EVENTS.has(e));
}
