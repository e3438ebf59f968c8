// Backstage's kitchen-sink demo template in the wizard: every kind of field filled by a person, the
// errors a wrong value gets, the review, the run; a screenshot of every page.
import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { screenshot } from '../../../scripts/vscode/workbench.mjs';
import { addTemplate, openTemplateWizard, updateWorkspaceSettings, wizardFrame } from './templateWizardPage.mjs';

const TEMPLATE = path.join(REPO_ROOT, 'test', 'fixtures', 'templates', 'backstage-sample-templates', 'bui-kitchen-sink-demo', 'template.yaml');

describe('the wizard on Backstage\'s kitchen-sink template', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  const wizard = () => wizardFrame(page);
  const field = (label) => wizard().getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*?$`));
  const next = async (title) => {
    await wizard().getByRole('button', { name: 'Next' }).click();
    await wizard().locator('h2', { hasText: title }).waitFor({ state: 'visible' });
  };

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-kitchen-sink', waitForCatalog: true });
    page = session.page;
    // Who "my" groups and entities are for: a member of team-a.
    updateWorkspaceSettings(session.workspace, { 'greenroom.user': 'breanna.davison' });
    await addTemplate(session, TEMPLATE, 'templates/kitchen-sink/catalog-info.yaml');
    await openTemplateWizard(page, 'kitchen', 'BUI Kitchen Sink Demo');
    await wizard().locator('h2', { hasText: 'Basic widgets' }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  after(async () => {
    await session?.close();
  });

  it('basic widgets: text, textarea, email (with its error), url, password, colour', async () => {
    await field('Name').fill('kitchen');
    await field('Description').fill('Everything <b>at once</b>');
    await field('Email').fill('not-an-email');
    await wizard().getByRole('button', { name: 'Next' }).click();
    await wizard().getByText('must match format "email"').waitFor({ state: 'visible' });
    await screenshot(page, 'kitchen-sink-1-basic-error');
    await field('Email').fill('dev@example.com');
    await field('Website').fill('https://example.com');
    await field('Password').fill('hunter2');
    await field('Favourite colour').fill('#ff8800');
    await screenshot(page, 'kitchen-sink-1-basic');
    await next('Numbers, ranges and toggles');
  });

  it('numbers, ranges and toggles, with a bound enforced', async () => {
    assert.equal(await field('Replicas').inputValue(), '3', 'the default');
    await field('Replicas').fill('12');
    await wizard().getByRole('button', { name: 'Next' }).click();
    await wizard().getByText('must be <= 10').waitFor({ state: 'visible' });
    await field('Replicas').fill('5');
    await field('Confidence').fill('70');
    await field('Enabled').uncheck();
    await wizard().getByLabel('I agree').check();
    await screenshot(page, 'kitchen-sink-2-numbers');
    await next('Selects and groups');
  });

  it('selects, radios, checkboxes and a free-form list', async () => {
    await field('Environment').selectOption('production');
    await wizard().getByLabel('us-east-1').check();
    await wizard().getByLabel('logging').check();
    await wizard().getByLabel('tracing').check();
    await wizard().getByRole('button', { name: 'Add an item' }).click();
    await wizard().locator('#root_tags_0').fill('alpha');
    await screenshot(page, 'kitchen-sink-3-selects');
    await next('Dates and files');
  });

  it('dates, times and a file', async () => {
    await field('Start date').fill('2026-12-01');
    await field('Start time').fill('2026-12-01T10:00');
    await field('Cutoff time').fill('10:30');
    await field('Readme upload').setInputFiles({ name: 'README.md', mimeType: 'text/markdown', buffer: Buffer.from('# Kitchen sink\n') });
    await screenshot(page, 'kitchen-sink-4-dates');
    await next('Nested objects and arrays');
  });

  it('nested objects and a list of objects', async () => {
    await field('Display name').fill('Team Alpha');
    await field('Slack handle').fill('@alpha');
    await wizard().getByRole('button', { name: 'Add an item' }).click();
    await wizard().locator('#root_contacts_0_name').fill('Ada');
    await wizard().locator('#root_contacts_0_role').selectOption('Engineer');
    await wizard().locator('#root_contacts_0_primary').check();
    await screenshot(page, 'kitchen-sink-5-nested');
    await next('Catalog and repo pickers');
  });

  it('the catalog and repository pickers, and a secret', async () => {
    await field('Component name').fill('kitchen-sink');
    await wizard().locator('#root_ownerRef').fill('group:default/team-a');
    /** The refs a picker suggests for what is typed into it. */
    const suggestions = async (input, typed = '') => {
      await input.fill(typed);
      await input.focus();
      const list = wizard().locator(`[id="${await input.getAttribute('aria-controls')}"]`);
      // The suggestions arrive from the extension a moment after the page.
      await list.locator('[role="option"]').first().waitFor({ state: 'visible' });
      return list.locator('.combobox-ref').allInnerTexts();
    };
    // Typed into, the picker narrows the catalog's entities; the keyboard picks one.
    const related = field('Related entity');
    assert.deepEqual(await suggestions(related, 'artist-l'), ['component:default/artist-lookup']);
    await screenshot(page, 'kitchen-sink-6-picker-suggestions');
    await related.press('ArrowDown');
    assert.equal(await wizard().locator('[role="option"][aria-selected="true"] .combobox-ref').innerText(), 'component:default/artist-lookup');
    await related.press('Enter');
    assert.equal(await related.inputValue(), 'component:default/artist-lookup');
    assert.equal(await wizard().locator('[role="listbox"]').count(), 0, 'the list closes');
    await field('Related entities (multi)').selectOption(['component:default/artist-lookup', 'component:default/playback-order']);
    assert.deepEqual(await suggestions(field('My groups')), ['group:default/team-a'], 'the user\'s own groups');
    const owned = await suggestions(field('An entity I own'));
    assert.ok(owned.includes('component:default/artist-lookup') && !owned.includes('component:default/podcast-api'), owned.join(' '));
    await field('My groups').fill('group:default/team-a');
    await field('An entity I own').fill('component:default/artist-lookup');
    await field('Entity tags').fill('java, data');
    await wizard().locator('#root_repoUrl-host').selectOption('gitlab.com');
    await wizard().locator('#root_repoUrl-owner').fill('acme');
    await wizard().locator('#root_repoUrl-repo').fill('kitchen-sink');
    await field('Repo owner').selectOption('example-org');
    await field('Repo branch').fill('main');
    await field('Deploy token').fill('s3cret-token');
    await screenshot(page, 'kitchen-sink-6-pickers');
    await next('Review');
  });

  it('reviews every value, the secret masked, and runs', async () => {
    const review = (await wizard().locator('.review').allInnerTexts()).join('\n');
    for (const expected of [/Name\s+kitchen/, /Email\s+dev@example\.com/, /Replicas\s+5/, /Environment\s+production/, /Features\s+logging, tracing/, /Readme upload\s+README\.md\n/, /Owner profile\s+displayName: Team Alpha, slack: @alpha/, /Contacts\s+name: Ada, role: Engineer, primary: true/, /Owner\s+group:default\/team-a/, /Repository URL\s+gitlab\.com\?owner=acme&repo=kitchen-sink/, /Deploy token\s+••••••/]) {
      assert.match(review, expected);
    }
    assert.doesNotMatch(review, /s3cret-token/);
    await screenshot(page, 'kitchen-sink-7-review');
    await wizard().getByRole('button', { name: 'Create' }).click();
    await wizard().getByText('The template ran; it writes no files').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await page.locator('.notifications-toasts', { hasText: 'Created 0' }).count(), 0, 'no folder to reveal');
    assert.match(await wizard().locator('.output-text').first().innerText(), /Name: kitchen[\s\S]*Environment: production[\s\S]*Region: us-east-1/);
    assert.equal(await wizard().locator('.output-text strong', { hasText: 'Name:' }).count(), 1, 'Markdown rendered');
    await wizard().locator('.log summary').click();
    const log = await wizard().locator('.log pre').innerText();
    assert.match(log, /Submitted kitchen sink for kitchen\.\nEnvironment: production\nOwner: group:default\/team-a\nRepo: gitlab\.com\?owner=acme&repo=kitchen-sink/);
    await screenshot(page, 'kitchen-sink-8-run');
  });
});
