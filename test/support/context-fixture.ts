// A fixture project for the context pack: a small TypeScript service in a real git repository on a
// feature branch with work in progress, and a real LanceDB memory store holding what earlier sessions
// learned about it: a handoff, memories about the changed files (one stale, one superseded), decisions
// and gotchas, and unrelated noise from another project and from conversations.
import path from 'node:path';
import { createLogger } from '../../src/server/log.js';
import type { MemoryRow } from '../../src/server/memory/schema.js';
import { MemoryStore } from '../../src/server/memory/store.js';
import { renderHandoff } from '../../src/server/session/handoff.js';
import { branch, commitAll, daysBefore, makeRepo, writeFiles, type FixtureRepo } from './git-fixture.js';
import { tempDir } from './server-process.js';

export const PROJECT = 'billing-api';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface ContextFixture {
  repo: FixtureRepo;
  dataDir: string;
  now: number;
  ids: Record<string, string>;
  /** Ids of memories that must never appear: noise, other projects, checkpoints. */
  never: string[];
}

const FILES = {
  'package.json': '{\n  "name": "billing-api",\n  "version": "2.3.0",\n  "scripts": { "test": "vitest run" }\n}\n',
  'src/auth/refresh.ts': 'export async function refreshToken(): Promise<string> {\n  return "";\n}\n',
  'src/db/pool.ts': 'export const pool = { max: 10 };\n',
  'src/invoices/render.ts': 'export function render(): string {\n  return "<html/>";\n}\n',
  'README.md': '# billing-api\n',
};

function row(id: string, over: Partial<MemoryRow> & { text: string; created_at: Date }): MemoryRow {
  return { id, kind: 'reflection', tags: [], project: PROJECT, session_id: null, files: [], source: null, meta: null, vector: null, ...over };
}

export async function makeContextFixture(opts: { extraAboutRefresh?: number } = {}): Promise<ContextFixture> {
  const now = Date.now();
  const repo = await makeRepo(FILES, { date: daysBefore(new Date(now), 60), message: 'chore: initial import of billing-api' });
  await commitAll(repo, [
    { message: 'feat(db): raise the pool size for the nightly invoice run', date: daysBefore(new Date(now), 3), files: { 'src/db/pool.ts': 'export const pool = { max: 25 };\n' } },
    { message: 'fix(auth): retry the token refresh once on a 401', date: daysBefore(new Date(now), 2), files: { 'src/auth/refresh.ts': 'export async function refreshToken(): Promise<string> {\n  return retryOnce();\n}\n' } },
  ]);
  await branch(repo, 'feature/BILL-482-token-refresh-race', { checkout: true });
  // Work in progress: two files edited, one new file.
  await writeFiles(repo, {
    'src/auth/refresh.ts': 'export async function refreshToken(): Promise<string> {\n  return withLock(() => retryOnce());\n}\n',
    'src/db/pool.ts': 'export const pool = { max: 25, idleTimeoutMs: 30_000 };\n',
    'src/auth/lock.ts': 'export async function withLock<T>(f: () => Promise<T>): Promise<T> { return f(); }\n',
  });

  const dataDir = tempDir('context');
  const ago = (ms: number): Date => new Date(now - ms);
  const handoff = renderHandoff({
    session: {
      id: '7d7c5a52-1f0e-4a8e-9a57-3f1c2b9e0d41',
      project: PROJECT,
      workspace: repo.dir,
      started_at: now - DAY - 2 * HOUR,
      ended_at: null,
      start_score: 68,
      end_score: null,
      start_commit: null,
      start_report: '{}',
      end_report: null,
      handoff: null,
      handoff_path: null,
    },
    endedAt: now - DAY,
    final: { score: 71, band: 'good', parts: [], recommendations: [{ part: 'code_quality', metric: 'coverage', text: 'Add tests for src/auth', gain: 4 }], indicators: [] } as never,
    checkpoints: [],
    memories: [],
    filesChanged: ['src/auth/refresh.ts'],
    openItems: ['Token refresh still races when two requests get a 401 at once'],
    nextSteps: ['Serialise refreshToken() behind a lock', 'Add a test with two concurrent 401s'],
  });
  const rows: MemoryRow[] = [
    row('handoff-1', { kind: 'handoff', text: handoff, tags: ['handoff'], files: ['src/auth/refresh.ts'], created_at: ago(DAY), source: path.join(dataDir, 'handoffs', 'x.md') }),
    row('handoff-0', { kind: 'handoff', text: '# Session handoff: billing-api\n\nSession of 20 min ended at quality 60/100 (+0 since its start at 60); 0 checkpoints, 0 memories stored, 0 files changed.\n', tags: ['handoff'], created_at: ago(9 * DAY) }),
    // About a changed file, stored after its last commit: fresh.
    row('refresh-race', {
      text: 'refreshToken() is called by every request that gets a 401, so two parallel requests refresh twice and the second refresh token is rejected by the identity provider. Serialise it.',
      files: ['src/auth/refresh.ts'],
      created_at: ago(20 * HOUR),
    }),
    // About a changed file, stored before its last commit (3 days ago): stale.
    row('pool-size', { text: 'The Postgres pool is capped at 10 connections; the invoice run needs more but RDS allows 100 max.', files: ['src/db/pool.ts'], created_at: ago(30 * DAY) }),
    // Superseded by refresh-lock.
    row('refresh-old', { text: 'Token refresh: just retry the whole request on a 401, it is simpler than locking.', files: ['src/auth/refresh.ts'], created_at: ago(40 * DAY) }),
    row('refresh-lock', {
      text: 'Decided: refresh tokens behind an in-process lock (withLock in src/auth/lock.ts) instead of retrying requests.',
      tags: ['decision', 'supersedes-refresh-old'],
      files: ['src/auth/lock.ts'],
      created_at: ago(10 * HOUR),
    }),
    // Matches the branch name only.
    row('branch-match', { text: 'The token refresh race shows up as intermittent invalid_grant errors in the logs.', created_at: ago(5 * DAY) }),
    row('decision-money', { text: 'Decided: money is stored as integer cents everywhere; never floats.', tags: ['decision'], created_at: ago(50 * DAY) }),
    row('gotcha-tz', { text: 'Invoices are dated in the customer time zone, not UTC: render() takes the zone from the account.', tags: ['gotcha'], files: ['src/invoices/render.ts'], created_at: ago(12 * DAY) }),
    // Never shown: a checkpoint, another project, unrelated noise.
    row('checkpoint-1', { kind: 'checkpoint', text: 'Checkpoint of billing-api: quality 71/100. Files: src/auth/refresh.ts', files: ['src/auth/refresh.ts'], tags: ['checkpoint'], created_at: ago(DAY) }),
    row('other-project', { project: 'web-frontend', text: 'refreshToken in the browser uses a BroadcastChannel so only one tab refreshes.', files: ['src/auth/refresh.ts'], created_at: ago(2 * DAY) }),
  ];
  const never = ['checkpoint-1', 'other-project', 'handoff-0'];
  const noise = [
    'The CI cache key must include the lockfile hash or stale node_modules leak between branches.',
    'PDF fonts are embedded from assets/fonts; missing glyphs come from the fallback font list.',
    'Customer emails go through the queue so retries do not send twice.',
    'Use `npm ci` in Docker builds; `npm install` rewrote the lockfile once.',
    'Webhook signatures are checked with a constant-time compare.',
    'The staging database is refreshed from production every Sunday night, anonymised.',
  ];
  noise.forEach((text, i) => {
    const id = `noise-${i}`;
    never.push(id);
    rows.push(row(id, { kind: i % 2 ? 'conversation' : 'reflection', text, created_at: ago((i + 3) * DAY) }));
  });
  // Distinct in their words (search folds notes that differ only in numbers).
  const states = ['expired', 'revoked', 'rotated', 'missing', 'duplicated', 'delayed', 'truncated', 'malformed'];
  const things = ['access token', 'refresh cookie', 'session record', 'signing key', 'client secret'];
  for (let i = 0; i < (opts.extraAboutRefresh ?? 0); i++) {
    const what = `${states[i % states.length]} ${things[Math.floor(i / states.length) % things.length]}`;
    rows.push(row(`refresh-extra-${String(i).padStart(2, '0')}`, { text: `Edge case of the refresh flow: a ${what} makes refreshToken answer 401; handle it before retrying.`, files: ['src/auth/refresh.ts'], created_at: ago((i + 1) * HOUR) }));
  }
  const store = await MemoryStore.open(dataDir, createLogger('error'));
  await store.add(rows);
  await store.close();
  return { repo, dataDir, now, ids: Object.fromEntries(rows.map((r) => [r.id, r.id])), never };
}
