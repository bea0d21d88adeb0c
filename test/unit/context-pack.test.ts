// The context pack on a fixture project: a real git repository with work in progress and a real
// LanceDB store (keyword mode), through the memory service's public searches.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { estimateTokens, RELEVANCE_FLOOR } from '../../src/protocol/context-limits.js';
import type { ContextPack } from '../../src/protocol/context-schemas.js';
import { branchQuery, buildContextPack } from '../../src/server/memory/context-pack.js';
import { readGitContext } from '../../src/server/session/git-context.js';
import { parseHandoff } from '../../src/server/memory/context-handoff.js';
import { makeContextFixture, PROJECT, type ContextFixture } from '../support/context-fixture.js';
import { removeFiles, writeFiles } from '../support/git-fixture.js';
import { openMemoryServices, type MemoryServices } from '../support/memory-services.js';

describe('context pack', () => {
  let f: ContextFixture;
  let s: MemoryServices;
  const build = (over: { budget?: number; prompt?: string } = {}): Promise<ContextPack> =>
    buildContextPack(s, { project: PROJECT, projectRoot: f.repo.dir, scoreLine: 'Quality: 71/100 at the last session end (1 day ago)', ...over });

  before(async () => {
    f = await makeContextFixture();
    s = await openMemoryServices(f.dataDir, PROJECT, f.repo.dir);
  });
  after(async () => {
    await s.close();
    await f.repo.cleanup();
    fs.rmSync(f.dataDir, { recursive: true, force: true });
  });

  it('holds the last handoff, the memories about the changes, then decisions and gotchas, in that order', async () => {
    const p = await build();
    assert.equal(p.branch, 'feature/BILL-482-token-refresh-race');
    assert.deepEqual([...p.changed_files].sort(), ['src/auth/lock.ts', 'src/auth/refresh.ts', 'src/db/pool.ts']);
    assert.equal(p.handoff?.id, 'handoff-1', 'the newest handoff, not the older one');
    assert.deepEqual(p.handoff?.open_items, ['Token refresh still races when two requests get a 401 at once']);
    assert.deepEqual(p.handoff?.next_steps, ['Serialise refreshToken() behind a lock', 'Add a test with two concurrent 401s']);
    assert.deepEqual(
      p.items.map((i) => `${i.section}:${i.id}`),
      [
        'relevant:refresh-lock',
        'relevant:refresh-race',
        'relevant:pool-size',
        'relevant:branch-match',
        'relevant:refresh-old',
        'decision:gotcha-tz',
        'decision:decision-money',
      ],
    );
    const text = p.text;
    const at = (needle: string): number => {
      const i = text.indexOf(needle);
      assert.ok(i >= 0, `missing ${needle} in\n${text}`);
      return i;
    };
    assert.ok(at('Quality: 71/100') < at('## Last handoff') && at('## Last handoff') < at('## Relevant') && at('## Relevant') < at('## Decisions and gotchas'));
    assert.match(text, /Open items:\n- Token refresh still races/);
    assert.match(text, /Next steps:\n- Serialise refreshToken\(\) behind a lock/);
    for (const id of f.never) assert.ok(!text.includes(`id ${id})`), `${id} must not be in the pack`);
  });

  it('says for each item its id, kind, age and why it was chosen, in one or two lines', async () => {
    const p = await build();
    const lines = p.text.split('\n');
    for (const item of p.items) {
      const i = lines.findIndex((l) => l.includes(`id ${item.id})`));
      assert.ok(i >= 0, item.id);
      assert.match(lines[i]!, new RegExp(`^- \\((reflection|conversation|decision|gotcha), (\\d+ (min|h|days) ago|just now), id ${item.id}\\)`));
      assert.match(lines[i + 1]!, /^ {2}why: /);
    }
    const race = p.items.find((i) => i.id === 'refresh-race')!;
    assert.match(race.why, /about src\/auth\/refresh\.ts \(changed\)/);
    assert.match(p.items.find((i) => i.id === 'branch-match')!.why, /matches branch feature\/BILL-482-token-refresh-race/);
    assert.equal(p.items.find((i) => i.id === 'decision-money')!.why, 'tagged decision');
  });

  it('marks stale and superseded items and ranks the superseded one last', async () => {
    const p = await build();
    const byId = new Map(p.items.map((i) => [i.id, i]));
    assert.equal(byId.get('pool-size')?.stale, 'src/db/pool.ts committed since');
    assert.equal(byId.get('refresh-race')?.stale, null, 'stored after the last commit of its file');
    assert.equal(byId.get('refresh-old')?.superseded_by, 'refresh-lock');
    assert.match(p.text, /id pool-size\) \[STALE: src\/db\/pool\.ts committed since\]/);
    assert.match(p.text, /id refresh-old\) \[SUPERSEDED by refresh-lock\]/);
    const relevant = p.items.filter((i) => i.section === 'relevant').map((i) => i.id);
    assert.equal(relevant[relevant.length - 1], 'refresh-old');
  });

  it('never exceeds the budget, and says how many more there are and how to get them', async () => {
    const full = await build({ budget: 20_000 });
    const all = full.items.map((i) => i.id);
    for (const budget of [100, 150, 250, 400, 600, 1_000, 1_500]) {
      const p = await build({ budget });
      assert.ok(estimateTokens(p.text) <= budget, `${estimateTokens(p.text)} tokens for budget ${budget}`);
      assert.equal(p.tokens, estimateTokens(p.text));
      // Nothing is cut silently: every item is either shown or listed as more.
      assert.deepEqual([...p.items.map((i) => i.id), ...p.more.ids].sort(), [...all].sort(), `budget ${budget}`);
      if (p.more.count > 0) assert.match(p.text, new RegExp(`\n(at least )?${p.more.count} more over the budget[^:]*: get_memory ${p.more.ids[0]}`));
    }
  });

  it('with an over-full budget keeps the best and lists the rest', async () => {
    const big = await makeContextFixture({ extraAboutRefresh: 40 });
    const svc = await openMemoryServices(big.dataDir, PROJECT, big.repo.dir);
    try {
      const p = await buildContextPack(svc, { project: PROJECT, projectRoot: big.repo.dir });
      assert.ok(p.tokens <= 1_500);
      assert.ok(p.more.count > 0);
      assert.match(p.text, /\nat least \d+ more over the budget: get_memory [\w-]+, .* or search_by_file src\/auth\/refresh\.ts$/);
      assert.ok(p.items.some((i) => i.id === 'refresh-lock'), 'the decision about a changed file is kept');
    } finally {
      await svc.close();
      await big.repo.cleanup();
      fs.rmSync(big.dataDir, { recursive: true, force: true });
    }
  });

  it('for a prompt: only what passes the relevance floor, or nothing at all', async () => {
    const hit = await build({ prompt: 'why do we get invalid_grant errors?' });
    assert.equal(hit.mode, 'prompt');
    assert.deepEqual(hit.items.map((i) => i.id), ['branch-match']);
    assert.ok(hit.items.every((i) => i.score >= RELEVANCE_FLOOR));
    assert.equal(hit.handoff, null);
    assert.match(hit.text, /^Memories relevant to this prompt/);
    const miss = await build({ prompt: 'configure the kubernetes helm chart ingress' });
    assert.equal(miss.text, '');
    assert.deepEqual(miss.items, []);
  });

  it('names what did not finish before a deadline instead of waiting for it', async () => {
    const git = await readGitContext(f.repo.dir);
    const p = await buildContextPack(s, { project: PROJECT, projectRoot: f.repo.dir, git, deadline: Date.now() - 1 });
    assert.deepEqual(p.items, []);
    assert.equal(p.handoff, null);
    assert.match(
      p.text,
      /\nNot done in time: the last handoff \(session-mgmt:\/\/handoff\/latest\); search_by_file src\/auth\/refresh\.ts; .*reflect_on_past "BILL token refresh race"; .*list_memories tag gotcha; commit times \(stale marks\)(; which items are superseded)?$/,
    );
    assert.doesNotMatch(p.text, /Nothing in memory passes/);
  });

  it('names the changed files beyond the ten it searches', async () => {
    const extra = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`src/reports/report-${String(i).padStart(2, '0')}.ts`, `export const r${i} = ${i};\n`]));
    await writeFiles(f.repo, extra);
    try {
      const p = await build({ budget: 20_000 });
      assert.match(p.text, /^# Context for billing-api \(branch feature\/BILL-482-token-refresh-race, 15 changed files\)/);
      assert.match(p.text, /\n5 more changed files not searched: search_by_file src\/reports\/report-07\.ts, src\/reports\/report-08\.ts, src\/reports\/report-09\.ts, …$/);
    } finally {
      await removeFiles(f.repo, Object.keys(extra));
    }
  });

  it('rejects a budget out of range', async () => {
    await assert.rejects(build({ budget: 10 }), /budget must be a whole number of tokens from 100/);
  });

  it('reads branch names and handoffs the way they are written', () => {
    assert.equal(branchQuery('main'), null);
    assert.equal(branchQuery('feature/BILL-482-token-refresh-race'), 'BILL token refresh race');
    assert.equal(branchQuery('users/jdoe/fix_pdf.fonts'), 'jdoe pdf fonts');
    const h = parseHandoff('# Session handoff: x\n\nSession of 5 min ended.\n\n## Recommendations\n\n- Add a linter (+3)\n');
    assert.deepEqual(h, { summary: 'Session of 5 min ended.', openItems: [], nextSteps: ['Add a linter (+3)'] });
  });
});
