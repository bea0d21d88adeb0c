// Named checks for the browser e2e files: each prints ok or FAIL with a one-line result, saves a
// screenshot when it fails, and the file ends with "N passed, N failed".
import type { Page } from 'playwright-core';
import { screenshot } from '../../scripts/vscode/browser.js';

export class Checks {
  passed = 0;
  failed = 0;

  constructor(private readonly prefix: string) {}

  async check(page: Page | null | undefined, name: string, fn: () => Promise<string>): Promise<void> {
    try {
      console.log(`  ok   ${name}: ${await fn()}`);
      this.passed++;
    } catch (err) {
      console.log(`  FAIL ${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      this.failed++;
      if (page) await screenshot(page, `failure-${this.prefix}-${this.passed + this.failed}`).catch(() => undefined);
    }
  }

  /** A failure outside any check (set-up went wrong). */
  error(err: unknown): void {
    console.error(`e2e: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    this.failed++;
  }
}

/** Runs an e2e file's body, prints the closing line and exits with the result. */
export function runE2e(prefix: string, body: (checks: Checks) => Promise<void>): void {
  const checks = new Checks(prefix);
  body(checks)
    .catch((err: unknown) => checks.error(err))
    .finally(() => {
      console.log(`${checks.passed} passed, ${checks.failed} failed`);
      process.exit(checks.failed === 0 ? 0 : 1);
    });
}
