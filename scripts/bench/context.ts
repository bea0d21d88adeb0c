// The `context` subcommand as Claude Code's hooks run it: a fresh process per call, on an empty
// store and on populated ones, for SessionStart (the pack) and UserPromptSubmit (a prompt).
// Target: within 2 s at 100k memories, model or not.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVER_JS } from '../../test/support/server-process.js';
import { branch, commit, makeRepo, writeFiles } from '../../test/support/git-fixture.js';
import { ms, percentile } from './stats.js';

type Report = (metric: string, value: string, target?: string) => void;

/** A repository shaped like the corpus' files, on a feature branch with three files changed. */
export async function contextRepo(dir: string): Promise<string> {
  const files = ['src/server/memory/store.ts', 'src/server/memory/search.ts', 'src/server/main.ts', 'esbuild.config.mjs', 'package.json', 'README.md'];
  const repo = await makeRepo(Object.fromEntries(files.map((f) => [f, `// ${f}\n`])), { message: 'chore: initial import' });
  await commit(repo, 'perf: compact the table after many small fragments', { files: { 'src/server/memory/store.ts': '// store v2\n' } });
  await branch(repo, 'fix/escape-filter-quotes', { checkout: true });
  await writeFiles(repo, { 'src/server/memory/store.ts': '// wip\n', 'src/server/memory/search.ts': '// wip\n', 'src/server/main.ts': '// wip\n' });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.renameSync(repo.dir, dir);
  return dir;
}

function runContext(args: string[], stdin: string): { ms: number; chars: number; partial: boolean; code: number | null; stderr: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [SERVER_JS, 'context', ...args], {
    input: stdin,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SESSION_MGMT_ALLOW_DOWNLOAD: '0' },
  });
  return { ms: performance.now() - t, chars: r.stdout.length, partial: r.stdout.includes('Not done in time'), code: r.status, stderr: r.stderr };
}

export function contextBench(opts: { dataDir: string; repo: string; label: string; modelDir: string; report: Report }): void {
  const base = ['--data-dir', opts.dataDir, '--project-root', opts.repo, '--project', 'bench'];
  const prompt = JSON.stringify({ session_id: 's', transcript_path: '/dev/null', cwd: opts.repo, hook_event_name: 'UserPromptSubmit', prompt: 'why was the filter not escaped when the query contained quotes?' });
  for (const [name, args, stdin] of [
    ['SessionStart pack (keyword)', base, ''],
    ['UserPromptSubmit, keyword', [...base, '--prompt-from-stdin'], prompt],
    ['UserPromptSubmit, model on disk', [...base, '--prompt-from-stdin', '--model-path', opts.modelDir], prompt],
  ] as const) {
    const runs = Array.from({ length: 5 }, () => runContext([...args], stdin));
    const bad = runs.find((r) => r.code !== 0);
    if (bad) throw new Error(`context exited ${bad.code}: ${bad.stderr}`);
    const times = runs.map((r) => r.ms);
    const gaveUp = runs.filter((r) => /out of time/.test(r.stderr)).length;
    const keyword = runs.filter((r) => /not ready in time/.test(r.stderr)).length;
    const partial = runs.filter((r) => r.partial).length;
    const notes = [gaveUp ? `${gaveUp} printed nothing (stuck)` : '', partial ? `${partial} partial (searches cut at the time limit)` : '', keyword ? `${keyword} without the model (not ready in time)` : '']
      .filter(Boolean)
      .join(', ');
    opts.report(
      `context command, ${name}, ${opts.label} (5 runs)`,
      `p50 ${ms(percentile(times, 50))}, max ${ms(Math.max(...times))}, ${Math.max(...runs.map((r) => r.chars))} chars${notes ? `; ${notes}` : ''}`,
      '<= 2 s',
    );
  }
}
