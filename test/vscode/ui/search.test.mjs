// The catalog search, from the command palette: a query with a typo opens the right entity.
import assert from 'node:assert/strict';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { screenshot } from '../../../scripts/vscode/workbench.mjs';

describe('searching the catalog from the command palette', function () {
  this.timeout(120_000);
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  const widget = () => page.locator('.quick-input-widget');

  /** Runs a palette command that opens a pick of its own, and waits for that pick. */
  async function openPick(command, placeholder) {
    await page.keyboard.press('F1');
    await widget().locator('input.input').fill(`>${command}`);
    await widget().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).click();
    await widget().locator(`input.input[placeholder^="${placeholder}"]`).waitFor({ state: 'visible' });
  }

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-search', waitForCatalog: true });
    page = session.page;
  });

  after(async () => {
    await session?.close();
  });

  it('finds artist-lookup from "artst lookp" and opens it', async () => {
    await openPick('Greenroom: Search Catalog', 'Entities, people');
    await widget().locator('input.input').pressSequentially('artst lookp', { delay: 30 });
    const first = widget().locator('.monaco-list-row').first();
    await first.filter({ hasText: 'artist-lookup' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await first.innerText(), /artist-lookup[\s\S]*component:default\/artist-lookup[\s\S]*owner team-a/);
    await screenshot(page, 'search-typo');
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'artist-lookup-component.yaml' }).waitFor({ state: 'visible', timeout: 15_000 });
  });

  it('finds people by team', async () => {
    await openPick('Greenroom: Find People…', 'A name, an email');
    await widget().locator('input.input').pressSequentially('team-a', { delay: 30 });
    const person = widget().locator('.monaco-list-row', { hasText: 'breanna.davison' }).first();
    await person.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await person.innerText(), /member of team-a/);
    assert.equal(await widget().locator('.monaco-list-row', { hasText: 'component:' }).count(), 0, 'only people and teams');
    await screenshot(page, 'find-people');
    await page.keyboard.press('Escape');
  });
});
