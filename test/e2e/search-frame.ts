// The Search view's webview frame, once its app has rendered.
import type { Frame, Page } from 'playwright-core';

export async function searchFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) if ((await f.locator('.search-input').count().catch(() => 0)) > 0) return f;
    if (Date.now() > deadline) throw new Error('the Search view webview did not load');
    await page.waitForTimeout(200);
  }
}
