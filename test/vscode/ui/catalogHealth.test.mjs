// The organisation's rules in the editor: a rules file added to the example workspace brings the
// Catalog Health view, each rule's pass rate, the failing entities by owner with the user's own team
// first, and a failing entity one click away.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, screenshot } from '../../../scripts/vscode/workbench.mjs';

const RULES = `rules:
  - id: owner-is-group
    message: Components are owned by a team, not a person
    when: { kind: Component }
    require: { field: spec.owner, refKind: group }
  - id: has-system
    message: Every component belongs to a system
    severity: error
    when: { kind: Component }
    require: { field: spec.system }
  - id: production-has-techdocs
    message: Production services publish TechDocs
    when: { kind: Component, lifecycle: production }
    require: { annotation: backstage.io/techdocs-ref }
`;

describe('Catalog Health, in the editor', function () {
  this.timeout(180_000);
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession & { workspace: string } | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  const health = () => page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: 'Catalog Health' }) });
  const row = (label) => health().locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
  const rowsAt = (level) =>
    health()
      .locator(`.monaco-list-row[aria-level="${level}"]`)
      .evaluateAll((rows) => rows.map((r) => [r.querySelector('.label-name')?.textContent, r.querySelector('.label-description')?.textContent].filter(Boolean).join(' — ')));

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-health', waitForCatalog: true });
    page = session.page;
  });
  after(async () => {
    await session?.close();
  });

  it('appears with a rules file, worst rule first, failing entities by owner, and opens one', async () => {
    const settings = path.join(session.workspace, '.vscode', 'settings.json');
    // Breanna is a member of team-a in the example catalog: its failures come first.
    writeFileSync(settings, JSON.stringify({ 'greenroom.catalog.include': ['backstage/all.yaml', 'backstage/acme-corp.yaml'], 'greenroom.user': 'breanna.davison' }, null, 2));
    mkdirSync(path.join(session.workspace, '.greenroom'));
    writeFileSync(path.join(session.workspace, '.greenroom', 'rules.yaml'), RULES);
    await activityBarItem(page, 'Greenroom').click();
    await health().locator('.pane-header').waitFor({ state: 'visible', timeout: 60_000 });
    if ((await health().locator('.pane-header').getAttribute('aria-expanded')) !== 'true') await health().locator('.pane-header').click();
    await row('has-system').waitFor({ state: 'visible', timeout: 30_000 });
    // Worst pass rate first. The example's 13 valid components count (the invalid one is Backstage's
    // to refuse, not the rules' to judge), 9 of them in production, none with TechDocs.
    assert.deepEqual(await rowsAt(1), ['production-has-techdocs — 0% · 0 of 9 pass', 'has-system — 54% · 7 of 13 pass', 'owner-is-group — 77% · 10 of 13 pass']);

    await row('has-system').click();
    await page.keyboard.press('ArrowRight');
    await health().locator('.monaco-list-row[aria-level="2"]').first().waitFor({ state: 'visible' });
    const owners = await rowsAt(2);
    assert.match(owners[0], /^team-a — \d+ failing · your team$/, owners.join('\n'));
    assert.ok(owners.includes('guest — 1 failing'), `a user owner by name: ${owners.join(' | ')}`);
    await row('team-a').click();
    await page.keyboard.press('ArrowRight');
    await health().locator('.monaco-list-row[aria-level="3"]').first().waitFor({ state: 'visible' });
    const failing = await rowsAt(3);
    assert.ok(failing.length > 0 && failing.every((line) => line.endsWith('spec.system is missing')), failing.join('\n'));
    await screenshot(page, 'catalog-health');

    const [first] = failing;
    await row(first.split(' — ')[0]).click();
    await page.locator('.tabs-container .tab.active').waitFor({ state: 'visible' });
    assert.ok((await page.locator('.tabs-container .tab.active').innerText()).endsWith('.yaml'));
  });
});
