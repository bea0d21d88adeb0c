// The MCP endpoint of a `dist/server.js --http` child, read from the line it logs once listening.
import type { ChildProcess } from 'node:child_process';

/** Resolves with the /mcp URL; rejects if the server exits first or says nothing within 15 s. */
export function listeningUrl(proc: ChildProcess): { url: Promise<string>; stderr(): string } {
  let err = '';
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line:\n${err}`)), 15_000);
    proc.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+?\/mcp)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${err}`)));
  });
  return { url, stderr: () => err };
}
