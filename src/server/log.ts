// Logging to stderr only: stdout carries the MCP protocol and must stay clean.
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  error(msg: string, err?: unknown): void;
  warn(msg: string, err?: unknown): void;
  info(msg: string): void;
  debug(msg: string, err?: unknown): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const max = LOG_LEVELS.indexOf(level);
  const emit = (lvl: LogLevel, msg: string, err?: unknown): void => {
    if (LOG_LEVELS.indexOf(lvl) > max) return;
    const detail = err === undefined ? '' : `: ${err instanceof Error ? (lvl === 'debug' ? err.stack : err.message) : String(err)}`;
    write(`${new Date().toISOString()} [${lvl}] ${msg}${detail}\n`);
  };
  return {
    error: (m, e) => emit('error', m, e),
    warn: (m, e) => emit('warn', m, e),
    info: (m) => emit('info', m),
    debug: (m, e) => emit('debug', m, e),
  };
}
