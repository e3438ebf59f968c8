import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { generateCatalog } from '../../../../bench/generateCatalog';
import type { Entity } from '@backstage/catalog-model';
import type { BackstageInstance } from '../../../../src/core/backstage/backstageInstance';
import { remoteCatalogFile } from '../../../../src/core/backstage/remoteCatalog';
import { Catalog } from '../../../../src/core/catalog/catalog';
import type { CatalogFile } from '../../../../src/core/catalog/catalogFile';
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
    assert.equal(await read.searchable, true);
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

  it('searches with the saved index as the live index does, keystroke by keystroke, past the candidates fuse.js ranks', async () => {
    // Enough entities that the trigram index picks which ones fuse.js ranks: the saved postings and weights decide the answers.
    const folder = path.join(storage, 'workspace');
    mkdirSync(folder);
    writeFileSync(
      path.join(folder, 'catalog-info.yaml'),
      generateCatalog(1_500)
        .map((entity) => stringify(entity))
        .join('---\n'),
    );
    const inFolder = (file: string) => isInside(file, folder);
    const catalog = new Catalog(new WorkspaceFiles([{ folder, include: ['catalog-info.yaml'], exclude: [] }]));
    await catalog.load();
    const live = new CatalogSearchIndex();
    for (const record of catalog.entities()) if (catalog.entity(record.ref) === record) live.set(searchDocumentOf(record.entity));
    // Removed and added again, as edits do: the saved index has free ids and documents out of load order.
    const edited = catalog
      .entities()
      .slice(200, 260)
      .map((record) => searchDocumentOf(record.entity));
    live.removeMany(edited.map((doc) => doc.ref));
    for (const doc of edited.reverse()) live.set(doc);
    assert.ok(live.size > 1_000, `${live.size} entities`);
    const status: CatalogStatus = { loaded: true, entityCount: catalog.shownCount, fileCount: 1, errorCount: 0, warningCount: 0, ruleCount: 0, version: 1 };
    const store = new CatalogSnapshotStore(storage, 'generated', 'settings', inFolder);
    await store.write({ catalog: await catalog.snapshot(), search: live.snapshot(), preview: await previewOf(catalog, status) });
    const read = (await store.read())!;
    assert.equal(await read.searchable, true);
    const saved = new CatalogSearchIndex();
    assert.equal(saved.restore(read.search()!), true);
    const preview = CatalogPreview.of(read.preview!, () => Promise.resolve(saved), inFolder)!;
    const keystrokes = (query: string) => Array.from({ length: query.length }, (_, end) => query.slice(0, end + 1)).filter((typed) => typed.trim() !== '');
    let found = 0;
    for (const query of ['payment service', 'artist lookp', 'robin', 'kind:api billing', 'tag:java checkout', 'owner:', 'wayback archive', 'tier-1']) {
      for (const typed of keystrokes(query)) {
        const expected = live.search(typed, 50).map((result) => ({ entity: toSummary(catalog.entity(result.ref)!, catalog) }));
        found += expected.length;
        assert.deepEqual(wire(await preview.search(typed, 50)), wire(expected), typed);
      }
    }
    assert.ok(found > 2_000, `${found} hits`);
  });

  describe("with a Backstage instance's entities", () => {
    const INSTANCE = { baseUrl: 'https://backstage.example.com', appUrl: 'https://portal.example.com' };
    const entity = (kind: string, name: string, spec: Record<string, unknown>): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name, namespace: 'default', etag: `${name}-1`, description: `${name} from Backstage` },
      spec: spec as Entity['spec'],
      relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
    });

    /** The examples and two of Backstage's entities (the examples define team-a too), saved as the server saves them. */
    async function savedWithBackstage(change: (file: CatalogFile) => CatalogFile = (file) => file) {
      const catalog = new Catalog(source());
      await catalog.load();
      await catalog.setRemote(
        INSTANCE.baseUrl,
        remoteCatalogFile(INSTANCE, [entity('Component', 'billing', { type: 'service', lifecycle: 'production', owner: 'team-a' }), entity('Group', 'team-a', { type: 'team', children: [] })]),
      );
      const index = new CatalogSearchIndex();
      for (const record of catalog.entities()) if (catalog.entity(record.ref) === record) index.set(searchDocumentOf(record.entity));
      const status: CatalogStatus = { loaded: true, entityCount: catalog.shownCount, fileCount: catalog.catalogFiles().length, errorCount: 0, warningCount: 0, ruleCount: 0, version: 1 };
      const snapshot = await catalog.snapshot();
      await new CatalogSnapshotStore(storage, 'examples', 'settings', inExamples).write({
        catalog: { ...snapshot, files: snapshot.files.map((file) => (file.remote ? change(file) : file)) },
        search: index.snapshot(),
        preview: await previewOf(catalog, status),
      });
      return { catalog, index };
    }
    const readWith = async (instances: BackstageInstance[]) => (await new CatalogSnapshotStore(storage, 'examples', 'settings', inExamples, instances).read())!;

    it('answers as the decoded catalog, its page links included, for the instance configured as saved', async () => {
      const { catalog, index } = await savedWithBackstage();
      const read = await readWith([INSTANCE]);
      const preview = CatalogPreview.of(read.preview!, () => Promise.resolve(index), inExamples, [INSTANCE])!;
      assert.ok(preview);
      const restored = new Catalog(source());
      await restored.restore((await read.catalog())!);
      assert.deepEqual(
        restored.remoteFiles().map((file) => file.entities.map((record) => record.ref)),
        [['component:default/billing', 'group:default/team-a']],
      );
      for (const groupBy of ['kind', 'owner', 'system'] as GroupBy[]) assert.deepEqual(preview.groups(groupBy), entityGroups(catalog, groupBy));
      const hits = wire(await preview.search('billing', 50)) as { entity: { ref: string; backstageUrl?: string } }[];
      assert.deepEqual(hits, wire(index.search('billing', 50).map((result) => ({ entity: toSummary(restored.entity(result.ref)!, restored) }))));
      assert.equal(hits.find((hit) => hit.entity.ref === 'component:default/billing')?.entity.backstageUrl, 'https://portal.example.com/catalog/default/component/billing');
    });

    it('reads back whole a file and an instance of more entities than one slice of the saved JSON holds', async () => {
      const folder = path.join(storage, 'workspace');
      mkdirSync(folder);
      const generated = generateCatalog(2_300);
      writeFileSync(
        path.join(folder, 'catalog-info.yaml'),
        generated
          .slice(0, 1_200)
          .map((entity) => stringify(entity))
          .join('---\n'),
      );
      const inFolder = (file: string) => isInside(file, folder);
      const files = () => new WorkspaceFiles([{ folder, include: ['catalog-info.yaml'], exclude: [] }]);
      const catalog = new Catalog(files());
      await catalog.load();
      await catalog.setRemote(
        INSTANCE.baseUrl,
        remoteCatalogFile(
          INSTANCE,
          generated.slice(1_200).map((entity) => ({ ...entity, metadata: { namespace: 'default', ...entity.metadata } })),
        ),
      );
      const store = new CatalogSnapshotStore(storage, 'generated', 'settings', inFolder, [INSTANCE]);
      await store.write({ catalog: await catalog.snapshot() });
      // The catalog's part (after the head, preview and entries): its head names each slice's length; none holds a whole file.
      const bytes = readFileSync(
        path.join(
          storage,
          readdirSync(storage).find((name) => name.endsWith('.bin'))!,
        ),
      );
      const catalogAt = 32 + bytes.readUInt32LE(8) + bytes.readUInt32LE(12);
      const { slices } = JSON.parse(bytes.toString('utf8', catalogAt + 4, catalogAt + 4 + bytes.readUInt32LE(catalogAt))) as { slices: number[] };
      assert.ok(slices.length >= 5, `${slices.length} slices`);
      const restored = new Catalog(files());
      await restored.restore((await (await store.read())!.catalog())!);
      const entities = (of: Catalog) =>
        of.entities().map(({ ref, path: file, entity, range, remote }) => ({ ref, file, entity, range: [range.start.line, range.start.character, range.end.line, range.end.character], remote }));
      assert.equal(restored.entities().length, 2_300);
      assert.deepEqual(entities(restored), entities(catalog));
      assert.deepEqual(restored.remoteFiles()[0].fetchedAt, catalog.remoteFiles()[0].fetchedAt);
    });

    it('is not taken back for an instance no longer configured, or configured with another app, or with a page link changed', async () => {
      const { index } = await savedWithBackstage();
      for (const instances of [[], [{ ...INSTANCE, appUrl: 'https://elsewhere.example.com' }]]) {
        const read = await readWith(instances);
        assert.equal(
          CatalogPreview.of(read.preview!, () => Promise.resolve(index), inExamples, instances),
          undefined,
          JSON.stringify(instances),
        );
        assert.equal(await read.catalog(), undefined, JSON.stringify(instances));
      }
      const read = await readWith([INSTANCE]);
      const linked = {
        ...read.preview!,
        entry: async (key: string) => ({ ...((await read.preview!.entry(key)) as object), backstageUrl: 'https://phish.example.com/catalog/default/component/billing' }),
      };
      assert.equal(await CatalogPreview.of(linked, () => Promise.resolve(index), inExamples, [INSTANCE])!.search('billing', 50), undefined);
      await savedWithBackstage((file) => ({
        ...file,
        entities: file.entities.map((record) => ({ ...record, remote: { ...record.remote!, pageUrl: 'https://phish.example.com/catalog/default/component/billing' } })),
      }));
      assert.equal(await (await readWith([INSTANCE])).catalog(), undefined);
    });
  });

  it('does not answer from an entity that names a place outside the workspace or has a field of another type, or a grouping it does not hold', async () => {
    const { store, index } = await saved();
    const read = (await store.read())!;
    assert.equal(await read.searchable, true);
    const outside = { ...read.preview!, entry: async (key: string) => ({ ...((await read.preview!.entry(key)) as object), location: { uri: 'file:///etc/passwd' } }) };
    assert.equal(await CatalogPreview.of(outside, () => Promise.resolve(index), inExamples)!.search('artist', 50), undefined);
    assert.equal(await CatalogPreview.of(read.preview!, () => Promise.resolve(undefined), inExamples)!.search('artist', 50), undefined);
    const titled = { ...read.preview!, entry: async (key: string) => ({ ...((await read.preview!.entry(key)) as object), title: { toString: 'x' } }) };
    assert.equal(await CatalogPreview.of(titled, () => Promise.resolve(index), inExamples)!.search('artist', 50), undefined);
    assert.equal(CatalogPreview.of(read.preview!, () => Promise.resolve(index), inExamples)!.groups('__proto__' as GroupBy), undefined);
    assert.equal(
      CatalogPreview.of({ value: { status: {}, groups: {} }, entry: () => Promise.resolve(undefined) }, () => Promise.resolve(index), inExamples),
      undefined,
    );
  });
});
