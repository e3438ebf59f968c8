import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Catalog } from '../../../../src/core/catalog/catalog';
import { isInside } from '../../../../src/core/catalog/pathInside';
import { CatalogSearchIndex } from '../../../../src/core/search/catalogSearch';
import { searchDocumentOf } from '../../../../src/core/search/searchDocument';
import type { CatalogStatus, GroupBy } from '../../../../src/protocol/catalogProtocol';
import { CatalogPreview, previewOf } from '../../../../src/server/catalog/catalogPreview';
import { entityGroups, toSummary } from '../../../../src/server/catalog/entityViews';
import { CatalogSnapshotStore } from '../../../../src/sources/catalogSnapshotStore';
import { WorkspaceFiles } from '../../../../src/sources/workspaceFiles';
import { EXAMPLES } from '../../fixturePaths';

/** As the client receives it: JSON, without the fields left undefined. */
const wire = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const inExamples = (file: string) => isInside(file, EXAMPLES);

describe("a warm start's preview", () => {
  // The Backstage examples: Users with groups, Locations several levels deep, entities of every kind.
  const source = () => new WorkspaceFiles([{ folder: EXAMPLES, include: ['all.yaml', 'acme-corp.yaml'], exclude: [] }]);
  let storage: string;
  beforeEach(() => (storage = mkdtempSync(path.join(tmpdir(), 'greenroom-preview-'))));
  afterEach(() => rmSync(storage, { recursive: true, force: true }));

  /** The examples loaded, indexed as the server indexes them, and saved with their preview. */
  async function saved(): Promise<{ store: CatalogSnapshotStore; index: CatalogSearchIndex }> {
    const catalog = new Catalog(source());
    await catalog.load();
    const index = new CatalogSearchIndex();
    for (const record of catalog.entities()) if (catalog.entity(record.ref) === record) index.set(searchDocumentOf(record.entity));
    const status: CatalogStatus = { loaded: true, entityCount: catalog.shownCount, fileCount: catalog.catalogFiles().length, errorCount: 1, warningCount: 2, ruleCount: 0, version: 7 };
    const store = new CatalogSnapshotStore(storage, 'examples', 'settings', inExamples);
    await store.write({ catalog: await catalog.snapshot(), search: index.snapshot(), preview: await previewOf(catalog, status) });
    return { store, index };
  }

  it("answers the tree's groups and searches as the saved catalog does once decoded", async () => {
    const { store, index } = await saved();
    const read = (await store.read())!;
    assert.equal(await read.rest, true);
    const preview = CatalogPreview.of(read.preview!, () => Promise.resolve(index), inExamples)!;
    assert.ok(preview);
    const restored = new Catalog(source());
    await restored.restore((await read.catalog())!);
    assert.ok(restored.shownCount > 30, `${restored.shownCount} entities`);
    assert.deepEqual(preview.status(3), { loaded: true, entityCount: restored.shownCount, fileCount: restored.catalogFiles().length, errorCount: 1, warningCount: 2, ruleCount: 0, version: 3 });
    for (const groupBy of ['kind', 'owner', 'system'] as GroupBy[]) assert.deepEqual(preview.groups(groupBy), entityGroups(restored, groupBy));
    let found = 0;
    for (const query of ['artist', 'guest', 'kind:user', 'kind:component spotify', 'wayback search', 'a', 'tag:java']) {
      // What the search request answers from the decoded catalog.
      const expected = index.search(query, 50).map((result) => ({ entity: toSummary(restored.entity(result.ref)!, restored) }));
      found += expected.length;
      assert.deepEqual(wire(await preview.search(query, 50)), wire(expected), query);
    }
    assert.ok(found > 20, `${found} hits`);
  });

  it('does not answer from an entity that names a place outside the workspace or has a field of another type, or a grouping it does not hold', async () => {
    const { store, index } = await saved();
    const read = (await store.read())!;
    assert.equal(await read.rest, true);
    const outside = { ...read.preview!, entry: (key: string) => ({ ...(read.preview!.entry(key) as object), location: { uri: 'file:///etc/passwd' } }) };
    assert.equal(await CatalogPreview.of(outside, () => Promise.resolve(index), inExamples)!.search('artist', 50), undefined);
    assert.equal(await CatalogPreview.of(read.preview!, () => Promise.resolve(undefined), inExamples)!.search('artist', 50), undefined);
    const titled = { ...read.preview!, entry: (key: string) => ({ ...(read.preview!.entry(key) as object), title: { toString: 'x' } }) };
    assert.equal(await CatalogPreview.of(titled, () => Promise.resolve(index), inExamples)!.search('artist', 50), undefined);
    assert.equal(CatalogPreview.of(read.preview!, () => Promise.resolve(index), inExamples)!.groups('__proto__' as GroupBy), undefined);
    assert.equal(
      CatalogPreview.of({ value: { status: {}, groups: {} }, entry: () => undefined }, () => Promise.resolve(index), inExamples),
      undefined,
    );
  });
});
