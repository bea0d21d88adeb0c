// Security, 10 points: security-tool score × 0.05 (no tool report → 100) + hygiene 5
// (−2 .gitignore does not ignore .env, −1 no .gitignore at all, −2 per source file with a hard-coded secret; floor 0).
import type { QualityPart } from '../../../protocol/quality-schemas.js';
import type { ProjectFacts } from './facts.js';
import { metric, part, plural } from './metric.js';

export const SECURITY_MAX = 10;
export const SECURITY_TOOL_FALLBACK = 100;
export const PENALTY_NO_ENV_IGNORE = 2;
export const PENALTY_NO_GITIGNORE = 1;
export const PENALTY_PER_SECRET_FILE = 2;
const HYGIENE_MAX = 5;

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

export function secretFiles(f: ProjectFacts): Array<{ path: string; line: number }> {
  return f.sources.flatMap((s) => (s.secretLine === null ? [] : [{ path: s.path, line: s.secretLine }]));
}

export function securityPart(f: ProjectFacts): QualityPart {
  const tool = metric({
    id: 'security_tools',
    label: 'Security tools',
    value: SECURITY_TOOL_FALLBACK,
    unit: '%',
    points: SECURITY_TOOL_FALLBACK * 0.05,
    max: 5,
    source: 'fallback',
    detail: 'no security tool report read: full score assumed',
  });

  const issues: string[] = [];
  let deducted = 0;
  if (f.gitignore === null) {
    deducted += PENALTY_NO_GITIGNORE + PENALTY_NO_ENV_IGNORE;
    issues.push('no .gitignore (so .env is not ignored)');
  } else if (!ignoresDotEnv(f.gitignore)) {
    deducted += PENALTY_NO_ENV_IGNORE;
    issues.push('.gitignore does not ignore .env');
  }
  const secrets = secretFiles(f);
  deducted += PENALTY_PER_SECRET_FILE * secrets.length;
  if (secrets.length > 0) {
    const where = secrets.slice(0, 5).map((s) => `${s.path}:${s.line}`);
    issues.push(`hard-coded secret in ${plural(secrets.length, 'file')}: ${where.join(', ')}${secrets.length > 5 ? ', ...' : ''}`);
  }
  const hygiene = metric({
    id: 'hygiene',
    label: 'Secret hygiene',
    value: deducted,
    unit: 'points deducted',
    points: Math.max(0, HYGIENE_MAX - deducted),
    max: HYGIENE_MAX,
    source: 'measured',
    detail: issues.length === 0 ? '.gitignore ignores .env; no hard-coded secrets found' : issues.join('; '),
  });
  return part('security', SECURITY_MAX, [tool, hygiene]);
}
