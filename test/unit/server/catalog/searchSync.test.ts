import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('the search index built as a load reads its files', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'greenroom-search-arrivals-'));
    // Many small files: a load reads them a few dozen at a time, over many turns, and tells of each turn's.
    const entities = generateCatalog(600);
    for (let i = 0; i < entities.length; i += 2) {
      writeFileSync(
        path.join(folder, `part-${i}.yaml`),
        entities
          .slice(i, i + 2)
          .map((entity) => stringify(entity))
          .join('---\n'),
      );
    }
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  /**
   * A catalog loaded with its arrivals told to `sync` as they come, then the load's end, as the server does; `meanwhile`
   * runs at the second progress.
   */
  async function loadInto(sync: SearchSync, meanwhile?: () => void): Promise<Catalog> {
    const catalog = new Catalog(new WorkspaceFiles([{ folder, include: ['*.yaml'], exclude: [] }]));
    let told = 0;
    let progress = 0;
    await catalog.load({
      onProgress: (_progress, arrived) => {
        told += arrived.length;
        if (arrived.length > 0) sync.arrived(catalog, arrived);
        if (++progress === 2) meanwhile?.();
      },
    });
    assert.ok(told > 0, 'the load told of entities as they arrived');
    sync.catalogChanged(catalog);
    return catalog;
  }

  /** The refs the index holds once caught up, beside those of the catalog's entities that count. */
  async function indexed(sync: SearchSync, catalog: Catalog): Promise<{ index: string[]; catalog: string[] }> {
    const snapshot = await sync.snapshot();
    const counting = catalog.entities().filter((record) => catalog.entity(record.ref) === record);
    // A removed entity's id stays free in the saved index, without a ref.
    return { index: snapshot.refs.filter((ref) => ref !== null).sort(), catalog: counting.map((record) => record.ref).sort() };
  }

  it('holds every entity of the load, those it indexed as they arrived and those the load linked last', async () => {
    const sync = new SearchSync();
    const catalog = await loadInto(sync);
    const { index, catalog: refs } = await indexed(sync, catalog);
    assert.equal(refs.length, 600);
    assert.deepEqual(index, refs);
  });

  it('has every entity of a load indexed when ready() resolves, which the server waits for before it announces the load', async () => {
    const sync = new SearchSync();
    const catalog = new Catalog(new WorkspaceFiles([{ folder, include: ['*.yaml'], exclude: [] }]));
    await catalog.load({ onProgress: (_progress, arrived) => arrived.length > 0 && sync.arrived(catalog, arrived) });
    // A new catalog is indexed at once; an edit of the same one waits for typing to pause (or a search), and is not waited for.
    assert.equal(sync.catalogChanged(catalog), true);
    const index = await sync.ready();
    const counting = catalog.entities().filter((record) => catalog.entity(record.ref) === record);
    assert.equal(index.size, 600);
    assert.ok(
      counting.every((record) => index.get(record.ref) !== undefined),
      'every entity is in the index',
    );
    assert.equal(sync.catalogChanged(catalog), false);
  });

  it('holds every entity of the load when the empty catalog shown while it reads changed meanwhile', async () => {
    const sync = new SearchSync();
    // What the server does when a file event comes or an editor closes during the first load: the catalog it shows until
    // the load ends, an empty one, changed.
    const shown = new Catalog(new WorkspaceFiles([]));
    const catalog = await loadInto(sync, () => sync.catalogChanged(shown));
    const { index, catalog: refs } = await indexed(sync, catalog);
    assert.equal(refs.length, 600);
    assert.deepEqual(index, refs);
  });

  it('drops the entities of the catalog before a reload that the reloaded files no longer hold', async () => {
    const sync = new SearchSync();
    await indexed(sync, await loadInto(sync));
    const gone = path.join(folder, 'part-598.yaml');
    const text = readFileSync(gone, 'utf8');
    rmSync(gone);
    try {
      const reloaded = await loadInto(sync);
      const { index, catalog: refs } = await indexed(sync, reloaded);
      assert.equal(refs.length, 598);
      assert.deepEqual(index, refs);
    } finally {
      writeFileSync(gone, text);
    }
  });
});
