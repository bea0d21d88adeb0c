// stdout carries only MCP messages. Libraries that log with console.log/info/debug would corrupt
// the stream, so in the server (and its worker threads) those go to stderr.
import { format } from 'node:util';

export function guardStdout(): void {
  const toStderr = (...args: unknown[]): void => {
    process.stderr.write(`${format(...args)}\n`);
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
