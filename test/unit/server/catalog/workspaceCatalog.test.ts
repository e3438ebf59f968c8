import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { WorkspaceCatalog, type WarmStart } from '../../../../src/server/catalog/workspaceCatalog';
import { SearchSync } from '../../../../src/server/catalog/searchSync';
import type { CatalogStatus } from '../../../../src/protocol/catalogProtocol';

const component = (name: string) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n`;

describe('an editor opened while the first reload is under way', () => {
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
});
