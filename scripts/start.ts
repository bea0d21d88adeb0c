// npm start [-- <folder>]: the product on this machine. Starts VS Code (code-server, on 127.0.0.1)
// in your own environment with the freshly packaged extension installed, opened on the folder
// (default: the current one), and keeps it running until Ctrl-C. Memory goes to ~/.session-mgmt,
// shared with your agents; VS Code's own state stays in .cache/start.
import path from 'node:path';
import { workbenchUrl } from './vscode/browser.js';
import { describeEnvironment, startProduct } from './vscode/product.js';
import { findVsix } from './package/find-vsix.js';

async function main(): Promise<void> {
  const folder = path.resolve(process.argv[2] ?? process.env.INIT_CWD ?? process.cwd());
  for (const line of describeEnvironment(process.env, folder)) console.log(line);
  const server = await startProduct({ folder, vsix: findVsix() });
  console.log(`\nSession Management is running in VS Code: ${workbenchUrl(server.url, { folder })}`);
  console.log('Open that address in a browser on this machine. Ctrl-C stops it.\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
