// The memory language server in a real VS Code (code-server, chromium): the lens on a file a
// memory lists, clicking it opens the Search view filtered to the file, hovering an identifier
// shows the memory, and a memory stored over MCP by another process reaches the lens and hover
// of the open file without reopening it. Screenshots: test-results/language-server-*.png.
//
//   npm run build && node --import tsx scripts/package/main.ts && node --import tsx test/e2e/language-server.e2e.ts
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { findVsix } from '../../scripts/package/find-vsix.js';
import { openWorkbench, runCommand, screenshot, type Workbench } from '../../scripts/vscode/browser.js';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/code-server.js';
import { makeServiceRepo, storeNotes } from '../support/lsp-fixture.js';
import { startServer, tempDir, type ServerHandle } from '../support/server-process.js';
import { waitFor as until } from '../support/wait.js';
import { runE2e } from './checks.js';
import { searchFrame } from './search-frame.js';

const lens = (page: Page) => page.locator('.monaco-editor .codelens-decoration').first();

async function openFile(page: Page, name: string): Promise<void> {
  const base = name.split('/').pop()!;
  const tab = page.locator('.tabs-container .tab', { hasText: base }).first();
  if ((await tab.count()) > 0) {
    await tab.click();
    await page.locator('.tabs-container .tab.active', { hasText: base }).waitFor({ state: 'visible', timeout: 15_000 });
    return;
  }
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } }).catch(() => undefined);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name.split('/').pop()! }).first().waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name.split('/').pop()! }).waitFor({ state: 'visible', timeout: 15_000 });
}

/** Moves the mouse over a word of the editor and returns the hover's text. */
async function hoverWord(page: Page, word: string, expect: string): Promise<string> {
  const token = page.locator('.monaco-editor .view-lines span span', { hasText: new RegExp(`^${word}$`) }).first();
  await token.waitFor({ state: 'visible', timeout: 10_000 });
  const hover = page.locator('.monaco-hover', { hasText: expect });
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.mouse.move(5, 5);
    await page.waitForTimeout(300);
    await token.hover();
    try {
      await hover.first().waitFor({ state: 'visible', timeout: 8_000 });
      return (await hover.first().innerText()).replace(/\s+/g, ' ').trim();
    } catch {
      // The hover service may still be waiting for the server: hover again.
    }
  }
  throw new Error(`no hover with "${expect}" on ${word}; visible hovers: ${await page.locator('.monaco-hover').allInnerTexts()}`);
}

runE2e('language-server', async (checks) => {
  const repo = await makeServiceRepo();
  const dataDir = tempDir('lsp-e2e');
  let mcp: ServerHandle | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  try {
    // Another MCP server on the same data dir, as an agent would run it.
    mcp = await startServer({ dataDir, cwd: repo.dir });
    await storeNotes(mcp);
    server = await startCodeServer({
      workspace: repo.dir,
      vsix: [findVsix()],
      userSettings: { 'sessionMgmt.dataDir': dataDir, 'sessionMgmt.autoInit': false, 'sessionMgmt.conversations.importOnStart': false, 'editor.hover.delay': 200 },
      env: { SESSION_MGMT_ALLOW_DOWNLOAD: '0', SESSION_MGMT_DATA_DIR: dataDir },
    });
    wb = await openWorkbench(server.url, { folder: repo.dir });
    const page = wb.page;

    await checks.check(page, 'the lens appears on a file that memories list', async () => {
      await openFile(page, 'src/queue/worker.ts');
      await page.locator('.monaco-editor .codelens-decoration', { hasText: '2 memories' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      const text = (await lens(page).innerText()).trim();
      await screenshot(page, 'language-server-lens');
      return `"${text}" (test-results/language-server-lens.png)`;
    });

    await checks.check(page, 'a file no memory is about has no lens', async () => {
      await openFile(page, 'src/api/routes.ts');
      await page.waitForTimeout(2_000);
      const n = await page.locator('.monaco-editor .codelens-decoration').count();
      if (n !== 0) throw new Error(`${n} lens(es): ${await page.locator('.monaco-editor .codelens-decoration').allInnerTexts()}`);
      return 'none';
    });

    await checks.check(page, 'clicking the lens opens the Search view filtered to the file', async () => {
      await openFile(page, 'src/queue/worker.ts');
      await lens(page).locator('a', { hasText: 'memories' }).click();
      const frame = await searchFrame(page);
      await frame.locator('.result').nth(1).waitFor({ state: 'visible', timeout: 20_000 });
      const value = await frame.locator('.search-input').inputValue();
      const count = await frame.locator('.result').count();
      if (value !== 'file: src/queue/worker.ts' || count !== 2) throw new Error(`query "${value}", ${count} results`);
      await screenshot(page, 'language-server-lens-search-view');
      return `query "${value}", ${count} results`;
    });

    await checks.check(page, 'hovering the identifier shows the memory', async () => {
      const text = await hoverWord(page, 'maxRetriesPerRequest', 'BullMQ workers need');
      if (!/Reflection · (just now|\d+ minutes? ago) · #gotcha #queue · Open/.test(text) || /analytics/.test(text)) throw new Error(text);
      await page.waitForTimeout(500); // let the hover finish fading in
      await screenshot(page, 'language-server-hover');
      return text.slice(0, 140);
    });

    await checks.check(page, "the hover's Open link opens the memory", async () => {
      await page.locator('.monaco-hover a', { hasText: 'Open' }).first().click();
      await page.locator('.tabs-container .tab.active', { hasText: /reflection/ }).waitFor({ state: 'visible', timeout: 15_000 });
      await page.locator('.monaco-editor .view-lines', { hasText: 'otherwise the worker throws on start' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      return `tab "${(await page.locator('.tabs-container .tab.active').innerText()).trim()}"`;
    });

    await checks.check(page, 'a memory stored over MCP reaches the lens and hover of the open file', async () => {
      await openFile(page, 'src/queue/worker.ts');
      await mcp!.call('store_reflection', {
        content: 'invoiceWorker must be closed on SIGTERM before the Redis connection, or jobs stay locked for 30 s after a deploy.',
        files: ['src/queue/worker.ts'],
        tags: ['gotcha', 'deploy'],
      });
      const t0 = Date.now();
      await page.locator('.monaco-editor .codelens-decoration', { hasText: '3 memories' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      const lensMs = Date.now() - t0;
      const text = await hoverWord(page, 'invoiceWorker', 'closed on SIGTERM');
      await page.waitForTimeout(500); // let the hover finish fading in
      await screenshot(page, 'language-server-after-mcp-store');
      return `lens "${(await lens(page).innerText()).trim()}" after ${lensMs} ms; hover "${text.slice(0, 80)}…"`;
    });

    await checks.check(page, 'diagnostics follow the setting', async () => {
      await page.keyboard.press('Escape');
      await runCommand(page, 'Preferences: Open User Settings');
      await page.waitForTimeout(1_000);
      await page.keyboard.type('sessionMgmt.editor.diagnostics');
      const item = page.locator('.settings-editor .setting-item-bool', { hasText: 'gotcha' }).first();
      await item.waitFor({ state: 'visible', timeout: 15_000 });
      const box = item.locator('.setting-value-checkbox');
      const settingsFile = path.join(server!.dirs.userData, 'User', 'settings.json');
      const saved = (): boolean => /"sessionMgmt\.editor\.diagnostics":\s*true/.test(fs.readFileSync(settingsFile, 'utf8'));
      // The settings editor animates its rows in: a click during that may not land, so check
      // that the setting was written and click again if not.
      for (let attempt = 0; attempt < 3 && !saved(); attempt++) {
        await page.waitForTimeout(500);
        await box.click({ force: true });
        await until('the setting saved', () => saved(), 5_000).catch(() => undefined);
      }
      if (!saved()) throw new Error(`the setting was not saved: ${fs.readFileSync(settingsFile, 'utf8')}`);
      await screenshot(page, 'language-server-diagnostics-setting');
      await page.keyboard.press('Escape');
      await openFile(page, 'src/queue/worker.ts');
      const squiggle = page.locator('.monaco-editor .squiggly-info').first();
      await squiggle.waitFor({ state: 'attached', timeout: 30_000 });
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel .monaco-list-row', { hasText: 'maxRetriesPerRequest' }).first();
      await problems.waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot(page, 'language-server-diagnostics');
      return (await problems.innerText()).replace(/\s+/g, ' ').slice(0, 140);
    });
  } finally {
    await wb?.close();
    await server?.stop();
    await mcp?.close();
    await repo.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
