// The catalog language in the editor: hover a ref, complete a field, see a problem and fix it.
import assert from 'node:assert/strict';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { screenshot } from '../../../scripts/vscode/workbench.mjs';

describe('catalog-info.yaml in the editor', function () {
  this.timeout(120_000);
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;

  /** Opens a file with Quick Open and puts the cursor at a line and column, as a person would with Ctrl+G. */
  async function openAt(name, line, column) {
    const widget = page.locator('.quick-input-widget');
    await page.keyboard.press('Control+P');
    await widget.locator('input.input').fill(name);
    await widget.locator('.monaco-list-row.focused', { hasText: name }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
    // Ctrl+G while Quick Open is still closing would be swallowed by it.
    await widget.waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+G');
    await widget.locator('input.input').fill(`:${line}:${column}`);
    await widget.locator('.quick-input-message, .monaco-list-row', { hasText: `line ${line}` }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await page.locator('.part.statusbar .statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ state: 'visible' });
  }

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-editor', waitForCatalog: true });
    page = session.page;
  });

  after(async () => {
    await session?.close();
  });

  it('shows the card of the group an owner ref names', async () => {
    await openAt('artist-lookup-component.yaml', 37, 12);
    const hover = page.locator('.monaco-hover').filter({ hasText: 'group:default/team-a' });
    // "Show Hover" (Ctrl+K Ctrl+I); the first press can land before the language client has the document.
    for (let attempt = 0; attempt < 5 && !(await hover.isVisible()); attempt++) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    }
    await hover.waitFor({ state: 'visible', timeout: 1_000 });
    assert.match(await hover.innerText(), /team-a — Group · team[\s\S]*Defined in team-a-group\.yaml:4/);
    await screenshot(page, 'hover-owner');
    await page.keyboard.press('Escape');
  });

  it('completes a system with the systems of the catalog', async () => {
    await openAt('artist-lookup-component.yaml', 38, 11);
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget');
    await suggest.locator('.monaco-list-row', { hasText: 'audio-playback' }).waitFor({ state: 'visible', timeout: 15_000 });
    const labels = await suggest.locator('.monaco-list-row .label-name').allInnerTexts();
    assert.deepEqual(labels.map((l) => l.trim()), ['artist-engagement-portal', 'audio-playback', 'podcast']);
    await screenshot(page, 'completion-system');
    await page.keyboard.press('Escape');
  });

  it('warns about a ref to nothing as it is typed, and fixes it with a quick fix', async () => {
    await page.keyboard.type('podcats');
    const squiggle = page.locator('.view-overlays .squiggly-warning');
    await squiggle.first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Change to 'podcast'" });
    await fix.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'quick-fix');
    await fix.click();
    await page.locator('.view-line', { hasText: 'system: podcast' }).first().waitFor({ state: 'visible' });
    await squiggle.first().waitFor({ state: 'detached', timeout: 15_000 });
  });
});
