// The Session container's trees as a user sees them: the Session tree with its checkpoints, the
// Memories tree grouped and paged, in light and dark themes, and with 50,000 memories stored.
//
//   node --import tsx test/e2e/trees.e2e.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { openWorkbench, runCommand, screenshot, type Workbench } from '../../scripts/vscode/browser.js';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/code-server.js';
import { findVsix } from '../../scripts/package/find-vsix.js';
import { createLogger } from '../../src/server/log.js';
import type { MemoryRow } from '../../src/server/memory/schema.js';
import { MemoryStore } from '../../src/server/memory/store.js';
import { FIXTURE_APP } from '../support/fixture-app.js';
import { makeRepo, type FixtureRepo } from '../support/git-fixture.js';
import { type Checks, runE2e } from './checks.js';
import { expandRow } from './tree-rows.js';
import { startServer } from '../support/server-process.js';

const SCORE = '#workbench\\.parts\\.statusbar .statusbar-item[aria-label^="Session quality score"]';
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

let checks: Checks;
const check = (page: Page | null, name: string, fn: () => Promise<string>): Promise<void> => checks.check(page, name, fn);

/** Seeds memories through a real server, as an agent would. */
async function seed(dataDir: string, project: string): Promise<void> {
  const srv = await startServer({ dataDir, args: ['--project', project] });
  try {
    const notes: [string, string[], string[]][] = [
      ['Decided to keep the parser hand-written: the generated one was 3x slower on large files.', ['decision', 'parser'], ['src/index.ts']],
      ['Flaky CI: the integration tests need a longer timeout on the shared runners.', ['ci', 'testing'], []],
      ['LanceDB needs readConsistencyInterval 0 so every process sees the others\u2019 writes.', ['storage'], ['src/store.ts']],
      ['Release checklist lives in docs/release.md; run the benchmarks before tagging.', ['release'], []],
    ];
    for (const [content, tags, files] of notes) await srv.call('store_reflection', { content, tags, files });
  } finally {
    await srv.close();
  }
}

async function openContainer(page: Page): Promise<void> {
  await page.locator('.activitybar .action-item a[aria-label^="Session"]').first().click();
  await page.locator('.pane-header', { hasText: 'Memories' }).first().waitFor({ state: 'visible', timeout: 20_000 });
  // Give the trees the container's height, whatever the default split.
  const search = page.locator('.pane-header[aria-expanded="true"]', { hasText: 'Search' }).first();
  if (await search.count()) await search.click();
}

async function run(theme: string, label: string, withCheckpoint: boolean): Promise<void> {
  let repo: FixtureRepo | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trees-e2e-'));
  try {
    repo = await makeRepo(FIXTURE_APP, { message: 'feat: fixture app' });
    await seed(dataDir, path.basename(repo.dir));
    // Also through the environment: code-server sometimes hands the remote extension host its
    // machine-scoped settings only after the server has started.
    server = await startCodeServer({ workspace: repo.dir, vsix: [findVsix()], userSettings: { 'workbench.colorTheme': theme, 'sessionMgmt.dataDir': dataDir }, env: { SESSION_MGMT_DATA_DIR: dataDir } });
    wb = await openWorkbench(server.url, { folder: repo.dir });
    const page = wb.page;
    await page.locator(SCORE).filter({ hasText: /\d+/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    if (withCheckpoint) {
      fs.appendFileSync(path.join(repo.dir, 'src/index.ts'), '// touched\n');
      await runCommand(page, 'Session: Checkpoint');
      await page.locator('.notifications-toasts', { hasText: 'Checkpoint: quality' }).waitFor({ state: 'visible', timeout: 30_000 });
    }
    await openContainer(page);
    await check(page, `${label}: the Session tree shows the session and its checkpoints`, async () => {
      const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Session' }) }).first();
      await tree.locator('.monaco-list-row', { hasText: 'Checkpoints' }).waitFor({ state: 'visible', timeout: 20_000 });
      // The checkpoint row under it: a score and a commit (its children load after the node).
      if (withCheckpoint) await tree.locator('.monaco-list-row', { hasText: /\/100.*[0-9a-f]{7}/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
      const rows = await tree.locator('.monaco-list-row').allInnerTexts();
      return rows.map((r) => r.replace(/\s+/g, ' ')).join(' | ').slice(0, 160);
    });
    await check(page, `${label}: the Memories tree groups memories and lists them`, async () => {
      const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Memories' }) }).first();
      const today = tree.locator('.monaco-list-row', { hasText: 'Today' }).first();
      await expandRow(tree, today, tree.locator('.monaco-list-row', { hasText: 'parser hand-written' }).first());
      return `${await tree.locator('.monaco-list-row').count()} rows`;
    });
    await check(page, `${label}: grouping by tag`, async () => {
      await runCommand(page, 'Session: Group Memories by Tag');
      const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Memories' }) }).first();
      await expandRow(tree, tree.locator('.monaco-list-row', { hasText: 'decision' }).first(), tree.locator('.monaco-list-row', { hasText: 'parser hand-written' }).first());
      await screenshot(page, `trees-${label}`);
      return `screenshot test-results/trees-${label}.png`;
    });
    await check(page, `${label}: a memory another process stores shows up by itself`, async () => {
      const session = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Session' }) }).first();
      const contextRow = session.locator('.monaco-list-row', { hasText: 'Agent context' }).first();
      const contextBefore = (await contextRow.innerText()).replace(/\s+/g, ' ');
      // As an agent's own server would: another process on the same data dir, nothing in the editor.
      const agent = await startServer({ dataDir, args: ['--project', path.basename(repo!.dir)] });
      try {
        await agent.call('store_reflection', { content: 'Stored from an agent session: the parser cache is keyed by file hash.', tags: ['decision'] });
      } finally {
        await agent.close();
      }
      const t = Date.now();
      const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Memories' }) }).first();
      await tree.locator('.monaco-list-row', { hasText: 'parser cache is keyed' }).first().waitFor({ state: 'visible', timeout: 20_000 });
      const group = (await tree.locator('.monaco-list-row', { hasText: 'decision' }).first().innerText()).replace(/\s+/g, ' ');
      if (!/decision\s*2\b/.test(group)) throw new Error(`the group reads "${group}"`);
      // A new decision is context for the next agent: the Agent context row is recounted.
      const items = (row: string): number => Number(/(\d+) items?/.exec(row)?.[1] ?? NaN);
      await session.locator('.monaco-list-row', { hasText: `Agent context${items(contextBefore) + 1} item` }).first().waitFor({ state: 'visible', timeout: 20_000 });
      const contextAfter = (await contextRow.innerText()).replace(/\s+/g, ' ');
      return `in the open "decision" group ${secs(Date.now() - t)} after the store; the group reads "${group}"; "${contextBefore}" → "${contextAfter}"`;
    });
  } finally {
    await wb?.close();
    await server?.stop();
    await repo?.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function fiftyThousand(): Promise<void> {
  let repo: FixtureRepo | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trees-50k-'));
  try {
    repo = await makeRepo(FIXTURE_APP, { message: 'feat: fixture app' });
    const project = path.basename(repo.dir);
    const store = await MemoryStore.open(dataDir, createLogger('warn'), Number.MAX_SAFE_INTEGER);
    const base = Date.now() - 50_000 * 60_000;
    for (let i = 0; i < 50_000; i += 5_000) {
      const rows: MemoryRow[] = Array.from({ length: 5_000 }, (_, j) => ({
        id: `m${i + j}`,
        kind: 'reflection',
        text: `Note ${i + j}: ${['parser', 'storage', 'release', 'ci'][(i + j) % 4]} detail number ${i + j}`,
        tags: [['parser', 'storage', 'release', 'ci'][(i + j) % 4] as string],
        project,
        session_id: null,
        files: [],
        source: null,
        meta: null,
        created_at: new Date(base + (i + j) * 60_000),
        vector: null,
      }));
      await store.add(rows);
    }
    await store.compactNow();
    await store.close();
    server = await startCodeServer({ workspace: repo.dir, vsix: [findVsix()], userSettings: { 'sessionMgmt.dataDir': dataDir }, env: { SESSION_MGMT_DATA_DIR: dataDir } });
    wb = await openWorkbench(server.url, { folder: repo.dir });
    const page = wb.page;
    await page.locator(SCORE).filter({ hasText: /\d+/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    const t0 = Date.now();
    await openContainer(page);
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Memories' }) }).first();
    await check(page, '50,000 memories: the Memories tree shows its groups', async () => {
      await tree.locator('.monaco-list-row', { hasText: 'Today' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      return `first groups ${secs(Date.now() - t0)} after opening the container`;
    });
    await check(page, '50,000 memories: a group of thousands opens with its first page', async () => {
      const t1 = Date.now();
      await expandRow(tree, tree.locator('.monaco-list-row', { hasText: 'Today' }).first(), tree.locator('.monaco-list-row', { hasText: 'Note ' }).first());
      const opened = Date.now() - t1;
      const more = tree.locator('.monaco-list-row', { hasText: 'more (' }).first();
      await more.scrollIntoViewIfNeeded().catch(() => undefined);
      return `first page ${secs(opened)} after the click`;
    });
    await check(page, '50,000 memories: pages loaded stay loaded when another process stores', async () => {
      const lastRow = async (text: string): Promise<Locator> => {
        const row = tree.locator('.monaco-list-row', { hasText: text }).first();
        const deadline = Date.now() + 30_000;
        // The list draws only the rows in view: page down from the top, as a user would, until it shows.
        await tree.locator('.monaco-list').first().focus();
        await page.keyboard.press('Home');
        while (!(await row.isVisible())) {
          if (Date.now() > deadline) throw new Error(`no row "${text}"; rows in view: ${(await tree.locator('.monaco-list-row').allInnerTexts()).map((r) => r.slice(0, 30)).join(' | ')}`);
          await page.keyboard.press('PageDown');
          await page.waitForTimeout(150);
        }
        return row;
      };
      const more = await lastRow('more (');
      const before = Number(/\((\d+) left\)/.exec(await more.innerText())?.[1]);
      await more.click();
      await lastRow(`(${before - 100} left)`);
      const agent = await startServer({ dataDir, args: ['--project', project] });
      try {
        await agent.call('store_reflection', { content: 'Note from an agent session: the release detail moved to the changelog.' });
      } finally {
        await agent.close();
      }
      // One more memory today, and both pages still loaded: one more left than after the click.
      await lastRow(`(${before - 99} left)`);
      return `${before} left → ${before - 100} after Load more → ${before - 99} after another process stored`;
    });
  } finally {
    await wb?.close();
    await server?.stop();
    await repo?.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

runE2e('trees', async (c) => {
  checks = c;
  await run('Light Modern', 'light', true);
  await run('Dark Modern', 'dark', false);
  await fiftyThousand();
});
