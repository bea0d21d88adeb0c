// Bundles the MCP server, its embedding worker and the extension into dist/ as CommonJS for Node.
// Native packages cannot be bundled: LanceDB's platform package and onnxruntime-node are
// resolved at run time from node_modules shipped beside the bundle.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['@lancedb/lancedb-*', 'onnxruntime-node'],
  // transformers.js imports sharp (images) at load time; text embedding never uses it.
  alias: { sharp: path.join(root, 'stubs/sharp.cjs') },
  // import.meta.url is used by transformers.js to locate itself; map it for CJS output.
  define: { 'import.meta.url': 'importMetaUrl', SERVER_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const options = {
  ...common,
  entryPoints: {
    server: 'src/server/main.ts',
    'embed-worker': 'src/server/memory/embed-worker.ts',
    'quality-scan-worker': 'src/server/session/quality/scan-worker.ts',
  },
  outdir: 'dist',
  // dist/server.js is also the `session-mgmt` command of the npm package.
  banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
};

// The extension host side: pure JS, `vscode` provided by the host, nothing native.
const extensionOptions = {
  ...common,
  entryPoints: { extension: 'src/extension/extension.ts' },
  outdir: 'dist',
  external: ['vscode'],
};

// Webview apps run in the browser sandbox of a webview: one IIFE each, no Node.
const webviewOptions = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  sourcemap: 'linked',
  logLevel: 'warning',
  entryPoints: Object.fromEntries(
    Object.entries({ search: 'media/search/main.ts', quality: 'media/quality/main.ts' }).filter(([, f]) => fs.existsSync(path.join(root, f))),
  ),
  outdir: 'dist/webview',
};

// Codicons for the webviews, served from dist/ like everything else they load.
fs.mkdirSync(path.join(root, 'dist/webview/codicons'), { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) {
  fs.copyFileSync(path.join(root, 'node_modules/@vscode/codicons/dist', f), path.join(root, 'dist/webview/codicons', f));
}

const all = [options, extensionOptions, webviewOptions].filter((o) => Object.keys(o.entryPoints).length > 0);
if (watch) {
  for (const o of all) await (await esbuild.context(o)).watch();
} else {
  await Promise.all(all.map((o) => esbuild.build(o)));
}
