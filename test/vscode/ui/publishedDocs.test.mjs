// Docs Backstage publishes, in VS Code: connected to a real backend whose TechDocs serves the site of invoicing (an
// entity the workspace does not have), Open Docs shows its nav, pages and image in the docs viewer, links stay in
// the viewer, its hostile page runs nothing, and the entity page's Docs action opens the same tab.
import assert from 'node:assert/strict';
import path from 'node:path';
import { startBackstage } from '../../../scripts/backstage/backstageServer.mjs';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, chooseFromContextMenu, runCommand, screenshot } from '../../../scripts/vscode/workbench.mjs';
import { updateWorkspaceSettings } from './templateWizardPage.mjs';

const PUBLISHED = path.join(REPO_ROOT, 'test', 'fixtures', 'techdocs', 'published');

describe("Backstage's published docs in VS Code", function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startBackstage>> | undefined} */
  let backstage;
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  const widget = () => page.locator('.quick-input-widget');
  const input = () => widget().locator('input.input').filter({ visible: true }).first();
  /** The visible webview's page, inside its two iframes. */
  const view = () => page.locator('iframe.webview.ready').filter({ visible: true }).contentFrame().locator('iframe#active-frame').contentFrame();
  const activeTab = () => page.locator('.tabs-container .tab.active');

  before(async function () {
    this.timeout(10 * 60_000);
    backstage = await startBackstage({ catalogFiles: [path.join(PUBLISHED, 'catalog-info.yaml')], expectedEntities: 1 });
    session = await startUiSessionOnCopy({ name: 'greenroom-published-docs', waitForCatalog: true });
    page = session.page;
    await runCommand(page, 'Greenroom: Connect to Backstage…', { asks: true });
    await widget().locator('.quick-input-title', { hasText: 'Connect to Backstage (1/2): URL' }).waitFor({ state: 'visible' });
    await input().fill(backstage.baseUrl);
    await page.keyboard.press('Enter');
    await widget().locator('.quick-input-title', { hasText: 'Connect to Backstage (2/2)' }).waitFor({ state: 'visible' });
    await input().fill(backstage.token);
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts .notification-list-item', { hasText: 'Connected to Backstage' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  });
  after(async () => {
    await session?.close();
    await backstage?.stop();
  });

  /** Runs a palette command whose pick lists `label` once the catalog has it, and picks it. */
  async function pick(command, query, label) {
    await widget().waitFor({ state: 'hidden' });
    await runCommand(page, command, { asks: true });
    const row = widget().locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
    // Backstage's catalog joins a moment after connecting: each new query asks again.
    for (let attempt = 0; attempt < 10 && !(await row.isVisible()); attempt++) {
      await input().fill(attempt % 2 ? `${query} ` : query);
      await row.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    }
    await row.click();
  }

  it("opens an entity's published site with its nav and image, and follows its links inside the viewer", async () => {
    await pick('Greenroom: Open Docs', 'Invoicing', 'Invoicing');
    await view()
      .locator('article h1', { hasText: 'Billing' })
      .waitFor({ state: 'visible', timeout: 30_000 })
      .catch(async (error) => {
        const shown = await view().locator('body').innerText({ timeout: 1000 }).catch(() => '(no docs page)');
        throw new Error(`${error.message}\nThe docs tab shows: ${shown.slice(0, 500)}`);
      });
    assert.match(await activeTab().innerText(), /^Docs: Billing Docs/);
    assert.deepEqual(await view().locator('.site-nav a').allInnerTexts(), ['Home', 'Getting started', 'Hostile page']);
    assert.equal(await view().locator('.admonition.note .admonition-title').innerText(), 'Note');
    assert.equal(await view().locator('.edit-source').count(), 0, 'no Markdown in the workspace to edit');
    const image = view().locator('img[alt="Invoice flow"]');
    await image.waitFor({ state: 'visible' });
    assert.equal(await image.evaluate((img) => /** @type {HTMLImageElement} */ (img).naturalWidth), 8, 'the image came through the extension');
    await screenshot(page, 'docs-published');

    await view().locator('article a', { hasText: 'Getting started' }).click();
    await view().locator('article h1', { hasText: 'Getting started' }).waitFor({ state: 'visible' });
    assert.equal(await view().locator('.pager .previous').innerText(), '← Home');
    await view().locator('article a', { hasText: 'the overview' }).click();
    await view().locator('article h1', { hasText: 'Billing' }).waitFor({ state: 'visible' });
    assert.equal(await view().locator('.site-nav a.current').innerText(), 'Home');
  });

  it('runs nothing from a hostile published page', async () => {
    await view().locator('.site-nav a', { hasText: 'Hostile page' }).click();
    await view().locator('article h1', { hasText: 'Hostile page' }).waitFor({ state: 'visible' });
    await view().locator('article a', { hasText: 'click me' }).click();
    const ran = await view().locator('body').evaluate((body) => ({
      title: document.title,
      scripts: body.querySelectorAll('article script, article iframe').length,
      handlers: [...body.querySelectorAll('article *')].filter((node) => [...node.attributes].some((attribute) => attribute.name.startsWith('on') || attribute.name === 'style')).length,
    }));
    assert.deepEqual(ran, { title: 'Hostile page', scripts: 0, handlers: 0 });
    assert.equal(await view().locator('.blocked-image').count(), 1, 'the remote image is named, not loaded');
  });

  it("opens the same docs from the entity page's Docs action", async () => {
    // The tab takes the focus from the webview, whose keys would stay in it; then the side bar's title takes it.
    await activeTab().click();
    await page.keyboard.press('Control+W');
    await page.locator('.tabs-container .tab', { hasText: 'Docs:' }).waitFor({ state: 'detached' });
    await page.locator('.part.sidebar .composite.title .title-label').first().click();
    await pick('Greenroom: Open Entity…', 'invoicing', 'Invoicing');
    await view().locator('h1', { hasText: 'Invoicing' }).waitFor({ state: 'visible', timeout: 30_000 });
    await view().getByRole('button', { name: 'Docs' }).click();
    await activeTab().filter({ hasText: 'Docs: Billing Docs' }).waitFor({ state: 'visible', timeout: 15_000 });
    // Beside the entity page: two webviews show, the docs in one of them.
    const frames = page.locator('iframe.webview.ready').filter({ visible: true });
    const home = (/** @type {number} */ index) => frames.nth(index).contentFrame().locator('iframe#active-frame').contentFrame().locator('article h1', { hasText: 'Billing' });
    await Promise.any([home(0).waitFor({ state: 'visible', timeout: 30_000 }), home(1).waitFor({ state: 'visible', timeout: 30_000 })]);
  });

  // Last: it leaves the window in the dark theme.
  it('shows the page of an entity only Backstage has, opened from the tree, in light and dark themes', async () => {
    // The docs beside the entity page go first: one page shows at a time.
    const docsTab = page.locator('.tabs-container .tab', { hasText: 'Docs:' });
    await docsTab.click();
    await page.keyboard.press('Control+W');
    await docsTab.waitFor({ state: 'detached' });
    const row = (label) => page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
    if (!(await row('Components').isVisible())) await activityBarItem(page, 'Greenroom').click();
    await row('Components').waitFor({ state: 'visible', timeout: 30_000 });
    if ((await row('Components').getAttribute('aria-expanded')) !== 'true') await row('Components').click();
    await chooseFromContextMenu(page, row('Invoicing'), 'Open Entity Page');
    await activeTab().filter({ hasText: 'Invoicing' }).waitFor({ state: 'visible' });
    await view().locator('h1', { hasText: 'Invoicing' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok((await view().locator('.ref .chip').allInnerTexts()).includes('Backstage'), 'marked as Backstage’s');
    assert.deepEqual(await view().getByRole('toolbar', { name: 'Entity actions' }).getByRole('button').allInnerTexts(), ['Show YAML', 'Open in Backstage', 'Docs', 'Copy Ref']);
    await screenshot(page, 'entity-page-backstage');
    const background = () => view().locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
    const light = await background();
    updateWorkspaceSettings(session.workspace, { 'workbench.colorTheme': 'Default Dark Modern' });
    const frame = await (await view().locator('body').elementHandle())?.ownerFrame();
    assert.ok(frame, 'the page has a frame');
    await frame.waitForFunction((was) => getComputedStyle(document.body).backgroundColor !== was, light, { timeout: 30_000 });
    await screenshot(page, 'entity-page-backstage-dark');

    // Its published docs, in the dark theme too.
    await view().getByRole('button', { name: 'Docs' }).click();
    await activeTab().filter({ hasText: 'Docs: Billing Docs' }).waitFor({ state: 'visible', timeout: 15_000 });
    const frames = page.locator('iframe.webview.ready').filter({ visible: true });
    const docs = (/** @type {number} */ index) => frames.nth(index).contentFrame().locator('iframe#active-frame').contentFrame();
    const shown = await Promise.any([0, 1].map((index) => docs(index).locator('article h1', { hasText: 'Billing' }).waitFor({ state: 'visible', timeout: 30_000 }).then(() => index)));
    assert.notEqual(await docs(shown).locator('body').evaluate((body) => getComputedStyle(body).backgroundColor), light, 'the docs follow the dark theme');
    await docs(shown).locator('img[alt="Invoice flow"]').waitFor({ state: 'visible' });
    await screenshot(page, 'docs-published-dark');
  });
});
