// Store Selection's memory text: note, file with line range, code in a fence that keeps it intact.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTags, locationOf, selectionMemory } from '../../src/extension/selection-memory.js';

const CODE = 'export function retry(fn: () => Promise<void>) {\n  for (let i = 0; i < 3; i++) {\n    // keep idempotent\n  }\n}\n';

describe('selectionMemory', () => {
  it('puts the note first, then the range, then the code with its indentation', () => {
    const text = selectionMemory({ file: 'src/net/retry.ts', startLine: 12, endLine0: 16, endCharacter: 1, languageId: 'typescript', text: CODE }, '  Retries must stay idempotent. ');
    assert.equal(text, `Retries must stay idempotent.\n\n\`src/net/retry.ts:12-17\`\n\n\`\`\`typescript\n${CODE.trimEnd()}\n\`\`\``);
  });
  it('stores just the place and the code without a note; CRLF becomes LF', () => {
    const text = selectionMemory({ file: 'app.py', startLine: 3, endLine0: 2, endCharacter: 9, languageId: 'python', text: 'x = 1\r\n' }, '');
    assert.equal(text, '`app.py:3`\n\n```python\nx = 1\n```');
  });
  it('uses a longer fence when the code holds one, and no info string for plain text', () => {
    const md = 'Intro\n```sh\nnpm ci\n```\n';
    const text = selectionMemory({ file: 'README.md', startLine: 1, endLine0: 3, endCharacter: 3, languageId: 'plaintext', text: md }, 'how to install');
    assert.match(text, /\n````\nIntro\n```sh\nnpm ci\n```\n````$/);
  });
});

describe('locationOf', () => {
  it('a whole-line selection ending at the next line start ends on the line before', () => {
    assert.equal(locationOf({ file: 'src/x.ts', startLine: 12, endLine0: 30, endCharacter: 0 }), 'src/x.ts:12-30');
    assert.equal(locationOf({ file: 'src/x.ts', startLine: 12, endLine0: 29, endCharacter: 4 }), 'src/x.ts:12-30');
    assert.equal(locationOf({ file: 'src/x.ts', startLine: 5, endLine0: 5, endCharacter: 0 }), 'src/x.ts:5');
  });
});

describe('defaultTags', () => {
  it('offers the language and the folder the file is in', () => {
    assert.deepEqual(defaultTags('src/net/retry.ts', 'typescript'), ['typescript', 'net']);
    assert.deepEqual(defaultTags('Makefile', 'makefile'), ['makefile']);
    assert.deepEqual(defaultTags('notes/todo.txt', 'plaintext'), ['notes']);
  });
});
