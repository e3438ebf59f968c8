// What a person does with the catalog tree: open it, expand, click an entity, open a link.
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, notificationToasts, screenshot } from '../../../scripts/vscode/workbench.mjs';

describe('the catalog tree, used with mouse and keyboard', function () {
  this.timeout(120_000);
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession & { workspace: string } | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  /** A copy of the example workspace, so that the test can add files while VS Code watches it. */
  let workspace = '';
  // A dashboard on loopback, so that a link has a real page to show.
  const dashboard = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>Payments dashboard</title><body style="font-family:sans-serif"><h1>Payments dashboard</h1><p>p95 latency: 42 ms</p></body>');
  });

  /** A row of the Greenroom view whose label is exactly `label`. */
  const row = (label) =>
    page
      .locator('.part.sidebar .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
      .first();

  /** "label — description" of the rows at one depth of the tree, as a person reads them. */
  const rowsAt = (level) =>
    page.locator(`.part.sidebar .monaco-list-row[aria-level="${level}"]`).evaluateAll((rows) =>
      rows.map((r) => [r.querySelector('.label-name')?.textContent, r.querySelector('.label-description')?.textContent].filter(Boolean).join(' — ')),
    );

  before(async () => {
    await new Promise((resolve) => dashboard.listen(0, '127.0.0.1', () => resolve(undefined)));
    session = await startUiSessionOnCopy({ name: 'greenroom-ui' });
    workspace = session.workspace;
    page = session.page;
    const item = activityBarItem(page, 'Greenroom');
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    await item.click();
    await row('Components').waitFor({ state: 'visible', timeout: 30_000 });
  });

  after(async () => {
    await session?.close();
    dashboard.close();
  });

  it('shows the catalog grouped by kind, with counts', async () => {
    const groups = await rowsAt(1);
    assert.deepEqual(groups.slice(0, 3), ['Components — 14 · 1 invalid', 'APIs — 9', 'Resources — 1']);
  });

  it('expands an entity into its relations and links', async () => {
    await row('Components').click();
    await row('artist-lookup').waitFor({ state: 'visible' });
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'artist-lookup' }).first().locator('.monaco-tl-twistie').click();
    await row('artists-db').waitFor({ state: 'visible' });
    const texts = await rowsAt(3);
    for (const expected of ['team-a — owned by', 'Artist Engagement Portal — part of', 'artists-db — depends on', 'Dashboard — example.com']) {
      assert.ok(texts.includes(expected), `${expected} in ${texts.join(' | ')}`);
    }
    await screenshot(page, 'catalog-tree');
  });

  it('shows the entity card as the tooltip of an entity', async () => {
    await row('artist-lookup').hover();
    const tooltip = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'component:default/artist-lookup' }).first();
    await tooltip.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await tooltip.innerText(), /Artist Lookup[\s\S]*Owner: group:default\/team-a[\s\S]*Tags: java data/);
    await screenshot(page, 'entity-tooltip');
    await page.mouse.move(700, 600);
  });

  it('opens the entity\'s file at its name when the entity is clicked', async () => {
    await row('artist-lookup').click();
    const tab = page.locator('.tabs-container .tab.active');
    await tab.filter({ hasText: 'artist-lookup-component.yaml' }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'entity-opened');
    await page.locator('.part.statusbar .statusbar-item', { hasText: /Ln 4, Col 22 \(13 selected\)/ }).waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('picks up a catalog file created while it runs', async () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (dashboard.address());
    mkdirSync(path.join(workspace, 'payments'));
    writeFileSync(
      path.join(workspace, 'payments', 'catalog-info.yaml'),
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: payments',
        '  links:',
        `    - url: http://127.0.0.1:${port}/dashboard`,
        '      title: Payments dashboard',
        '      icon: dashboard',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: team-a',
        '',
      ].join('\n'),
    );
    await row('payments').waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal((await rowsAt(1))[0], 'Components — 15 · 1 invalid');
  });

  it('opens a tool link in the Simple Browser beside the code', async () => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (dashboard.address());
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'payments' }).first().locator('.monaco-tl-twistie').click();
    await row('Payments dashboard').click();
    await page.locator('.tabs-container .tab', { hasText: 'Simple Browser' }).waitFor({ state: 'visible', timeout: 15_000 });
    const frame = await waitForFrame(page, (f) => f.url().startsWith('http://127.0.0.1:' + port + '/dashboard'));
    await frame.getByText('p95 latency: 42 ms').waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'link-in-simple-browser');
  });

  it('shows the invalid entity with a warning and Backstage\'s reason', async () => {
    const invalid = page.locator('.part.sidebar .monaco-list-row', { hasText: 'playground service' }).first();
    await invalid.scrollIntoViewIfNeeded();
    assert.match(await invalid.locator('.label-description').innerText(), /^invalid: "metadata\.name" is not valid/);
    assert.equal(await invalid.locator('.codicon-warning').count(), 1);
    await screenshot(page, 'invalid-entity');
  });

  for (const theme of ['Dark Modern', 'Dark High Contrast']) {
    it(`follows the ${theme} theme: the warning icon takes the theme's warning colour`, async () => {
      // The theme command opens a second pick in the same widget, so it is driven by keys throughout.
      const picker = page.locator('.quick-input-widget');
      // Keys go to the focused part; the Simple Browser opened earlier would swallow F1.
      await page.locator('.part.sidebar .title-label').click();
      await page.keyboard.press('F1');
      await picker.locator('input.input').fill('>Preferences: Color Theme');
      await picker.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) }).click();
      await picker.locator('.monaco-list-row', { hasText: 'Dark Modern' }).first().waitFor({ state: 'visible' });
      await picker.locator('input.input').fill(theme);
      await picker.locator('.monaco-list-row.focused', { hasText: theme }).waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await picker.waitFor({ state: 'hidden' });
      const icon = page.locator('.part.sidebar .monaco-list-row', { hasText: 'playground service' }).first().locator('.codicon-warning');
      const { color, expected } = await icon.evaluate((element) => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--vscode-problemsWarningIcon-foreground)';
        document.querySelector('.monaco-workbench')?.appendChild(probe);
        const result = { color: getComputedStyle(element).color, expected: getComputedStyle(probe).color };
        probe.remove();
        return result;
      });
      assert.equal(color, expected);
      await screenshot(page, `tree-${theme.toLowerCase().replace(/\s+/g, '-')}`);
    });
  }

  it('says so when the catalog server dies, and brings the tree back', async () => {
    execSync('pkill -KILL -f "greenroom.*[d]ist/server.js"');
    await page.locator('.notifications-toasts').getByText(/catalog server stopped unexpectedly and has been restarted/).waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok((await notificationToasts(page)).some((text) => text.includes('has been restarted')));
    await row('Components').waitFor({ state: 'visible', timeout: 20_000 });
    // The restarted server publishes its problems again: the status bar counts the error and the notes.
    await page.locator('.part.statusbar .statusbar-item', { hasText: /^\s*1\s+0\s+3\s*$/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot(page, 'server-restarted');
  });
});

/** The first frame (webviews nest them) that `matches`, once it exists. */
async function waitForFrame(page, matches, timeoutMs = 15_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const frame = page.frames().find(matches);
    if (frame) return frame;
  }
  throw new Error('no such frame appeared');
}
