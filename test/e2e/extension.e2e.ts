// The extension as a user sees it, in code-server driven through chromium: the status bar score
// after opening a folder, commands from the palette, and screenshots under test-results/.
//
//   node --import tsx test/e2e/extension.e2e.ts
import path from 'node:path';
import { openWorkbench, runCommand, screenshot, type Workbench } from '../../scripts/vscode/browser.js';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/code-server.js';
import { findVsix } from '../../scripts/package/find-vsix.js';
import { FIXTURE_APP } from '../support/fixture-app.js';
import { runE2e } from './checks.js';
import { makeRepo, type FixtureRepo } from '../support/git-fixture.js';

const SCORE = '#workbench\\.parts\\.statusbar .statusbar-item[aria-label^="Session quality score"]';
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

runE2e('extension', async (checks) => {
  let repo: FixtureRepo | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  const check = (name: string, fn: () => Promise<string>): Promise<void> => checks.check(wb?.page, name, fn);
  try {
    repo = await makeRepo(FIXTURE_APP, { message: 'feat: fixture app' });
    server = await startCodeServer({ workspace: repo.dir, vsix: [findVsix()] });
    const opened = Date.now();
    wb = await openWorkbench(server.url, { folder: repo.dir });
    const page = wb.page;
    console.log(`workbench loaded in ${secs(wb.loadMs)}`);

    await check('the score appears in the status bar after the folder opens', async () => {
      await page.locator(SCORE).filter({ hasText: /\d+/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
      const text = (await page.locator(SCORE).first().innerText()).trim();
      return `"${text}" ${secs(Date.now() - opened)} after the window opened`;
    });
    await check('its tooltip shows the breakdown', async () => {
      await page.locator(SCORE).first().hover();
      const hover = page.locator('.monaco-hover', { hasText: 'Quality score' }).first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 });
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      if (!/Code quality/.test(text) || !/Security/.test(text)) throw new Error(`tooltip without breakdown: ${text}`);
      await screenshot(page, 'status-bar-tooltip');
      await page.mouse.move(600, 300);
      return text.slice(0, 80);
    });
    await check('Session: Checkpoint from the palette reports the score', async () => {
      await runCommand(page, 'Session: Checkpoint');
      const toast = page.locator('.notifications-toasts', { hasText: 'Checkpoint: quality' });
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot(page, 'checkpoint-notification');
      return (await toast.innerText()).replace(/\s+/g, ' ').trim().slice(0, 120);
    });
    await check('Session: Show Status opens the status document', async () => {
      await runCommand(page, 'Session: Show Status');
      // The rendered preview is a webview: find the frame that shows the table.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const frames = page.frames();
        const hits = await Promise.all(frames.map((f) => f.locator('table td', { hasText: 'Test coverage' }).count().catch(() => 0)));
        if (hits.some((n) => n > 0)) break;
        if (Date.now() > deadline) throw new Error('no rendered status table');
        await page.waitForTimeout(250);
      }
      await page.waitForTimeout(500);
      await screenshot(page, 'show-status');
      return 'shown';
    });
  } finally {
    await wb?.close();
    await server?.stop();
    await repo?.cleanup();
  }
});
