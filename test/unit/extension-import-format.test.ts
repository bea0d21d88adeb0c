// The extension's words for conversation imports (notification, progress, the Session view's
// Conversations row): pure functions, no VS Code needed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CANCELLED_MESSAGE,
  conversationsDescription,
  conversationsDetails,
  importArgsOf,
  importMessage,
  progressStep,
  relativeTime,
} from '../../src/extension/conversation-format.js';
import type { ImportSummary } from '../../src/protocol/conversation-schemas.js';

function summary(over: Partial<ImportSummary> = {}): ImportSummary {
  return {
    trigger: 'tool',
    root: '/home/me/.claude/projects',
    scope: 'app',
    started_at: '2026-11-20T10:00:00.000Z',
    finished_at: '2026-11-20T10:00:02.000Z',
    duration_ms: 2_000,
    files: 12,
    files_changed: 4,
    files_reset: 0,
    lines: 2_400,
    bytes: 1_200_000,
    chunks_added: 120,
    chunks_removed: 0,
    skipped_lines: 0,
    repaired_lines: 0,
    sidechain_lines: 0,
    redacted: true,
    redactions: [],
    embedded: true,
    cancelled: false,
    by_project: { app: 120 },
    errors: [],
    ...over,
  };
}

describe('conversation import words', () => {
  it('states what an import did', () => {
    assert.deepEqual(importMessage(summary({ skipped_lines: 2 })), {
      text: 'Imported 120 chunks from 4 of 12 transcripts (2 malformed lines skipped).',
      level: 'info',
      upToDate: false,
    });
    assert.equal(
      importMessage(
        summary({ chunks_added: 1, files_changed: 1, files: 1, repaired_lines: 1, files_reset: 1, chunks_removed: 3, embedded: false, redactions: [{ kind: 'api key', count: 2 }, { kind: 'jwt', count: 1 }] }),
      ).text,
      'Imported 1 chunk from 1 of 1 transcript (1 line with invalid UTF-8 repaired; 1 transcript re-imported from the start; 3 secrets redacted; 3 older chunks replaced). They are found by keyword until an embedding model is available.',
    );
  });

  it('says when there is nothing new, nothing at all, a cancel or unreadable transcripts', () => {
    const upToDate = importMessage(summary({ chunks_added: 0, files_changed: 0, lines: 0 }));
    assert.equal(upToDate.text, 'Conversation history is up to date: nothing new in 12 transcripts.');
    assert.equal(upToDate.upToDate, true);
    assert.equal(importMessage(summary({ files: 0, chunks_added: 0, files_changed: 0 })).text, 'No Claude Code transcripts of project "app" in /home/me/.claude/projects.');
    assert.equal(importMessage(summary({ files: 0, chunks_added: 0, scope: 'all' })).text, 'No Claude Code transcripts of any project in /home/me/.claude/projects.');
    assert.equal(importMessage(summary({ cancelled: true })).text, CANCELLED_MESSAGE);
    const errors = importMessage(summary({ errors: [{ file: '/x.jsonl', message: 'EACCES' }] }));
    assert.equal(errors.level, 'warning');
    assert.match(errors.text, /1 transcript could not be read; see the log\.$/);
  });

  it('turns byte counts into progress increments that never go backwards', () => {
    assert.deepEqual(progressStep(0, 25, 100), { pct: 25, increment: 25 });
    assert.deepEqual(progressStep(25, 60, 100), { pct: 60, increment: 35 });
    assert.deepEqual(progressStep(60, 50, 100), { pct: 60, increment: 0 });
    assert.deepEqual(progressStep(60, 500, 100), { pct: 100, increment: 40 });
    assert.deepEqual(progressStep(10, 5, 0), { pct: 10, increment: 0 });
  });

  it('keeps only known string arguments (a tree item passes its node)', () => {
    assert.deepEqual(importArgsOf({ project: ' all ', since: '2026-05-01', path: '', other: 1 }), { project: 'all', since: '2026-05-01' });
    assert.deepEqual(importArgsOf({ kind: 'conversations', status: {} }), {});
    assert.deepEqual(importArgsOf(undefined), {});
    assert.deepEqual(importArgsOf('all'), {});
  });

  it('describes the last import for the narrow Session view', () => {
    const now = Date.parse('2026-11-20T10:12:30.000Z');
    const status = { root: '/home/me/.claude/projects', watching: false, last_import: summary() };
    assert.equal(conversationsDescription(status, now), '12 min ago · 4 transcripts · 120 chunks');
    assert.equal(conversationsDescription({ ...status, last_import: summary({ chunks_added: 0 }) }, now), '12 min ago · up to date');
    assert.equal(conversationsDescription({ ...status, last_import: summary({ cancelled: true }) }, now), '12 min ago · cancelled');
    assert.equal(conversationsDescription({ ...status, last_import: summary({ files: 0, files_changed: 0, chunks_added: 0 }) }, now), '12 min ago · no transcripts');
    assert.equal(conversationsDescription({ ...status, last_import: null }, now), 'not imported yet');
    assert.equal(conversationsDescription({ ...status, watching: true, last_import: null }, now), 'not imported yet · watching');
    assert.equal(relativeTime('2026-11-20T10:12:00.000Z', now), 'just now');
    assert.equal(relativeTime('2026-11-20T07:00:00.000Z', now), '3 h ago');
    assert.equal(relativeTime('2026-11-17T10:00:00.000Z', now), '3 days ago');
  });

  it('details every count in the tooltip', () => {
    const now = Date.parse('2026-11-20T10:12:30.000Z');
    const rows = new Map(
      conversationsDetails(
        {
          root: '/r',
          watching: true,
          last_import: summary({ files_reset: 1, chunks_removed: 5, skipped_lines: 2, repaired_lines: 1, sidechain_lines: 7, redactions: [{ kind: 'password', count: 1 }], errors: [{ file: '/r/a.jsonl', message: 'EACCES' }] }),
        },
        now,
      ),
    );
    assert.equal(rows.get('Transcripts'), '12 in scope, 4 with new lines, 1 re-imported from the start');
    assert.equal(rows.get('Chunks'), '120 added, 5 replaced');
    assert.equal(rows.get('Lines'), '2,400 read, 2 malformed skipped, 1 repaired, 7 from subagents');
    assert.equal(rows.get('Secrets'), 'redacted: 1 password');
    assert.equal(rows.get('Errors'), '1: /r/a.jsonl: EACCES');
    assert.equal(rows.get('Read from'), '/home/me/.claude/projects', 'shown when it is not the transcripts folder');
    assert.equal(rows.get('Took'), '2.0 s');
    assert.equal(rows.get('Transcripts folder'), '/r');
    assert.match(rows.get('Watching') ?? '', /^yes/);
    assert.match(rows.get('Last import') ?? '', /12 min ago\), on request$/);
    const same = new Map(conversationsDetails({ root: '/home/me/.claude/projects', watching: false, last_import: summary({ duration_ms: 42 }) }, now));
    assert.equal(same.has('Read from'), false);
    assert.equal(same.get('Took'), '42 ms');
    assert.deepEqual(conversationsDetails({ root: '/r', watching: false, last_import: null }, now), [
      ['Last import', 'none yet'],
      ['Transcripts folder', '/r'],
      ['Watching', 'no'],
    ]);
  });
});
