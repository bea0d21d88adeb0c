// Every tool as a real MCP client lists it: its schemas are valid JSON Schema under draft-07 and
// 2020-12, its results match its output schema, and it rejects arguments it does not know.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { startServer, tempDir, textOf, type ServerHandle } from '../support/server-process.js';
import { TranscriptWriter } from '../support/transcripts.js';

type Json = Record<string, unknown>;

const DRAFT7 = 'http://json-schema.org/draft-07/schema#';
const DRAFT2020 = 'https://json-schema.org/draft/2020-12/schema';

function withDialect(schema: Json, dialect: string): Json {
  return { ...schema, $schema: dialect };
}

/** Arguments that satisfy a tool's input schema: every required property with a plain value. */
function validArgs(schema: Json): Json {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const args: Json = {};
  for (const name of (schema.required ?? []) as string[]) {
    const p = props[name] ?? {};
    if (Array.isArray(p.enum)) args[name] = p.enum[0];
    else if (p.type === 'array') args[name] = [];
    else if (p.type === 'number' || p.type === 'integer') args[name] = 1;
    else if (p.type === 'boolean') args[name] = false;
    else args[name] = 'probe';
  }
  return args;
}

describe('tool schemas and strict inputs', () => {
  let dir: string;
  let srv: ServerHandle;
  let tools: Tool[];
  let chunkId: string;

  before(async () => {
    dir = tempDir('schemas');
    const root = path.join(dir, 'ledger-api');
    fs.mkdirSync(path.join(root, '.git'), { recursive: true });
    const transcripts = path.join(dir, 'transcripts');
    new TranscriptWriter({ cwd: root, start: new Date('2026-10-02T08:00:00Z'), seed: 7 })
      .user('Why does the ledger export time out for large accounts?')
      .assistant('The export loads every entry at once; streaming it page by page fixes the timeout.')
      .writeTo(transcripts);
    srv = await startServer({ dataDir: path.join(dir, 'data'), cwd: root, args: ['--conversations-dir', transcripts] });
    tools = (await srv.client.listTools()).tools;
    await srv.call('store_reflection', { content: 'Ledger export streams entries page by page.', tags: ['export'], files: ['src/export.ts'] });
    await srv.call('import_conversations', {});
    const list = await srv.call<{ items: Array<{ id: string }> }>('list_memories', { kinds: ['conversation'] });
    chunkId = list.items[0]?.id ?? '';
    assert.ok(chunkId, 'a conversation chunk was imported');
  });

  after(async () => {
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('every input and output schema is valid draft-07 and 2020-12 JSON Schema', () => {
    assert.ok(tools.length >= 20, `only ${tools.length} tools listed`);
    const draft7 = new Ajv({ strict: true, allErrors: true });
    const draft2020 = new Ajv2020({ strict: true, allErrors: true });
    for (const tool of tools) {
      const schemas: Array<[string, Json]> = [['input', tool.inputSchema as Json]];
      if (tool.outputSchema) schemas.push(['output', tool.outputSchema as Json]);
      for (const [which, schema] of schemas) {
        for (const [ajv, dialect] of [[draft7, DRAFT7], [draft2020, DRAFT2020]] as const) {
          const s = withDialect(schema, dialect);
          assert.ok(ajv.validateSchema(s), `${tool.name} ${which} schema under ${dialect}: ${ajv.errorsText(ajv.errors)}`);
          assert.doesNotThrow(() => ajv.compile(s), `${tool.name} ${which} schema compiles under ${dialect} in strict mode`);
        }
      }
    }
  });

  it('input schemas declare that no other properties are allowed', () => {
    for (const tool of tools) assert.equal(tool.inputSchema.additionalProperties, false, tool.name);
  });

  it("get_memory's result for a conversation chunk matches its output schema under both dialects", async () => {
    const res = await srv.raw('get_memory', { id: chunkId });
    assert.ok(!res.isError, textOf(res));
    const lines = (res.structuredContent as { memory: { conversation: { lines: number[] } } }).memory.conversation.lines;
    assert.equal(lines.length, 2);
    const schema = tools.find((t) => t.name === 'get_memory')?.outputSchema as Json;
    for (const ajv of [new Ajv({ strict: true }), new Ajv2020({ strict: true })]) {
      const validate = ajv.compile(withDialect(schema, ajv instanceof Ajv2020 ? DRAFT2020 : DRAFT7));
      assert.ok(validate(res.structuredContent), ajv.errorsText(validate.errors));
      assert.ok(!validate({ memory: { ...(res.structuredContent as { memory: Json }).memory, conversation: { conversation_id: 'x', lines: ['a'], tools: [], edited: [], first_at: null, last_at: null } } }));
    }
  });

  it('every tool rejects an unknown argument, names it, and changes nothing', async () => {
    const before = await srv.call<{ total: number }>('reflection_stats');
    const history = await srv.call<{ points: unknown[] }>('score_history');
    for (const tool of tools) {
      const res = await srv.raw(tool.name, { ...validArgs(tool.inputSchema as Json), limt: 3 });
      assert.equal(res.isError, true, `${tool.name} accepted an unknown argument`);
      assert.match(textOf(res), /limt/, `${tool.name}'s error names the argument: ${textOf(res)}`);
    }
    // Misspellings an agent makes, on the tools that write.
    const typo = await srv.raw('store_reflection', { contnet: 'misspelt', content: 'should not be stored' });
    assert.match(textOf(typo), /contnet/);
    assert.deepEqual(await srv.call<{ total: number }>('reflection_stats').then((s) => s.total), before.total);
    assert.deepEqual((await srv.call<{ points: unknown[] }>('score_history')).points.length, history.points.length);
  });

  it('known arguments still work, defaults included', async () => {
    const out = await srv.call<{ results: unknown[] }>('reflect_on_past', { query: 'ledger export', limit: 3 });
    assert.ok(out.results.length >= 1);
  });
});
