// A large workspace opened for the first time: the tree shows entities as files are read, with the load's progress.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startUiSession } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, screenshot } from '../../../scripts/vscode/workbench.mjs';

/** Enough files that reading them takes seconds even on a fast machine. */
const FILES = 20_000;

describe('a large catalog loading', function () {
  this.timeout(300_000);
  const scratch = mkdtempSync(path.join(tmpdir(), 'greenroom-progressive-'));
  const workspace = path.join(scratch, 'platform-catalog');
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession | undefined} */
  let session;

  before(async () => {
    for (let i = 0; i < FILES; i++) {
      const name = `service-${String(i).padStart(5, '0')}`;
      mkdirSync(path.join(workspace, name), { recursive: true });
      writeFileSync(
        path.join(workspace, name, 'catalog-info.yaml'),
        `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  description: Service number ${i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-${i % 40}\n`,
      );
    }
    session = await startUiSession({ workspace, viewport: { width: 1280, height: 800 } });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('shows entities and the progress before the last file is read, then the whole catalog', async () => {
    const { page } = /** @type {NonNullable<typeof session>} */ (session);
    await activityBarItem(page, 'Greenroom').click();
    /**
     * One look at the view, in the page, so that rows and message are seen together (the message goes when the load
     * ends): the loading message and each row as "label — description", once the view shows `expected` (a row), or
     * without it, once it shows components and the loading message at the same time.
     * @param {{ selector: string, expected: string }} args
     */
    const lookWhen = ({ selector, expected }) => {
      const sidebar = document.querySelector(selector);
      const message = [...(sidebar?.querySelectorAll('.message') ?? [])].map((node) => node.textContent ?? '').find((text) => text.startsWith('Reading the catalog'));
      const rows = [...(sidebar?.querySelectorAll('.monaco-list-row') ?? [])].map((row) =>
        [row.querySelector('.label-name')?.textContent, row.querySelector('.label-description')?.textContent].filter(Boolean).join(' — '),
      );
      const ready = expected ? rows.includes(expected) : message !== undefined && rows.some((row) => row.startsWith('Components — '));
      return ready ? { message, rows } : undefined;
    };
    const seen = await (await page.waitForFunction(lookWhen, { selector: '.part.sidebar', expected: '' }, { timeout: 240_000 })).jsonValue();
    await screenshot(page, 'catalog-loading');
    // The first look may come with the first entity read: "1 entity".
    assert.match(seen.message ?? '', /^Reading the catalog… [\d,]+ entit(y|ies) from [\d,]+ of 20,000 files$/, JSON.stringify(seen));
    const components = seen.rows.find((row) => row.startsWith('Components — ')) ?? '';
    const shown = Number(components.slice('Components — '.length));
    assert.ok(shown > 0 && shown < FILES, `the tree showed ${shown} components while loading`);

    // Then the whole catalog, and the message gone.
    const loaded = await (await page.waitForFunction(lookWhen, { selector: '.part.sidebar', expected: `Components — ${FILES}` }, { timeout: 240_000 })).jsonValue();
    assert.equal(loaded.message, undefined);
    await screenshot(page, 'catalog-loaded');
  });
});
