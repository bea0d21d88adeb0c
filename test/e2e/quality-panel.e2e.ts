// The Quality panel as a user sees it, in code-server driven through chromium: opened from the
// palette and from the status bar score, the score with its four parts and the measured share,
// unknown sub-metrics with what would measure them, the secret findings with links that open the
// file at the line, Checkpoint Now adding a point to the chart, End / Start Session, and
// screenshots in the light, dark and high-contrast themes (one code-server run per theme, sharing
// one data dir so the history grows).
//
//   node --import tsx test/e2e/quality-panel.e2e.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openWorkbench, runCommand, screenshot, type Workbench } from '../../scripts/vscode/browser.js';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/code-server.js';
import { findVsix } from '../../scripts/package/find-vsix.js';
import { FIXTURE_APP } from '../support/fixture-app.js';
import { makeRepo, type FixtureRepo } from '../support/git-fixture.js';
import { runE2e } from './checks.js';

const SCORE = '#workbench\\.parts\\.statusbar .statusbar-item[aria-label^="Session quality score"]';
const PANEL_TAB = '.tabs-container .tab';
const POINTS = 'svg.chart .pt';
const PARTS = ['Code quality', 'Project health', 'Dev velocity', 'Security'];
const THEMES = [
  { name: 'light', theme: 'Light Modern', bodyClass: 'vscode-light' },
  { name: 'dark', theme: 'Dark Modern', bodyClass: 'vscode-dark' },
  { name: 'hc', theme: 'Default High Contrast', bodyClass: 'vscode-high-contrast' },
] as const;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The frame holding the panel's app (webviews nest their content in an inner iframe). */
async function panelFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      const n = await f
        .locator('#app .score')
        .count()
        .catch(() => 0);
      if (n > 0) return f;
    }
    if (Date.now() > deadline) throw new Error('no Quality panel frame with a score');
    await page.waitForTimeout(250);
  }
}

async function panelOpen(page: Page): Promise<boolean> {
  for (const f of page.frames()) if ((await f.locator('#app .top h1').count().catch(() => 0)) > 0) return true;
  return false;
}

/** Waits until the chart has drawn, then returns its marker count. */
async function pointCount(frame: Frame): Promise<number> {
  await frame.locator('svg.chart, .chart-box .empty').first().waitFor({ state: 'visible', timeout: 20_000 });
  return frame.locator(POINTS).count();
}

async function waitForCount(frame: Frame, selector: string, atLeast: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await frame.locator(selector).count();
    if (n >= atLeast) return n;
    if (Date.now() > deadline) throw new Error(`${selector}: ${n} after ${secs(timeoutMs)}, expected ${atLeast}`);
    await frame.page().waitForTimeout(200);
  }
}

/** Clicks Checkpoint Now, sees the busy state, and waits for the chart to gain a point. */
async function checkpointNow(frame: Frame): Promise<string> {
  const before = await pointCount(frame);
  await frame.getByRole('button', { name: 'Checkpoint Now' }).click();
  const busy = (await frame.locator('.status-line').innerText()).trim();
  const after = await waitForCount(frame, POINTS, before + 1);
  await frame.locator('.status-line', { hasText: 'Updated' }).waitFor({ timeout: 15_000 });
  return `${before} → ${after} points (busy: "${busy}")`;
}

/** Runs inside the webview: scrolls its document back to the top. */
const scrollTop = (): void => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0);

async function cleanScreenshot(page: Page, frame: Frame, name: string): Promise<string> {
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
  await page.mouse.move(5, 5);
  await frame.locator('#app').evaluate(scrollTop);
  await page.waitForTimeout(600);
  const file = await screenshot(page, `quality-panel-${name}`);
  await frame.locator('.secrets').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  await screenshot(page, `quality-panel-${name}-secrets`);
  // The lower half of the panel too, for review (the parts and their sub-metrics).
  await frame.locator('.breakdown').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(300);
  await screenshot(page, `quality-panel-${name}-breakdown`);
  await frame.locator('#app').evaluate(scrollTop);
  return path.relative(process.cwd(), file);
}

runE2e('quality', async (checks) => {
  let repo: FixtureRepo | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quality-panel-data-'));
  const check = (name: string, fn: () => Promise<string>): Promise<void> => checks.check(wb?.page, name, fn);
  try {
    // A credential in a config file and an example in a test fixture, assembled here so this file holds none.
    const password = ['Pr0d', '-Passw0rd', '!2024'].join('');
    repo = await makeRepo(
      {
        ...FIXTURE_APP,
        'config/prod.yaml': `server:\n  port: 8080\ndatabase:\n  password: ${password}\n`,
        'test/fixtures/settings.ts': `export const settings = { password: '${['fixture', '-Pass', '99'].join('')}' };\n`,
      },
      { message: 'feat: fixture app' },
    );
    for (const t of THEMES) {
      console.log(`${t.theme}:`);
      try {
        server = await startCodeServer({
          workspace: repo.dir,
          vsix: [findVsix()],
          userSettings: { 'workbench.colorTheme': t.theme },
          env: { SESSION_MGMT_DATA_DIR: dataDir },
        });
        wb = await openWorkbench(server.url, { folder: repo.dir, viewport: { width: 1440, height: 960 } });
        const page = wb.page;
        await page.locator(SCORE).filter({ hasText: /\d+/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
        let frame: Frame | undefined;

        await check(`${t.name}: Session: Open Quality Panel shows the score and all four parts`, async () => {
          await runCommand(page, 'Session: Open Quality Panel');
          frame = await panelFrame(page);
          const score = (await frame.locator('.score').innerText()).trim();
          if (!/^\d+$/.test(score)) throw new Error(`score "${score}"`);
          const parts = (await frame.locator('.part h3').allInnerTexts()).map((s) => s.trim());
          if (parts.join('|') !== PARTS.join('|')) throw new Error(`parts: ${parts.join(', ')}`);
          const metrics = await frame.locator('.part .metric').count();
          const badges = new Set((await frame.locator('.metric .badge').allInnerTexts()).map((s) => s.trim()));
          if (metrics < 12 || badges.size === 0) throw new Error(`${metrics} sub-metrics, badges ${[...badges].join(',')}`);
          const recs = await frame.locator('.rec').count();
          const measured = (await frame.locator('.measured-line').innerText()).trim();
          if (!/^Measured: \d+(\.\d+)? of 100 points/.test(measured)) throw new Error(`measured line "${measured}"`);
          return `score ${score}, ${parts.length} parts, ${metrics} sub-metrics (${[...badges].join(', ')}), ${recs} recommendations; "${measured}"`;
        });
        await check(`${t.name}: unknown sub-metrics say unknown and what would measure them`, async () => {
          const f = await panelFrame(page);
          const unknown = f.locator('.metric.source-unknown');
          const n = await unknown.count();
          if (n === 0) throw new Error('no unknown sub-metric shown');
          const coverage = unknown.filter({ hasText: 'Test coverage' });
          const points = (await coverage.locator('.metric-points').innerText()).trim();
          const how = (await coverage.locator('.metric-how').innerText()).trim();
          if (points !== '–/15' || !how.startsWith('To measure: run `')) throw new Error(`coverage: "${points}", "${how}"`);
          if ((await coverage.locator('.meter').count()) !== 0) throw new Error('an unknown sub-metric has a meter');
          return `${n} unknown; coverage "${points}", "${how}"`;
        });
        if (!frame) continue;
        const f = frame;

        await check(`${t.name}: the webview follows the ${t.theme} theme`, async () => {
          const cls = await f.locator('body').getAttribute('class');
          if (!cls?.includes(t.bodyClass)) throw new Error(`body class "${cls}"`);
          const label = await f.locator('svg.chart').getAttribute('aria-label');
          if (!label?.startsWith('Quality score over time')) throw new Error(`chart aria-label "${label}"`);
          return `${t.bodyClass}; chart: "${label.slice(0, 70)}…"`;
        });

        if (t.name === 'light') {
          await check('the status bar score opens the panel, and only one panel exists', async () => {
            await runCommand(page, 'View: Close Editor');
            const deadline = Date.now() + 10_000;
            while (await panelOpen(page)) {
              if (Date.now() > deadline) throw new Error('the panel did not close');
              await page.waitForTimeout(200);
            }
            await page.locator(SCORE).first().click();
            frame = await panelFrame(page);
            await runCommand(page, 'Session: Open Quality Panel');
            await page.waitForTimeout(500);
            const tabs = await page.locator(PANEL_TAB, { hasText: 'Session Quality' }).count();
            if (tabs !== 1) throw new Error(`${tabs} "Session Quality" tabs`);
            return 'opened by the status bar item; the command revealed the same panel (1 tab)';
          });
        }
        let g = frame;

        await check(`${t.name}: the secret findings are listed, real before fixtures, and open the file at the line`, async () => {
          const rows = (await g.locator('.finding').allInnerTexts()).map((x) => x.replace(/\s+/g, ' ').trim());
          if (rows.length !== 2 || !/^.*high config\/prod\.yaml:4 password/.test(rows[0] ?? '') || !/low test\/fixtures\/settings\.ts:1/.test(rows[1] ?? '')) throw new Error(`findings: ${rows.join(' | ')}`);
          if (rows.some((r) => r.includes('Passw0rd') || r.includes('-Pass99'))) throw new Error('a finding shows the secret');
          if (t.name !== 'light') return rows.join(' | ');
          await g.locator('.finding-link', { hasText: 'config/prod.yaml:4' }).click();
          await page.locator(PANEL_TAB, { hasText: 'prod.yaml' }).first().waitFor({ timeout: 15_000 });
          const cursor = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /Ln 4, Col 1/ });
          await cursor.first().waitFor({ timeout: 10_000 });
          // Back to the panel alone, as the following checks and screenshots expect.
          await runCommand(page, 'View: Close All Editors');
          await page.locator(PANEL_TAB, { hasText: 'prod.yaml' }).first().waitFor({ state: 'detached', timeout: 10_000 });
          await runCommand(page, 'Session: Open Quality Panel');
          g = await panelFrame(page);
          return `${rows.join(' | ')}; the link opened prod.yaml at Ln 4`;
        });

        await check(`${t.name}: Checkpoint Now adds a point to the chart`, () => checkpointNow(g));
        await check(`${t.name}: screenshot`, () => cleanScreenshot(page, g, t.name));

        if (t.name === 'light') {
          await check('End Session, then Start Session, from the panel', async () => {
            const ends = await g.locator('svg.chart .pt-end').count();
            const starts = await g.locator('svg.chart .pt-start').count();
            await g.getByRole('button', { name: 'End Session' }).click();
            await g.getByRole('button', { name: 'Start Session' }).waitFor({ timeout: 30_000 });
            await waitForCount(g, 'svg.chart .pt-end', ends + 1);
            // The handoff opened beside: the panel is half as wide and has no session (for review).
            await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
            await screenshot(page, 'quality-panel-light-no-session');
            await g.getByRole('button', { name: 'Start Session' }).click();
            await g.getByRole('button', { name: 'Checkpoint Now' }).waitFor({ timeout: 30_000 });
            await waitForCount(g, 'svg.chart .pt-start', starts + 1);
            return `end markers ${ends} → ${ends + 1}, start markers ${starts} → ${starts + 1}`;
          });
        }
      } catch (err) {
        checks.error(err);
      } finally {
        await wb?.close();
        await server?.stop();
        wb = undefined;
        server = undefined;
      }
    }
  } finally {
    await wb?.close();
    await server?.stop();
    await repo?.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
