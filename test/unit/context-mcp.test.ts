// The context pack where agents meet it over MCP: the start tool, the start and resume prompts, and
// the resources, through the real MCP client over stdio against the fixture project.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ResourceListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ContextPack } from '../../src/protocol/context-schemas.js';
import { makeContextFixture, PROJECT, type ContextFixture } from '../support/context-fixture.js';
import { startServer, textOf, type ServerHandle } from '../support/server-process.js';

describe('context pack over MCP', () => {
  let f: ContextFixture;
  let srv: ServerHandle;

  before(async () => {
    // More memories than one page of resources/list.
    f = await makeContextFixture({ extraAboutRefresh: 40 });
    srv = await startServer({ dataDir: f.dataDir, cwd: f.repo.dir, args: ['--project', PROJECT] });
  });
  after(async () => {
    await srv.close();
    await f.repo.cleanup();
    fs.rmSync(f.dataDir, { recursive: true, force: true });
  });

  it('start returns the pack in its text and structuredContent, the quality details only in structuredContent', async () => {
    const res = await srv.raw('start', { context_budget: 1_200 });
    assert.ok(!res.isError, textOf(res));
    const text = textOf(res);
    const out = res.structuredContent as { context: ContextPack; quality: { score: number; parts: unknown[] } };
    assert.equal(out.context.budget, 1_200);
    assert.ok(out.context.tokens <= 1_200);
    assert.ok(out.quality.parts.length > 0);
    assert.match(text, /^Started session [\w-]+ for billing-api\.\n\n# Context for billing-api/);
    assert.match(text, new RegExp(`\\nQuality: ${out.quality.score}/100 \\((excellent|good|needs-attention)\\); weakest: `));
    assert.doesNotMatch(text, /\| metric \| points \|/, 'no quality tables in the text');
    assert.ok(text.includes(out.context.text));
    // The decision about a changed file first; the forty notes listing the other changed file score
    // alike and come newest first: what does not fit is named, not dropped.
    assert.equal(out.context.items[0]?.id, 'refresh-lock');
    assert.ok(out.context.more.count > 0);
    assert.ok([...out.context.items.map((i) => i.id), ...out.context.more.ids].includes('refresh-race'));
  });

  it('the start and resume prompts carry the pack in their messages', async () => {
    for (const name of ['start', 'resume']) {
      const p = await srv.client.getPrompt({ name });
      const text = p.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
      assert.match(text, /# Context for billing-api \(branch feature\/BILL-482-token-refresh-race/, name);
      assert.match(text, /Serialise refreshToken\(\) behind a lock/, name);
      assert.match(text, /id refresh-lock\)/, name);
    }
  });

  it('resources/list: the latest handoff, the pack, the session, then memories newest first, paged with cursors', async () => {
    const first = await srv.client.listResources();
    const uris = first.resources.map((r) => r.uri);
    assert.deepEqual(uris.slice(0, 3), ['session-mgmt://handoff/latest', 'session-mgmt://context', 'session-mgmt://session/current']);
    assert.equal(uris[3], 'session-mgmt://memory/refresh-extra-00', 'the newest memory first');
    assert.ok(first.nextCursor, 'a second page');
    const seen = new Set(uris);
    let cursor: string | undefined = first.nextCursor;
    while (cursor) {
      const page = await srv.client.listResources({ cursor });
      for (const r of page.resources) {
        assert.ok(!seen.has(r.uri), `${r.uri} listed twice`);
        seen.add(r.uri);
      }
      cursor = page.nextCursor;
    }
    const memories = [...seen].filter((u) => u.startsWith('session-mgmt://memory/'));
    assert.equal(memories.length, 40 + 16, 'every memory of the project once (not the other project\'s)');
    await assert.rejects(srv.client.listResources({ cursor: 'nonsense' }), /invalid cursor/);
  });

  it('resources/read: the pack as markdown and as data, the latest handoff, the current session', async () => {
    const ctx = await srv.client.readResource({ uri: 'session-mgmt://context?budget=300' });
    const md = ctx.contents.find((c) => c.mimeType === 'text/markdown');
    const json = ctx.contents.find((c) => c.mimeType === 'application/json');
    assert.ok(md && 'text' in md && json && 'text' in json);
    const pack = JSON.parse(json.text) as ContextPack;
    assert.equal(pack.budget, 300);
    assert.equal(pack.text, md.text);
    assert.match(md.text, /^# Context for billing-api/);
    assert.match(md.text, /more over the budget/);
    await assert.rejects(srv.client.readResource({ uri: 'session-mgmt://context?budget=5' }), /budget must be/);

    const handoff = await srv.client.readResource({ uri: 'session-mgmt://handoff/latest' });
    assert.match((handoff.contents[0] as { text: string }).text, /^# Session handoff: billing-api[\s\S]*## Next steps/);

    const session = await srv.client.readResource({ uri: 'session-mgmt://session/current' });
    const cur = JSON.parse((session.contents[0] as { text: string }).text) as { project: string; session: { id: string } | null };
    assert.equal(cur.project, 'billing-api');
    assert.ok(cur.session, 'start opened one');
  });

  it('the memory template reads any memory by id, and says plainly when there is none', async () => {
    const t = await srv.client.listResourceTemplates();
    assert.deepEqual(t.resourceTemplates.map((r) => r.uriTemplate), ['session-mgmt://memory/{id}']);
    const m = await srv.client.readResource({ uri: 'session-mgmt://memory/gotcha-tz' });
    const text = (m.contents[0] as { text: string }).text;
    assert.match(text, /^# reflection gotcha-tz\n\nProject billing-api, stored .*\nTags: gotcha\nFiles: src\/invoices\/render\.ts\n\nInvoices are dated/);
    await assert.rejects(srv.client.readResource({ uri: 'session-mgmt://memory/no-such-id' }), /no memory with id "no-such-id"/);
    await assert.rejects(srv.client.readResource({ uri: 'session-mgmt://nothing' }), /no resource/);
  });

  it('announces notifications/resources/list_changed when memories change', async () => {
    let changed = 0;
    srv.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
      changed++;
    });
    // The server compares the table version every 2 s.
    await new Promise((r) => setTimeout(r, 2_500));
    const before = changed;
    await srv.call('store_reflection', { content: 'Invoices over 10,000 lines are rendered in pages of 500.', tags: ['gotcha'] });
    const deadline = Date.now() + 15_000;
    while (changed === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(changed > before, 'a list_changed notification arrived');
    const first = await srv.client.listResources();
    assert.match(first.resources[3]?.title ?? '', /^reflection: Invoices over 10,000 lines/);
  });

  it('a search whose best result is below the relevance floor says plainly that nothing relevant was found', async () => {
    const weak = textOf(await srv.raw('reflect_on_past', { query: 'kubernetes helm ingress invoices', min_score: 0.1 }));
    assert.match(weak, /\nNothing relevant was found: the best match scores 0\.\d\d, below the relevance floor 0\.5\. Near misses, not answers:\n\n1\. /);
    const none = textOf(await srv.raw('quick_search', { query: 'kubernetes helm ingress' }));
    assert.match(none, /\nNothing relevant was found\.$/);
    const good = textOf(await srv.raw('reflect_on_past', { query: 'invalid_grant errors in the logs' }));
    assert.doesNotMatch(good, /Nothing relevant/);
    assert.match(good, /intermittent invalid_grant errors/);
  });
});
