// Concrete next steps from the measured sub-metrics that fell short, each with the points it could gain, biggest
// first. Unknown sub-metrics are not here: each carries its own `how_to_measure`.
import type { QualityPart, QualityPartId, Recommendation, SubMetric } from '../../../protocol/quality-schemas.js';
import { MAX_FILE_LINES, typeContributors } from './code-quality.js';
import { SUBJECT_MAX, SUBJECT_MIN } from './dev-velocity.js';
import type { Ecosystem } from './ecosystems.js';
import type { ProjectFacts } from './facts.js';
import { fmt, plural, round2 } from './metric.js';
import { docsFacts, findReadme, stalestLockfile } from './project-health.js';
import { PENALTY_ENV_EXPOSED, PENALTY_NO_GITIGNORE, PENALTY_PER_SECRET_FILE, secretFiles } from './security.js';

export const MAX_RECOMMENDATIONS = 8;

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
    coverage: (m, f, gain) =>
      m.value === 0 && !f.coverage
        ? [{ gain, text: 'Add tests, then a coverage report — coverage counts for up to 15 points' }]
        : [{ gain, text: `Raise test coverage from ${fmt(m.value ?? 0)}% (${f.coverage?.file ?? 'report'}) — every 10% adds 1.5 points` }],
    lint: (m, f, gain) => {
      if (m.value === 0 && f.linters.length === 0 && !f.lintReport) return [{ gain, text: 'Configure a linter (ESLint, Ruff, Checkstyle, ...) and write its report — lint counts for up to 10 points' }];
      const where = f.lintReport ? f.lintReport.file : 'the Problems panel';
      return [{ gain, text: `Fix the lint errors and warnings in ${where} — each error costs 1 point, each warning 0.2` }];
    },
    type_checking: (_m, f, gain) => {
      const steps = typeContributors(f).filter((t) => t.percent < 100).map((t) => {
        if (t.ecosystem === 'node') return t.configured ? 'Enable "strict" in tsconfig.json' : 'Add a tsconfig.json with "strict": true';
        return t.configured ? `Turn on strict mode for ${t.config ?? 'the type checker'} (mypy: strict = true; pyright: typeCheckingMode = "strict")` : 'Configure mypy or pyright in strict mode (e.g. [tool.mypy] strict = true in pyproject.toml)';
      });
      return steps.length > 0 ? [{ gain, text: steps.join('; ') }] : [];
    },
    complexity: (_m, f, gain) => {
      // Source before tests: a long test file matters less than a long module.
      const long = f.sources.filter((s) => s.lines === null || s.lines > MAX_FILE_LINES).sort((a, b) => Number(a.test) - Number(b.test) || (b.lines ?? Infinity) - (a.lines ?? Infinity));
      const top = long[0];
      if (!top) return [];
      const size = top.lines === null ? 'over 1 MB' : `${fmt(top.lines)} lines`;
      return [{ gain, text: `Split the ${plural(long.length, 'source file')} longer than ${MAX_FILE_LINES} lines, starting with ${top.path} (${size})` }];
    },
  },
  project_health: {
    manifest_lockfile: (_m, f, gain) => {
      if (f.manifests.length === 0) return [{ gain, text: 'Add a project manifest (package.json, pyproject.toml, Cargo.toml, go.mod, pom.xml or build.gradle)' }];
      const missing = f.lockNeeds.filter((n) => n.status === 'missing');
      if (missing.length === 0) return [];
      return [{ gain, text: `Commit a lockfile (${missing.map((n) => LOCKFILE_HOW[n.ecosystem]).join('; ')}), or declare that you do not (package-lock=false in .npmrc, or list it in .gitignore)` }];
    },
    git: (m, _f, gain) => [{ gain, text: m.value === null ? 'Initialise a git repository (git init) — git history also feeds the 20 dev-velocity points' : 'Commit your work — a repository with 5 commits earns the full git points' }],
    lockfile_age: (m, f, gain) => {
      const stale = stalestLockfile(f);
      if (!stale) return [];
      return [{ gain, text: `Refresh dependencies — ${stale.file} was last updated ${plural(m.value ?? 0, 'day')} ${f.git?.anchor != null ? 'before the last commit' : 'ago'} (under 30 days earns 5 points)` }];
    },
    tests: (m, _f, gain) => [{ gain, text: `Add tests — ${plural(m.value ?? 0, 'test file')} found, 10 earn the full 5 points` }],
    docs: (_m, f, gain) => {
      if (findReadme(f) === null) return [{ gain, text: 'Add a README.md — documentation counts for up to 5 points' }];
      const d = docsFacts(f);
      return [{ gain, text: `Write more documentation: 5 pages (docs/, guides at the root, a docs site) or 1,000 lines earn 5 points (${plural(d.pages.length, 'page')}, ${fmt(d.lines)} lines now)` }];
    },
    ci: (_m, f, gain) => {
      if (f.ci.files.length === 0) return [{ gain, text: 'Add a CI workflow that runs the tests and a linter on push and pull requests' }];
      const missing = [f.ci.tests.length === 0 ? 'the tests' : null, f.ci.lint.length === 0 ? 'a linter' : null].filter(Boolean);
      return [{ gain, text: `Run ${missing.join(' and ')} in CI on push and pull requests` }];
    },
  },
  dev_velocity: {
    recent_commits: (m, _f, gain) => [{ gain, text: `Commit in smaller steps — ${plural(m.value ?? 0, 'commit')} in the 30 days before the last commit, 20 earn the full 5 points` }],
    commit_messages: (m, _f, gain) => [{ gain, text: `Write commit subjects of ${SUBJECT_MIN}–${SUBJECT_MAX} characters that say what changed — ${fmt(m.value ?? 0)}% of recent commits do, 80% earns 5 points` }],
    issue_references: (m, _f, gain) => [{ gain, text: `Reference issues in commit messages (e.g. "Fixes #123") — ${fmt(m.value ?? 0)}% of recent commits do, 50% earns 5 points` }],
    feature_branches: (_m, _f, gain) => [{ gain, text: 'Work on feature branches (git switch -c feat/...) — 3 or more earn the full 5 points' }],
  },
  security: {
    security_tools: (m, _f, gain) => {
      const steps: string[] = [];
      if (!/dependency updates/.test(m.detail)) steps.push('Dependabot or Renovate');
      if (/no vulnerability/.test(m.detail)) steps.push('a vulnerability scan in CI (npm audit, pip-audit, cargo audit, govulncheck, CodeQL)');
      if (/no SECURITY\.md/.test(m.detail)) steps.push('a SECURITY.md');
      return steps.length ? [{ gain, text: `Add ${steps.join(', ')}` }] : [];
    },
    hygiene: (_m, f, gain) => {
      // Each fix is worth its own deduction, capped by what the metric is missing (the floor can hide some).
      const out: Draft[] = [];
      for (const s of secretFiles(f).real) out.push({ gain: Math.min(gain, PENALTY_PER_SECRET_FILE), text: `Remove the credential in ${s.path}:${s.line} (rotate it, then read it from the environment or a secret store)` });
      if (f.exposedEnvFiles.length > 0 && _m.detail.includes('not ignored by git')) out.push({ gain: Math.min(gain, PENALTY_ENV_EXPOSED), text: 'Add .env to .gitignore' });
      if (f.gitignore === null) out.push({ gain: Math.min(gain, PENALTY_NO_GITIGNORE), text: 'Add a .gitignore' });
      return out;
    },
  },
};

export function recommendations(parts: readonly QualityPart[], f: ProjectFacts): Recommendation[] {
  const out: Recommendation[] = [];
  for (const p of parts) {
    for (const m of p.metrics) {
      const gain = round2(m.max - m.points);
      const rule = RULES[p.id]?.[m.id];
      if (m.source !== 'measured' || gain <= 0 || !rule) continue;
      for (const d of rule(m, f, gain)) out.push({ part: p.id, metric: m.id, text: d.text, gain: round2(d.gain) });
    }
  }
  // A leaked credential comes first whatever its gain; then the biggest gains. Stable: equal gains keep part and metric order.
  const urgent = (r: Recommendation): number => (r.metric === 'hygiene' && r.text.startsWith('Remove the credential') ? 0 : 1);
  return out.sort((a, b) => urgent(a) - urgent(b) || b.gain - a.gain).slice(0, MAX_RECOMMENDATIONS);
}
