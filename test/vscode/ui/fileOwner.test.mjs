// The file you are in: the status bar names the entity that owns the active editor's file and its
// owner, found by the nearest catalog-info.yaml or else by CODEOWNERS, and its click opens the page;
// an API definition file says which API it defines.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { openByQuickOpen, screenshot } from '../../../scripts/vscode/workbench.mjs';
import { updateWorkspaceSettings } from './templateWizardPage.mjs';

const PAYMENTS = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-service
  description: Takes the money
  links:
    - url: https://example.com/payments/dashboard
      title: Payments dashboard
      icon: dashboard
spec:
  type: service
  lifecycle: production
  owner: team-b
`;

describe('the owner of the file you are in', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  const widget = () => page.locator('.quick-input-widget');
  /** The status bar item that says `text`. */
  const ownerItem = (text) => page.locator('.part.statusbar .statusbar-item').filter({ hasText: text }).first();

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-file-owner', waitForCatalog: true });
    page = session.page;
    const service = path.join(session.workspace, 'services', 'payments');
    mkdirSync(path.join(service, 'src', 'api'), { recursive: true });
    writeFileSync(path.join(service, 'catalog-info.yaml'), PAYMENTS);
    writeFileSync(path.join(service, 'src', 'api', 'charge.ts'), 'export function charge(): void {}\n');
    mkdirSync(path.join(session.workspace, '.github'));
    writeFileSync(path.join(session.workspace, '.github', 'CODEOWNERS'), '*.md  @acme/team-c\n');
    updateWorkspaceSettings(session.workspace, { 'greenroom.catalog.include': ['backstage/all.yaml', 'backstage/acme-corp.yaml', 'services/*/catalog-info.yaml'] });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, `file-owner-failed-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await session?.close();
  });

  it("names the entity of the nearest catalog-info.yaml and its owner for a file in the entity's folder", async () => {
    await openByQuickOpen(page, 'services/payments/src/api/charge.ts');
    await ownerItem('payments-service · Team B').waitFor({ state: 'visible', timeout: 30_000 });
    const label = await ownerItem('payments-service · Team B').evaluate((item) => item.getAttribute('aria-label') ?? item.querySelector('[aria-label]')?.getAttribute('aria-label'));
    assert.match(label ?? '', /charge\.ts is owned by payments-service · Team B/);
    await screenshot(page, 'file-owner-status-bar');
  });

  it('falls back to CODEOWNERS for a file outside every entity folder', async () => {
    await openByQuickOpen(page, 'README.md');
    await ownerItem(/^\s*Team C\s*$/).waitFor({ state: 'visible', timeout: 30_000 });
  });

  it("offers the entity's page, its owner's page and its links on a click, and opens the page", async () => {
    await openByQuickOpen(page, 'services/payments/src/api/charge.ts');
    await ownerItem('payments-service · Team B').click();
    await widget().waitFor({ state: 'visible' });
    const labels = await widget().locator('.monaco-list-row').evaluateAll((rows) => rows.map((row) => row.querySelector('.label-name')?.textContent));
    assert.deepEqual(labels, ["Open payments-service's Page", "Open Team B's Page", 'Payments dashboard']);
    assert.match(await widget().locator('input.input').getAttribute('placeholder') ?? '', /nearest catalog-info\.yaml: services\/payments\/catalog-info\.yaml/);
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'payments-service' }).waitFor({ state: 'visible' });
  });

  it('names the API an API definition file defines in a CodeLens, which opens its page', async () => {
    await openByQuickOpen(page, 'backstage/apis/petstore-webhook.oas.yaml');
    const lens = page.locator('.monaco-editor .codelens-decoration');
    await lens.filter({ hasText: 'petstore-webhook' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await lens.first().innerText(), /petstore-webhook\s*\|\s*no providers or consumers/);
    await screenshot(page, 'api-definition-codelens');
    await lens.locator('a', { hasText: 'petstore-webhook' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'petstore-webhook' }).filter({ hasNotText: '.yaml' }).waitFor({ state: 'visible' });
  });
});
