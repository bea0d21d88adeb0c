// UI proof of the harness: package the fixture extension, install it into a fresh code-server,
// open the workbench in chromium, run "Harness: Say Hello" through F1, read the status bar and
// the notification, save test-results/harness.png. Everything started is stopped, even on failure.
//
//   node --import tsx scripts/vscode/prove-ui.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWorkbench, runCommand, screenshot, statusBarText, waitForStatusBar, type Workbench } from './browser.js';
import { onInterrupt } from './cleanup.js';
import { ROOT, startCodeServer, type CodeServer } from './code-server.js';
import { packageVsix } from './vsix.js';

const FIXTURE = path.join(ROOT, 'test/fixtures/harness-extension');
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-harness-ui-'));
  const removeScratch = (): void => fs.rmSync(scratch, { recursive: true, force: true });
  const unregister = onInterrupt(removeScratch);
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let passed = 0;
  let failed = 0;
  const check = async (name: string, fn: () => Promise<string>): Promise<void> => {
    try {
      console.log(`  ok   ${name}: ${await fn()}`);
      passed++;
    } catch (err) {
      console.log(`  FAIL ${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      failed++;
    }
  };
  try {
    const t0 = Date.now();
    const vsix = packageVsix(FIXTURE, path.join(scratch, 'harness.vsix'));
    console.log(`packaged ${path.basename(vsix)} in ${secs(Date.now() - t0)}`);
    server = await startCodeServer({ workspace: path.join(FIXTURE, 'workspace'), vsix: [vsix] });
    console.log(`code-server ${server.url} healthy after ${secs(server.startupMs)}`);
    wb = await openWorkbench(server.url, { folder: path.join(FIXTURE, 'workspace') });
    console.log(`workbench loaded after ${secs(wb.loadMs)}`);
    const page = wb.page;
    const t1 = Date.now();

    await check('extension activated on startup (status bar item shown)', async () => {
      await waitForStatusBar(page, 'Harness idle', 30_000);
      return `${secs(Date.now() - t1)} after workbench load`;
    });
    await check('F1 > Harness: Say Hello', async () => {
      await runCommand(page, 'Harness: Say Hello');
      return 'ran';
    });
    await check('status bar says "Harness OK"', async () => {
      await waitForStatusBar(page, 'Harness OK');
      return JSON.stringify(await statusBarText(page));
    });
    await check('notification shown', async () => {
      const toast = page.locator('.notifications-toasts', { hasText: 'Hello from the harness extension' });
      await toast.waitFor({ state: 'visible', timeout: 10_000 });
      return JSON.stringify((await toast.innerText()).replace(/\s+/g, ' ').trim());
    });
    console.log(`screenshot: ${path.relative(ROOT, await screenshot(page, 'harness'))}`);
  } catch (err) {
    console.error(`prove-ui: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    failed++;
    if (wb) await screenshot(wb.page, 'harness-failure').catch(() => undefined);
  } finally {
    await wb?.close();
    await server?.stop();
    removeScratch();
    unregister();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
