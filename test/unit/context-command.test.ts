// `dist/server.js context` as Claude Code's hooks run it: SessionStart and UserPromptSubmit input on
// stdin, plain text on stdout, exit 0 always; a broken data dir prints nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { estimateTokens } from '../../src/protocol/context-limits.js';
import { claudeHooksConfig, shellQuote } from '../../src/extension/hooks-config.js';
import { makeContextFixture, PROJECT, type ContextFixture } from '../support/context-fixture.js';
import { SERVER_JS, tempDir } from '../support/server-process.js';

/** Content, not speed, is tested here (speed is in npm run bench): a generous time limit unless one is given. */
function run(args: string[], stdin: string, cwd: string): { code: number | null; stdout: string; stderr: string } {
  const limit = args.includes('--time-limit-ms') ? [] : ['--time-limit-ms', '60000'];
  const r = spawnSync(process.execPath, [SERVER_JS, 'context', ...limit, ...args], {
    input: stdin,
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SESSION_MGMT_ALLOW_DOWNLOAD: '0' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(`${path.relative(dir, p)}:${e.isDirectory() ? 'd' : fs.statSync(p).size}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

describe('context command (Claude Code hooks)', () => {
  let f: ContextFixture;
  const hookInput = (event: string, extra: Record<string, unknown>): string =>
    JSON.stringify({ session_id: '3f6c2c1e-8d1a-4a61-9f0e-5b7e1c2d9a10', transcript_path: path.join(f.dataDir, 'transcript.jsonl'), cwd: f.repo.dir, hook_event_name: event, ...extra });

  before(async () => {
    f = await makeContextFixture();
  });
  after(async () => {
    await f.repo.cleanup();
    fs.rmSync(f.dataDir, { recursive: true, force: true });
  });

  it('SessionStart: prints the pack as plain text and changes nothing in the data dir', () => {
    const before = listing(f.dataDir);
    const r = run(['--project-root', f.repo.dir, '--project', PROJECT, '--data-dir', f.dataDir], hookInput('SessionStart', { source: 'startup' }), f.repo.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Context for billing-api \(branch feature\/BILL-482-token-refresh-race, 3 changed files\)\n/);
    assert.match(r.stdout, /## Last handoff \(\d+ h ago, id handoff-1\)/);
    assert.match(r.stdout, /id refresh-race\)/);
    assert.match(r.stdout, /## Decisions and gotchas/);
    assert.ok(estimateTokens(r.stdout.trimEnd()) <= 1_500);
    assert.deepEqual(listing(f.dataDir), before, 'the store is opened read-only');
  });

  it('honours --budget', () => {
    const r = run(['--project-root', f.repo.dir, '--project', PROJECT, '--data-dir', f.dataDir, '--budget', '200'], '', f.repo.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(estimateTokens(r.stdout.trimEnd()) <= 200, r.stdout);
    assert.match(r.stdout, /more over the budget/);
  });

  it('UserPromptSubmit: the memories relevant to the prompt, the project found from the input cwd', () => {
    const r = run(['--prompt-from-stdin', '--project', PROJECT, '--data-dir', f.dataDir], hookInput('UserPromptSubmit', { permission_mode: 'default', prompt: 'why do we get invalid_grant errors?' }), f.dataDir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Memories relevant to this prompt/);
    assert.match(r.stdout, /id branch-match\)/);
    assert.doesNotMatch(r.stdout, /Last handoff/);
  });

  it('UserPromptSubmit: nothing at all when nothing passes the relevance floor', () => {
    const r = run(['--prompt-from-stdin', '--project', PROJECT, '--data-dir', f.dataDir], hookInput('UserPromptSubmit', { prompt: 'configure the kubernetes helm chart ingress' }), f.repo.dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('the hook configuration offered by Copy MCP Configuration runs as Claude Code runs it', () => {
    const cfg = claudeHooksConfig(process.execPath, [SERVER_JS, 'context'], { ELECTRON_RUN_AS_NODE: '1' });
    assert.deepEqual(Object.keys(cfg.hooks), ['SessionStart', 'UserPromptSubmit']);
    const start = cfg.hooks.SessionStart[0]!.hooks[0]!;
    const prompt = cfg.hooks.UserPromptSubmit[0]!.hooks[0]!;
    assert.equal(start.type, 'command');
    assert.match(start.command, /^ELECTRON_RUN_AS_NODE=1 .* context --project-root "\$CLAUDE_PROJECT_DIR"$/);
    assert.match(prompt.command, / context --project-root "\$CLAUDE_PROJECT_DIR" --prompt-from-stdin$/);
    // As configured, but with a generous time limit: content is tested here, speed in npm run bench.
    const sh = (command: string, stdin: string) =>
      spawnSync('/bin/sh', ['-c', command.replace(' context ', ' context --time-limit-ms 60000 ')], { input: stdin, cwd: f.dataDir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CLAUDE_PROJECT_DIR: f.repo.dir, SESSION_MGMT_DATA_DIR: f.dataDir, SESSION_MGMT_PROJECT: PROJECT } });
    const a = sh(start.command, hookInput('SessionStart', { source: 'startup' }));
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stdout, /^# Context for billing-api/);
    const b = sh(prompt.command, hookInput('UserPromptSubmit', { prompt: 'invalid_grant errors again' }));
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /id branch-match\)/);
    assert.equal(shellQuote("it's here"), `'it'\\''s here'`);
  });

  it('a broken data dir, a missing one or bad input: prints nothing, exits 0, says why on stderr', () => {
    const broken = tempDir('broken');
    try {
      fs.mkdirSync(path.join(broken, 'lancedb', 'memories.lance'), { recursive: true });
      fs.writeFileSync(path.join(broken, 'lancedb', 'memories.lance', '_latest.manifest'), 'not a manifest');
      for (const [args, stdin] of [
        [['--project-root', f.repo.dir, '--data-dir', broken], ''],
        [['--project-root', f.repo.dir, '--data-dir', path.join(broken, 'missing')], ''],
        [['--prompt-from-stdin', '--data-dir', f.dataDir], '{"prompt": '],
        [['--project-root', f.repo.dir, '--data-dir', f.dataDir, '--budget', 'lots'], ''],
      ] as const) {
        const r = run([...args], stdin, f.repo.dir);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, '', args.join(' '));
        assert.match(r.stderr, /context: .*printing nothing/, args.join(' '));
      }
      assert.ok(!fs.existsSync(path.join(broken, 'missing')), 'a missing data dir is not created');
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
