// The workbench opens on the test workspace with Greenroom in its activity bar.
import assert from 'node:assert/strict';
import { startUiSession } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, screenshot } from '../../../scripts/vscode/workbench.mjs';

describe('the VS Code workbench with Greenroom installed', function () {
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession | undefined} */
  let session;

  before(async () => {
    session = await startUiSession();
  });

  after(async () => {
    await session?.close();
  });

  it('shows a Greenroom entry in the activity bar', async () => {
    assert.ok(session);
    const { page } = session;
    const item = activityBarItem(page, 'Greenroom');
    // Contributed containers appear once extensions are scanned, a moment after the workbench.
    await item.waitFor({ state: 'visible', timeout: 30_000 }).catch(() => {});
    await screenshot(page, 'workbench');
    const titles = await page.locator('.part.activitybar .action-item a.action-label').evaluateAll((els) =>
      els.map((e) => e.getAttribute('aria-label')),
    );
    assert.equal(await item.count(), 1, `activity bar has: ${titles.join(', ')}`);
  });
});
