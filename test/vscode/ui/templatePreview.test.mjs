// Writing a template with its preview beside it: the CodeLens opens the form, the steps and a dry run;
// the form follows an added parameter as it is typed (keeping what was entered), the steps list a
// renamed step, and a save runs the dry run again, showing what changed in each file.
import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { openByQuickOpen, screenshot } from '../../../scripts/vscode/workbench.mjs';
import { addTemplate, updateWorkspaceSettings, wizardFrame } from './templateWizardPage.mjs';

const TEMPLATE = path.join(REPO_ROOT, 'test', 'fixtures', 'templates', 'greenroom-node-service');
const FILE = 'templates/node-service/catalog-info.yaml';

describe('the template preview', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  const preview = () => wizardFrame(page);

  /** Puts the cursor at `line` (1-based), at `column` or the line's end, as Go to Line does. */
  async function goTo(line, column) {
    const widget = page.locator('.quick-input-widget');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await widget.locator('input.input').fill(column ? `:${line}:${column}` : `:${line}`);
    await widget
      .locator('.quick-input-message, .monaco-list-row', { hasText: `line ${line}` })
      .first()
      .waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    if (!column) await page.keyboard.press('End');
  }

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-preview', waitForCatalog: true });
    page = session.page;
    // As desktop VS Code by default: VS Code in a browser saves a second after each edit.
    updateWorkspaceSettings(session.workspace, { 'files.autoSave': 'off' });
    await addTemplate(session, TEMPLATE, 'templates/node-service');
  });

  after(async () => {
    await session?.close();
  });

  it('opens beside the template from the CodeLens on kind: Template, with the form, the steps and the way to a dry run', async () => {
    await openByQuickOpen(page, FILE);
    // Room for the editor and the preview side by side.
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await page.locator('.editor-actions .action-label[aria-label^="Preview Template"]').waitFor({ state: 'visible' });
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Preview Template' });
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    await lens.click();
    await page.locator('.tabs-container .tab', { hasText: 'Preview: catalog-info.yaml' }).waitFor({ state: 'visible' });
    await preview().locator('h1', { hasText: 'Node.js service' }).waitFor({ state: 'visible', timeout: 30_000 });
    await preview().locator('h2', { hasText: 'About the service' }).waitFor({ state: 'visible' });
    await preview().locator('h2', { hasText: 'Runtime' }).waitFor({ state: 'visible' });
    assert.deepEqual(await preview().locator('.plan li .step-name').allInnerTexts(), ['Fetch the skeleton', 'Register']);
    assert.match(await preview().getByRole('status').last().innerText(), /Press Dry Run, or save the template/);
  });

  it('dry-runs from the keyboard, showing each file', async () => {
    await preview().getByLabel('Name').fill('billing');
    const dryRun = preview().getByRole('button', { name: 'Dry Run' });
    await dryRun.focus();
    await dryRun.press('Enter');
    await preview()
      .locator('.result h3', { hasText: /^3 files/ })
      .waitFor({ state: 'visible', timeout: 30_000 });
    const catalogInfo = preview().locator('.files > li', { has: preview().locator('code', { hasText: /^catalog-info\.yaml$/ }) });
    await catalogInfo.locator('summary').first().click();
    assert.match(await catalogInfo.locator('pre').first().innerText(), /name: billing\n/);
  });

  it('follows a parameter added in the editor before it is saved, keeping what was typed into the form', async () => {
    // Before the `description` field of the first page: a new field, typed as a person types it.
    await goTo(21, 9);
    await page.keyboard.type('team_size: { title: Team size, type: integer }');
    await page.keyboard.press('Enter');
    await preview().getByLabel('Team size').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await preview().getByLabel('Name').inputValue(), 'billing', 'what was typed stays');
    await screenshot(page, 'template-preview-typed');
    assert.equal(await page.locator('.tabs-container .tab.dirty', { hasText: 'catalog-info.yaml' }).count(), 1, 'the template is not saved');
  });

  it('follows a changed step, and a save runs the dry run again with what changed in each file', async () => {
    // The step's name, and a value it passes to the skeleton, which only catalog-info.yaml uses.
    await goTo(50);
    await page.keyboard.type(' and values');
    await preview().locator('.plan li .step-name', { hasText: 'Fetch the skeleton and values' }).waitFor({ state: 'visible', timeout: 15_000 });
    await goTo(59);
    await page.keyboard.type('-beta');
    await page.keyboard.press('Control+S');
    await preview()
      .getByText(/Dry run 2 · runs again when you save/)
      .waitFor({ state: 'visible', timeout: 30_000 });
    const catalogInfo = preview().locator('.files > li.change-changed', { has: preview().locator('code', { hasText: /^catalog-info\.yaml$/ }) });
    await catalogInfo.waitFor({ state: 'visible' });
    const diff = await catalogInfo.locator('pre.diff').innerText();
    assert.match(diff, /^-  lifecycle: experimental$/m);
    assert.match(diff, /^\+  lifecycle: experimental-beta$/m);
    assert.equal(
      await preview()
        .locator('.files > li.change-unchanged', { has: preview().locator('code', { hasText: /^src\/index\.js$/ }) })
        .count(),
      1,
      'a file the change leaves alone is marked unchanged',
    );
    await catalogInfo.scrollIntoViewIfNeeded();
    await screenshot(page, 'template-preview');
  });

  it('follows the dark and high-contrast themes', async () => {
    const colours = () =>
      preview()
        .locator('body')
        .evaluate((body) => [getComputedStyle(body).backgroundColor, getComputedStyle(body).color].join(' on '));
    const light = await colours();
    for (const [theme, name] of [
      ['Default Dark Modern', 'dark'],
      ['Default High Contrast', 'high-contrast'],
    ]) {
      const before = await colours();
      updateWorkspaceSettings(session.workspace, { 'workbench.colorTheme': theme });
      const frame = await (await preview().locator('body').elementHandle())?.ownerFrame();
      assert.ok(frame, 'the page has a frame');
      await frame.waitForFunction((was) => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color].join(' on ') !== was, before, { timeout: 30_000 });
      await screenshot(page, `template-preview-${name}`);
    }
    assert.equal(await colours(), 'rgb(0, 0, 0) on rgb(255, 255, 255)', 'high contrast: white on black');
    assert.match(
      await preview()
        .getByText(/^Dry run \d+ · runs again when you save$/)
        .innerText(),
      /^Dry run 2 /,
      'only the save ran it again',
    );
    assert.notEqual(light, await colours());
  });
});
