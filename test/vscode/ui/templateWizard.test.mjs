// From the command palette to a new component in the workspace: pick a template, fill its wizard
// (with a validation error on the way), review, dry-run, create; the new component joins the catalog.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { openVsCodeUrl, runCommand, screenshot } from '../../../scripts/vscode/workbench.mjs';
import { addTemplate, findTemplate, wizardFrame } from './templateWizardPage.mjs';

const TEMPLATE = path.join(REPO_ROOT, 'test', 'fixtures', 'templates', 'greenroom-node-service');

describe('the template wizard', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  const widget = () => page.locator('.quick-input-widget');
  const wizard = () => wizardFrame(page);

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-wizard', waitForCatalog: true });
    page = session.page;
    await addTemplate(session, TEMPLATE, 'templates/node-service');
  });

  after(async () => {
    await session?.close();
  });

  it('opens the wizard from the command palette', async () => {
    const choice = await findTemplate(page, 'node', 'Node.js service');
    assert.match(await choice.innerText(), /Node\.js service[\s\S]*service · team-a[\s\S]*#node #recommended/);
    await page.keyboard.press('Enter');
    await wizard().locator('h1', { hasText: 'Node.js service' }).waitFor({ state: 'visible', timeout: 30_000 });
    await wizard().locator('h2', { hasText: 'About the service' }).waitFor({ state: 'visible' });
  });

  it('says what is wrong with a field before going on', async () => {
    await wizard().getByLabel('Name').fill('Not a name!');
    // The template takes only owners from the catalog: a name it does not have is no value.
    await wizard().getByLabel('Owner').fill('team-nobody');
    await wizard().getByRole('button', { name: 'Next' }).click();
    await wizard().getByText(/Must start and end with an alphanumeric character/).first().waitFor({ state: 'visible' });
    await screenshot(page, 'wizard-validation');
    const errors = await wizard().locator('.text-danger').allInnerTexts();
    assert.ok(errors.includes("must have required property 'Owner'"), errors.join(' | '));
    assert.equal(await wizard().getByLabel('Owner').inputValue(), '', 'an owner the catalog does not have is cleared');
    assert.equal(await wizard().locator('h2').innerText(), 'About the service', 'the page stays');
  });

  it('fills every page with the keyboard and the catalog\'s suggestions, and shows a review', async () => {
    await wizard().getByLabel('Name').fill('billing');
    await wizard().getByLabel('Description').fill('Bills <customers> & "partners"');
    const owner = wizard().getByLabel('Owner');
    await owner.fill('group:default/team-a');
    // Editing a chosen owner edits its text: the field does not empty while it names no entity.
    await owner.press('Backspace');
    assert.equal(await owner.inputValue(), 'group:default/team-');
    await owner.press('a');
    await owner.press('Enter');
    await wizard().locator('h2', { hasText: 'Runtime' }).waitFor({ state: 'visible' });
    assert.equal(await wizard().getByLabel('Port').inputValue(), '8080', 'the default');
    await wizard().getByLabel('Lifecycle').selectOption('production');
    await screenshot(page, 'wizard-runtime');
    await wizard().getByRole('button', { name: 'Next' }).click();
    await wizard().locator('h2', { hasText: 'Review' }).waitFor({ state: 'visible' });
    const review = await wizard().locator('.review').allInnerTexts();
    assert.match(review.join('\n'), /Name\s+billing[\s\S]*Description\s+Bills <customers> & "partners"[\s\S]*Owner\s+group:default\/team-a[\s\S]*Port\s+8080[\s\S]*Lifecycle\s+production/);
    assert.match(await wizard().locator('.target code').innerText(), /acme-catalog[\\/]billing$/);
    await screenshot(page, 'wizard-review');
  });

  it('follows the colour theme: dark and high contrast', async () => {
    const colours = () => wizard().locator('body').evaluate((body) => {
      const style = getComputedStyle(body);
      const button = getComputedStyle(/** @type {Element} */ (body.querySelector('button:not(.secondary)')));
      return { background: style.backgroundColor, text: style.color, button: button.backgroundColor };
    });
    const light = await colours();
    for (const [theme, shot] of [['Dark Modern', 'wizard-dark'], ['Dark High Contrast', 'wizard-high-contrast'], ['Light Modern', undefined]]) {
      await runCommand(page, 'Preferences: Color Theme', { asks: true });
      await widget().locator('input.input').fill(theme);
      await widget().locator('.monaco-list-row', { hasText: new RegExp(`^${theme}`) }).first().click();
      if (!shot) continue;
      await page.waitForTimeout(500);
      const now = await colours();
      assert.notDeepEqual(now, light, `${theme} changes the wizard's colours`);
      await screenshot(page, shot);
    }
    await page.waitForTimeout(500);
    assert.deepEqual(await colours(), light, 'and back');
  });

  it('keeps what was entered when the panel is hidden and when VS Code reloads the window', async () => {
    const reviewed = async () => {
      await wizard().locator('h2', { hasText: 'Review' }).waitFor({ state: 'visible', timeout: 60_000 });
      assert.match((await wizard().locator('.review').allInnerTexts()).join('\n'), /Name\s+billing[\s\S]*Lifecycle\s+production/);
    };
    // Another editor in front of the wizard hides it; its page is dropped and rebuilt when it comes back.
    await page.keyboard.press('Control+N');
    await page.locator('.tabs-container .tab.active', { hasText: 'Untitled-1' }).waitFor({ state: 'visible' });
    await page.locator('.tabs-container .tab', { hasText: 'Create: Node.js service' }).click();
    await reviewed();
    await page.keyboard.press('F1');
    await widget().locator('input.input').fill('>Developer: Reload Window');
    await widget().locator('.monaco-list-row', { hasText: 'Developer: Reload Window' }).first().click();
    await page.waitForLoadState('load');
    await reviewed();
  });

  it('shows a dry run\'s files, then creates them, and the component joins the catalog', async () => {
    await wizard().getByRole('button', { name: 'Dry Run' }).click();
    await wizard().getByText('A run would write 3 files').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(existsSync(path.join(session.workspace, 'billing')), false, 'a dry run writes nothing');
    assert.equal(await wizard().locator('.files summary', { hasText: /^src\/$/ }).count(), 1, 'files in their folders');
    const indexSummary = wizard().locator('summary').filter({ has: wizard().locator('code', { hasText: /^index\.js$/ }) });
    await indexSummary.click();
    // The innermost <details> around that summary is the file's own.
    assert.match(await wizard().locator('details').filter({ has: indexSummary }).last().locator(':scope > pre').innerText(), /listen\(8080\)/);
    await screenshot(page, 'wizard-dry-run');

    await wizard().getByRole('button', { name: 'Create' }).click();
    await wizard().getByText('Created 3 files').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await wizard().getByRole('button', { name: 'Created' }).isDisabled(), true, 'created once: no second run of the same');
    const written = readFileSync(path.join(session.workspace, 'billing', 'catalog-info.yaml'), 'utf8');
    assert.match(written, /name: billing\n\s+description: Bills <customers> & "partners"[\s\S]*lifecycle: production\n\s+owner: group:default\/team-a/);
    await screenshot(page, 'wizard-created');
    const components = page.locator('.part.sidebar .monaco-list-row', { has: page.locator('.label-name', { hasText: /^Components$/ }) });
    await components.locator('.label-description', { hasText: /^15 · 1 invalid$/ }).waitFor({ state: 'visible', timeout: 30_000 });

    await wizard().getByRole('button', { name: 'Open in catalog' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'catalog-info.yaml' }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('opens with the values of a link, as an agent\'s dry run writes it, for a person to review', async () => {
    const values = { name: 'ledger', description: 'Keeps books & ledgers = accounts', port: 9090, unasked: 'not a field of the form' };
    // The values in base64url, as dry_run_template writes them: VS Code decodes the query once before Greenroom reads it.
    const link = `vscode://greenroom.greenroom/create?template=template%3Adefault%2Fnode-service&values=${Buffer.from(JSON.stringify(values)).toString('base64url')}`;
    // The wizard, at its review, starts again at its first page with the link's values; nothing runs until a person says so.
    await openVsCodeUrl(page, link, wizard().locator('h2', { hasText: 'About the service' }));
    assert.equal(await wizard().getByLabel('Name').inputValue(), 'ledger');
    assert.equal(await wizard().getByLabel('Description').inputValue(), 'Keeps books & ledgers = accounts');
    await screenshot(page, 'wizard-from-link');
    await wizard().getByLabel('Owner').fill('group:default/team-a');
    await wizard().getByLabel('Owner').press('Enter');
    await wizard().locator('h2', { hasText: 'Runtime' }).waitFor({ state: 'visible' });
    assert.equal(await wizard().getByLabel('Port').inputValue(), '9090');
    assert.equal(existsSync(path.join(session.workspace, 'ledger')), false, 'a link fills in a form and runs nothing');
  });
});
