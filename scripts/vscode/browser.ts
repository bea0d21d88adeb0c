// Opens the code-server workbench in Debian's chromium through playwright-core (no browser
// downloads) and offers a few UI helpers. Flags and selectors: /work/shared/notes/vscode-testing.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { onInterrupt } from './cleanup.js';
import { ROOT, loadPaths } from './code-server.js';

const CHROMIUM_ARGS = [
  '--no-sandbox', // root in a container: the setuid sandbox is unavailable
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const RESULTS_DIR = path.join(ROOT, 'test-results');

export interface WorkbenchOptions {
  /** [key, value] pairs read by the smoke-test driver, e.g. extensionDevelopmentPath. */
  payload?: [string, string][];
  /** Folder to open (a path on the code-server machine). */
  folder?: string;
  /** Extension host / renderer log lines forwarded by the smoke-test driver. */
  onLog?: (type: string, args: unknown[]) => void;
  /** Called when the extension-tests module settles (0 pass, non-zero fail). */
  onExit?: (code: number, logs: unknown) => void;
  /** Viewport size; a desktop-like default keeps screenshots legible. */
  viewport?: { width: number; height: number };
}

export interface Workbench {
  page: Page;
  browser: Browser;
  /** Milliseconds from navigation start to `.monaco-workbench` visible. */
  loadMs: number;
  close(): Promise<void>;
}

/** `vscode-remote://HOST:PORT/abs/path`: how the web workbench names a path on the server. */
export function remoteUri(serverUrl: string, absPath: string): string {
  const { host } = new URL(serverUrl);
  return `vscode-remote://${host}${path.resolve(absPath).split(path.sep).map(encodeURIComponent).join('/')}`;
}

export function workbenchUrl(serverUrl: string, opts: Pick<WorkbenchOptions, 'payload' | 'folder'> = {}): string {
  const u = new URL(serverUrl);
  if (opts.folder) u.searchParams.set('folder', path.resolve(opts.folder));
  if (opts.payload) u.searchParams.set('payload', JSON.stringify(opts.payload));
  return u.toString();
}

export async function openWorkbench(url: string, opts: WorkbenchOptions = {}): Promise<Workbench> {
  // A fresh HOME/XDG for chromium so its caches and NSS db stay out of the real home.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-harness-chromium-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { HOME: profile, XDG_CONFIG_HOME: path.join(profile, '.config'), XDG_CACHE_HOME: path.join(profile, '.cache') });
  let browser: Browser | undefined;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      unregister();
      await browser?.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    })());
  const unregister = onInterrupt(close);
  try {
    // launch() gives every run a new temporary profile, deleted on close. Signals are left to
    // cleanup.ts: Playwright's own handlers would exit the process before our cleanup ran.
    browser = await chromium.launch({
      executablePath: loadPaths().chromium,
      headless: true,
      args: CHROMIUM_ARGS,
      env,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
    // Must exist before the workbench script runs: it looks for them once at start-up.
    await context.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      opts.onLog?.(String(type), Array.isArray(args) ? args : [args]);
    });
    await context.exposeFunction('codeAutomationExit', (code: number, logs: unknown) => {
      opts.onExit?.(Number(code), logs);
    });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(workbenchUrl(url, opts), { waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page);
    return { page, browser, loadMs: Date.now() - t0, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Runs a command by its palette title: F1, `>Title`, pick the exact row, Enter. */
export async function runCommand(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 300 } }).catch(() => undefined);
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  // The list re-filters as you type; make sure the focused row is ours before Enter.
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
}

export async function statusBarText(page: Page): Promise<string> {
  return (await page.locator('#workbench\\.parts\\.statusbar').innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits until the status bar contains `text` (extensions update it asynchronously). */
export async function waitForStatusBar(page: Page, text: string, timeoutMs = 15_000): Promise<string> {
  await page.locator('#workbench\\.parts\\.statusbar', { hasText: text }).waitFor({ state: 'visible', timeout: timeoutMs });
  return statusBarText(page);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
