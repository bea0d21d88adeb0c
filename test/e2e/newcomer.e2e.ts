// A newcomer's first hour, through `npm start`'s own launch path (scripts/vscode/product.ts) in a
// made-up user's home: the git identity exists only in that home's ~/.gitconfig and a Claude Code
// transcript only in its ~/.claude/projects. Walks the first checkpoint commit, the import, Copy MCP
// Configuration followed by a stop and a restart of VS Code (the copied configuration must still
// start a working server, checked with a real MCP client), End then Start with the handoff shown
// once, Store Selection with a note, tags and a line range, and the sidebar's layout at 900 px.
// Screenshots in test-results/newcomer-*.png.
//
//   node --import tsx test/e2e/newcomer.e2e.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Locator, Page } from 'playwright-core';
import { findVsix } from '../../scripts/package/find-vsix.js';
import { openWorkbench, runCommand, screenshot, type Workbench } from '../../scripts/vscode/browser.js';
import type { CodeServer } from '../../scripts/vscode/code-server.js';
import { startProduct } from '../../scripts/vscode/product.js';
import { FIXTURE_APP } from '../support/fixture-app.js';
import { gitIn, makeRepo, type FixtureRepo } from '../support/git-fixture.js';
import { TranscriptWriter } from '../support/transcripts.js';
import { runE2e } from './checks.js';

const SCORE = '#workbench\\.parts\\.statusbar .statusbar-item[aria-label^="Session quality score"]';
const VIEWPORT = { width: 1440, height: 900 };
const IDENTITY = { name: 'Noor Newcomer', email: 'noor@example.invalid' };

interface McpEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** The user's environment as a fresh login would have it, with HOME moved to the made-up home. */
function userEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
  for (const k of ['GIT_CONFIG_GLOBAL', 'XDG_CONFIG_HOME', 'CLAUDE_CONFIG_DIR', 'SESSION_MGMT_DATA_DIR', 'SESSION_MGMT_CONVERSATIONS_DIR', 'EMAIL']) delete env[k];
  for (const k of Object.keys(env)) if (/^GIT_(AUTHOR|COMMITTER)_/.test(k)) delete env[k];
  return env;
}

function writeHome(home: string, repoDir: string): string {
  fs.writeFileSync(path.join(home, '.gitconfig'), `[user]\n\tname = ${IDENTITY.name}\n\temail = ${IDENTITY.email}\n[commit]\n\tgpgsign = false\n`);
  const w = new TranscriptWriter({ cwd: repoDir, start: new Date(Date.now() - 2 * 3_600_000) });
  w.user('The add function should reject NaN inputs; can you add a guard in src/index.ts?')
    .toolUse('Read', { file_path: path.join(repoDir, 'src/index.ts') }, 'export function add(a: number, b: number): number {\n  return a + b;\n}\n', { text: 'Reading the module first.' })
    .assistant('Added a NaN guard to add() in src/index.ts; callers now get a RangeError.');
  return w.writeTo(path.join(home, '.claude', 'projects'));
}

function sessionPane(page: Page): Locator {
  return page.locator('#workbench\\.parts\\.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: /^Session$/ }) }).first();
}

const oneLine = async (l: Locator): Promise<string> => (await l.innerText()).replace(/\s+/g, ' ').trim();

async function toast(page: Page, text: string | RegExp, timeout = 30_000): Promise<string> {
  const t = page.locator('.notification-toast', { hasText: text }).last();
  await t.waitFor({ state: 'visible', timeout });
  return oneLine(t);
}

async function clearToasts(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
}

/** Runs a command that opens its own quick input (runCommand waits for the palette to close). */
async function runCommandWithInput(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
}

/** Waits until a rendered Markdown preview (a webview frame) shows the text. */
async function waitForPreviewText(page: Page, text: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (await f.locator('h1', { hasText: text }).count().catch(() => 0)) return;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no preview shows "${text}"`);
}

async function openSidebar(page: Page): Promise<void> {
  const memories = page.locator('#workbench\\.parts\\.sidebar .pane-header', { hasText: 'Memories' }).first();
  if (!(await memories.isVisible())) await page.locator('.activitybar .action-item a[aria-label^="Session"]').first().click();
  await memories.waitFor({ state: 'visible', timeout: 20_000 });
}

/** Connects a real MCP client to the copied configuration, as Claude Code would, and lists tools. */
async function connectCopied(entry: McpEntry, cwd: string, env: NodeJS.ProcessEnv): Promise<Client> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  const client = new Client({ name: 'newcomer-e2e', version: '0' });
  await client.connect(new StdioClientTransport({ command: entry.command, args: entry.args, env: { ...clean, ...entry.env }, cwd, stderr: 'ignore' }));
  return client;
}

async function toolNames(entry: McpEntry, cwd: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const client = await connectCopied(entry, cwd, env);
  try {
    return (await client.listTools()).tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}

runE2e('newcomer', async (checks) => {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'newcomer-e2e-')));
  const home = path.join(tmp, 'home');
  const state = path.join(tmp, 'vscode-state');
  fs.mkdirSync(home);
  let repo: FixtureRepo | undefined;
  let server: CodeServer | undefined;
  let wb: Workbench | undefined;
  let copied: McpEntry | undefined;
  const check = (name: string, fn: () => Promise<string>): Promise<void> => checks.check(wb?.page, name, fn);
  try {
    repo = await makeRepo(FIXTURE_APP, { message: 'feat: fixture app' });
    // Like a clone: the identity comes from the user's configuration, not the repository's.
    await gitIn(repo, ['config', '--unset', 'user.name']);
    await gitIn(repo, ['config', '--unset', 'user.email']);
    fs.appendFileSync(path.join(repo.dir, 'src/index.ts'), '\nexport function sub(a: number, b: number): number {\n  return a - b;\n}\n');
    writeHome(home, repo.dir);
    const env = userEnv(home);
    const vsix = findVsix();

    server = await startProduct({ folder: repo.dir, vsix, env, stateDir: state });
    wb = await openWorkbench(server.url, { folder: repo.dir, viewport: VIEWPORT });
    let page = wb.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator(SCORE).filter({ hasText: /\d+/ }).first().waitFor({ state: 'visible', timeout: 90_000 });

    await check("the first checkpoint commits as the identity from the user's ~/.gitconfig", async () => {
      await runCommand(page, 'Session: Checkpoint');
      const said = await toast(page, 'Checkpoint: quality');
      if (!/Committed [0-9a-f]{7}/.test(said)) throw new Error(`notification: ${said}`);
      const author = (await gitIn(repo!, ['log', '-1', '--format=%an <%ae>|%s'], { GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig') })).trim();
      if (!author.startsWith(`${IDENTITY.name} <${IDENTITY.email}>`)) throw new Error(`last commit by ${author}`);
      await screenshot(page, 'newcomer-1-checkpoint');
      return `"${said.slice(0, 80)}"; ${author}`;
    });

    await check("Import Conversation History finds the transcript under the user's ~/.claude/projects", async () => {
      await clearToasts(page);
      await runCommand(page, 'Session: Import Conversation History');
      // The session's start already imported new lines in the background; either way the
      // transcript must have been found and its chunks stored.
      const said = await toast(page, /Imported|up to date/);
      if (!/from 1 of 1 transcript|in 1 transcript/.test(said)) throw new Error(`notification: ${said}`);
      await openSidebar(page);
      const row = sessionPane(page).locator('.monaco-list-row', { hasText: 'Conversations' }).first();
      await row.filter({ hasText: /1 transcript · \d+ chunks?|up to date/ }).waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot(page, 'newcomer-2-import');
      return `"${said.slice(0, 90)}"; row "${await oneLine(row)}"`;
    });

    await check('Copy MCP Configuration names the launcher in the data dir, not the extension folder', async () => {
      await clearToasts(page);
      await runCommandWithInput(page, 'Session: Copy MCP Configuration');
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Claude Code' }).first();
      await pick.waitFor({ state: 'visible', timeout: 10_000 });
      await pick.click();
      const said = await toast(page, 'Copied the Claude Code MCP configuration');
      const text = (await page.evaluate('navigator.clipboard.readText()')) as string;
      const parsed = JSON.parse(text) as { mcpServers: Record<string, McpEntry> };
      copied = parsed.mcpServers['session-mgmt'];
      const launcher = path.join(home, '.session-mgmt', 'bin', 'session-mgmt-mcp');
      if (copied?.command !== launcher) throw new Error(`command is ${copied?.command}`);
      if (copied.args.length !== 0) throw new Error(`args ${JSON.stringify(copied.args)} (the data dir is the default)`);
      await screenshot(page, 'newcomer-3-copy-mcp');
      return `${said.slice(0, 110)}; ${JSON.stringify(copied)}`;
    });

    await wb.close();
    await server.stop();
    server = undefined;

    await check('with VS Code stopped, the copied configuration starts a working server (real MCP client)', async () => {
      if (!copied) throw new Error('nothing was copied');
      const client = await connectCopied(copied, repo!.dir, env);
      try {
        const tools = (await client.listTools()).tools.map((t) => t.name);
        for (const want of ['start', 'checkpoint', 'reflect_on_past', 'store_reflection']) if (!tools.includes(want)) throw new Error(`no ${want} in ${tools.join(', ')}`);
        // What the import brought in from the user's ~/.claude/projects is in the shared memory.
        const found = (await client.callTool({ name: 'reflect_on_past', arguments: { query: 'NaN guard RangeError', kinds: ['conversation'] } })).structuredContent as { results: { kind: string }[] };
        if (found.results.length === 0) throw new Error('the imported conversation is not in the memory');
        // The session ends while VS Code is closed (as at a window close, or by an agent).
        const ended = (await client.callTool({ name: 'end', arguments: { working_directory: repo!.dir } })) as { isError?: boolean };
        if (ended.isError) throw new Error('end failed');
        return `${tools.length} tools: ${tools.slice(0, 5).join(', ')}…; ${found.results.length} conversation hit(s); session ended`;
      } finally {
        await client.close();
      }
    });

    server = await startProduct({ folder: repo.dir, vsix, env, stateDir: state });
    wb = await openWorkbench(server.url, { folder: repo.dir, viewport: VIEWPORT });
    page = wb.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.locator(SCORE).filter({ hasText: /\d+/ }).first().waitFor({ state: 'visible', timeout: 90_000 });

    await check('after a restart the copied configuration still works, and the launcher runs this installation', async () => {
      if (!copied) throw new Error('nothing was copied');
      const tools = await toolNames(copied, repo!.dir, env);
      const script = fs.readFileSync(copied.command, 'utf8');
      const serverJs = /^server='([^']+)'/m.exec(script)?.[1] ?? '';
      if (!serverJs.startsWith(path.join(state, 'extensions'))) throw new Error(`launcher runs ${serverJs}`);
      return `${tools.length} tools; launcher runs ${path.relative(tmp, serverJs)}`;
    });

    const handoffTabs = (): Locator => page.locator('.tabs-container .tab', { hasText: /^Preview \S+\.md/ });

    await check("the next start opens the previous session's handoff once and puts it first in the Session view", async () => {
      await handoffTabs().first().waitFor({ state: 'visible', timeout: 20_000 });
      await openSidebar(page);
      const first = sessionPane(page).locator('.monaco-list-row').first();
      await first.filter({ hasText: 'Previous handoff' }).waitFor({ state: 'visible', timeout: 15_000 });
      await waitForPreviewText(page, 'Session handoff');
      const tabs = await handoffTabs().count();
      if (tabs !== 1) throw new Error(`${tabs} handoff previews`);
      await screenshot(page, 'newcomer-4-handoff-at-start');
      return `first row "${await oneLine(first)}"; ${tabs} preview: ${await oneLine(handoffTabs().first())}`;
    });

    await check('End Session, then Start Session: still one handoff preview, the status bar says No session in between', async () => {
      await clearToasts(page);
      await runCommand(page, 'Session: End Session');
      await toast(page, 'Session ended');
      await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: 'No session' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await screenshot(page, 'newcomer-5-ended');
      await runCommand(page, 'Session: Start Session');
      await toast(page, 'Session started');
      await openSidebar(page);
      const first = sessionPane(page).locator('.monaco-list-row').first();
      await first.filter({ hasText: 'Previous handoff' }).waitFor({ state: 'visible', timeout: 15_000 });
      // Starting again resumes the open session and must not open another copy.
      await runCommand(page, 'Session: Start Session');
      await toast(page, 'Resumed the open session');
      await sessionPane(page).locator('.monaco-list-row', { hasText: 'Previous handoff' }).first().click();
      await page.waitForTimeout(1_000);
      await waitForPreviewText(page, 'Session handoff');
      const tabs = await handoffTabs().count();
      const labels = (await page.locator('.tabs-container .tab').allInnerTexts()).map((t) => t.trim());
      if (tabs !== 1) throw new Error(`${tabs} handoff previews open: ${labels.join(' | ')}`);
      const groups = await page.locator('.editor-group-container').count();
      await screenshot(page, 'newcomer-6-handoff-after-end-start');
      return `first row "${await oneLine(first)}"; tabs ${labels.join(' | ')}; ${groups} editor groups`;
    });

    await check('at 900 px the default layout shows every Session row without scrolling; the search help is one line', async () => {
      await clearToasts(page);
      await openSidebar(page);
      const heights: string[] = [];
      for (const title of ['Search', 'Session', 'Memories']) {
        const pane = page.locator('#workbench\\.parts\\.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`) }) }).first();
        const box = await pane.boundingBox();
        heights.push(`${title} ${Math.round(box?.height ?? 0)} px`);
      }
      const body = sessionPane(page).locator('.pane-body').first();
      const { client, scroll } = await body.locator('.monaco-scrollable-element').first().evaluate((e) => ({ client: e.clientHeight, scroll: e.scrollHeight }));
      const rows = await sessionPane(page).locator('.monaco-list-row').count();
      if (scroll > client) throw new Error(`the Session view needs scrolling: ${scroll} px of rows in ${client} px (${heights.join(', ')})`);
      let help = 'search view frame not found';
      for (const f of page.frames()) {
        const summary = f.locator('details.howto summary');
        if (await summary.count()) {
          const h = await summary.evaluate((e) => e.getBoundingClientRect().height);
          const open = await f.locator('details.howto[open]').count();
          if (open || h > 30) throw new Error(`search help is ${open ? 'open' : `${h} px tall`}`);
          help = `search help one line (${Math.round(h)} px, "more" to open)`;
        }
      }
      await screenshot(page, 'newcomer-7-layout-900');
      return `${heights.join(', ')}; Session view: ${rows} rows in ${client} px; ${help}`;
    });

    await check('Store Selection asks for a note and tags (prefilled) and stores the code with its range', async () => {
      await clearToasts(page);
      await runCommand(page, 'View: Close All Editor Groups').catch(() => undefined);
      const input = page.locator('.quick-input-widget input');
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('src/index.ts');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'index.ts' }).first().click();
      const editor = page.locator('.editor-instance .monaco-editor').first();
      await editor.waitFor({ state: 'visible', timeout: 15_000 });
      await editor.click({ position: { x: 200, y: 10 } });
      await page.keyboard.press('Control+Home');
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
      await runCommandWithInput(page, 'Session: Store Selection as Reflection');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: '(1/2)' }).waitFor({ state: 'visible', timeout: 10_000 });
      const title1 = await oneLine(page.locator('.quick-input-widget .quick-input-title'));
      await input.fill('add() is the only arithmetic entry point; keep the NaN guard here');
      await screenshot(page, 'newcomer-8-selection-note');
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: '(2/2)' }).waitFor({ state: 'visible', timeout: 10_000 });
      const prefilled = await input.inputValue();
      if (prefilled !== 'typescript, src') throw new Error(`tags prefilled with "${prefilled}"`);
      await input.fill(`${prefilled}, arithmetic`);
      await page.keyboard.press('Enter');
      await toast(page, 'Reflection stored');
      if (!copied) throw new Error('nothing was copied');
      const client = await connectCopied(copied, repo!.dir, env);
      try {
        const res = (await client.callTool({ name: 'reflect_on_past', arguments: { query: 'NaN guard arithmetic entry point' } })).structuredContent as {
          results: { id: string; tags: string[]; files: string[] }[];
        };
        const hit = res.results[0];
        if (!hit) throw new Error('the stored selection is not found');
        const full = (await client.callTool({ name: 'get_memory', arguments: { id: hit.id } })).structuredContent as { memory: { text: string } } | undefined;
        const text = full?.memory.text ?? '';
        if (!text.includes('`src/index.ts:1-3`')) throw new Error(`no range in: ${text.slice(0, 200)}`);
        if (!text.includes('```typescript\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```')) throw new Error(`code not kept: ${text}`);
        for (const t of ['typescript', 'src', 'arithmetic']) if (!hit.tags.includes(t)) throw new Error(`tags ${hit.tags.join(', ')}`);
        if (!hit.files.some((f) => f.endsWith('src/index.ts'))) throw new Error(`files ${hit.files.join(', ')}`);
        await screenshot(page, 'newcomer-9-selection-stored');
        return `title "${title1}"; tags ${hit.tags.join(', ')}; ${JSON.stringify(text.split('\n').slice(0, 3).join(' / '))}`;
      } finally {
        await client.close();
      }
    });
    await check("code-server keeps its own settings, extensions and logs out of the user's home", async () => {
      const found: string[] = [];
      for (const rel of ['.local/share/code-server', '.config/code-server', '.vscode-server', '.local/share/code-server/coder-logs']) {
        if (fs.existsSync(path.join(home, rel))) found.push(rel);
      }
      if (found.length) throw new Error(`found ${found.join(', ')} in the home`);
      const top = fs.readdirSync(home).sort();
      const logs = fs.existsSync(path.join(state, 'data', 'code-server')) ? 'its logs are in the state folder' : 'no logs written';
      return `home holds ${top.join(', ')}; ${logs}`;
    });
  } finally {
    await wb?.close();
    await server?.stop();
    await repo?.cleanup();
    if (process.env.KEEP_E2E_DIRS) console.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
});
