// Connecting to a real Backstage backend from the command palette: a refused token, then the right
// one; the organisation's catalog in the tree next to the workspace's; a new component created on
// Backstage's scaffolder from the wizard; and a workspace that points Greenroom at another host gets
// no token.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { startBackstage } from '../../../scripts/backstage/backstageServer.mjs';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, runCommand, screenshot } from '../../../scripts/vscode/workbench.mjs';
import { openTemplateWizard, updateWorkspaceSettings } from './templateWizardPage.mjs';

const EXAMPLES = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'backstage');
const CREATE_APP = path.join(REPO_ROOT, 'test', 'fixtures', 'templates', 'backstage-create-app-examples', 'template');
const GITHUB_TOKEN = 'backstage-github-token';
const TEAMS = ['payments', 'search', 'identity', 'billing', 'growth'];
const PARTS = ['api', 'worker', 'gateway', 'ledger', 'indexer', 'scheduler', 'notifier', 'exporter'];
/** The examples' 60 entities, the organisation's components, one Template, and the Locations Backstage adds for the two files. */
const TOTAL = 60 + TEAMS.length * PARTS.length + 1 + 2;

/** Components only Backstage has: what an organisation's catalog adds to one repository's. */
function organisationCatalog() {
  const docs = [];
  for (const team of TEAMS) {
    for (const part of PARTS) {
      docs.push(`apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${team}-${part}\n  description: The ${part} of the ${team} domain\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n`);
    }
  }
  return docs.join('---\n');
}

describe('connecting to Backstage from VS Code', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startBackstage>> | undefined} */
  let backstage;
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  let scratch = '';
  /** @type {any} the loopback stand-in for GitHub's REST calls, with real git repositories (test/server/githubStandIn.ts) */
  let github;
  const widget = () => page.locator('.quick-input-widget');
  const input = () => widget().locator('input.input');
  const toast = (text) => page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
  const row = (label) =>
    page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  const rowText = (label) =>
    row(label).evaluate((r) => [r.querySelector('.label-name')?.textContent, r.querySelector('.label-description')?.textContent].filter(Boolean).join(' — '));

  before(async function () {
    this.timeout(10 * 60_000);
    scratch = mkdtempSync(path.join(tmpdir(), 'greenroom-ui-backstage-'));
    const organisation = path.join(scratch, 'organisation.yaml');
    writeFileSync(organisation, organisationCatalog());
    const { githubStandIn } = await tsImport('../../server/githubStandIn.ts', import.meta.url);
    github = await githubStandIn(['acme'], { token: GITHUB_TOKEN });
    // Backstage's create-app sample, its RepoUrlPicker allowed the GitHub the backend is given instead of github.com.
    const createApp = path.join(scratch, 'create-app');
    cpSync(CREATE_APP, createApp, { recursive: true });
    const template = path.join(createApp, 'template.yaml');
    writeFileSync(template, readFileSync(template, 'utf8').replace('- github.com', `- '${github.host}'`));
    backstage = await startBackstage({
      catalogFiles: [path.join(EXAMPLES, 'all.yaml'), path.join(EXAMPLES, 'acme-corp.yaml'), organisation, template],
      expectedEntities: TOTAL,
      config: { integrations: { github: [{ host: github.host, apiBaseUrl: github.apiBaseUrl, token: GITHUB_TOKEN }] } },
    });
    session = await startUiSessionOnCopy({ name: 'greenroom-backstage', waitForCatalog: true });
    page = session.page;
    await activityBarItem(page, 'Greenroom').click();
    await row('Components').waitFor({ state: 'visible', timeout: 30_000 });
  });

  after(async () => {
    await session?.close();
    await backstage?.stop();
    await github?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /**
   * Expands a row of the tree. Rows move while the catalog settles (the view's message about loading
   * comes and goes), so a click can land on the next row: it is checked, and tried again.
   */
  async function expand(label) {
    for (let attempt = 0; attempt < 5; attempt++) {
      if ((await row(label).getAttribute('aria-expanded')) === 'true') return;
      await row(label).locator('.monaco-tl-twistie').click();
      await page.waitForTimeout(300);
    }
    assert.equal(await row(label).getAttribute('aria-expanded'), 'true', `${label} expanded`);
  }

  /** Drags the sidebar's edge, so that descriptions are not cut short in the screenshot. */
  async function widenSidebar(width) {
    const box = await page.locator('.part.sidebar').boundingBox();
    const edge = box.x + box.width;
    await page.mouse.move(edge + 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  }

  /** Runs "Connect to Backstage…" and answers its two questions. */
  async function connect(url, token) {
    await runCommand(page, 'Greenroom: Connect to Backstage…', { asks: true });
    await widget().locator('.quick-input-title', { hasText: 'Connect to Backstage (1/2): URL' }).waitFor({ state: 'visible' });
    await input().fill(url);
    await page.keyboard.press('Enter');
    await widget().locator('.quick-input-title', { hasText: 'Connect to Backstage (2/2)' }).waitFor({ state: 'visible' });
    assert.equal(await input().getAttribute('type'), 'password', 'the token is not shown');
    await input().fill(token);
    await page.keyboard.press('Enter');
  }

  it('says a refused token is refused, and connects with the right one', async () => {
    await connect(backstage.baseUrl, 'not-the-token');
    await toast('answered 401').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await toast('answered 401').innerText(), /Could not connect: Backstage at http:\/\/127\.0\.0\.1:\d+ answered 401: the token was not accepted/);
    const tryAgain = toast('answered 401').getByRole('button', { name: 'Try Again' });
    await tryAgain.waitFor({ state: 'visible' });
    await page.waitForTimeout(500); // toasts slide in
    await screenshot(page, 'backstage-connect-refused');
    await tryAgain.click();
    await widget().locator('.quick-input-title', { hasText: 'Connect to Backstage (1/2): URL' }).waitFor({ state: 'visible' });
    assert.equal(await input().inputValue(), backstage.baseUrl, 'the URL is kept');
    await page.keyboard.press('Enter');
    await widget().locator('.quick-input-title', { hasText: 'Connect to Backstage (2/2)' }).waitFor({ state: 'visible' });
    await input().fill(backstage.token);
    await page.keyboard.press('Enter');
    await toast('Connected to Backstage').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('shows Backstage\'s catalog in the tree, next to the workspace\'s', async () => {
    await page.locator('.part.statusbar .statusbar-item', { hasText: `Backstage ${TOTAL}` }).waitFor({ state: 'visible', timeout: 30_000 });
    await widenSidebar(480);
    await expand('Components');
    // Early in the (virtualised) list, so that it is rendered whatever the window's height.
    await row('billing-ledger').waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await rowText('billing-ledger'), 'billing-ledger — service · production · Backstage');
    assert.equal(await rowText('artist-lookup'), 'artist-lookup — service · experimental · also in Backstage');
    await toast('Checking').waitFor({ state: 'hidden', timeout: 15_000 });
    await screenshot(page, 'backstage-tree');
    await row('Components').click();
  });

  it('creates a new component on Backstage\'s scaffolder from the wizard, and opens it from the catalog', async () => {
    // The earlier tests' notifications would cover the wizard's log in the screenshots.
    await runCommand(page, 'Notifications: Clear All Notifications');
    const wizard = await openTemplateWizard(page, 'node.js', 'Example Node.js Template');
    await wizard.getByLabel('Name').fill('svc');
    await wizard.getByRole('button', { name: 'Next' }).click();
    assert.equal(await wizard.getByLabel('Host').inputValue(), github.host, 'the one allowed host');
    await wizard.getByLabel('Owner').fill('acme');
    await wizard.getByLabel('Repository', { exact: true }).fill('svc');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('button', { name: 'Run on Backstage' }).click();
    await wizard.getByText('Backstage ran the template').waitFor({ state: 'visible', timeout: 60_000 });
    assert.deepEqual(await wizard.locator('.output button').allInnerTexts(), ['Repository', 'Open in catalog']);
    assert.deepEqual([...github.files('acme/svc', 'main').keys()], ['catalog-info.yaml'], 'Backstage pushed the component to GitHub');
    await wizard.locator('.log summary').click();
    assert.match(await wizard.locator('.log pre').innerText(), /^info: Registering http:\/\/127\.0\.0\.1:\d+\/acme\/svc\/tree\/main\/catalog-info\.yaml in the catalog$/m);
    await screenshot(page, 'wizard-remote-run');

    // Backstage registered it: once its catalog has processed the new location, Greenroom shows it.
    await wizard.getByRole('button', { name: 'Open in catalog' }).click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'svc.yaml' });
    await tab.waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.monaco-editor .view-lines', { hasText: 'backstage.io/managed-by-location' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await page.locator('.monaco-editor .view-lines').first().innerText(), /url:http:\/\/127\.0\.0\.1:\d+\/acme\/svc\/tree\/main\/catalog-info\.yaml/);
    await page.locator('.part.statusbar .statusbar-item', { hasText: `Backstage ${TOTAL + 2}` }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'backstage-registered-component');
    await page.keyboard.press('Control+W');
    await page.keyboard.press('Control+W');
  });

  it('sends the token to no other host a workspace names', async () => {
    /** @type {{ url?: string, authorization?: string }[]} */
    const seen = [];
    const other = createServer((request, response) => {
      seen.push({ url: request.url, authorization: request.headers.authorization });
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { name: 'AuthenticationError', message: 'Missing credentials' }, response: { statusCode: 401 } }));
    });
    await new Promise((resolve) => other.listen(0, '127.0.0.1', () => resolve(undefined)));
    try {
      const otherUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (other.address()).port}`;
      updateWorkspaceSettings(session.workspace, { 'greenroom.backstage.baseUrl': otherUrl });
      await toast('answered 401').waitFor({ state: 'visible', timeout: 30_000 });
      assert.ok(seen.some((r) => r.url?.startsWith('/api/catalog/entities/by-query')), `the other host was asked for its catalog: ${JSON.stringify(seen)}`);
      assert.deepEqual(seen.filter((r) => r.authorization !== undefined), [], 'without a token');
      const message = toast('answered 401');
      assert.match(await message.innerText(), new RegExp(`Backstage at ${otherUrl.replace(/\./g, '\\.')} answered 401: it needs a token, and Greenroom holds none for this host`));
      await message.getByRole('button', { name: 'Sign In Again' }).waitFor({ state: 'visible' });
      await page.waitForTimeout(500);
      await screenshot(page, 'backstage-other-host');
    } finally {
      other.closeAllConnections();
      other.close();
    }
  });

  it('signs out: the token is removed', async () => {
    await runCommand(page, 'Greenroom: Sign Out of Backstage');
    const origin = new URL(backstage.baseUrl).origin;
    await toast(`Signed out of Backstage at ${origin}`).waitFor({ state: 'visible', timeout: 15_000 });
    await runCommand(page, 'Greenroom: Sign Out of Backstage');
    await toast('Greenroom holds no Backstage token.').waitFor({ state: 'visible', timeout: 15_000 });
  });
});
