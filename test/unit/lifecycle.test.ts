// The session lifecycle through the real server over stdio, on real git repositories.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gitIn, makeRepo, makeTempDir, writeFiles, type FixtureRepo } from '../support/git-fixture.js';
import { startServer, tempDir, textOf, type ServerHandle } from '../support/server-process.js';

interface Commit {
  status: string;
  hash: string | null;
  short_hash: string | null;
  files: string[];
  untracked: string[];
  reason: string;
  output: string | null;
}
interface Checkpoint {
  session: { id: string };
  session_started: boolean;
  checkpoint: { score: number; delta: number | null; commit_status: string; reflection_id: string | null };
  quality: { score: number; parts: { id: string; points: number }[] };
  commit: Commit;
  reflection: { stored: boolean; reason: string; id: string | null };
  history: { score: number }[];
}

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function repoWith(files: Record<string, string>): Promise<FixtureRepo> {
  const repo = await makeRepo(files);
  cleanups.push(() => repo.cleanup());
  return repo;
}

async function serverFor(cwd: string, dataDir?: string): Promise<{ srv: ServerHandle; dataDir: string }> {
  const dir = dataDir ?? tempDir('life');
  if (!dataDir) cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const srv = await startServer({ dataDir: dir, cwd });
  cleanups.push(() => srv.close());
  return { srv, dataDir: dir };
}

const BASE = { 'package.json': '{"name":"demo","version":"1.0.0"}\n', 'src/index.ts': 'export const a = 1;\n', 'README.md': '# demo\n' };

describe('checkpoint commits', () => {
  let repo: FixtureRepo;
  let srv: ServerHandle;
  before(async () => {
    repo = await repoWith(BASE);
    ({ srv } = await serverFor(repo.dir));
  });

  const checkpoint = (args: Record<string, unknown> = {}) => srv.call<Checkpoint>('checkpoint', args);
  const log = async (): Promise<string[]> => (await gitIn(repo, ['log', '--format=%s'])).trim().split('\n');

  it('skips a folder that is not a repository', async () => {
    const plain = await makeTempDir('plain-');
    cleanups.push(() => plain.cleanup());
    const out = await checkpoint({ working_directory: plain.dir });
    assert.equal(out.commit.status, 'no-repo');
  });

  it('makes no commit when the tree is clean', async () => {
    const out = await checkpoint();
    assert.equal(out.commit.status, 'clean');
    assert.equal(out.session_started, true);
    assert.deepEqual(await log(), ['initial commit']);
  });

  it('leaves untracked-only changes alone in tracked mode and lists them', async () => {
    await writeFiles(repo, { 'notes.txt': 'scratch\n' });
    const out = await checkpoint();
    assert.equal(out.commit.status, 'untracked-only');
    assert.deepEqual(out.commit.untracked, ['notes.txt']);
    assert.deepEqual(await log(), ['initial commit']);
  });

  it('commits tracked changes only, with the checkpoint message and body', async () => {
    await writeFiles(repo, { 'src/index.ts': 'export const a = 2;\n' });
    const out = await checkpoint();
    assert.equal(out.commit.status, 'committed');
    assert.deepEqual(out.commit.files, ['src/index.ts']);
    assert.deepEqual(out.commit.untracked, ['notes.txt']);
    const subject = (await gitIn(repo, ['log', '-1', '--format=%s'])).trim();
    assert.equal(subject, `checkpoint: ${path.basename(repo.dir)} (quality: ${out.quality.score}/100)`);
    const body = await gitIn(repo, ['log', '-1', '--format=%b']);
    assert.match(body, new RegExp(`Session: ${out.session.id}`));
    assert.match(body, /Code quality: [\d.]+\/40/);
    assert.equal(out.commit.hash, (await gitIn(repo, ['rev-parse', 'HEAD'])).trim());
    assert.equal(out.checkpoint.commit_status, 'committed');
    assert.equal((await gitIn(repo, ['status', '--porcelain'])).trim(), '?? notes.txt');
  });

  it('commits untracked files too in "all" mode, honouring .gitignore', async () => {
    await writeFiles(repo, { '.gitignore': 'secret.log\n', 'secret.log': 'x\n' });
    const out = await checkpoint({ commit: 'all' });
    assert.equal(out.commit.status, 'committed');
    assert.deepEqual(out.commit.files.sort(), ['.gitignore', 'notes.txt']);
    assert.equal((await gitIn(repo, ['status', '--porcelain'])).trim(), '');
  });

  it('makes no commit in "off" mode', async () => {
    await writeFiles(repo, { 'src/index.ts': 'export const a = 3;\n' });
    const out = await checkpoint({ commit: 'off' });
    assert.equal(out.commit.status, 'off');
    assert.match(await gitIn(repo, ['status', '--porcelain']), /M src\/index.ts/);
  });

  it('reports a failing pre-commit hook with its output and restores the index', async () => {
    const hook = path.join(repo.dir, '.git', 'hooks', 'pre-commit');
    fs.writeFileSync(hook, '#!/bin/sh\necho "lint failed: 3 problems" >&2\nexit 1\n', { mode: 0o755 });
    try {
      await gitIn(repo, ['add', 'README.md']); // the user's own staging must survive
      const before = await gitIn(repo, ['status', '--porcelain']);
      const out = await checkpoint();
      assert.equal(out.commit.status, 'hook-failed');
      assert.match(out.commit.output ?? '', /lint failed: 3 problems/);
      assert.equal(await gitIn(repo, ['status', '--porcelain']), before);
      const res = await srv.raw('checkpoint', {});
      assert.match(textOf(res), /a git hook rejected the commit/);
    } finally {
      fs.rmSync(hook);
    }
  });

  it('makes no commit while a merge is in progress', async () => {
    const base = (await gitIn(repo, ['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    await gitIn(repo, ['commit', '-qam', 'wip before merge']);
    await gitIn(repo, ['checkout', '-qb', 'side']);
    await writeFiles(repo, { 'README.md': '# side\n' });
    await gitIn(repo, ['commit', '-qam', 'side change']);
    await gitIn(repo, ['checkout', '-q', base]);
    await writeFiles(repo, { 'README.md': '# main\n' });
    await gitIn(repo, ['commit', '-qam', 'main change']);
    const merge = await gitIn(repo, ['merge', 'side']).catch((e: Error) => e.message);
    assert.match(String(merge), /conflict/i);
    const head = (await gitIn(repo, ['rev-parse', 'HEAD'])).trim();
    const out = await checkpoint();
    assert.equal(out.commit.status, 'in-progress');
    assert.match(out.commit.reason, /merge/);
    assert.equal((await gitIn(repo, ['rev-parse', 'HEAD'])).trim(), head);
    await gitIn(repo, ['merge', '--abort']);
  });

  it('makes no commit on a detached HEAD', async () => {
    await gitIn(repo, ['checkout', '-q', '--detach']);
    await writeFiles(repo, { 'src/index.ts': 'export const a = 4;\n' });
    const out = await checkpoint();
    assert.equal(out.commit.status, 'detached');
    await gitIn(repo, ['checkout', '-q', '-']);
  });
});

describe('session lifecycle', () => {
  it('auto-stores reflections by the rules, keeps history across restarts, hands off outside the repository', async () => {
    const repo = await repoWith(BASE);
    const first = await serverFor(repo.dir);
    const start = await first.srv.call<{ session: { id: string }; resumed: boolean; previous_handoff: unknown; quality: { score: number } }>('start');
    assert.equal(start.resumed, false);
    assert.equal(start.previous_handoff, null);
    const again = await first.srv.call<{ session: { id: string }; resumed: boolean }>('start');
    assert.equal(again.resumed, true);
    assert.equal(again.session.id, start.session.id);

    const routine = await first.srv.call<Checkpoint>('checkpoint', { trigger: 'auto' });
    assert.equal(routine.reflection.stored, false);
    assert.equal(routine.reflection.reason, 'routine');
    assert.equal(routine.checkpoint.delta, 0);
    const manual = await first.srv.call<Checkpoint>('checkpoint', {});
    assert.equal(manual.reflection.reason, 'manual');
    const memory = await first.srv.call<{ memory: { kind: string; tags: string[]; text: string; session_id: string } }>('get_memory', { id: manual.reflection.id });
    assert.equal(memory.memory.kind, 'checkpoint');
    assert.equal(memory.memory.session_id, start.session.id);
    assert.deepEqual(memory.memory.tags.slice(0, 2), ['checkpoint', 'manual']);
    assert.match(memory.memory.text, new RegExp(`^Quality score: ${manual.quality.score}/100\\.`));
    assert.deepEqual(manual.history.map((h) => h.score), [routine.quality.score, manual.quality.score]);
    await first.srv.call('store_reflection', { content: 'Decided to keep the parser hand-written for speed.' });
    await first.srv.close();

    // A new process sees the open session and its checkpoints.
    const second = await serverFor(repo.dir, first.dataDir);
    const status = await second.srv.call<{ session: { id: string } | null; checkpoints: number; last_checkpoint: { score: number } | null; delta_since_start: number }>('status');
    assert.equal(status.session?.id, start.session.id);
    assert.equal(status.checkpoints, 2);
    assert.equal(status.delta_since_start, 0);
    const history = await second.srv.call<{ points: { kind: string }[] }>('score_history');
    assert.deepEqual(history.points.map((p) => p.kind), ['start', 'checkpoint', 'checkpoint']);

    await writeFiles(repo, { 'src/new.ts': 'export {};\n', 'src/index.ts': 'export const a = 9;\n' });
    const end = await second.srv.call<{ handoff: string; handoff_path: string; handoff_memory_id: string; files_changed: string[]; session: { ended_at: string | null } }>('end');
    assert.ok(end.handoff_path.startsWith(path.join(first.dataDir, 'handoffs')), end.handoff_path);
    assert.ok(!end.handoff_path.startsWith(repo.dir));
    assert.equal(fs.readFileSync(end.handoff_path, 'utf8'), end.handoff);
    assert.deepEqual(end.files_changed, ['src/index.ts', 'src/new.ts']);
    assert.match(end.handoff, /## Checkpoints \(2\)/);
    assert.match(end.handoff, /parser hand-written/);
    assert.ok(end.session.ended_at);
    // Nothing was written into the repository.
    const porcelain = (await gitIn(repo, ['status', '--porcelain', '--untracked-files=all'])).split('\n').map((l) => l.trim()).filter(Boolean);
    assert.deepEqual(porcelain.sort(), ['?? src/new.ts', 'M src/index.ts']);
    const found = await second.srv.call<{ results: { id: string; kind: string }[] }>('reflect_on_past', { query: 'session handoff checkpoints', kinds: ['handoff'] });
    assert.equal(found.results[0]?.id, end.handoff_memory_id);

    const noSession = await second.srv.raw('end', {});
    assert.equal(noSession.isError, true);
    assert.match(textOf(noSession), /no open session/);

    const next = await second.srv.call<{ resumed: boolean; session: { id: string }; previous_handoff: { session_id: string; summary: string; path: string } | null }>('start');
    assert.equal(next.resumed, false);
    assert.notEqual(next.session.id, start.session.id);
    assert.equal(next.previous_handoff?.session_id, start.session.id);
    assert.match(next.previous_handoff?.summary ?? '', /^Session of \d+ min ended at quality \d+\/100/);
    assert.equal(next.previous_handoff?.path, end.handoff_path);
  });

  it('rejects a working_directory that does not exist, changing nothing', async () => {
    const repo = await repoWith(BASE);
    const { srv } = await serverFor(repo.dir);
    const res = await srv.raw('checkpoint', { working_directory: path.join(repo.dir, 'missing') });
    assert.equal(res.isError, true);
    assert.match(textOf(res), /working_directory ".*missing" does not exist/);
    const status = await srv.call<{ session: unknown }>('status');
    assert.equal(status.session, null);
  });

  it('offers the slash-command prompts', async () => {
    const repo = await repoWith(BASE);
    const { srv } = await serverFor(repo.dir);
    const { prompts } = await srv.client.listPrompts();
    assert.deepEqual(prompts.map((p) => p.name).sort(), ['checkpoint', 'end', 'quick-search', 'reflect', 'resume', 'start', 'status']);
    const p = await srv.client.getPrompt({ name: 'reflect', arguments: { query: 'flaky tests' } });
    const first = p.messages[0]?.content;
    assert.ok(first && first.type === 'text' && first.text.includes('"flaky tests"'));
  });
});
