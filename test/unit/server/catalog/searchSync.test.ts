import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { generateCatalog } from '../../../../bench/generateCatalog';
import { Catalog } from '../../../../src/core/catalog/catalog';
import { CatalogSearchIndex, type SearchIndexSnapshot } from '../../../../src/core/search/catalogSearch';
import { searchDocumentOf } from '../../../../src/core/search/searchDocument';
import { SearchSync } from '../../../../src/server/catalog/searchSync';
import { CatalogSnapshotStore } from '../../../../src/sources/catalogSnapshotStore';
import { WorkspaceFiles } from '../../../../src/sources/workspaceFiles';

describe("the search index kept in step with the catalog, from a warm start's saved index", () => {
  let folder: string;
  let catalog: Catalog;
  let saved: SearchIndexSnapshot;
  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'greenroom-search-sync-'));
    writeFileSync(
      path.join(folder, 'catalog-info.yaml'),
      generateCatalog(3_000)
        .map((entity) => stringify(entity))
        .join('---\n'),
    );
    catalog = new Catalog(new WorkspaceFiles([{ folder, include: ['catalog-info.yaml'], exclude: [] }]));
    await catalog.load();
    const live = new CatalogSearchIndex();
    for (const record of catalog.entities()) if (catalog.entity(record.ref) === record) live.set(searchDocumentOf(record.entity));
    saved = live.snapshot();
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  /** A sync that took the saved index, one of whose documents reads back damaged (as a file overwritten on disk would). */
  function syncWithDamaged(ref: string): SearchSync {
    const damaged = new CatalogSearchIndex();
    assert.equal(damaged.restore({ ...saved, document: (id) => (saved.refs[id] === ref ? undefined : saved.document(id)) }), true);
    const sync = new SearchSync();
    sync.restore(() => damaged, catalog);
    sync.catalogChanged(catalog);
    return sync;
  }
  const target = () => catalog.entities()[123];

  it('finds an entity whose saved document is damaged, from the index built afresh from the catalog', async () => {
    const { ref, entity } = target();
    const sync = syncWithDamaged(ref);
    const found = (await sync.search(entity.metadata.name, 10)).map((result) => result.ref);
    assert.equal(found[0], ref);
  });

  it('gives everyone waiting the index built afresh when updating finds a saved document damaged', async () => {
    const { ref } = target();
    const damaged = new CatalogSearchIndex();
    assert.equal(damaged.restore({ ...saved, document: (id) => (saved.refs[id] === ref ? undefined : saved.document(id)) }), true);
    // The files read again (a reload): every record is new, so the update reads each saved document.
    const reread = new Catalog(new WorkspaceFiles([{ folder, include: ['catalog-info.yaml'], exclude: [] }]));
    await reread.load();
    const sync = new SearchSync();
    sync.restore(() => damaged, catalog);
    sync.catalogChanged(reread);
    // Each waiter's index as it is handed over: one still being built grows later.
    const handed = () => sync.current().then((index) => ({ index, size: index.size }));
    const [first, second] = await Promise.all([handed(), handed()]);
    const count = saved.refs.filter((each) => each !== null).length;
    assert.deepEqual([first.size, second.size, first.index.damaged], [count, count, false]);
    assert.equal(first.index.get(ref)?.ref, ref);
  });

  it('writes a saved catalog without its search index when a document does not check out, and reads the catalog back', async () => {
    const storage = mkdtempSync(path.join(tmpdir(), 'greenroom-search-sync-store-'));
    try {
      const store = new CatalogSnapshotStore(storage, 'generated', 'settings', () => true);
      const { ref } = target();
      await store.write({ catalog: await catalog.snapshot(), search: { ...saved, document: (id) => (saved.refs[id] === ref ? undefined : saved.document(id)) } });
      const read = (await store.read())!;
      assert.equal(read.search(), undefined);
      assert.equal((await read.catalog())?.files.length, 1);
    } finally {
      rmSync(storage, { recursive: true, force: true });
    }
  });

  it('saves a snapshot that reads back whole once a damaged saved document was found', async () => {
    const { ref, entity } = target();
    const sync = syncWithDamaged(ref);
    // The background decoding finds the damaged document: the index is built afresh before the snapshot is taken.
    const snapshot = await sync.snapshot();
    const again = new CatalogSearchIndex();
    assert.equal(again.restore(snapshot), true);
    assert.equal(again.search(entity.metadata.name, 10)[0]?.ref, ref);
  });
});
