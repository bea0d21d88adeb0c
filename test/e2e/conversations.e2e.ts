// Conversation import as a user sees it, in code-server driven through chromium: the Session
// view's Conversations row before and after Session: Import Conversation History run from the
// palette, the result notification (with the secrets it redacted) and its Search Memory action, the
// row's tooltip, a found conversation showing a redaction marker where a key was, and cancelling
// a long import from its progress notification. Screenshots in test-results/.
//
//   node --import tsx test/e2e/conversations.e2e.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { findVsix } from '../../scripts/package/find-vsix.js';
import { openWorkbench, runCommand, screenshot, type Workbench } from '../../scripts/vscode/browser.js';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/code-server.js';
import { FIXTURE_APP } from '../support/fixture-app.js';
import { makeRepo, type FixtureRepo } from '../support/git-fixture.js';
import { generateCorpus, TranscriptWriter } from '../support/transcripts.js';
import { runE2e } from './checks.js';

const SCORE = '#workbench\\.parts\\.statusbar .statusbar-item[aria-label^="Session quality score"]';
const TITLE = 'Session: Import Conversation History';
/** A made-up key in an RPC URL, as real Bash commands carry them: redacted before it is stored. */
const RPC_KEY = '3f2c9a1e-5b7d-4c2a-9e8f-1a2b3c4d5e6f';

function writeTranscript(root: string, cwd: string): string {
  const file = path.join(cwd, 'src', 'index.ts');
  const w = new TranscriptWriter({ cwd, start: new Date(Date.now() - 3 * 3_600_000) });
  w.user('Login fails for users whose names contain unicode escapes. Can you fix the login bug?')
    .toolUse('Read', { file_path: file }, 'export function add(a: number, b: number): number {\n  return a + b;\n}\n', { text: 'Let me look at the parser first.' })
    .toolUse('Edit', { file_path: file, old_string: 'return a + b;', new_string: 'return a + b; // keeps unicode escapes' }, 'The file has been updated.', {
      text: 'The tokenizer dropped unicode escapes; fixing it in src/index.ts.',
    })
    .toolUse('Bash', { command: `curl -s "https://rpc.example.dev/v1/?api-key=${RPC_KEY}" -d @login.json` }, '{"result":"ok"}', { text: 'Checking the login endpoint on staging.' })
    .raw('{"type":"user","message": truncated')
    .assistant('Fixed: login names with unicode escapes are parsed correctly now.');
  return w.writeTo(root);
}

function sessionPane(page: Page): Locator {
  return page.locator('#workbench\\.parts\\.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: /^Session$/ }) }).first();
}

/** Opens the Session container with only the Session view expanded, so the whole tree shows. */
async function openSessionView(page: Page): Promise<void> {
  await page.locator('.activitybar .action-item a[aria-label^="Session"]').first().click();
  await page.locator('.pane-header', { hasText: 'Memories' }).first().waitFor({ state: 'visible', timeout: 20_000 });
  for (const title of ['Search', 'Memories']) {
    const header = page.locator('#workbench\\.parts\\.sidebar .pane-header[aria-expanded="true"]').filter({ has: page.locator('h3.title', { hasText: new RegExp(`^${title}$`) }) });
    if (await header.count()) await header.first().click();
  }
}

const oneLine = async (l: Locator): Promise<string> => (await l.innerText()).replace(/\s+/g, ' ').trim();

runE2e('conversations', async (checks) => {
  let repo: FixtureRepo | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'conversations-e2e-data-'));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'conversations-e2e-projects-'));
  const check = (name: string, fn: () => Promise<string>): Promise<void> => checks.check(wb?.page, name, fn);
  try {
    repo = await makeRepo(FIXTURE_APP, { message: 'feat: fixture app' });
    writeTranscript(root, repo.dir);
    // Also through the environment: code-server sometimes hands the remote extension host its
    // machine-scoped settings only after the server has started.
    server = await startCodeServer({
      workspace: repo.dir,
      vsix: [findVsix()],
      userSettings: { 'workbench.colorTheme': 'Light Modern', 'sessionMgmt.dataDir': dataDir, 'sessionMgmt.conversations.root': root, 'sessionMgmt.conversations.importOnStart': false },
      env: { SESSION_MGMT_DATA_DIR: dataDir, SESSION_MGMT_CONVERSATIONS_DIR: root },
    });
    wb = await openWorkbench(server.url, { folder: repo.dir });
    const page = wb.page;
    await page.locator(SCORE).filter({ hasText: /\d+/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await openSessionView(page);
    const row = sessionPane(page).locator('.monaco-list-row', { hasText: 'Conversations' }).first();

    await check('the Session view shows a Conversations row before any import', async () => {
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      const text = await oneLine(row);
      if (!/not imported yet/.test(text)) throw new Error(`row says "${text}"`);
      return text;
    });

    let toastText = '';
    await check(`${TITLE} from the palette reports what it imported`, async () => {
      await runCommand(page, TITLE);
      const toast = page.locator('.notification-toast', { hasText: 'Imported' }).first();
      await toast.waitFor({ state: 'visible', timeout: 30_000 });
      toastText = await oneLine(toast);
      if (!/Imported \d+ chunks? from 1 of 1 transcript \(1 malformed line skipped; 1 secret redacted\)\./.test(toastText)) throw new Error(`notification says "${toastText}"`);
      return toastText.slice(0, 140);
    });

    await check('the Conversations row shows the import, with its inline import action', async () => {
      await page.locator('.monaco-list-row', { hasText: /just now · 1 transcript · \d+ chunks?/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await row.hover();
      const action = row.locator('.actions .action-label[aria-label*="Import Conversation History"]');
      await action.waitFor({ state: 'visible', timeout: 5_000 });
      await page.mouse.move(900, 500);
      await page.locator('.notification-toast', { hasText: 'Importing conversation history' }).waitFor({ state: 'hidden', timeout: 10_000 });
      await screenshot(page, 'trees-conversations');
      return `${await oneLine(row)}; screenshot test-results/trees-conversations.png`;
    });

    await check('its tooltip details the last import', async () => {
      await row.locator('.label-name', { hasText: 'Conversations' }).hover();
      const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Conversation history' }).first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 });
      const text = await oneLine(hover);
      for (const want of ['Transcripts: 1 in scope, 1 with new lines', 'malformed skipped', 'Secrets: redacted: 1 api key', 'Transcripts folder:', 'Watching: no']) {
        if (!text.includes(want)) throw new Error(`tooltip lacks "${want}": ${text}`);
      }
      await screenshot(page, 'trees-conversations-tooltip');
      await page.mouse.move(900, 500);
      return text.slice(0, 140);
    });

    await check('running it again says it is up to date; Search Memory from the first notification finds the conversation', async () => {
      await runCommand(page, TITLE);
      const upToDate = page.locator('.notification-toast', { hasText: 'up to date' }).first();
      await upToDate.waitFor({ state: 'visible', timeout: 30_000 });
      const said = await oneLine(upToDate);
      let button = page.locator('.notification-toast .monaco-button', { hasText: 'Search Memory' }).first();
      if (!(await button.count())) {
        // A newer toast may hide the first one; the notification centre keeps it.
        await runCommand(page, 'Notifications: Show Notifications');
        button = page.locator('.notifications-center .monaco-button', { hasText: 'Search Memory' }).first();
      }
      await button.click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('unicode escapes login');
      const hit = page.locator('.quick-input-list .monaco-list-row', { hasText: /unicode escapes/i }).first();
      await hit.waitFor({ state: 'visible', timeout: 15_000 });
      const found = await oneLine(hit);
      await page.keyboard.press('Escape');
      return `"${said.slice(0, 90)}"; found "${found.slice(0, 80)}"`;
    });

    await check('a conversation found by Search Memory shows the redaction marker where the key was, never the key', async () => {
      // Not runCommand: it waits for the palette to close, and this command opens a picker in its place.
      const input = page.locator('.quick-input-widget input');
      await page.keyboard.press('F1');
      await input.fill('>Session: Search Memory');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Session: Search Memory$/ }).first().click();
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Search Memory' }).waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('api-key');
      const hit = page.locator('.quick-input-list .monaco-list-row', { hasText: 'rpc.example.dev' }).first();
      await hit.waitFor({ state: 'visible', timeout: 15_000 });
      const listed = await oneLine(page.locator('.quick-input-list'));
      await hit.click();
      const lines = page.locator('.editor-instance .view-lines', { hasText: 'redacted: api key' }).first();
      await lines.waitFor({ state: 'visible', timeout: 15_000 });
      const text = (await lines.innerText()).replace(/\u00a0/g, ' ');
      if (!text.includes('api-key=[redacted: api key]')) throw new Error(`the memory reads: ${text.slice(0, 400)}`);
      if (`${text}${listed}`.includes(RPC_KEY.slice(0, 8))) throw new Error(`the key shows: ${text.slice(0, 400)}`);
      await screenshot(page, 'conversations-redacted-memory');
      const line = text.split('\n').find((l) => l.includes('redacted')) ?? '';
      return `${line.replace(/\s+/g, ' ').slice(0, 110)}; screenshot test-results/conversations-redacted-memory.png`;
    });

    await check('cancelling a long import from its notification keeps what was imported', async () => {
      await page.keyboard.press('Escape');
      await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
      const corpus = generateCorpus({ root, bytes: 60_000_000, projects: [repo!.dir], sessionBytes: [1_000_000, 3_000_000], start: new Date('2026-10-01T09:00:00.000Z') });
      await runCommand(page, TITLE);
      const progress = page.locator('.notification-toast', { hasText: 'Importing conversation history' }).first();
      await progress.waitFor({ state: 'visible', timeout: 15_000 });
      await page.locator('.notification-toast', { hasText: /\d+\/\d+ transcripts/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
      const shown = await oneLine(progress);
      await screenshot(page, 'trees-conversations-progress');
      await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
      const cancelled = page.locator('.notification-toast', { hasText: 'Import cancelled; what was imported so far is kept.' }).first();
      await cancelled.waitFor({ state: 'visible', timeout: 15_000 });
      await page.locator('.monaco-list-row', { hasText: /Conversations.*cancelled/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
      return `${corpus.files.length} transcripts; progress "${shown.slice(0, 90)}"; then "${await oneLine(cancelled)}"`;
    });
  } finally {
    await wb?.close();
    await server?.stop();
    await repo?.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  }
});
