// Runs the git CLI. Every call is argument-vector based (no shell), bounded in time and output.
import { execFile } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly result: GitResult,
  ) {
    super(message);
  }
}

const MAX_BUFFER = 64 * 1024 * 1024;

/** Runs git and resolves with its exit code and output, never rejecting on a non-zero exit. */
export function runGit(cwd: string, args: readonly string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd,
        maxBuffer: MAX_BUFFER,
        timeout: opts.timeoutMs ?? 60_000,
        // No pager, no prompts for credentials, stable English messages.
        env: { ...process.env, ...opts.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
          reject(new Error(`could not run git: ${err.message}`));
          return;
        }
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs git and returns stdout; throws GitError on a non-zero exit. */
export async function git(cwd: string, args: readonly string[], opts: { timeoutMs?: number } = {}): Promise<string> {
  const r = await runGit(cwd, args, opts);
  if (r.code !== 0) throw new GitError(`git ${args[0] ?? ''} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`, r);
  return r.stdout;
}

/** The repository's top-level folder, or null when cwd is not inside a work tree. */
export async function gitTopLevel(cwd: string): Promise<string | null> {
  const r = await runGit(cwd, ['rev-parse', '--show-toplevel']);
  return r.code === 0 ? r.stdout.trim() : null;
}

/** What git said, without its hints: the fatal/error lines, else the first lines of its output. */
export function gitMessage(r: GitResult): string {
  const lines = `${r.stderr}\n${r.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('hint:'));
  const errors = lines.filter((l) => /^(fatal|error):/i.test(l));
  return (errors.length > 0 ? errors : lines).slice(0, 3).join(' ') || `exit ${r.code}`;
}
