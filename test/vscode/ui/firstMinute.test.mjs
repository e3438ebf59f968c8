// A new user's first minute in the example workspace, the one `npm start` opens: the Greenroom view,
// the Problems panel, the log and the template wizard's owner picker, each screenshotted, and none
// of them suggesting that something is broken.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, runCommand, screenshot } from '../../../scripts/vscode/workbench.mjs';
import { findTemplate, wizardFrame } from './templateWizardPage.mjs';

const TEMPLATE = path.join(REPO_ROOT, 'test', 'fixtures', 'templates', 'greenroom-node-service');

describe('the example workspace\'s first minute', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  const sidebar = () => page.locator('.part.sidebar');
  const row = (label) =>
    sidebar()
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
      .first();
  /** "label — description" of the rows at one depth of the tree. */
  const rowsAt = (level) =>
    sidebar()
      .locator(`.monaco-list-row[aria-level="${level}"]`)
      .evaluateAll((rows) => rows.map((r) => [r.querySelector('.label-name')?.textContent, r.querySelector('.label-description')?.textContent].filter(Boolean).join(' — ')));
  /** Whether an element's text is cut off (an ellipsis, or a placeholder wider than its input). */
  const cutOff = (locator) =>
    locator.evaluate((element) => {
      if (!(element instanceof HTMLInputElement)) return element.scrollWidth > element.clientWidth;
      const style = getComputedStyle(element);
      const context = document.createElement('canvas').getContext('2d');
      if (!context) return false;
      context.font = style.font;
      return context.measureText(element.placeholder).width > element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    });

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-first-minute' });
    page = session.page;
  });

  after(async () => {
    await session?.close();
  });

  it('starts in the colour theme it ends in', async () => {
    // A browser that has never opened this workbench, as a new user's: it has no theme stored yet.
    const context = await session.workbench.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      // Records the workbench's theme type from its first paint on.
      await context.addInitScript(() => {
        const seen = /** @type {string[]} */ ([]);
        Object.assign(window, { themesSeen: seen });
        new MutationObserver(() => {
          const workbench = document.querySelector('.monaco-workbench');
          const theme = workbench && [...workbench.classList].find((name) => /^(vs|vs-dark|hc-black|hc-light)$/.test(name));
          if (theme && seen.at(-1) !== theme) seen.push(theme);
        }).observe(document, { attributes: true, attributeFilter: ['class'], childList: true, subtree: true });
      });
      const fresh = await context.newPage();
      await fresh.goto(session.server.url(), { waitUntil: 'domcontentloaded' });
      // The Greenroom view in the activity bar: the extensions, and the user's settings, are in.
      await activityBarItem(fresh, 'Greenroom').waitFor({ state: 'visible', timeout: 90_000 });
      await fresh.locator('.part.statusbar .statusbar-item', { hasText: /^\s*1\s+0\s+3\s*$/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
      const seen = /** @type {string[]} */ (await fresh.evaluate(() => /** @type {any} */ (window).themesSeen));
      assert.equal(seen.length, 1, `the theme changed by itself: ${seen.join(' → ')}`);
    } finally {
      await context.close();
    }
  });

  it('opens the Greenroom view on the example catalog, its title and search whole', async () => {
    await activityBarItem(page, 'Greenroom').click();
    await row('Components').waitFor({ state: 'visible', timeout: 60_000 });
    const title = sidebar().locator('.composite.title .title-label h2');
    assert.equal(await title.innerText(), 'Greenroom');
    assert.equal(await cutOff(title), false, 'the view\'s title is not cut off');
    assert.deepEqual(await rowsAt(1), ['Components — 14 · 1 invalid', 'APIs — 9', 'Resources — 1', 'Systems — 3', 'Domains — 3', 'Groups — 8', 'Users — 17', 'Locations — 8']);
    await row('Groups').click();
    await row('team-a').click();
    await row('team-a').locator('.monaco-tl-twistie').click();
    await row('Guest User').waitFor({ state: 'visible' });
    const members = (await rowsAt(3)).filter((text) => text.startsWith('Guest User'));
    assert.deepEqual(members, ['Guest User — default · has member', 'Guest User — development · has member'], 'two members of the same name say which is which');
    await screenshot(page, 'first-minute-1-view');

    await sidebar().locator('.composite.title .action-label[aria-label^="Search Catalog"]').click();
    const search = page.locator('.quick-input-widget input.input');
    await search.waitFor({ state: 'visible' });
    assert.equal(await cutOff(search), false, `the search box's placeholder "${await search.getAttribute('placeholder')}" is not cut off`);
    await screenshot(page, 'first-minute-2-search');
    await page.keyboard.press('Escape');
  });

  it('shows only the example\'s deliberate problems: the invalid playground service and three notes', async () => {
    await page.locator('.part.statusbar .statusbar-item', { hasText: /^\s*1\s+0\s+3\s*$/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.part.panel .markers-panel');
    await problems.locator('.monaco-list-row', { hasText: 'playground service' }).waitFor({ state: 'visible' });
    const files = await problems.locator('.monaco-list-row[aria-level="1"] .label-name').allInnerTexts();
    assert.deepEqual(files.sort(), ['catalog-info.yaml', 'spotify-api.yaml', 'wayback-archive-api.yaml', 'wayback-search-api.yaml']);
    await screenshot(page, 'first-minute-3-problems');
  });

  it('keeps a log without errors', async () => {
    await runCommand(page, 'Greenroom: Show Log');
    const log = page.locator('.part.panel .view-lines');
    await log.getByText(/Catalog\sloaded:\s63\sentities\sfrom\s\d+\sfiles,\s1\serror,\sno\swarnings\./).waitFor({ state: 'visible' });
    const text = await log.innerText();
    assert.doesNotMatch(text, /\[error\]/, text);
    await screenshot(page, 'first-minute-4-log');
    await runCommand(page, 'View: Hide Panel');
  });

  it('finds the team for a typo in the wizard\'s owner picker, and drops the owner\'s error once one is picked', async () => {
    cpSync(TEMPLATE, path.join(session.workspace, 'templates', 'node-service'), { recursive: true });
    await sidebar().locator('.composite.title .action-label[aria-label="Collapse All"]').click();
    await row('Templates').waitFor({ state: 'visible', timeout: 30_000 });
    await findTemplate(page, 'node', 'Node.js service');
    await page.keyboard.press('Enter');
    const wizard = wizardFrame(page);
    await wizard.locator('h2', { hasText: 'About the service' }).waitFor({ state: 'visible', timeout: 30_000 });
    await wizard.getByLabel('Name').fill('billing');
    await wizard.getByRole('button', { name: 'Next' }).click();
    const ownerError = wizard.locator('.text-danger', { hasText: "must have required property 'Owner'" });
    await ownerError.waitFor({ state: 'visible' });

    const owner = wizard.getByLabel('Owner');
    await owner.fill('zzz');
    await wizard.getByText('No matching entities').waitFor({ state: 'visible' });
    await owner.fill('tem b');
    const first = wizard.getByRole('option').first();
    await first.waitFor({ state: 'visible' });
    assert.equal(await first.locator('.combobox-ref').innerText(), 'group:default/team-b');
    await screenshot(page, 'first-minute-5-owner-picker');
    await owner.press('ArrowDown');
    await owner.press('Enter');
    assert.equal(await owner.inputValue(), 'group:default/team-b');
    await ownerError.waitFor({ state: 'detached' });
    await screenshot(page, 'first-minute-6-owner-picked');
  });
});
