// The context pack where agents meet it over MCP: the start tool, the start and resume prompts, and
// the resources, through the real MCP client over stdio against the fixture project.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
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
    assert.deepEqual(out.context.items.slice(0, 2).map((i) => i.id), ['refresh-lock', 'refresh-race']);
  });

  it('the start and resume prompts carry the pack in their messages', async () => {
    for (const name of ['start', 'resume']) {
      const p = await srv.client.getPrompt({ name });
      const text = p.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
      assert.match(text, /# Context for billing-api \(branch feature\/BILL-482-token-refresh-race/, name);
      assert.match(text, /Serialise refreshToken\(\) behind a lock/, name);
      assert.match(text, /id refresh-race\)/, name);
    }
  });
});
