// Collects what the four parts score, once: files, source scan, git history, configs and reports.
// Independent look-ups run concurrently; the parts themselves are pure functions of these facts.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostics, SecretFindingReport } from '../../../protocol/quality-schemas.js';
import { gitTopLevel } from '../git.js';
import type { CoverageResult } from './coverage.js';
import { hasCoveragePyData, readCoverage } from './coverage.js';
import type { Ecosystem } from './ecosystems.js';
import { ECOSYSTEMS, detectEcosystems, presentLockfiles, presentManifests } from './ecosystems.js';
import { listProjectFiles, readCapped, rootEntries } from './files.js';
import { detectLinters } from './linters.js';
import type { GitFacts } from './git-facts.js';
import { gitFacts, lastCommitTime } from './git-facts.js';
import type { LintReport } from './lint-report.js';
import { readLintReport } from './lint-report.js';
import type { LockfileNeed } from './lockfile-policy.js';
import { lockfileNeeds } from './lockfile-policy.js';
import { RootTexts } from './root-texts.js';
import type { ScanResult, SourceFile } from './scan.js';
import { scanProject } from './scan.js';
import { contextOf, isEnvFile, severityOf } from './secret-context.js';
import { ignoresDotEnv } from './security.js';
import type { CiFacts } from './ci.js';
import { ciFacts } from './ci.js';
import type { CoverageSetup } from './coverage-config.js';
import { coverageSetup as findCoverageSetup } from './coverage-config.js';
import type { Workspaces } from './workspaces.js';
import { findWorkspaces } from './workspaces.js';
import type { TypeCheck } from './type-config.js';
import { typeCheckFor } from './type-config.js';

export interface LockfileTime {
  file: string;
  /** Seconds since the epoch; null when neither git nor the file system could say. */
  time: number | null;
  from: 'git' | 'mtime';
}

export interface ProjectFacts {
  dir: string;
  now: Date;
  /** Names directly in the project folder, read from disk (git-ignored ones included). */
  root: ReadonlySet<string>;
  /** Project files relative to dir, "/"-separated, dependency and build folders left out. */
  files: readonly string[];
  /** Files git tracks; null outside git. */
  tracked: ReadonlySet<string> | null;
  sources: readonly SourceFile[];
  sourceCounts: Readonly<Record<Ecosystem, number>>;
  ecosystems: readonly Ecosystem[];
  manifests: readonly string[];
  lockfiles: readonly LockfileTime[];
  lockNeeds: readonly LockfileNeed[];
  /** Null outside a git work tree. */
  git: GitFacts | null;
  typeChecks: readonly TypeCheck[];
  /** Configured linters by name (ESLint, Ruff, ...). */
  linters: readonly string[];
  lintReport: LintReport | null;
  coverage: CoverageResult | null;
  coveragePyData: boolean;
  coverageSetup: CoverageSetup;
  ci: CiFacts;
  workspaces: Workspaces;
  /** Contents of the root .gitignore, null when there is none. */
  gitignore: string | null;
  diagnostics: Diagnostics | null;
  scan: ScanResult;
  /** Every secret finding, committed .env files included, real credentials first. */
  secrets: SecretFindingReport[];
  /** .env files that exist and that git does not ignore (outside git: a root .env the .gitignore does not cover). */
  exposedEnvFiles: string[];
  texts: RootTexts;
}

export interface GatherOptions {
  diagnostics: Diagnostics | null;
  secretBudgetMs: number;
  scanWorker?: string;
}

export async function gatherFacts(dir: string, now: Date, opts: GatherOptions): Promise<ProjectFacts> {
  const [top, root] = await Promise.all([gitTopLevel(dir), rootEntries(dir)]);
  const inGit = top !== null;
  const lockNames = presentLockfiles(root);
  const texts = new RootTexts(dir, root);

  // The file scan starts as soon as the listing is in, while git is still answering.
  const listing = listProjectFiles(dir, inGit);
  const [{ files, tracked }, scan, git, lockfiles, coverage, coveragePyData, gitignore, lintReport] = await Promise.all([
    listing,
    listing.then((l) => scanProject(dir, l.files, { budgetMs: opts.secretBudgetMs, ...(opts.scanWorker ? { worker: opts.scanWorker } : {}) })),
    inGit ? gitFacts(dir) : Promise.resolve(null),
    Promise.all(lockNames.map((f) => lockfileTime(dir, f, inGit))),
    readCoverage(dir),
    hasCoveragePyData(dir),
    root.has('.gitignore') ? readCapped(path.join(dir, '.gitignore')) : Promise.resolve(null),
    readLintReport(dir),
  ]);
  const sources = scan.sources;
  const sourceCounts = Object.fromEntries(ECOSYSTEMS.map((e) => [e, 0])) as Record<Ecosystem, number>;
  for (const s of sources) sourceCounts[s.ecosystem]++;
  const ecosystems = detectEcosystems(root, sourceCounts);
  const gi = gitignore ?? (root.has('.gitignore') ? '' : null);
  const [typeChecks, linters, ci, workspaces, lockNeeds] = await Promise.all([
    Promise.all(ecosystems.map((e) => typeCheckFor(dir, e, root))),
    detectLinters(dir, root, files, texts),
    ciFacts(dir, files, texts),
    findWorkspaces(texts, files),
    lockfileNeeds(ecosystems, root, texts, gi),
  ]);
  const coverageSetup = await findCoverageSetup(ecosystems[0], texts, ci.text);
  const envFiles = files.filter((p) => isEnvFile(p) && contextOf(p, '', 0) !== 'fixture');
  const exposedEnvFiles = inGit ? envFiles : root.has('.env') && (gi === null || !ignoresDotEnv(gi)) ? ['.env'] : [];

  return {
    dir,
    now,
    root,
    files,
    tracked,
    sources,
    sourceCounts,
    ecosystems,
    manifests: presentManifests(root),
    lockfiles,
    lockNeeds,
    git,
    typeChecks,
    linters,
    lintReport,
    coverage,
    coveragePyData,
    coverageSetup,
    ci,
    workspaces,
    gitignore: gi,
    diagnostics: opts.diagnostics,
    scan,
    secrets: secretFindings(scan, files.filter((f) => tracked?.has(f) === true && isEnvFile(f))),
    exposedEnvFiles,
    texts,
  };
}

/** Detector findings plus one finding per committed .env file, real credentials first, then by file and line. */
function secretFindings(scan: ScanResult, committedEnv: readonly string[]): SecretFindingReport[] {
  const out: SecretFindingReport[] = scan.secrets.map((s) => ({
    file: s.file,
    line: s.line,
    column: s.column,
    rule: s.rule,
    kind: s.kind,
    preview: s.preview,
    severity: severityOf(s.context),
    context: s.context,
  }));
  for (const f of committedEnv) {
    const context = contextOf(f, '', 0);
    out.push({ file: f, line: 1, column: 1, rule: 'committed-env-file', kind: 'committed .env file', preview: f.slice(f.lastIndexOf('/') + 1), severity: severityOf(context), context });
  }
  const rank = (s: SecretFindingReport): number => (s.severity === 'high' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column);
}

async function lockfileTime(dir: string, file: string, inGit: boolean): Promise<LockfileTime> {
  const committed = inGit ? await lastCommitTime(dir, file) : null;
  if (committed !== null) return { file, time: committed, from: 'git' };
  const mtime = await fs.stat(path.join(dir, file)).then((s) => Math.floor(s.mtimeMs / 1000), () => null);
  return { file, time: mtime, from: 'mtime' };
}
