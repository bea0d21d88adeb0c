// Concrete next steps from the sub-metrics that fell short, each with the points it could gain, biggest first.
import type { QualityPart, QualityPartId, Recommendation, SubMetric } from '../../../protocol/quality-schemas.js';
import { MAX_FILE_LINES, typeContributors } from './code-quality.js';
import type { Ecosystem } from './ecosystems.js';
import type { ProjectFacts } from './facts.js';
import { fmt, plural, round2 } from './metric.js';
import { docsFolder, findReadme, stalestLockfile } from './project-health.js';
import { PENALTY_NO_ENV_IGNORE, PENALTY_NO_GITIGNORE, PENALTY_PER_SECRET_FILE, secretFiles } from './security.js';

export const MAX_RECOMMENDATIONS = 8;

const COVERAGE_HOW: Record<Ecosystem | 'any', string> = {
  node: 'coverage/lcov.info or coverage/coverage-summary.json, e.g. c8 or jest --coverage',
  python: 'coverage.xml or coverage.json, from `coverage xml` / `coverage json`',
  rust: 'lcov.info, e.g. `cargo llvm-cov --lcov --output-path lcov.info`',
  go: 'coverage.out, from `go test -coverprofile=coverage.out ./...`',
  java: 'JaCoCo: target/site/jacoco/jacoco.xml or build/reports/jacoco/test/jacocoTestReport.xml',
  any: 'lcov.info or coverage-summary.json',
};

const LOCKFILE_HOW: Record<Ecosystem, string> = {
  node: 'package-lock.json (npm install)',
  python: 'poetry.lock, uv.lock or Pipfile.lock',
  rust: 'Cargo.lock',
  go: 'go.sum (go mod tidy)',
  java: 'gradle.lockfile (Gradle dependency locking)',
};

type Draft = Omit<Recommendation, 'part' | 'metric'>;
type Rule = (m: SubMetric, f: ProjectFacts, gain: number) => Draft[];

const RULES: Partial<Record<QualityPartId, Record<string, Rule>>> = {
  code_quality: {
    coverage: (m, f, gain) => {
      if (m.source === 'measured') return [{ gain, text: `Raise test coverage from ${fmt(m.value ?? 0)}% (${f.coverage?.file ?? 'report'}) — every 10% adds 1.5 points` }];
      if (f.coveragePyData) return [{ gain, text: 'Export the coverage.py data (.coverage) with `coverage json` or `coverage xml` — coverage counts for up to 15 points' }];
      return [{ gain, text: `Add a coverage report (${COVERAGE_HOW[f.ecosystems[0] ?? 'any']}) — coverage counts for up to 15 points` }];
    },
    lint: (_m, f, gain) => {
      const d = f.diagnostics;
      return d ? [{ gain, text: `Fix the ${plural(d.errors, 'error')} and ${plural(d.warnings, 'warning')} in the Problems panel — each error costs 1 point, each warning 0.2` }] : [];
    },
    type_checking: (_m, f, gain) => {
      const steps = typeContributors(f).filter((t) => t.percent < 100).map((t) => {
        if (t.ecosystem === 'node') return t.configured ? 'Enable "strict" in tsconfig.json' : 'Add a tsconfig.json with "strict": true';
        return t.configured ? `Turn on strict mode for ${t.config ?? 'the type checker'} (mypy: strict = true; pyright: typeCheckingMode = "strict")` : 'Configure mypy or pyright in strict mode (e.g. [tool.mypy] strict = true in pyproject.toml)';
      });
      return steps.length > 0 ? [{ gain, text: steps.join('; ') }] : [];
    },
    complexity: (_m, f, gain) => {
      const long = f.sources.filter((s) => s.lines === null || s.lines > MAX_FILE_LINES).sort((a, b) => (b.lines ?? Infinity) - (a.lines ?? Infinity));
      const top = long[0];
      if (!top) return [];
      const size = top.lines === null ? 'over 1 MB' : `${fmt(top.lines)} lines`;
      return [{ gain, text: `Split the ${plural(long.length, 'source file')} longer than ${MAX_FILE_LINES} lines (largest: ${top.path}, ${size})` }];
    },
  },
  project_health: {
    manifest_lockfile: (_m, f, gain) => {
      if (f.manifests.length === 0) return [{ gain, text: 'Add a project manifest (package.json, pyproject.toml, Cargo.toml, go.mod, pom.xml or build.gradle)' }];
      // Maven cannot lock; everything else gains this metric plus the lockfile age.
      const lockable = f.ecosystems.filter((e) => e !== 'java' || f.manifests.some((m) => m.startsWith('build.gradle')));
      if (lockable.length === 0) return [];
      return [{ gain, text: `Commit a lockfile (${lockable.map((e) => LOCKFILE_HOW[e]).join('; ')}) — it pins dependency versions, and its age counts too` }];
    },
    git: (m, _f, gain) => [{ gain, text: m.value === null ? 'Initialise a git repository (git init) — git history also feeds the 20 dev-velocity points' : 'Commit your work — a repository with 5 commits earns the full git points' }],
    lockfile_age: (m, f, gain) => {
      if (m.source === 'unavailable') return [];
      const stale = stalestLockfile(f);
      return [{ gain, text: `Refresh dependencies — ${stale?.file ?? 'the lockfile'} was last updated ${plural(m.value ?? 0, 'day')} ago (under 30 days earns 5 points)` }];
    },
    tests: (m, _f, gain) => [{ gain, text: `Add tests — ${plural(m.value ?? 0, 'test file')} found, 10 earn the full 5 points` }],
    docs: (m, f, gain) => {
      if (findReadme(f) === null) return [{ gain, text: 'Add a README.md — documentation counts for up to 5 points' }];
      const docs = docsFolder(f);
      return [{ gain, text: docs ? `Grow ${docs.folder}/ to at least 5 Markdown pages (${fmt(m.value ?? 0)} now)` : 'Add a docs/ folder with at least 5 Markdown pages' }];
    },
    ci: (m, _f, gain) => [{ gain, text: m.value === 0 ? 'Add a CI workflow (e.g. .github/workflows/ci.yml running the tests)' : 'Add a second CI workflow (e.g. lint or release) — two earn the full 5 points' }],
  },
  dev_velocity: {
    recent_commits: (m, _f, gain) => [{ gain, text: `Commit in smaller steps — ${plural(m.value ?? 0, 'commit')} in the last 30 days, 20 earn the full 5 points` }],
    conventional_commits: (m, _f, gain) => [{ gain, text: `Write Conventional Commit subjects (feat: ..., fix(scope): ...) — ${fmt(m.value ?? 0)}% of recent commits do, 80% earns 5 points` }],
    issue_references: (m, _f, gain) => [{ gain, text: `Reference issues in commit messages (e.g. "Fixes #123") — ${fmt(m.value ?? 0)}% of recent commits do, 50% earns 5 points` }],
    feature_branches: (_m, _f, gain) => [{ gain, text: 'Work on feature branches (git switch -c feat/...) — 3 or more earn the full 5 points' }],
  },
  security: {
    hygiene: (m, f, gain) => {
      // Each fix is worth its own deduction, capped by what the metric is missing (the floor can hide some).
      const out: Draft[] = [];
      if (f.gitignore === null) out.push({ gain: Math.min(gain, PENALTY_NO_GITIGNORE + PENALTY_NO_ENV_IGNORE), text: 'Add a .gitignore that ignores .env' });
      else if (m.detail.includes('.gitignore does not ignore .env')) out.push({ gain: Math.min(gain, PENALTY_NO_ENV_IGNORE), text: 'Add .env to .gitignore' });
      for (const s of secretFiles(f)) out.push({ gain: Math.min(gain, PENALTY_PER_SECRET_FILE), text: `Remove the hard-coded secret in ${s.path}:${s.line} (read it from the environment or a secret store)` });
      return out;
    },
  },
};

export function recommendations(parts: readonly QualityPart[], f: ProjectFacts): Recommendation[] {
  const out: Recommendation[] = [];
  for (const p of parts) {
    // Without git the velocity metrics cannot move; the git recommendation covers them.
    if (p.id === 'dev_velocity' && f.git === null) continue;
    for (const m of p.metrics) {
      const gain = round2(m.max - m.points);
      const rule = RULES[p.id]?.[m.id];
      if (gain <= 0 || !rule) continue;
      for (const d of rule(m, f, gain)) out.push({ part: p.id, metric: m.id, text: d.text, gain: round2(d.gain) });
    }
  }
  // Stable sort: equal gains keep part and metric order.
  return out.sort((a, b) => b.gain - a.gain).slice(0, MAX_RECOMMENDATIONS);
}
