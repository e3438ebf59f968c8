// A workspace with no catalog yet: the view says what to do, and its button starts one.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startUiSession } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, screenshot } from '../../../scripts/vscode/workbench.mjs';

describe('an empty workspace', function () {
  this.timeout(120_000);
  const scratch = mkdtempSync(path.join(tmpdir(), 'greenroom-empty-'));
  const workspace = path.join(scratch, 'checkout-service');
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession | undefined} */
  let session;

  before(async () => {
    mkdirSync(workspace);
    session = await startUiSession({ workspace, viewport: { width: 1280, height: 800 } });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('says what to do, and its button creates a catalog-info.yaml that joins the catalog', async () => {
    const { page } = /** @type {NonNullable<typeof session>} */ (session);
    await activityBarItem(page, 'Greenroom').click();
    const welcome = page.locator('.part.sidebar .welcome-view-content');
    await welcome.getByText('No catalog entities found in this workspace.').waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'welcome');

    await welcome.getByRole('button', { name: 'Create catalog-info.yaml' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'catalog-info.yaml' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+S');
    const entity = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Components' });
    await entity.waitFor({ state: 'visible', timeout: 20_000 });
    await entity.click();
    await page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^checkout-service$/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'first-entity');

    const file = path.join(workspace, 'catalog-info.yaml');
    assert.ok(existsSync(file));
    assert.match(readFileSync(file, 'utf8'), /^apiVersion: backstage\.io\/v1alpha1\nkind: Component\nmetadata:\n {2}name: checkout-service\n/);
  });
});
