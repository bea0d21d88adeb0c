// A small service repository and memories about it, shaped like a real project's: a BullMQ
// worker, a pg pool, YAML and Python config, notes that list files, notes that only mention
// them, tagged gotchas, unrelated chatter, and another project's note about the same identifier.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commit, gitIn, type FixtureRepo } from './git-fixture.js';
import type { ServerHandle } from './server-process.js';

export const PROJECT = 'billing-service';

export const FILES: Record<string, string> = {
  'package.json': '{\n  "name": "billing-service",\n  "version": "2.3.0",\n  "dependencies": { "bullmq": "^5.0.0", "pg": "^8.11.0" }\n}\n',
  'src/queue/worker.ts': [
    "import { Worker } from 'bullmq';",
    "import IORedis from 'ioredis';",
    '',
    '// Invoices are rendered off the request path.',
    'const connection = new IORedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", {',
    '  maxRetriesPerRequest: null,',
    '  enableReadyCheck: false,',
    '});',
    '',
    "export const invoiceWorker = new Worker('invoices', async (job) => renderInvoice(job.data), { connection, concurrency: 4 });",
    '',
    'async function renderInvoice(data: unknown): Promise<void> {',
    '  const result = await fetch("http://renderer/pdf", { method: "POST", body: JSON.stringify(data) });',
    '  if (!result.ok) throw new Error(`renderer answered ${result.status}`);',
    '}',
    '',
  ].join('\n'),
  'src/db/pool.ts': [
    "import { Pool } from 'pg';",
    '',
    'export const pool = new Pool({',
    '  connectionString: process.env.DATABASE_URL,',
    '  max: 10,',
    '  idleTimeoutMillis: 30_000,',
    '});',
    '',
  ].join('\n'),
  'src/api/routes.ts': "import { pool } from '../db/pool';\n\nexport async function health(): Promise<string> {\n  await pool.query('select 1');\n  return 'ok';\n}\n",
  'config/settings.yaml': 'database:\n  idle_timeout: 25s\n  statement_timeout: 5s\nqueue:\n  name: invoices\n',
  'scripts/backfill.py': 'import requests\n\nmax_retries = 5\n\n\ndef fetch(url):\n    for _ in range(max_retries):\n        pass\n',
  'README.md': '# billing-service\n\nRenders and sends invoices. See docs/runbook.md.\n',
};

export interface StoredNote {
  content: string;
  tags?: string[];
  files?: string[];
  project?: string;
}

export const NOTES: StoredNote[] = [
  {
    content: 'BullMQ workers need maxRetriesPerRequest: null on their ioredis connection, otherwise the worker throws on start. Keep enableReadyCheck false too.',
    tags: ['gotcha', 'queue'],
    files: ['src/queue/worker.ts'],
  },
  {
    content: 'Raised invoice worker concurrency from 2 to 4 after the renderer moved to its own node pool; watch memory on the renderer.',
    tags: ['decision'],
    files: ['src/queue/worker.ts'],
  },
  {
    content: 'The pg pool must set idleTimeoutMillis below the database idle_timeout (25s in config/settings.yaml), or connections die under us with ECONNRESET.',
    tags: ['warning', 'db'],
    files: ['src/db/pool.ts', 'config/settings.yaml'],
  },
  {
    content: 'Spent the morning on flaky CI: the runner image was missing fonts, so PDF snapshots differed. Pinned the image.',
    tags: ['ci'],
  },
  { content: 'Lunch order for the offsite: 12 vegetarian, 4 vegan.', tags: [] },
  { content: 'scripts/backfill.py retries with max_retries = 5; the upstream API rate-limits above that.', tags: ['scripts'] },
  {
    content: 'In the analytics project maxRetriesPerRequest is left at its default of 20.',
    tags: ['gotcha'],
    project: 'analytics-dashboard',
  },
];

/** The repository as <tmp>/<PROJECT>, committed, so the project is named like a real checkout. */
export async function makeServiceRepo(): Promise<FixtureRepo> {
  const parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'smgmt-lsp-')));
  const dir = path.join(parent, PROJECT);
  fs.mkdirSync(dir);
  const repo: FixtureRepo = { dir, cleanup: async () => fs.rmSync(parent, { recursive: true, force: true }) };
  await gitIn(repo, ['init', '--quiet', '--initial-branch=main']);
  for (const [k, v] of [['user.name', 'Fixture Author'], ['user.email', 'fixture@example.invalid'], ['commit.gpgsign', 'false']] as const) await gitIn(repo, ['config', k, v]);
  await commit(repo, 'billing service', { files: FILES });
  return repo;
}

/** Stores the notes over MCP; `server` runs with the repository as its working directory. */
export async function storeNotes(server: ServerHandle, notes: readonly StoredNote[] = NOTES): Promise<string[]> {
  const ids: string[] = [];
  for (const n of notes) {
    const out = await server.call<{ id: string }>('store_reflection', {
      content: n.content,
      ...(n.tags?.length ? { tags: n.tags } : {}),
      ...(n.files ? { files: n.files } : {}),
      ...(n.project ? { project: n.project } : {}),
    });
    ids.push(out.id);
  }
  return ids;
}
