// Security, 10 points: security tooling 5 (dependency updates, vulnerability scanning, a security policy) and
// secret hygiene 5 (the secret scan's findings, committed or exposed .env files, a .gitignore).
import type { QualityPart, SubMetric } from '../../../protocol/quality-schemas.js';
import type { ProjectFacts } from './facts.js';
import { fmt, metric, part, plural, round2 } from './metric.js';

export const SECURITY_MAX = 10;
const HYGIENE_MAX = 5;
/** Per file holding a credential in the project's own code, config or a committed .env. */
export const PENALTY_PER_SECRET_FILE = 2;
/** Per test-fixture or documentation file with a credential-looking example, and the most they cost together. */
export const PENALTY_PER_FIXTURE_FILE = 0.25;
export const PENALTY_FIXTURES_MAX = 1;
/** A .env file exists and git does not ignore it. */
export const PENALTY_ENV_EXPOSED = 2;
export const PENALTY_NO_GITIGNORE = 1;

// True when a .gitignore line ignores .env: any pattern whose glob matches the name `.env` (`.env`, `/.env`,
// `**/.env`, `.env*`, `*.env`, `.*`), plus `.env.*`, which shows the intent even though it only covers variants.
// A later negation (`!.env`) un-ignores it again.
export function ignoresDotEnv(gitignore: string): boolean {
  let ignored = false;
  for (const raw of gitignore.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^(\*\*\/|\/)/, '').replace(/\/$/, '');
    if (pattern === '.env.*' || globMatches(pattern, '.env')) ignored = !negated;
  }
  return ignored;
}

function globMatches(pattern: string, name: string): boolean {
  if (pattern.includes('/')) return false;
  const re = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  try {
    return new RegExp(`^${re}$`).test(name);
  } catch {
    return false;
  }
}

/** Files with a high-severity finding and files with only low-severity (fixture, documentation) ones. */
export function secretFiles(f: ProjectFacts): { real: Array<{ path: string; line: number }>; examples: string[] } {
  const real = new Map<string, number>();
  const examples = new Set<string>();
  for (const s of f.secrets) {
    if (s.severity === 'high') {
      if (!real.has(s.file)) real.set(s.file, s.line);
    } else examples.add(s.file);
  }
  for (const r of real.keys()) examples.delete(r);
  return { real: [...real].map(([path, line]) => ({ path, line })), examples: [...examples].sort() };
}

const DEPENDENCY_UPDATES = /^(\.github\/dependabot\.ya?ml|renovate\.json5?|\.renovaterc(\.json5?)?|\.github\/renovate\.json5?)$/;
const SCANNERS =
  /github\/codeql-action|\b(?:npm|pnpm|yarn) audit\b|pip-audit|safety check|cargo[- ]audit|cargo[- ]deny|govulncheck|osv-scanner|snyk|trivy|ossf\/scorecard-action|dependency-check|gitleaks|trufflehog|semgrep|\bbandit\b|gosec|secretlint/i;
const POLICY = /^(?:\.github\/|docs\/)?security\.(md|markdown|rst|txt)$/i;

function toolsMetric(f: ProjectFacts): SubMetric {
  const updates = f.files.find((p) => DEPENDENCY_UPDATES.test(p));
  const scanner = SCANNERS.exec(f.ci.allText)?.[0];
  const policy = f.files.find((p) => POLICY.test(p));
  const points = (updates ? 2 : 0) + (scanner ? 2 : 0) + (policy ? 1 : 0);
  const detail = [
    updates ? `dependency updates (${updates})` : 'no Dependabot or Renovate',
    scanner ? `scanning in CI (${scanner})` : 'no vulnerability or code scanning in CI',
    policy ? `security policy (${policy})` : 'no SECURITY.md',
  ].join('; ');
  return metric({ id: 'security_tools', label: 'Security tooling', value: points, unit: 'points', points, max: 5, source: 'measured', detail });
}

function hygieneMetric(f: ProjectFacts): SubMetric {
  const issues: string[] = [];
  let deducted = 0;
  const { real, examples } = secretFiles(f);
  if (real.length > 0) {
    deducted += PENALTY_PER_SECRET_FILE * real.length;
    const where = real.slice(0, 5).map((s) => `${s.path}:${s.line}`);
    issues.push(`credentials in ${plural(real.length, 'file')}: ${where.join(', ')}${real.length > 5 ? ` and ${fmt(real.length - 5)} more` : ''}`);
  }
  if (examples.length > 0) {
    deducted += Math.min(PENALTY_FIXTURES_MAX, PENALTY_PER_FIXTURE_FILE * examples.length);
    issues.push(`credential-like examples in ${plural(examples.length, 'test fixture or doc file', 'test fixture or doc files')}`);
  }
  if (f.exposedEnvFiles.length > 0 && (f.gitignore === null || !ignoresDotEnv(f.gitignore))) {
    deducted += PENALTY_ENV_EXPOSED;
    issues.push(`${f.exposedEnvFiles.slice(0, 3).join(', ')} not ignored by git`);
  }
  if (f.gitignore === null) {
    deducted += PENALTY_NO_GITIGNORE;
    issues.push('no .gitignore');
  }
  const scan = f.scan;
  const coverage = scan.complete ? `${plural(scan.scanned, 'file')} scanned` : `${fmt(scan.scanned)} of ${plural(scan.textFiles, 'file')} scanned before the time budget ran out`;
  deducted = round2(deducted);
  return metric({
    id: 'hygiene',
    label: 'Secret hygiene',
    value: deducted,
    unit: 'points deducted',
    points: Math.max(0, HYGIENE_MAX - deducted),
    max: HYGIENE_MAX,
    source: 'measured',
    detail: `${coverage}; ${issues.length === 0 ? 'no credentials found' : issues.join('; ')}`,
  });
}

export function securityPart(f: ProjectFacts): QualityPart {
  return part('security', SECURITY_MAX, [toolsMetric(f), hygieneMetric(f)]);
}
