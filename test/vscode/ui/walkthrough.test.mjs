// The Greenroom walkthrough, opened as a person opens it (Welcome: Open
// Walkthrough…): steps tick themselves off as the user does what they ask.
import assert from 'node:assert/strict';
import { startUiSession } from '../../../scripts/vscode/uiSession.mjs';
import { runCommand, screenshot } from '../../../scripts/vscode/workbench.mjs';

describe('the Greenroom walkthrough', function () {
  this.timeout(120_000);
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;

  /** The walkthrough's button for one step (VS Code prefixes the ids with the extension's and the walkthrough's). */
  const step = (id) => page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
  const checked = async (id) => (await step(id).getAttribute('aria-checked')) === 'true';
  /** Waits until the step shows as done. */
  const done = (id, timeout = 15_000) => page.locator(`button.getting-started-step[data-step-id$="#${id}"][aria-checked="true"]`).waitFor({ timeout });

  /**
   * Waits until the palette has given way to the pick the command it ran opens: keys sent earlier
   * go to the palette, or once it has closed, to the walkthrough (where Escape leaves it).
   */
  const pickOpened = () =>
    page.waitForFunction(() => {
      const widget = document.querySelector('.quick-input-widget');
      const input = widget?.querySelector('input.input');
      return widget instanceof HTMLElement && widget.style.display !== 'none' && input instanceof HTMLInputElement && !input.value.startsWith('>');
    });

  before(async () => {
    session = await startUiSession({
      name: 'code-server-walkthrough',
      // Wide enough for the walkthrough to show a step's Markdown beside the steps, with the side bar open.
      viewport: { width: 1600, height: 900 },
      // VS Code's default, as on a first run: the Welcome page starts the walkthrough service with the
      // workbench. A service started after the catalog has loaded never ticks an onContext step
      // (VS Code 1.139 records a context that already holds as seen, without completing the step).
      settings: { 'workbench.startupEditor': 'welcomePage' },
    });
    page = session.page;
  });

  after(async () => {
    await session?.close();
  });

  it('ticks off each step the user has done: the view, the catalog file, search', async () => {
    await runCommand(page, 'Welcome: Open Walkthrough...', { asks: true });
    const widget = page.locator('.quick-input-widget');
    await pickOpened();
    await widget.locator('input.input').fill('Greenroom');
    // Enter on the focused row, as a person picks it: on a loaded machine the list keeps moving while
    // walkthroughs load, and a click waits for a row that holds still.
    await widget.locator('.monaco-list-row.focused', { hasText: 'Get Started with Greenroom' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');

    await step('openView').locator('.monaco-button', { hasText: 'Open the Catalog' }).click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Components' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await done('openView');
    // greenroom.hasWorkspaceEntities comes once the catalog server has read the example catalog.
    await done('catalogFile', 60_000);
    for (const id of ['search', 'connectBackstage', 'createFromTemplate']) assert.equal(await checked(id), false, `${id} waits for the user`);

    await runCommand(page, 'Greenroom: Search Catalog', { asks: true });
    await done('search');
    await pickOpened();
    await page.keyboard.press('Escape');
    // The selected step's Markdown renders in a webview.
    await step('connectBackstage').click();
    const media = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await media.locator('h1', { hasText: 'Connect to Backstage' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.ok(await media.locator('a[href^="command:greenroom.connectBackstage"]').count(), 'the Markdown links to the command');
    await screenshot(page, 'walkthrough');
  });
});
