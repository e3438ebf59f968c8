import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WorkspaceCatalog, type WarmStart } from '../../../../src/server/catalog/workspaceCatalog';
import { SearchSync } from '../../../../src/server/catalog/searchSync';
import type { CatalogStatus } from '../../../../src/protocol/catalogProtocol';

const component = (name: string) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n`;

describe('an editor opened or typed in while a reload is under way', () => {
  let base: string;
  let folder: string;
  let file: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), 'greenroom-open-during-load-'));
    folder = path.join(base, 'ws');
    mkdirSync(folder);
    file = path.join(folder, 'catalog-info.yaml');
    writeFileSync(file, component('payments'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const folders = () => [{ folder, include: [], exclude: [] }];

  it('cold start: the catalog shown once loaded holds the editor text', async () => {
    let told: string[] = [];
    const workspace = new WorkspaceCatalog((catalog) => (told = catalog.shownEntities().map((record) => record.ref)));
    const reloading = workspace.reload(folders(), new Map());
    // The editor's didOpen arrives after the reload took its open texts.
    await Promise.all([workspace.setOpenText(file, component('refunds')), reloading]);
    assert.deepEqual(
      workspace.catalog.shownEntities().map((record) => record.ref),
      ['component:default/refunds'],
    );
    assert.deepEqual(told, ['component:default/refunds'], 'the last catalog the server announced');
  });

  it('warm start: no status says "not loaded" after the preview said loaded, and the editor text counts', async () => {
    const storage = path.join(base, 'storage');
    const warm = (search: SearchSync): WarmStart => ({ folder: storage, version: 'test', restoreSearch: (load, catalog) => search.restore(load, catalog), searchSnapshot: () => search.snapshot() });
    const first = new SearchSync();
    const cold = new WorkspaceCatalog((catalog) => first.catalogChanged(catalog));
    cold.enableWarmStart(warm(first));
    await cold.reload(folders(), new Map());
    for (const deadline = Date.now() + 10_000; !(existsSync(storage) && readdirSync(storage).some((name) => name.endsWith('.bin'))); await new Promise((r) => setTimeout(r, 20)))
      if (Date.now() > deadline) throw new Error('nothing saved');

    const search = new SearchSync();
    const statuses: CatalogStatus[] = [];
    const workspace: WorkspaceCatalog = new WorkspaceCatalog(
      (catalog) => {
        search.catalogChanged(catalog);
        statuses.push(workspace.status());
      },
      {},
      () => undefined,
      () => statuses.push(workspace.status()),
    );
    workspace.enableWarmStart(warm(search));
    const reloading = workspace.reload(folders(), new Map());
    await workspace.previewOrShown;
    await workspace.setOpenText(file, component('refunds'));
    await reloading;
    assert.deepEqual(
      statuses.map((status) => status.loaded),
      statuses.map(() => true),
      JSON.stringify(statuses),
    );
    assert.deepEqual(
      workspace.catalog.shownEntities().map((record) => record.ref),
      ['component:default/refunds'],
    );
  });

  it('a later reload: the text counts at once in the catalog shown, and in the reloaded one once it shows', async () => {
    // Enough files that the reload is still reading when the edit has been applied to the catalog shown.
    for (let i = 0; i < 300; i++) {
      mkdirSync(path.join(folder, `part-${i}`));
      writeFileSync(path.join(folder, `part-${i}`, 'catalog-info.yaml'), component(`service-${i}`));
    }
    const workspace = new WorkspaceCatalog(() => undefined);
    await workspace.reload(folders(), new Map());
    const shown = workspace.catalog;
    let reloaded = false;
    const reloading = workspace.reload(folders(), new Map()).then(() => (reloaded = true));
    await workspace.setOpenText(file, component('refunds'));
    assert.equal(reloaded, false, 'the edit waited for the reload');
    assert.ok(shown.entity('component:default/refunds'), 'the catalog shown has the text');
    for (const changed of ['refunds-2', 'refunds-3']) await workspace.setOpenText(file, component(changed));
    await reloading;
    assert.notEqual(workspace.catalog, shown);
    assert.ok(workspace.catalog.entity('component:default/refunds-3'));
    assert.equal(workspace.catalog.entity('component:default/payments'), undefined);
    assert.equal(workspace.catalog.entity('component:default/refunds'), undefined);
  });

  it("a reload given an editor's text older than the one set since shows the latest", async () => {
    const workspace = new WorkspaceCatalog(() => undefined);
    await workspace.reload(folders(), new Map());
    // The server takes the editors' texts, then waits for the configuration; an edit is applied meanwhile.
    await workspace.setOpenText(file, component('typed-since'));
    await workspace.reload(folders(), new Map([[file, component('taken-before')]]));
    assert.deepEqual(
      workspace.catalog.shownEntities().map((record) => record.ref),
      ['component:default/typed-since'],
    );
  });
});
