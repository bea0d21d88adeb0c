// Generates a large, realistic git repository for benchmarks (default 5,000 files, 2,000 commits) in seconds,
// by streaming the whole history into `git fast-import` instead of running git once per commit.
// Deterministic: the same options give the same tree, messages and relative dates.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { runGit } from '../../src/server/session/git.js';
import { mulberry32 as rng } from '../../test/support/prng.js';

export interface BigRepoOptions {
  /** Files in the final tree (default 5,000). */
  files?: number;
  /** Commits on main (default 2,000). */
  commits?: number;
  /** Dates are spread over the `days` before `now` (defaults: now, 200 days). */
  now?: Date;
  days?: number;
}

const DAY_S = 86_400;
const AUTHORS = ['Ada Lovelace <ada@example.invalid>', 'Linus Pauling <linus@example.invalid>', 'Grace Hopper <grace@example.invalid>'];
const TYPES = ['feat', 'fix', 'refactor', 'docs', 'test', 'chore', 'perf'];
const SCOPES = ['api', 'cli', 'core', 'ui', 'db', 'auth', 'search'];
const WORDS = ['parser', 'cache', 'session', 'index', 'retry', 'config', 'logging', 'export', 'import', 'queue', 'token refresh', 'pagination'];


interface PlannedFile {
  path: string;
  /** Lines in the first version; each modification appends one. */
  lines: number;
  kind: 'ts' | 'test' | 'py' | 'pytest' | 'md' | 'json';
}

/** The final tree: mostly TypeScript, with tests, docs and a Python tooling package. */
function planFiles(count: number, r: () => number): PlannedFile[] {
  const out: PlannedFile[] = [];
  const size = (): number => (r() < 0.03 ? 520 + Math.floor(r() * 600) : 15 + Math.floor(r() * 260));
  for (let i = 0; out.length < count; i++) {
    const area = SCOPES[i % SCOPES.length] as string;
    const sub = `m${Math.floor(i / 40) % 25}`;
    const roll = r();
    if (roll < 0.7) out.push({ path: `src/${area}/${sub}/file${i}.ts`, lines: size(), kind: 'ts' });
    else if (roll < 0.85) out.push({ path: `test/${area}/${sub}/file${i}.test.ts`, lines: 20 + Math.floor(r() * 120), kind: 'test' });
    else if (roll < 0.9) out.push({ path: `docs/${area}/page${i}.md`, lines: 10 + Math.floor(r() * 80), kind: 'md' });
    else if (roll < 0.96) out.push({ path: `tools/pytools/mod${i}.py`, lines: size(), kind: 'py' });
    else if (roll < 0.98) out.push({ path: `tools/tests/test_mod${i}.py`, lines: 20 + Math.floor(r() * 60), kind: 'pytest' });
    else out.push({ path: `config/${area}/settings${i}.json`, lines: 5 + Math.floor(r() * 30), kind: 'json' });
  }
  return out;
}

function content(f: PlannedFile, version: number): string {
  const n = f.lines + version;
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    switch (f.kind) {
      case 'ts':
      case 'test':
        rows.push(i % 10 === 0 ? `export function fn${i}(x: number): number {` : i % 10 === 9 ? '}' : `  const v${i} = x * ${i}; // ${f.path}`);
        break;
      case 'py':
      case 'pytest':
        rows.push(i % 8 === 0 ? `def fn_${i}(x):` : `    v${i} = x * ${i}  # step`);
        break;
      case 'md':
        rows.push(i % 12 === 0 ? `## Section ${i}` : `Notes on ${f.path}, line ${i}.`);
        break;
      case 'json':
        rows.push(i === 0 ? '{' : i === n - 1 ? '}' : `  "key${i}": ${i}${i === n - 2 ? '' : ','}`);
        break;
    }
  }
  return `${rows.join('\n')}\n`;
}

function message(i: number, r: () => number): string {
  const word = WORDS[Math.floor(r() * WORDS.length)] as string;
  const ref = r() < 0.3 ? ` (#${100 + Math.floor(r() * 900)})` : '';
  const body = r() < 0.15 ? `\n\nCloses #${100 + (i % 700)}` : '';
  if (r() < 0.6) {
    const scope = r() < 0.5 ? `(${SCOPES[Math.floor(r() * SCOPES.length)] as string})` : '';
    return `${TYPES[Math.floor(r() * TYPES.length)] as string}${scope}: update ${word}${ref}${body}`;
  }
  return `${r() < 0.5 ? 'Update' : 'Tweak'} ${word}${ref}${body}`;
}

const ROOT_FILES: Record<string, string> = {
  'package.json': '{\n  "name": "big-app",\n  "version": "1.0.0",\n  "type": "module"\n}\n',
  'tsconfig.json': '{\n  // generated\n  "compilerOptions": { "strict": true, "target": "ES2022" },\n}\n',
  'README.md': '# big-app\n\nA generated repository for benchmarks.\n',
  '.gitignore': 'node_modules/\ndist/\ncoverage/\n.env\n',
  '.github/workflows/ci.yml': 'on: [push]\njobs: {}\n',
  '.github/workflows/release.yml': 'on: [release]\njobs: {}\n',
  'pyproject.toml': '[project]\nname = "pytools"\n\n[tool.mypy]\nstrict = true\n',
  'LICENSE': 'MIT\n',
};

const lockfile = (version: number): string => `{\n  "name": "big-app",\n  "lockfileVersion": 3,\n  "revision": ${version}\n}\n`;

export async function makeBigRepo(dir: string, opts: BigRepoOptions = {}): Promise<void> {
  const fileCount = opts.files ?? 5000;
  const commitCount = Math.max(1, opts.commits ?? 2000);
  const nowS = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const startS = nowS - (opts.days ?? 200) * DAY_S;
  const r = rng(42);

  await fs.mkdir(dir, { recursive: true });
  const init = await runGit(dir, ['init', '--quiet', '--initial-branch=main']);
  if (init.code !== 0) throw new Error(`git init failed: ${init.stderr}`);

  const rootCount = Object.keys(ROOT_FILES).length + 1;
  const planned = planFiles(Math.max(0, fileCount - rootCount), r);
  const versions = new Map<number, number>();
  // Files arrive over the first 60% of the history, so early commits are not one giant import.
  const growCommits = Math.max(1, Math.floor(commitCount * 0.6));
  const perCommit = Math.ceil(planned.length / growCommits);

  const chunks: string[] = [];
  const blob = (path: string, data: string): void => {
    chunks.push(`M 100644 inline ${path}\ndata ${Buffer.byteLength(data)}\n${data}\n`);
  };
  let added = 0;
  let lockVersion = 0;
  const branches: Array<[name: string, mark: number]> = [];

  for (let c = 0; c < commitCount; c++) {
    const mark = c + 1;
    // Ascending dates with a little jitter, the last one an hour before now.
    const t = startS + Math.floor(((c + r() * 0.5) / commitCount) * (nowS - startS - 3600));
    const author = AUTHORS[c % AUTHORS.length] as string;
    const msg = c === 0 ? 'chore: initial commit' : message(c, r);
    chunks.push(`commit refs/heads/main\nmark :${mark}\nauthor ${author} ${t} +0000\ncommitter ${author} ${t} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\n`);
    if (c > 0) chunks.push(`from :${c}\n`);
    if (c === 0) for (const [p, d] of Object.entries(ROOT_FILES)) blob(p, d);
    // The lockfile changes now and then, last about a week before the end.
    if (c === 0 || (c % 97 === 0 && c < commitCount - 40)) blob('package-lock.json', lockfile(lockVersion++));
    const end = Math.min(planned.length, added + perCommit);
    for (; added < end; added++) blob(planned[added]?.path as string, content(planned[added] as PlannedFile, 0));
    // Touch one to three existing files.
    const touches = added === 0 ? 0 : 1 + Math.floor(r() * 3);
    for (let k = 0; k < touches; k++) {
      const i = Math.floor(r() * added);
      const v = (versions.get(i) ?? 0) + 1;
      versions.set(i, v);
      blob(planned[i]?.path as string, content(planned[i] as PlannedFile, v));
    }
    chunks.push('\n');
    if (c > 0 && c % Math.max(1, Math.floor(commitCount / 6)) === 0) branches.push([`feature/${SCOPES[branches.length % SCOPES.length] as string}-${c}`, mark]);
  }
  for (const [name, mark] of branches) chunks.push(`reset refs/heads/${name}\nfrom :${mark}\n\n`);
  chunks.push('done\n');

  await fastImport(dir, chunks);
  const co = await runGit(dir, ['checkout', '--quiet', '--force', 'main']);
  if (co.code !== 0) throw new Error(`git checkout failed: ${co.stderr}`);
}

function fastImport(dir: string, chunks: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import failed (${code}): ${stderr.trim()}`))));
    child.stdin.on('error', reject);
    // One write per ~1 MB, honouring back-pressure.
    let i = 0;
    const pump = (): void => {
      while (i < chunks.length) {
        let batch = '';
        while (i < chunks.length && batch.length < 1 << 20) batch += chunks[i++];
        if (!child.stdin.write(batch)) {
          child.stdin.once('drain', pump);
          return;
        }
      }
      child.stdin.end();
    };
    pump();
  });
}
