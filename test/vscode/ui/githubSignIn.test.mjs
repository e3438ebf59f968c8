// publish:github with VS Code's own GitHub sign-in: Backstage's create-app sample, run locally from the
// wizard, publishes to a GitHub Enterprise server (the loopback stand-in for GitHub's REST calls) once
// the user has signed in through VS Code's GitHub Enterprise provider with a personal access token.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { screenshot } from '../../../scripts/vscode/workbench.mjs';
import { openTemplateWizard, showTemplates, updateWorkspaceSettings, wizardFrame } from './templateWizardPage.mjs';

const CREATE_APP = path.join(REPO_ROOT, 'test', 'fixtures', 'templates', 'backstage-create-app-examples', 'template');
const TOKEN = 'ghp_greenroomtests';

describe('publishing to GitHub with VS Code\'s sign-in', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {any} the loopback stand-in for GitHub's REST calls, with real git repositories (test/server/githubStandIn.ts) */
  let github;
  const widget = () => page.locator('.quick-input-widget');
  const wizard = () => wizardFrame(page);
  const dialog = () => page.locator('.monaco-dialog-box');

  before(async () => {
    const { githubStandIn } = await tsImport('../../server/githubStandIn.ts', import.meta.url);
    github = await githubStandIn(['acme'], { token: TOKEN });
    session = await startUiSessionOnCopy({ name: 'greenroom-github', waitForCatalog: true });
    page = session.page;
    // The stand-in is the GitHub Enterprise server VS Code signs in to, and the host the template publishes to.
    const settings = JSON.parse(readFileSync(path.join(session.workspace, '.vscode', 'settings.json'), 'utf8'));
    updateWorkspaceSettings(session.workspace, {
      'greenroom.catalog.include': [...settings['greenroom.catalog.include'], 'templates/*/template.yaml'],
      'github-enterprise.uri': github.origin,
      'greenroom.github.integrations': [{ host: github.host, apiBaseUrl: github.apiBaseUrl }],
    });
    // Backstage's create-app sample, its RepoUrlPicker allowed the stand-in's host instead of github.com.
    const template = path.join(session.workspace, 'templates', 'create-app');
    cpSync(CREATE_APP, template, { recursive: true });
    const file = path.join(template, 'template.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- github.com', `- '${github.host}'`));
    await showTemplates(page);
  });

  after(async () => {
    await session?.close();
    await github?.close();
  });

  it('asks the user to sign in when the template publishes, then pushes the new component as the first commit', async () => {
    await openTemplateWizard(page, 'node.js', 'Example Node.js Template');
    await wizard().getByLabel('Name').fill('svc');
    await wizard().getByRole('button', { name: 'Next' }).click();
    await wizard().getByLabel('Owner').fill('acme');
    await wizard().getByLabel('Repository', { exact: true }).fill('svc');
    await wizard().getByRole('button', { name: 'Next' }).click();
    await wizard().getByRole('button', { name: 'Create' }).click();

    // VS Code's own consent, then its GitHub Enterprise sign-in: the device code flow is not offered by
    // this server, so VS Code offers a personal access token instead.
    await dialog().getByText(`wants to sign in using ${github.host}`).waitFor({ state: 'visible', timeout: 30_000 });
    await screenshot(page, 'github-sign-in-consent');
    await dialog().getByRole('button', { name: 'Allow' }).click();
    const differentWay = page.locator('.notifications-toasts .notification-list-item', { hasText: 'try a different way' }).first();
    await differentWay.waitFor({ state: 'visible', timeout: 30_000 });
    await differentWay.getByRole('button', { name: 'Yes' }).click();
    await dialog().getByRole('button', { name: 'Continue to GitHub' }).click();
    // Opening the token page asks first (the stand-in has no such page); the token is pasted either way.
    const external = dialog().getByRole('button', { name: 'Cancel' });
    await external.waitFor({ state: 'visible', timeout: 5_000 }).then(
      () => external.click(),
      () => undefined,
    );
    const tokenInput = widget().locator('input.input[placeholder^="ghp_"]');
    await tokenInput.waitFor({ state: 'visible', timeout: 15_000 });
    await tokenInput.fill(TOKEN);
    await page.keyboard.press('Enter');

    await wizard().getByText('Created 1 file', { exact: true }).waitFor({ state: 'visible', timeout: 60_000 });
    const pushed = github.files('acme/svc', 'main');
    assert.deepEqual([...pushed.keys()], ['catalog-info.yaml']);
    assert.equal(pushed.get('catalog-info.yaml').contents.toString('utf8'), readFileSync(path.join(session.workspace, 'svc', 'catalog-info.yaml'), 'utf8'), 'GitHub has the files the workspace got');
    assert.deepEqual(github.commitOf('acme/svc', 'main').parents, [], 'as the first commit');
    const published = github.requests.filter((r) => r.path.startsWith('/api/v3/orgs/') || r.path.includes('/git/'));
    assert.ok(published.length > 0 && published.every((r) => r.authorization === `token ${TOKEN}`), 'with the token the user signed in with');
    assert.deepEqual(await wizard().locator('.output button').allInnerTexts(), ['Repository', 'Open in catalog']);
    await screenshot(page, 'github-published');
  });
});
