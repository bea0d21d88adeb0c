// The Claude Code transcript fixture: lines are JSON objects shaped like Claude Code's, files land
// where Claude Code puts them, and everything is deterministic.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { generateCorpus, growTranscripts, slugOf, TranscriptWriter } from '../support/transcripts.js';

const dirs: string[] = [];
const temp = (): string => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'smgmt-transcripts-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

type Line = Record<string, any>;
const parse = (text: string): Line[] => {
  assert.ok(text.endsWith('\n'), 'every line ends in a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((l, i) => {
      const o: unknown = JSON.parse(l);
      assert.ok(o && typeof o === 'object' && !Array.isArray(o), `line ${i + 1} is an object`);
      return o as Line;
    });
};

describe('transcript fixture', () => {
  it('slugs cwds the way Claude Code does', () => {
    assert.equal(slugOf('/home/ann/work/shop.app'), '-home-ann-work-shop-app');
    assert.equal(slugOf('/Users/cy/Projects/mobile.banking'), '-Users-cy-Projects-mobile-banking');
    assert.equal(slugOf('/a/.hidden/b'), '-a--hidden-b');
  });

  it('writes prompts, split and combined assistant messages, tool results, summaries and system lines', () => {
    const root = temp();
    const w = new TranscriptWriter({ cwd: '/home/ann/work/shop.app', seed: 5 })
      .summary('Cart rounding fix')
      .user('The cart total is off by a cent.')
      .toolUse('Read', { file_path: '/home/ann/work/shop.app/src/cart.ts' }, '     1→export const total = 0;', { text: 'Let me look.', thinking: 'Probably floats.' })
      .toolUse('Edit', { file_path: '/home/ann/work/shop.app/src/cart.ts', old_string: 'a', new_string: 'b' }, 'String not found', { isError: true, shape: 'combined' })
      .toolUse('Bash', { command: 'npm test', description: 'Run tests' }, [{ type: 'text', text: 'ok' }])
      .assistant('Fixed.')
      .system('Conversation compacted', { subtype: 'compact_boundary' })
      .user('Caveat: local command output follows.', { isMeta: true });
    const file = w.writeTo(root);
    assert.equal(file, path.join(root, '-home-ann-work-shop-app', `${w.sessionId}.jsonl`));
    const lines = parse(fs.readFileSync(file, 'utf8'));
    assert.equal(lines.length, w.lineCount);
    assert.equal(Buffer.byteLength(w.text()), w.bytes);
    assert.equal(fs.statSync(file).size, w.bytes);
    assert.deepEqual(lines.map((l) => l.type), ['summary', 'user', 'assistant', 'assistant', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'system', 'user']);

    const prompt = lines[1] as Line;
    assert.equal(prompt.parentUuid, null);
    assert.equal(prompt.cwd, '/home/ann/work/shop.app');
    assert.equal(prompt.sessionId, w.sessionId);
    assert.equal(prompt.message.content, 'The cart total is off by a cent.');
    assert.match(prompt.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // split: thinking, text, tool_use on three lines sharing one message id, chained by parentUuid
    const [a1, a2, a3, r1] = lines.slice(2, 6) as [Line, Line, Line, Line];
    assert.deepEqual([a1, a2, a3].map((l) => l.message.content.map((b: Line) => b.type)), [['thinking'], ['text'], ['tool_use']]);
    assert.equal(new Set([a1, a2, a3].map((l) => l.message.id)).size, 1);
    assert.equal(a2.parentUuid, a1.uuid);
    assert.equal(a3.parentUuid, a2.uuid);
    assert.equal(a1.message.model, 'claude-sonnet-4-5-20250929');
    assert.match(a1.message.content[0].signature, /^[A-Za-z0-9+/]{100,}$/);
    const use = a3.message.content[0];
    assert.match(use.id, /^toolu_01[A-Za-z0-9]{22}$/);
    assert.equal(r1.message.content[0].tool_use_id, use.id);
    assert.equal(r1.message.content[0].type, 'tool_result');
    assert.equal(r1.toolUseResult.file.filePath, '/home/ann/work/shop.app/src/cart.ts');
    assert.equal(r1.parentUuid, a3.uuid);

    // combined: one line, is_error on the result, the error string as toolUseResult
    const [c1, r2] = lines.slice(6, 8) as [Line, Line];
    assert.equal(c1.message.content.length, 1);
    assert.equal(r2.message.content[0].is_error, true);
    assert.equal(typeof r2.toolUseResult, 'string');
    assert.deepEqual((lines[9] as Line).message.content[0].content, [{ type: 'text', text: 'ok' }]);
    assert.equal((lines[11] as Line).subtype, 'compact_boundary');
    assert.equal((lines[12] as Line).isMeta, true);

    const times = lines.filter((l) => l.timestamp).map((l) => Date.parse(l.timestamp));
    assert.ok(times.every((t, i) => i === 0 || t >= (times[i - 1] as number)), 'timestamps never go back');
    assert.deepEqual(w.filePaths(), ['/home/ann/work/shop.app/src/cart.ts']);
  });

  it('grows a transcript with appendTo and resume', () => {
    const root = temp();
    const w = new TranscriptWriter({ cwd: '/srv/x', seed: 1 }).user('one').assistant('two');
    const file = w.writeTo(root);
    const size = fs.statSync(file).size;
    w.user('three');
    const added = w.appendTo(file);
    assert.equal(fs.statSync(file).size, size + added);
    assert.equal(w.appendTo(file), 0);
    const r = TranscriptWriter.resume(file, { seed: 2 }).user('four');
    r.appendTo(file);
    const lines = parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(lines.map((l) => (typeof l.message?.content === 'string' ? l.message.content : null)), ['one', null, 'three', 'four']);
    const [, , third, fourth] = lines as [Line, Line, Line, Line];
    assert.equal(fourth.parentUuid, third.uuid);
    assert.equal(fourth.sessionId, w.sessionId);
    assert.ok(Date.parse(fourth.timestamp) > Date.parse(third.timestamp));
  });

  it('generates a deterministic multi-project corpus of valid lines', () => {
    const a = temp();
    const b = temp();
    const ra = generateCorpus({ root: a, bytes: 600_000, seed: 9, projects: 3 });
    const rb = generateCorpus({ root: b, bytes: 600_000, seed: 9, projects: 3 });
    assert.ok(ra.bytes >= 600_000 && ra.bytes < 1_500_000, `bytes ${ra.bytes}`);
    assert.deepEqual(ra.files.map((f) => path.relative(a, f)), rb.files.map((f) => path.relative(b, f)));
    assert.equal(fs.readdirSync(a).length, 3);
    let lines = 0;
    let bytes = 0;
    const types = new Set<string>();
    const tools = new Set<string>();
    for (const f of ra.files) {
      const text = fs.readFileSync(f, 'utf8');
      assert.equal(text, fs.readFileSync(path.join(b, path.relative(a, f)), 'utf8'), 'same seed, same bytes');
      const parsed = parse(text);
      lines += parsed.length;
      bytes += Buffer.byteLength(text);
      const sessionId = path.basename(f, '.jsonl');
      for (const l of parsed) {
        types.add(l.type);
        if (l.sessionId !== undefined) {
          assert.equal(l.sessionId, sessionId);
          assert.equal(slugOf(l.cwd), path.basename(path.dirname(f)));
        }
        if (l.type === 'assistant') for (const blk of l.message.content) if (blk.type === 'tool_use') tools.add(blk.name);
        if (l.type === 'assistant') for (const blk of l.message.content) if (typeof blk.input?.file_path === 'string') assert.ok(blk.input.file_path.startsWith(`${l.cwd}/`));
      }
    }
    assert.equal(lines, ra.lines);
    assert.equal(bytes, ra.bytes);
    for (const t of ['user', 'assistant', 'file-history-snapshot']) assert.ok(types.has(t), `has ${t} lines`);
    for (const t of ['Read', 'Edit', 'Bash', 'Grep']) assert.ok(tools.has(t), `uses ${t}`);
    const other = temp();
    const rc = generateCorpus({ root: other, bytes: 600_000, seed: 10, projects: 3 });
    assert.notDeepEqual(rc.files.map((f) => path.basename(f)), ra.files.map((f) => path.basename(f)), 'another seed, other sessions');

    const before = ra.files.map((f) => fs.statSync(f).size);
    const grown = growTranscripts({ files: ra.files.slice(0, 2), bytes: 100_000, seed: 4 });
    assert.equal(ra.files.slice(0, 2).reduce((s, f, i) => s + fs.statSync(f).size - (before[i] as number), 0), grown.bytes);
    for (const f of ra.files.slice(0, 2)) parse(fs.readFileSync(f, 'utf8'));
  });
});
