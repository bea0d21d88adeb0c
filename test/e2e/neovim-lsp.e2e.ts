// The language server with a client no one here wrote: Neovim, headless, from Debian's package
// (installed by scripts/vscode/setup.mjs). A Lua script attaches `dist/server.js lsp` to a fixture
// project, opens a file and asserts code lenses, a hover and workspace symbols.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runE2e } from './checks.js';
import { FILES, makeServiceRepo, storeNotes } from '../support/lsp-fixture.js';
import { SERVER_JS, startServer, tempDir } from '../support/server-process.js';

const NVIM = '/usr/bin/nvim';
const SCRIPT = path.join(__dirname, 'neovim', 'lsp-check.lua');

runE2e('neovim', async (checks) => {
  if (!fs.existsSync(NVIM)) throw new Error(`${NVIM} is missing: run node scripts/vscode/setup.mjs (it installs Debian's neovim)`);
  if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run npm run build`);
  const version = spawnSync(NVIM, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '';
  const repo = await makeServiceRepo();
  const dataDir = tempDir('nvim-lsp');
  const home = tempDir('nvim-home');
  try {
    const mcp = await startServer({ dataDir, cwd: repo.dir });
    await storeNotes(mcp);
    await mcp.close();
    const file = path.join(repo.dir, 'src/queue/worker.ts');
    const lines = FILES['src/queue/worker.ts']!.split('\n');
    const hoverLine = lines.findIndex((l) => l.includes('maxRetriesPerRequest'));
    const run = (extra: Record<string, string>): string => {
      const outFile = path.join(home, `result-${Date.now()}.txt`);
      const r = spawnSync(NVIM, ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${SCRIPT}`], {
        cwd: repo.dir,
        encoding: 'utf8',
        timeout: 90_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          XDG_CONFIG_HOME: path.join(home, 'config'),
          XDG_DATA_HOME: path.join(home, 'data'),
          XDG_STATE_HOME: path.join(home, 'state'),
          XDG_CACHE_HOME: path.join(home, 'cache'),
          SESSION_MGMT_ALLOW_DOWNLOAD: '0',
          LSP_NODE: process.execPath,
          LSP_SERVER_JS: SERVER_JS,
          LSP_DATA_DIR: dataDir,
          LSP_ROOT: repo.dir,
          LSP_FILE: file,
          LSP_CHECK_OUT: outFile,
          ...extra,
        },
      });
      const result = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8').trim() : `no result (exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout).slice(-500)}`;
      if (r.status !== 0 || !result.startsWith('ok ')) throw new Error(result);
      return result.slice(3);
    };
    await checks.check(null, `${version}: code lens, hover and workspace symbols`, async () =>
      run({
        LSP_EXPECT_LENS: '2 memories · last just now',
        LSP_HOVER_LINE: String(hoverLine),
        LSP_HOVER_COL: String(lines[hoverLine]!.indexOf('maxRetriesPerRequest') + 3),
        LSP_EXPECT_HOVER: 'BullMQ workers need maxRetriesPerRequest: null',
        LSP_SYMBOL_QUERY: 'renderer concurrency',
        LSP_EXPECT_SYMBOL: 'Raised invoice worker concurrency',
      }),
    );
  } finally {
    await repo.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
});
