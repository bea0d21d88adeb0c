// Bundles the MCP server, its embedding worker and the extension into dist/ as CommonJS for Node.
// Native packages cannot be bundled: LanceDB's platform package and onnxruntime-node are
// resolved at run time from node_modules shipped beside the bundle.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(path.join(root, 'package.json'), 'utf8')));

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
  },
  outdir: 'dist',
};

// The extension host side: pure JS, `vscode` provided by the host, nothing native.
const extensionOptions = {
  ...common,
  entryPoints: { extension: 'src/extension/extension.ts' },
  outdir: 'dist',
  external: ['vscode'],
};

if (watch) {
  for (const o of [options, extensionOptions]) await (await esbuild.context(o)).watch();
} else {
  await Promise.all([esbuild.build(options), esbuild.build(extensionOptions)]);
}
