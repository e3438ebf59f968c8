// Refs as real catalogs write them: a `dependsOn` block list with kind prefixes, and a ref in an
// entity of another namespace, which Backstage reads in that namespace. Hover and go to definition
// on each, in the editor.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { screenshot } from '../../../scripts/vscode/workbench.mjs';

const FILE = 'payments-service.yaml';
// Line numbers below are 1-based, as the editor shows them.
const TEXT = `# Two entities written as most catalogs write them.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec:
  type: service
  lifecycle: production
  owner: team-a
  dependsOn:
    - resource:artists-db
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-portal
  namespace: development
spec:
  type: website
  lifecycle: experimental
  owner: user:guest
`;

describe('refs in block lists and other namespaces, in the editor', function () {
  this.timeout(120_000);
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession & { workspace: string } | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;

  /** Opens a file with Quick Open and puts the cursor at a line and column, as a person would with Ctrl+G. */
  async function openAt(name, line, column) {
    const widget = page.locator('.quick-input-widget');
    await page.keyboard.press('Control+P');
    await widget.locator('input.input').fill(name);
    await widget.locator('.monaco-list-row.focused', { hasText: name }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
    await widget.waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+G');
    await widget.locator('input.input').fill(`:${line}:${column}`);
    await widget.locator('.quick-input-message, .monaco-list-row', { hasText: `line ${line}` }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await page.locator('.part.statusbar .statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor({ state: 'visible' });
  }

  /** "Show Hover" (Ctrl+K Ctrl+I) until the card naming `ref` shows; the first press can land before the language client has the document. */
  async function hoverShowing(ref) {
    const hover = page.locator('.monaco-hover').filter({ hasText: ref });
    for (let attempt = 0; attempt < 5 && !(await hover.isVisible()); attempt++) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    }
    await hover.waitFor({ state: 'visible', timeout: 1_000 });
    return hover.innerText();
  }

  /** Go to Definition (F12): the file it opens and the line its cursor lands on. */
  async function goToDefinition(file, line) {
    await page.keyboard.press('F12');
    await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.part.statusbar .statusbar-item', { hasText: new RegExp(`Ln ${line}, Col \\d+`) }).waitFor({ state: 'visible' });
  }

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-ref-forms', waitForCatalog: true });
    page = session.page;
    writeFileSync(path.join(session.workspace, FILE), TEXT);
  });

  after(async () => {
    await session?.close();
  });

  it('hovers and goes to the resource a block-list dependsOn item names with its kind', async () => {
    await openAt(FILE, 11, 20);
    const card = await hoverShowing('resource:default/artists-db');
    assert.match(card, /artists-db — Resource · database[\s\S]*Defined in artists-db-resource\.yaml:4/);
    await screenshot(page, 'ref-forms-hover-depends-on-block-list');
    await page.keyboard.press('Escape');
    await goToDefinition('artists-db-resource.yaml', 4);
    await screenshot(page, 'ref-forms-definition-depends-on-block-list');
  });

  it('reads a ref in the entity’s own namespace: hover and go to definition find the development guest, not the default one', async () => {
    await openAt(FILE, 21, 15);
    const card = await hoverShowing('user:development/guest');
    assert.match(card, /Guest User — User[\s\S]*Defined in team-a-group\.yaml:67/);
    await screenshot(page, 'ref-forms-hover-namespaced-ref');
    await page.keyboard.press('Escape');
    await goToDefinition('team-a-group.yaml', 67);
    await screenshot(page, 'ref-forms-definition-namespaced-ref');
  });
});
