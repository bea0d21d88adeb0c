// Pure rules of the lifecycle: auto-stored reflections, bands, porcelain parsing, names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkpointReflectionText, qualityBandTag, reflectionReason } from '../../src/server/session/auto-reflection.js';
import { parsePorcelain } from '../../src/server/session/checkpoint-commit.js';
import { projectSlug, projectTag } from '../../src/server/session/workspace.js';

describe('auto-stored checkpoint reflections', () => {
  it('stores manual checkpoints whatever the score', () => {
    assert.equal(reflectionReason('manual', 40, 40), 'manual');
    assert.equal(reflectionReason('manual', 95, null), 'manual');
  });
  it('stores automatic ones when the score moved by 10 or more, either way', () => {
    assert.equal(reflectionReason('auto', 70, 60), 'significant-change');
    assert.equal(reflectionReason('auto', 50, 60), 'significant-change');
    assert.equal(reflectionReason('auto', 69, 60), 'routine');
  });
  it('stores automatic ones at 90 or more, and skips the rest as routine', () => {
    assert.equal(reflectionReason('auto', 90, 89), 'high-quality');
    assert.equal(reflectionReason('auto', 89, 89), 'routine');
    assert.equal(reflectionReason('auto', 50, null), 'routine');
  });
  it('tags bands as the reference does', () => {
    assert.equal(qualityBandTag(90), 'high-quality');
    assert.equal(qualityBandTag(75), 'good-quality');
    assert.equal(qualityBandTag(74), null);
    assert.equal(qualityBandTag(60), null);
    assert.equal(qualityBandTag(59), 'needs-improvement');
  });
  it('writes the reflection text', () => {
    assert.equal(checkpointReflectionText('P', 85, 70, 'abc1234'), 'Quality score: 85/100. Quality improved by 15 points. Project: P. Checkpoint commit abc1234.');
    assert.equal(checkpointReflectionText('P', 60, 70, null), 'Quality score: 60/100. Quality dropped by 10 points. Project: P.');
    assert.equal(checkpointReflectionText('P', 60, null, null), 'Quality score: 60/100. Project: P.');
  });
});

describe('helpers', () => {
  it('parses porcelain v1 -z, renames included', () => {
    const out = ' M a.ts\0?? new file.txt\0R  new.ts\0old.ts\0A  added.ts\0';
    assert.deepEqual(parsePorcelain(out), [
      { xy: ' M', path: 'a.ts' },
      { xy: '??', path: 'new file.txt' },
      { xy: 'R ', path: 'new.ts' },
      { xy: 'A ', path: 'added.ts' },
    ]);
  });
  it('makes tag- and file-safe project names', () => {
    assert.equal(projectTag('My Project (v2)'), 'my-project-v2');
    assert.equal(projectTag('***'), 'project');
    assert.equal(projectSlug('../evil/..'), 'evil-..');
    assert.equal(projectSlug('ok.name_1'), 'ok.name_1');
  });
});
