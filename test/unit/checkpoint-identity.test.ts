// The checkpoint commit when git does not know who the user is, and git's own words on failure.
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { checkpointCommit } from '../../src/server/session/checkpoint-commit.js';
import { gitMessage } from '../../src/server/session/git.js';
import { gitIn, makeRepo, writeFiles, type FixtureRepo } from '../support/git-fixture.js';

const IDENTITY_VARS = ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'EMAIL', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_EMAIL', 'GIT_AUTHOR_NAME', 'GIT_COMMITTER_NAME'];

describe('checkpoint commit without a git identity', () => {
  const saved: Record<string, string | undefined> = {};
  let repo: FixtureRepo;
  const repos: FixtureRepo[] = [];
  after(async () => {
    for (const r of repos) await r.cleanup();
  });
  beforeEach(async () => {
    for (const k of IDENTITY_VARS) saved[k] = process.env[k];
    for (const k of IDENTITY_VARS) delete process.env[k];
    // The user's and the machine's configuration are out of reach, as in a fresh home.
    process.env.GIT_CONFIG_GLOBAL = os.devNull;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    repo = await makeRepo({ 'src/index.ts': 'export const a = 1;\n' });
    repos.push(repo);
    await gitIn(repo, ['config', '--unset', 'user.name']);
    await gitIn(repo, ['config', '--unset', 'user.email']);
    await writeFiles(repo, { 'src/index.ts': 'export const a = 2;\n' });
  });
  afterEach(() => {
    for (const k of IDENTITY_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('says so with the command to set it, and leaves the index and history alone', async () => {
    const head = (await gitIn(repo, ['rev-parse', 'HEAD'])).trim();
    const before = await gitIn(repo, ['status', '--porcelain']);
    const out = await checkpointCommit({ dir: repo.dir, mode: 'tracked', subject: 'checkpoint', body: '' });
    assert.equal(out.status, 'no-identity');
    assert.match(out.reason, /git does not know who you are/);
    assert.match(out.reason, /git config --global user\.email/);
    assert.equal(out.hash, null);
    assert.equal((await gitIn(repo, ['rev-parse', 'HEAD'])).trim(), head);
    assert.equal(await gitIn(repo, ['status', '--porcelain']), before);
  });

  it('commits once the identity is in the environment (as for a user whose config is elsewhere)', async () => {
    Object.assign(process.env, { GIT_AUTHOR_NAME: 'Ada', GIT_COMMITTER_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.invalid', GIT_COMMITTER_EMAIL: 'ada@example.invalid' });
    const out = await checkpointCommit({ dir: repo.dir, mode: 'tracked', subject: 'checkpoint', body: '' });
    assert.equal(out.status, 'committed', out.reason);
    assert.match(await gitIn(repo, ['log', '-1', '--format=%an <%ae>']), /Ada <ada@example.invalid>/);
  });
});

describe('gitMessage', () => {
  it("keeps git's fatal and error lines and drops its hints", () => {
    const stderr = "Author identity unknown\n\n*** Please tell me who you are.\nhint: run git config\nfatal: unable to auto-detect email address (got 'root@box.(none)')\n";
    assert.equal(gitMessage({ code: 128, stdout: '', stderr }), "fatal: unable to auto-detect email address (got 'root@box.(none)')");
  });
  it('falls back to the first lines, then to the exit code', () => {
    assert.equal(gitMessage({ code: 1, stdout: 'nothing added to commit\n', stderr: '' }), 'nothing added to commit');
    assert.equal(gitMessage({ code: 7, stdout: '', stderr: '' }), 'exit 7');
  });
});
