// The context pack as a user sees it in the Session view: the "Agent context" row with
// its item and token counts, and the document it opens, with work in progress on a file that a
// stored decision is about.
//
//   node --import tsx test/e2e/context.e2e.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench, screenshot, type Workbench } from '../../scripts/vscode/browser.js';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/code-server.js';
import { findVsix } from '../../scripts/package/find-vsix.js';
import { FIXTURE_APP } from '../support/fixture-app.js';
import { branch, makeRepo, writeFiles, type FixtureRepo } from '../support/git-fixture.js';
import { startServer } from '../support/server-process.js';
import { runE2e } from './checks.js';

const SCORE = '#workbench\\.parts\\.statusbar .statusbar-item[aria-label^="Session quality score"]';

runE2e('context', async (checks) => {
  let repo: FixtureRepo | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'context-e2e-'));
  try {
    repo = await makeRepo(FIXTURE_APP, { message: 'feat: fixture app' });
    await branch(repo, 'feature/add-subtraction', { checkout: true });
    await writeFiles(repo, { 'src/index.ts': `${FIXTURE_APP['src/index.ts']}\nexport const sub = (a: number, b: number): number => a - b;\n` });
    const srv = await startServer({ dataDir, args: ['--project', path.basename(repo.dir)] });
    try {
      await srv.call('store_reflection', { content: 'Decided: the arithmetic helpers in src/index.ts stay pure; no logging inside them.', tags: ['decision'], files: ['src/index.ts'] });
      await srv.call('store_reflection', { content: 'Gotcha: the test runner is node --test, so test files must not import vitest.', tags: ['gotcha'], files: ['test/index.test.ts'] });
      await srv.call('store_reflection', { content: 'Subtraction must handle negative results; add a test before exporting it.', files: ['src/index.ts'] });
    } finally {
      await srv.close();
    }
    server = await startCodeServer({ workspace: repo.dir, vsix: [findVsix()], userSettings: { 'sessionMgmt.dataDir': dataDir }, env: { SESSION_MGMT_DATA_DIR: dataDir } });
    wb = await openWorkbench(server.url, { folder: repo.dir });
    const page = wb.page;
    await page.locator(SCORE).filter({ hasText: /\d+/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.activitybar .action-item a[aria-label^="Session"]').first().click();
    // Give the Session tree the container's height, whatever the default split.
    await page.locator('.pane-header', { hasText: 'Memories' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const search = page.locator('.pane-header[aria-expanded="true"]', { hasText: 'Search' }).first();
    if (await search.count()) await search.click();
    const memories = page.locator('.pane-header[aria-expanded="true"]', { hasText: 'Memories' }).first();
    if (await memories.count()) await memories.click();
    const tree = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Session' }) }).first();
    await checks.check(page, 'the Session view shows the agent context (items, tokens)', async () => {
      const row = tree.locator('.monaco-list-row', { hasText: 'Agent context' }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      if (!/Agent context ?\d+ items?, ~[\d,]+ tokens/.test(text)) throw new Error(`row reads "${text}"`);
      await screenshot(page, 'context-session-view');
      return `${text}; screenshot test-results/context-session-view.png`;
    });
    await checks.check(page, 'clicking it opens the pack as a document', async () => {
      await tree.locator('.monaco-list-row', { hasText: 'Agent context' }).first().click();
      const editor = page.locator('.editor-instance .view-lines').first();
      await editor.filter({ hasText: 'stay pure' }).waitFor({ state: 'visible', timeout: 20_000 });
      const lines = (await editor.innerText()).replace(/\u00a0/g, ' ');
      for (const want of ['# Context for', 'branch feature/add-subtraction', 'about src/index.ts (changed)', 'Decisions and gotchas']) {
        if (!lines.includes(want)) throw new Error(`the document lacks "${want}"`);
      }
      await screenshot(page, 'context-document');
      return 'screenshot test-results/context-document.png';
    });
  } finally {
    await wb?.close();
    await server?.stop();
    await repo?.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
