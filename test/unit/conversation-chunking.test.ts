// The pure parts of conversation import: events to parts, parts to chunks, and resuming.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { finishPart } from '../../src/server/memory/conversations/event-part.js';
import { Chunker, CHARS_PER_TOKEN, CHUNK_TOKENS, type Chunk, type Part } from '../../src/server/memory/conversations/chunker.js';
import { EventReader } from '../../src/server/memory/conversations/transcript-events.js';
import { ProjectMapper, slugOf } from '../../src/server/memory/conversations/transcript-files.js';
import { MAX_LINE_BYTES, readLines } from '../../src/server/memory/conversations/transcript-lines.js';
import { mulberry32 } from '../support/prng.js';
import { tempDir } from '../support/server-process.js';

const TARGET = CHUNK_TOKENS * CHARS_PER_TOKEN;
const words = (r: () => number, n: number): string =>
  Array.from({ length: n }, () => ['lance', 'token', 'login', 'refactor', 'cache', 'retry', 'schema', 'index'][Math.floor(r() * 8)]).join(' ');

function parts(seed: number, count: number): Part[] {
  const r = mulberry32(seed);
  let offset = 0;
  return Array.from({ length: count }, (_, i) => {
    // Mostly short turns, some longer than a whole chunk.
    const n = r() < 0.08 ? 400 + Math.floor(r() * 900) : 5 + Math.floor(r() * 80);
    const p: Part = { offset, line: i + 1, text: `${i % 2 ? 'Assistant' : 'User'}: ${words(r, n)}`, files: i % 5 === 0 ? [`src/f${i}.ts`] : [], edited: [], tools: [], at: 1_000 * i };
    offset += p.text.length + 10;
    return p;
  });
}

function chunkAll(ps: readonly Part[], carry = '', carryLine = 0): Chunk[] {
  const c = new Chunker(carry, carryLine);
  const out = ps.flatMap((p) => c.push(p));
  const open = c.peek();
  return open ? [...out, open] : out;
}

describe('conversation chunking', () => {
  it('keeps chunks near 400 tokens, whole parts where they fit, with overlap', () => {
    const ps = parts(1, 400);
    const chunks = chunkAll(ps);
    assert.ok(chunks.length > 20);
    for (const c of chunks) assert.ok(c.text.length <= TARGET + 2, `chunk of ${c.text.length} chars`);
    for (const c of chunks.slice(1)) assert.ok(c.text.startsWith('… '), 'every later chunk starts with the overlap');
    // A chunk's range covers the line its overlap comes from.
    for (const c of chunks.slice(1)) {
      const carried = c.text.slice(2).split('\n')[0]!.slice(0, 60);
      const inRange = ps.filter((p) => p.line >= c.lineStart && p.line <= c.lineEnd);
      assert.ok(inRange.some((p) => p.text.includes(carried)), `chunk ${c.lineStart}-${c.lineEnd} holds "${carried}" from outside its range`);
    }
    // A part that fits a chunk is never cut: its text appears whole in some chunk.
    for (const p of ps.filter((q) => q.text.length < TARGET / 2)) assert.ok(chunks.some((c) => c.text.includes(p.text)), `part ${p.line} was cut`);
    // Every word of the input survives, in order, across the chunks' bodies.
    const filesOut = new Set(chunks.flatMap((c) => c.files));
    for (const p of ps) for (const f of p.files) assert.ok(filesOut.has(f));
  });

  it('splits a part longer than a chunk at word boundaries', () => {
    const long: Part = { offset: 0, line: 1, text: `Assistant: ${'alpha beta gamma delta '.repeat(400)}`, files: ['a.ts'], edited: ['a.ts'], tools: ['Edit'], at: 5 };
    const chunks = chunkAll([long]);
    assert.ok(chunks.length >= 5);
    for (const c of chunks) {
      assert.ok(c.text.length <= TARGET + 2);
      assert.deepEqual([c.lineStart, c.lineEnd], [1, 1]);
      assert.deepEqual(c.files, ['a.ts']);
      assert.match(c.text.replace(/^… /, ''), /^(Assistant: )?(alpha|beta|gamma|delta)/);
    }
  });

  it('resuming from any saved anchor reproduces exactly the chunks of one pass', () => {
    const ps = parts(7, 600);
    const whole = chunkAll(ps).map((c) => `${c.lineStart}-${c.lineEnd} ${c.text}`);
    const r = mulberry32(99);
    for (let trial = 0; trial < 40; trial++) {
      // Stop after a random part, keep what was closed, then resume from the open chunk's anchor.
      const stop = 1 + Math.floor(r() * (ps.length - 1));
      const c = new Chunker();
      const closed = ps.slice(0, stop).flatMap((p) => c.push(p));
      const anchor = c.resumePoint();
      assert.ok(anchor);
      const rest = ps.filter((p) => p.offset >= anchor.offset);
      const resumed = chunkAll(rest, anchor.carry, anchor.carryLine);
      const key = (x: Chunk): string => `${x.lineStart}-${x.lineEnd} ${x.text}`;
      assert.deepEqual([...closed.map(key), ...resumed.map(key)].filter((t, i, all) => all.indexOf(t) === i), whole);
    }
  });
});

describe('transcript events', () => {
  const show = (p: string): string => p.replace('/home/ann/shop/', '');
  const parseEvent = (value: unknown, view: (p: string) => string) => new EventReader((p) => view(p)).read(value);

  it('reads text, tool calls with their files, and summarised results', () => {
    const a = parseEvent(
      {
        type: 'assistant',
        timestamp: '2026-05-01T10:00:00Z',
        cwd: '/home/ann/shop',
        sessionId: 's1',
        message: {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'secret plan' },
            { type: 'text', text: 'Fixing the cart.' },
            { type: 'tool_use', id: 't1', name: 'Edit', input: { file_path: '/home/ann/shop/src/cart.ts', old_string: 'a', new_string: 'b' } },
            { type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'npm test -- cart' } },
            { type: 'tool_use', id: 't3', name: 'Grep', input: { pattern: 'TODO', path: '/home/ann/shop/src' } },
          ],
        },
      },
      show,
    );
    assert.ok(a);
    assert.equal(a.at, Date.parse('2026-05-01T10:00:00Z'));
    assert.equal(a.cwd, '/home/ann/shop');
    assert.deepEqual(
      a.parts.map((p) => finishPart(p.text, p)),
      ['Assistant: Fixing the cart.', '[Edit src/cart.ts]', '[Bash: npm test -- cart]', '[Grep "TODO" in src]'],
    );
    assert.deepEqual(a.parts[1]?.edited, ['src/cart.ts']);
    assert.deepEqual(a.parts[3]?.edited, []);
    assert.ok(!a.parts.some((p) => p.text.includes('secret plan')), 'thinking is not imported');

    const r = parseEvent({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't1', is_error: true, content: [{ type: 'text', text: `boom ${'x'.repeat(1000)}` }] }] } }, show);
    assert.equal(r?.parts.length, 1);
    const cut = finishPart(r!.parts[0]!.text, r!.parts[0]!);
    assert.match(cut, /^Error: boom x+…$/);
    assert.ok(cut.length <= 310);
  });

  it('treats meta, system and unknown events as empty, and non-objects as malformed', () => {
    assert.deepEqual(parseEvent({ type: 'user', isMeta: true, message: { content: 'Caveat: …' } }, show)?.parts, []);
    assert.deepEqual(parseEvent({ type: 'system', content: 'compacted' }, show)?.parts, []);
    assert.deepEqual(parseEvent({ type: 'summary', summary: 'Cart fix', leafUuid: 'u1' }, show)?.parts, [], 'titles, usually of another session');
    assert.equal(parseEvent([1, 2], show), null);
    assert.equal(parseEvent('text', show), null);
    assert.equal(parseEvent(null, show), null);
  });
});

describe('transcript files', () => {
  it('reads complete lines by byte offset, repairs invalid UTF-8 and skips overlong lines', async () => {
    const dir = tempDir('lines');
    const file = path.join(dir, 't.jsonl');
    const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"a":"\xff\xfe"}
    fs.writeFileSync(file, Buffer.concat([Buffer.from('{"a":1}\n'), bad, Buffer.from('\n'), Buffer.alloc(MAX_LINE_BYTES + 10, 0x61), Buffer.from('\n{"b":2}\n{"partial":')]));
    const got = [];
    for await (const l of readLines(file, 0, 1, fs.statSync(file).size)) got.push(l);
    assert.deepEqual(
      got.map((l) => [l.kind, l.line, l.kind === 'line' ? l.repaired : null]),
      [
        ['line', 1, false],
        ['line', 2, true],
        ['too-long', 3, null],
        ['line', 4, false],
      ],
    );
    const second = got[1]!;
    assert.equal(second.kind === 'line' && JSON.parse(second.text).a, '\uFFFD\uFFFD');
    // Resuming at a line start yields the same lines from there; the unterminated tail only on request.
    const from = got[3]!.start;
    const again = [];
    for await (const l of readLines(file, from, 4, fs.statSync(file).size, true)) again.push(l);
    assert.deepEqual(again.map((l) => (l.kind === 'line' ? [l.text, l.unterminated ?? false] : null)), [['{"b":2}', false], ['{"partial":', true]]);
  });

  it('maps working directories to projects the way the server names them', () => {
    const dir = tempDir('owners');
    const current = path.join(dir, 'shop');
    const other = path.join(dir, 'tools', 'lexer');
    fs.mkdirSync(path.join(current, 'web', 'src'), { recursive: true });
    fs.mkdirSync(path.join(other, '.git'), { recursive: true });
    fs.mkdirSync(path.join(other, 'crates'), { recursive: true });
    const m = new ProjectMapper({ project: 'shop', projectRoot: current });
    assert.deepEqual(m.of(path.join(current, 'web', 'src'), '/x/y.jsonl'), { project: 'shop', root: current });
    assert.deepEqual(m.of(path.join(other, 'crates'), '/x/y.jsonl'), { project: 'lexer', root: other });
    assert.deepEqual(m.of('/gone/away/billing', '/x/y.jsonl'), { project: 'billing', root: '/gone/away/billing' });
    assert.deepEqual(m.of(null, `/t/${slugOf(current)}/s.jsonl`), { project: 'shop', root: current });
    assert.equal(m.of(null, '/t/-home-bob-misc/s.jsonl').project, 'home-bob-misc');
    assert.deepEqual(m.of('c:\\Users\\ann\\dev\\shop', '/x/y.jsonl'), { project: 'shop', root: 'C:/Users/ann/dev/shop' });
    assert.deepEqual(m.of('~/Projects/alpha', '/x/y.jsonl'), { project: 'alpha', root: '~/Projects/alpha' });
    assert.deepEqual(m.of('/Users/ann', '/x/y.jsonl'), { project: '~', root: null });
  });
});

describe('tool calls as conversation', () => {
  const read = (name: string, input: Record<string, unknown>): string => {
    const info = new EventReader((p) => p).read({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'tool_use', id: 't', name, input }] } });
    const part = info!.parts[0]!;
    return finishPart(part.text, part);
  };

  it('shows plans, fetched pages, searches and skills by what they were about', () => {
    assert.equal(read('ExitPlanMode', { plan: '1. Guard the escape\n2. Add a test' }), '[Plan: 1. Guard the escape 2. Add a test]');
    assert.equal(read('WebFetch', { url: 'https://docs.rs/logos', prompt: 'How are callbacks declared?' }), '[WebFetch https://docs.rs/logos]');
    assert.equal(read('WebSearch', { query: 'logos lexer raw strings' }), '[WebSearch "logos lexer raw strings"]');
    assert.equal(read('Skill', { skill: 'pdf' }), '[Skill pdf]');
    assert.equal(read('KillShell', {}), '[KillShell]');
    assert.match(read('Bash', { command: `echo ${'x'.repeat(400)}` }), /^\[Bash: echo x+…\]$/);
  });
});
