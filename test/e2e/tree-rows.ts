// Opening a row of a workbench tree the way a user does: click it, and click again if the tree was
// re-rendered under the click (a refresh when the session starts or a memory arrives can swallow it).
import type { Locator } from 'playwright-core';

/** Expands `row` until `child` is visible; on failure says which rows the tree showed. */
export async function expandRow(tree: Locator, row: Locator, child: Locator, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  while (Date.now() < deadline) {
    if (await child.isVisible()) return;
    if ((await row.getAttribute('aria-expanded').catch(() => null)) !== 'true') await row.click({ timeout: 5_000 }).catch(() => undefined);
    // Expanded but its children still loading: wait for them rather than clicking it shut.
    if (await child.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) return;
  }
  const rows = await tree.locator('.monaco-list-row').evaluateAll((els) =>
    els.map((e) => `${(e.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}${e.getAttribute('aria-expanded') ? ` [expanded=${e.getAttribute('aria-expanded')}]` : ''}`),
  );
  throw new Error(`the row did not open within ${timeoutMs / 1000} s; the tree shows: ${rows.join(' | ') || '(no rows)'}`);
}
