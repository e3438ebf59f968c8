// A workspace VS Code does not trust yet (Restricted Mode): its templates do not run, and the wizard
// says why; once the user trusts the workspace, the open wizard runs the template.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { screenshot } from '../../../scripts/vscode/workbench.mjs';
import { addTemplate, openTemplateWizard, wizardFrame } from './templateWizardPage.mjs';

const TEMPLATE = path.join(REPO_ROOT, 'test', 'fixtures', 'templates', 'greenroom-node-service');

describe('templates in an untrusted workspace', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  const wizard = () => wizardFrame(page);

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-untrusted', waitForCatalog: true, workspaceTrust: true });
    page = session.page;
    await addTemplate(session, TEMPLATE, 'templates/node-service');
  });

  after(async () => {
    await session?.close();
  });

  it('shows the template\'s form, and says why it does not run', async () => {
    await page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).waitFor({ state: 'visible' });
    await openTemplateWizard(page, 'node', 'Node.js service');
    await wizard().getByLabel('Name').fill('billing');
    await wizard().getByLabel('Owner').fill('group:default/team-a');
    await wizard().getByRole('button', { name: 'Next' }).click();
    await wizard().getByRole('button', { name: 'Next' }).click();
    await wizard().locator('h2', { hasText: 'Review' }).waitFor({ state: 'visible' });
    assert.equal(await wizard().getByRole('status').locator('span').innerText(), 'Templates do not run in an untrusted workspace: trust the workspace to run this one.');
    assert.equal(await wizard().getByRole('button', { name: 'Create' }).isDisabled(), true);
    assert.equal(await wizard().getByRole('button', { name: 'Dry Run' }).isDisabled(), true);
    await screenshot(page, 'wizard-untrusted');
  });

  it('offers to trust the workspace, and runs the template once it is trusted', async () => {
    await wizard().getByRole('button', { name: 'Manage Workspace Trust' }).click();
    await page.getByRole('button', { name: 'Trust', exact: true }).click();
    await page.locator('.part.statusbar', { hasText: 'Restricted Mode' }).waitFor({ state: 'hidden', timeout: 15_000 });
    // The trust editor opens over the others: closed, it shows the wizard again.
    await page.locator('.monaco-modal-editor-block').getByRole('button', { name: /^Close Modal Editor/ }).click();
    await page.locator('.monaco-modal-editor-block').waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Create: Node.js service' }).click();
    await wizard().getByRole('status').waitFor({ state: 'detached', timeout: 15_000 });
    assert.equal(existsSync(path.join(session.workspace, 'billing')), false, 'nothing written while untrusted');
    await wizard().getByRole('button', { name: 'Create' }).click();
    await wizard().getByText('Created 3 files').waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(existsSync(path.join(session.workspace, 'billing', 'catalog-info.yaml')));
  });
});
