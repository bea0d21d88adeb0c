// Does each declared ecosystem need a lockfile? Maven has no lockfile format, a Go module without requirements
// has nothing to lock, and a project may decline lockfiles on purpose (npm `package-lock=false`, lockfiles listed
// in .gitignore, as libraries often do).
import type { Ecosystem } from './ecosystems.js';
import { LOCKFILES, MANIFESTS } from './ecosystems.js';
import type { RootTexts } from './root-texts.js';

export type LockStatus = 'present' | 'policy' | 'not-applicable' | 'missing';

export interface LockfileNeed {
  ecosystem: Ecosystem;
  status: LockStatus;
  /** Why, for details: "package-lock=false in .npmrc", "Maven has no lockfile". */
  reason: string;
}

export async function lockfileNeeds(ecosystems: readonly Ecosystem[], root: ReadonlySet<string>, texts: RootTexts, gitignore: string | null): Promise<LockfileNeed[]> {
  const out: LockfileNeed[] = [];
  const ignoredLocks = gitignore === null ? [] : gitignore.split(/\r?\n/).map((l) => l.trim().replace(/^\//, ''));
  for (const eco of ecosystems) {
    const present = LOCKFILES[eco].find((l) => root.has(l));
    if (present) {
      out.push({ ecosystem: eco, status: 'present', reason: present });
      continue;
    }
    if (!MANIFESTS[eco].some((m) => root.has(m))) continue;
    if (eco === 'java' && !MANIFESTS.java.some((m) => m.includes('gradle') && root.has(m))) {
      out.push({ ecosystem: eco, status: 'not-applicable', reason: 'Maven has no lockfile' });
      continue;
    }
    if (eco === 'go') {
      const mod = await texts.read('go.mod');
      if (root.has('go.work') || (mod !== null && !/^require\b/m.test(mod))) {
        out.push({ ecosystem: eco, status: 'not-applicable', reason: root.has('go.work') ? 'go.work: each module keeps its own go.sum' : 'go.mod has no requirements' });
        continue;
      }
    }
    if (eco === 'node') {
      const npmrc = await texts.read('.npmrc');
      if (npmrc !== null && /^\s*package-lock\s*=\s*false\s*$/m.test(npmrc)) {
        out.push({ ecosystem: eco, status: 'policy', reason: 'package-lock=false in .npmrc' });
        continue;
      }
    }
    const ignored = LOCKFILES[eco].filter((l) => ignoredLocks.includes(l));
    if (ignored.length > 0) {
      out.push({ ecosystem: eco, status: 'policy', reason: `${ignored.join(', ')} in .gitignore` });
      continue;
    }
    out.push({ ecosystem: eco, status: 'missing', reason: `${MANIFESTS[eco].find((m) => root.has(m)) ?? 'manifest'} without a lockfile` });
  }
  return out;
}
