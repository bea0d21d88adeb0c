// Collects what the four parts score, once: files, source scan, git history, configs and reports.
// Independent look-ups run concurrently; the parts themselves are pure functions of these facts.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostics } from '../../../protocol/quality-schemas.js';
import { gitTopLevel } from '../git.js';
import type { CoverageResult } from './coverage.js';
import { hasCoveragePyData, readCoverage } from './coverage.js';
import type { Ecosystem } from './ecosystems.js';
import { ECOSYSTEMS, detectEcosystems, presentLockfiles, presentManifests } from './ecosystems.js';
import { listProjectFiles, readCapped, rootEntries } from './files.js';
import { detectLinters } from './linters.js';
import type { GitFacts } from './git-facts.js';
import { gitFacts, lastCommitTime } from './git-facts.js';
import type { SourceFile } from './scan.js';
import { scanSources } from './scan.js';
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
  sources: readonly SourceFile[];
  sourceCounts: Readonly<Record<Ecosystem, number>>;
  ecosystems: readonly Ecosystem[];
  manifests: readonly string[];
  lockfiles: readonly LockfileTime[];
  /** Null outside a git work tree. */
  git: GitFacts | null;
  typeChecks: readonly TypeCheck[];
  /** Configured linters by name (ESLint, Ruff, ...). */
  linters: readonly string[];
  coverage: CoverageResult | null;
  coveragePyData: boolean;
  /** Contents of the root .gitignore, null when there is none. */
  gitignore: string | null;
  diagnostics: Diagnostics | null;
}

export async function gatherFacts(dir: string, now: Date, diagnostics: Diagnostics | null): Promise<ProjectFacts> {
  const [top, root] = await Promise.all([gitTopLevel(dir), rootEntries(dir)]);
  const inGit = top !== null;
  const lockNames = presentLockfiles(root);

  // The source scan starts as soon as the listing is in, while git is still answering.
  const listing = listProjectFiles(dir, inGit);
  const [files, sources, git, lockfiles, coverage, coveragePyData, gitignore] = await Promise.all([
    listing,
    listing.then((f) => scanSources(dir, f)),
    inGit ? gitFacts(dir, now) : Promise.resolve(null),
    Promise.all(lockNames.map((f) => lockfileTime(dir, f, inGit))),
    readCoverage(dir),
    hasCoveragePyData(dir),
    root.has('.gitignore') ? readCapped(path.join(dir, '.gitignore')) : Promise.resolve(null),
  ]);
  const sourceCounts = Object.fromEntries(ECOSYSTEMS.map((e) => [e, 0])) as Record<Ecosystem, number>;
  for (const s of sources) sourceCounts[s.ecosystem]++;
  const ecosystems = detectEcosystems(root, sourceCounts);
  const [typeChecks, linters] = await Promise.all([Promise.all(ecosystems.map((e) => typeCheckFor(dir, e, root))), detectLinters(dir, root, files)]);

  return {
    dir,
    now,
    root,
    files,
    sources,
    sourceCounts,
    ecosystems,
    manifests: presentManifests(root),
    lockfiles,
    git,
    typeChecks,
    linters,
    coverage,
    coveragePyData,
    gitignore: gitignore ?? (root.has('.gitignore') ? '' : null),
    diagnostics,
  };
}

async function lockfileTime(dir: string, file: string, inGit: boolean): Promise<LockfileTime> {
  const committed = inGit ? await lastCommitTime(dir, file) : null;
  if (committed !== null) return { file, time: committed, from: 'git' };
  const mtime = await fs.stat(path.join(dir, file)).then((s) => Math.floor(s.mtimeMs / 1000), () => null);
  return { file, time: mtime, from: 'mtime' };
}
