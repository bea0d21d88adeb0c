// Memory labels in the Memories tree and the search pickers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryLabel } from '../../src/extension/memory-label.js';

describe('memoryLabel', () => {
  it('drops Markdown heading markers, also inside a flattened excerpt', () => {
    assert.equal(memoryLabel('# Session handoff: shop-api Session of 42 min ended at 71/100. ## Score trend start 64'), 'Session handoff: shop-api Session of 42 min ended at 71/100. Score trend start 64');
    assert.equal(memoryLabel('### Decisions\n\n- keep the parser'), 'Decisions - keep the parser');
  });
  it('keeps hashes that are not headings', () => {
    assert.equal(memoryLabel('Fixed #123: C# interop and issue#4'), 'Fixed #123: C# interop and issue#4');
  });
  it('drops code fences of stored selections and cuts long text', () => {
    assert.equal(memoryLabel('Keep the guard `src/x.ts:1-3` ```typescript const a = 1; ```'), 'Keep the guard `src/x.ts:1-3` const a = 1;');
    const long = memoryLabel('word '.repeat(60), 20);
    assert.equal(long.length, 20);
    assert.ok(long.endsWith('…'));
  });
});
