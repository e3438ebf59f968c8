import * as assert from 'node:assert/strict';
import type { Entity } from '@backstage/catalog-model';
import Fuse from 'fuse.js';
import { generateCatalog } from '../../../../bench/generateCatalog';
import { CatalogSearchIndex, type SearchIndexSnapshot, type SearchResult } from '../../../../src/core/search/catalogSearch';
import { searchDocumentOf } from '../../../../src/core/search/searchDocument';
import { SEARCH_FUSE_OPTIONS } from '../../../../src/core/search/searchFields';
import { parseSearchQuery } from '../../../../src/core/search/searchQuery';
import { smallest } from '../../../../src/core/search/smallest';

const entity = (kind: string, name: string, metadata: Partial<Entity['metadata']> = {}, spec: NonNullable<Entity['spec']> = {}): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, ...metadata },
  spec,
});

const CATALOG: Entity[] = [
  entity(
    'Component',
    'artist-lookup',
    { description: 'Artist Lookup', tags: ['java', 'data'], annotations: { 'github.com/project-slug': 'backstage/artist-lookup' }, links: [{ url: 'https://example.com/d', title: 'Dashboard' }] },
    { type: 'service', owner: 'team-a', system: 'artist-engagement-portal' },
  ),
  entity('Component', 'artist-lookup-v2', { description: 'The next artist lookup', tags: ['go'] }, { type: 'service', owner: 'team-b' }),
  entity('Component', 'www-artist', { title: 'Artist Website', description: 'Artist main website', tags: ['react'] }, { type: 'website', owner: 'team-a', system: 'artist-engagement-portal' }),
  entity('Component', 'playback-order', { description: 'Playback Order', tags: ['java', 'playback'] }, { type: 'service', owner: 'user:guest', system: 'audio-playback' }),
  entity(
    'API',
    'petstore',
    { description: 'The petstore API', tags: ['rest'], links: [{ url: 'https://example.com/r', title: 'Runbook' }] },
    { type: 'openapi', owner: 'team-c', definition: 'openapi: 3.0.0' },
  ),
  entity('API', 'wayback-search', { description: 'Search the Wayback archive', tags: ['search'] }, { type: 'openapi', owner: 'team-b', definition: 'openapi: 3.0.0' }),
  entity('System', 'artist-engagement-portal', { description: 'Everything related to artists' }, { owner: 'team-a' }),
  entity('Group', 'team-a', { description: 'Team A' }, { type: 'team', profile: { email: 'team-a@example.com' }, parent: 'backstage', children: [] }),
  entity('Group', 'team-b', { description: 'Team B' }, { type: 'team', profile: { displayName: 'Team Bravo' }, parent: 'backstage', children: [] }),
  entity('User', 'janelle.dawe', {}, { profile: { displayName: 'Janelle Dawe', email: 'janelle-dawe@example.com' }, memberOf: ['team-a'] }),
  entity('User', 'nigel.manning', {}, { profile: { displayName: 'Nigel Manning', email: 'nigel-manning@example.com' }, memberOf: ['team-b'] }),
  entity('User', 'guest', {}, { profile: { displayName: 'Guest User', email: 'guest@example.com' }, memberOf: ['group:default/team-a'] }),
];

function indexOf(entities: readonly Entity[]): CatalogSearchIndex {
  const index = new CatalogSearchIndex();
  for (const e of entities) index.set(searchDocumentOf(e));
  return index;
}

const refs = (results: readonly SearchResult[]) => results.map((result) => result.ref);

describe('catalog search', () => {
  const index = indexOf(CATALOG);

  describe('documents', () => {
    it('flattens an entity into full refs and searchable text', () => {
      assert.deepEqual(searchDocumentOf(CATALOG[0]), {
        ref: 'component:default/artist-lookup',
        kind: 'Component',
        name: 'artist-lookup',
        title: undefined,
        description: 'Artist Lookup',
        tags: ['java', 'data'],
        type: 'service',
        owner: 'group:default/team-a',
        system: 'system:default/artist-engagement-portal',
        annotationValues: ['backstage/artist-lookup'],
        linkTitles: ['Dashboard'],
        email: undefined,
        memberOf: [],
      });
    });

    it("takes a person's display name as title and their groups as membership; a group's parent is its membership", () => {
      const user = searchDocumentOf(CATALOG[9]);
      assert.deepEqual([user.title, user.email, user.memberOf], ['Janelle Dawe', 'janelle-dawe@example.com', ['group:default/team-a']]);
      assert.deepEqual(searchDocumentOf(CATALOG[7]).memberOf, ['group:default/backstage']);
    });

    it('skips malformed fields instead of failing', () => {
      const doc = searchDocumentOf({ apiVersion: 'x', kind: 'Component', metadata: { name: 'odd', tags: [3, 'ok'] as never, links: [null] as never }, spec: { owner: 7 } });
      assert.deepEqual([doc.tags, doc.linkTitles, doc.owner], [['ok'], [], undefined]);
    });
  });

  describe('queries', () => {
    it('splits filters from terms, lower-cased, with comma-separated alternatives', () => {
      assert.deepEqual(parseSearchQuery('  Kind:API,component  artist   owner:Team-A lookup tag:java '), {
        terms: 'artist lookup',
        filters: { kind: ['api', 'component'], owner: ['team-a'], tag: ['java'] },
      });
    });

    it('ignores a prefix still without a value, and keeps other words with colons as terms', () => {
      assert.deepEqual(parseSearchQuery('kind: url:https://x'), { terms: 'url:https://x', filters: {} });
    });
  });

  describe('ranking', () => {
    it('puts the entity whose name is the query first', () => {
      assert.deepEqual(refs(index.search('artist-lookup')).slice(0, 2), ['component:default/artist-lookup', 'component:default/artist-lookup-v2']);
      assert.equal(refs(index.search('petstore'))[0], 'api:default/petstore');
    });

    it('tolerates typos', () => {
      assert.equal(refs(index.search('artst lookup'))[0], 'component:default/artist-lookup');
      assert.equal(refs(index.search('waybak serch'))[0], 'api:default/wayback-search');
      assert.equal(refs(index.search('janele daw'))[0], 'user:default/janelle.dawe');
    });

    it('finds entities by tag, owner, annotation value and link title', () => {
      assert.ok(refs(index.search('backstage/artist-lookup')).includes('component:default/artist-lookup'));
      assert.equal(refs(index.search('runbook'))[0], 'api:default/petstore');
      assert.ok(refs(index.search('playback')).includes('component:default/playback-order'));
    });

    it('finds people by display name, email and team', () => {
      assert.equal(refs(index.search('Nigel Manning'))[0], 'user:default/nigel.manning');
      assert.equal(refs(index.search('janelle-dawe@example.com'))[0], 'user:default/janelle.dawe');
      // team-b is one typo away from team-a: its member comes, but after team-a's.
      const teamA = refs(index.search('kind:user team-a'));
      assert.deepEqual(teamA.slice(0, 2).sort(), ['user:default/guest', 'user:default/janelle.dawe']);
      assert.deepEqual(teamA.slice(2), ['user:default/nigel.manning']);
    });

    it('gives what plain fuse.js gives each document: its score, and its order', () => {
      const docs = generateCatalog(2000, 7).map(searchDocumentOf);
      const ours = new CatalogSearchIndex();
      for (const doc of docs) ours.set(doc);
      const fuse = new Fuse(docs, SEARCH_FUSE_OPTIONS);
      for (const query of ['artist lookup', 'paymnet', 'team-a', 'kafka']) {
        const plain = new Map(fuse.search(query).map((result, rank) => [result.item.ref, { score: result.score, rank }]));
        const results = ours.search(query, 20);
        assert.ok(results.length > 0, query);
        for (const result of results) assert.equal(result.score, plain.get(result.ref)?.score, `${query}: ${result.ref}`);
        const ranks = results.map((result) => plain.get(result.ref)!.rank);
        assert.deepEqual(
          ranks,
          [...ranks].sort((a, b) => a - b),
          query,
        );
      }
    });
  });

  describe('filters', () => {
    it('narrows by kind, owner, tag, type and system', () => {
      assert.deepEqual(refs(index.search('kind:api')), ['api:default/petstore', 'api:default/wayback-search']);
      assert.deepEqual(refs(index.search('owner:team-a')), ['system:default/artist-engagement-portal', 'component:default/artist-lookup', 'component:default/www-artist']);
      assert.deepEqual(refs(index.search('owner:group:default/team-a')), refs(index.search('owner:team-a')));
      assert.deepEqual(refs(index.search('owner:user:guest')), ['component:default/playback-order']);
      assert.deepEqual(refs(index.search('tag:java')), ['component:default/artist-lookup', 'component:default/playback-order']);
      assert.deepEqual(refs(index.search('type:website')), ['component:default/www-artist']);
      assert.deepEqual(refs(index.search('system:artist-engagement-portal')), ['component:default/artist-lookup', 'component:default/www-artist']);
    });

    it('combines filters with each other (all must hold) and with terms', () => {
      assert.deepEqual(refs(index.search('tag:java owner:team-a')), ['component:default/artist-lookup']);
      assert.deepEqual(refs(index.search('kind:component,api type:openapi,website')), ['api:default/petstore', 'api:default/wayback-search', 'component:default/www-artist']);
      assert.deepEqual(refs(index.search('kind:component artist')).sort(), ['component:default/artist-lookup', 'component:default/artist-lookup-v2', 'component:default/www-artist']);
      assert.deepEqual(index.search('kind:domain artist'), []);
    });

    it('follows a document replaced or removed', () => {
      const small = indexOf(CATALOG);
      const moved = searchDocumentOf(entity('Component', 'www-artist', { tags: ['vue'] }, { type: 'website', owner: 'team-b' }));
      small.set(moved);
      assert.deepEqual(refs(small.search('owner:team-a kind:component')), ['component:default/artist-lookup']);
      assert.deepEqual(refs(small.search('tag:vue owner:team-b')), ['component:default/www-artist']);
      assert.deepEqual(refs(small.search('tag:react')), []);
      small.remove('component:default/artist-lookup-v2');
      assert.deepEqual(refs(small.search('owner:team-b kind:component')), ['component:default/www-artist']);
    });

    it('filters many entities through the trigram index as well', () => {
      const docs = generateCatalog(3000, 3).map(searchDocumentOf);
      const big = new CatalogSearchIndex(50);
      for (const doc of docs) big.set(doc);
      const results = big.search('kind:component payment', 10);
      assert.equal(results.length, 10);
      assert.ok(results.every((result) => result.document.kind === 'Component' && result.score < 1));
    });
  });

  describe('empty queries', () => {
    it('finds nothing without terms or filters', () => {
      assert.deepEqual(index.search(''), []);
      assert.deepEqual(index.search('   '), []);
      assert.deepEqual(index.search('kind:'), []);
    });

    it('lists every entity that passes the filters by name, up to the limit', () => {
      const users = index.search('kind:user');
      assert.deepEqual(refs(users), ['user:default/guest', 'user:default/janelle.dawe', 'user:default/nigel.manning']);
      assert.equal(users[0].score, 0);
      assert.deepEqual(refs(index.search('kind:user', 1)), ['user:default/guest']);
    });
  });

  describe('array fields', () => {
    it('finds an entity by one item of a list, despite a typo', () => {
      assert.ok(index.search('dashbord')[0].document.linkTitles.includes('Dashboard'));
    });
  });

  describe('paging', () => {
    it('takes the first items in order without sorting them all', () => {
      const numbers = [5, 3, 9, 1, 7, 3, 8];
      assert.deepEqual(
        smallest(numbers, 3, (a, b) => a - b),
        [1, 3, 3],
      );
      assert.deepEqual(
        smallest(numbers, 10, (a, b) => b - a),
        [9, 8, 7, 5, 3, 3, 1],
      );
      assert.deepEqual(
        smallest(numbers, 0, (a, b) => a - b),
        [],
      );
    });
  });

  describe('incremental updates', () => {
    it('adds, updates and removes one entity at a time', () => {
      const live = indexOf(CATALOG);
      assert.equal(live.size, CATALOG.length);
      live.set(searchDocumentOf(entity('Component', 'queue-proxy', { description: 'Proxies the queue' }, { owner: 'team-b' })));
      assert.equal(live.size, CATALOG.length + 1);
      assert.equal(refs(live.search('queue proxy'))[0], 'component:default/queue-proxy');

      live.set(searchDocumentOf(entity('Component', 'queue-proxy', { description: 'Forwards tickets' }, { owner: 'team-c' })));
      assert.equal(live.size, CATALOG.length + 1);
      assert.ok(!refs(live.search('proxies')).includes('component:default/queue-proxy'));
      assert.equal(refs(live.search('forwards tickets'))[0], 'component:default/queue-proxy');
      assert.deepEqual(refs(live.search('owner:team-c')), ['api:default/petstore', 'component:default/queue-proxy']);

      assert.equal(live.remove('Component:default/Queue-Proxy'), true);
      assert.equal(live.remove('component:default/queue-proxy'), false);
      assert.equal(live.size, CATALOG.length);
      assert.ok(!refs(live.search('queue proxy')).includes('component:default/queue-proxy'));
      assert.deepEqual(refs(live.search('owner:team-c')), ['api:default/petstore']);
    });

    it('keeps only the latest text of an entity, however often it changes', () => {
      const live = indexOf(CATALOG);
      const words = ['kumquat', 'zeppelin', 'quasar', 'marimba'];
      for (const word of words) live.set(searchDocumentOf(entity('Component', 'churn', { description: `All about ${word}` })));
      assert.equal(live.size, CATALOG.length + 1);
      for (const word of words.slice(0, -1)) assert.ok(!refs(live.search(word)).includes('component:default/churn'), word);
      assert.equal(live.search('marimba')[0].ref, 'component:default/churn');
    });

    it('reuses the ids of removed entities without mixing up their text', () => {
      const live = indexOf(CATALOG);
      live.remove('component:default/www-artist');
      live.remove('api:default/petstore');
      live.set(searchDocumentOf(entity('Resource', 'artists-db', { description: 'Stores artist details' }, { type: 'database', owner: 'team-a' })));
      assert.equal(refs(live.search('artists-db'))[0], 'resource:default/artists-db');
      assert.ok(!refs(live.search('petstore')).includes('api:default/petstore'));
      assert.ok(!refs(live.search('artist website')).includes('component:default/www-artist'));
      assert.equal(refs(live.search('artist lookup'))[0], 'component:default/artist-lookup');
    });

    it('removes many entities at once as it removes them one by one', () => {
      const entities = generateCatalog(600);
      const gone = entities.filter((_, i) => i % 3 !== 0).map((e) => searchDocumentOf(e).ref);
      const bulk = indexOf(entities);
      const single = indexOf(entities);
      assert.equal(bulk.removeMany(gone), gone.length);
      for (const ref of gone) single.remove(ref);
      for (const query of ['artist', 'payment api', 'team', 'lookp']) assert.deepEqual(refs(bulk.search(query)), refs(single.search(query)), query);
      // The freed ids take new entities without mixing up their text.
      const again = entities.filter((_, i) => i % 3 !== 0).slice(0, 50);
      for (const e of again) bulk.set(searchDocumentOf(e));
      assert.equal(refs(bulk.search(String(again[7].metadata.name)))[0], searchDocumentOf(again[7]).ref);
    });
  });

  describe('memory given back after a bulk load', () => {
    it('answers every query as before once settled, and goes on taking updates', async () => {
      const catalog = generateCatalog(3_000);
      const settled = new CatalogSearchIndex();
      const unsettled = new CatalogSearchIndex();
      for (const e of catalog) for (const index of [settled, unsettled]) index.set(searchDocumentOf(e));
      // Settled in slices, with searches and updates between them: lists copied already and lists still to copy change.
      let paused = 0;
      await settled.settle(() => {
        if (paused++ > 0) return Promise.resolve();
        assert.deepEqual(refs(settled.search('artst lookp')), refs(unsettled.search('artst lookp')));
        for (const index of [settled, unsettled]) {
          index.set(searchDocumentOf(entity('Component', 'zulu-artist-lookup', { description: 'Looks up artists and payments, zealously' })));
          index.remove(searchDocumentOf(catalog[11]).ref);
        }
        return Promise.resolve();
      });
      assert.ok(paused > 1, 'the lists are given back in slices');
      for (const query of ['artst lookp', 'kind:api payments', 'team', 'owner:team-search', 'a', 'in', 'zulu', 'zealous'])
        assert.deepEqual(refs(settled.search(query)), refs(unsettled.search(query)), query);
      const added = searchDocumentOf(entity('Component', 'zebra-payments', { description: 'Takes payments' }));
      for (const index of [settled, unsettled]) {
        index.set(added);
        index.remove(searchDocumentOf(catalog[7]).ref);
      }
      assert.equal(refs(settled.search('zebra'))[0], added.ref);
      for (const query of ['zebra', 'payments', searchDocumentOf(catalog[7]).name]) assert.deepEqual(refs(settled.search(query)), refs(unsettled.search(query)), query);
    });
  });

  describe('a saved index, for a warm start', () => {
    const queries = ['artst lookp', 'kind:api payments', 'team', 'grafana dashboard', 'a', 'in'];
    const built = () => {
      const index = new CatalogSearchIndex();
      for (const e of generateCatalog(2_000)) index.set(searchDocumentOf(e));
      // Removed documents leave free ids behind, as edits do.
      index.removeMany(
        generateCatalog(2_000)
          .slice(100, 150)
          .map((e) => searchDocumentOf(e).ref),
      );
      return index;
    };
    /** A copy of a snapshot's data (its documents still read through it), as a saved file gives it back. */
    const copied = (snapshot: SearchIndexSnapshot): SearchIndexSnapshot => ({
      ...structuredClone({ refs: snapshot.refs, freeIds: snapshot.freeIds, trigrams: snapshot.trigrams }),
      document: snapshot.document,
    });

    it('answers every query as the index it was taken from, and goes on taking updates', () => {
      const original = built();
      const restored = new CatalogSearchIndex();
      assert.equal(restored.restore(copied(original.snapshot())), true);
      assert.equal(restored.size, original.size);
      for (const query of queries) assert.deepEqual(refs(restored.search(query)), refs(original.search(query)), query);
      const added = searchDocumentOf(entity('Component', 'zebra-payments', { description: 'Takes payments' }));
      original.set(added);
      restored.set(added);
      assert.deepEqual(refs(restored.search('zebra')), refs(original.search('zebra')));
      assert.equal(refs(restored.search('zebra'))[0], added.ref);
    });

    it('filters by the documents it holds when changed before its first filtered search', () => {
      const original = built();
      const restored = new CatalogSearchIndex();
      assert.equal(restored.restore(copied(original.snapshot())), true);
      const added = searchDocumentOf(entity('Component', 'zebra-payments', { description: 'Takes payments' }, { type: 'zebra-type' }));
      const gone = original.search('kind:component', 1)[0].ref;
      for (const index of [original, restored]) {
        index.set(added);
        index.remove(gone);
      }
      for (const query of ['type:zebra-type', 'kind:component', 'kind:component payments', 'type:zebra-type payments'])
        assert.deepEqual(refs(restored.search(query)), refs(original.search(query)), query);
      assert.deepEqual(refs(restored.search('type:zebra-type')), [added.ref]);
      assert.equal(refs(restored.search('kind:component', 5_000)).includes(gone), false);
    });

    it('decodes only the saved documents a search ranks, and saves again what it was given, decoded or not', () => {
      const original = built();
      const saved = original.snapshot();
      const decoded = new Set<number>();
      const restored = new CatalogSearchIndex();
      assert.equal(restored.restore({ ...copied(saved), document: (id) => (decoded.add(id), saved.document(id)) }), true);
      assert.deepEqual(refs(restored.search('artst lookp')), refs(original.search('artst lookp')));
      assert.ok(decoded.size > 0 && decoded.size <= 100, `${decoded.size} documents decoded`);
      const again = new CatalogSearchIndex();
      assert.equal(again.restore(copied(restored.snapshot())), true);
      for (const query of queries) assert.deepEqual(refs(again.search(query)), refs(original.search(query)), query);
    });

    it('decodes the saved documents left in the background, up to one that does not check out', async () => {
      const saved = built().snapshot();
      const count = saved.refs.filter((ref) => ref !== null).length;
      const whole = new CatalogSearchIndex();
      assert.equal(whole.restore(copied(saved)), true);
      assert.equal(whole.undecoded, count);
      await whole.decodeSaved(() => Promise.resolve());
      assert.deepEqual([whole.undecoded, whole.damaged], [0, false]);
      const bad = saved.refs.findIndex((ref) => ref !== null) + 10;
      const damaged = new CatalogSearchIndex();
      assert.equal(damaged.restore({ ...copied(saved), document: (id) => (id === bad ? undefined : saved.document(id)) }), true);
      await damaged.decodeSaved(() => Promise.resolve());
      assert.equal(damaged.damaged, true);
      assert.ok(damaged.undecoded > 0, 'stopped at the damaged one');
      // A damaged saved document that is removed, or replaced, does not damage the index it leaves.
      const replaced = new CatalogSearchIndex();
      assert.equal(replaced.restore({ ...copied(saved), document: (id) => (id === bad ? undefined : saved.document(id)) }), true);
      replaced.set(saved.document(bad)!);
      replaced.remove(saved.refs[bad + 1]!);
      assert.equal(replaced.damaged, false);
      assert.equal(replaced.search(saved.document(bad)!.name)[0]?.ref, saved.refs[bad]);
    });

    it('leaves out a saved document that does not check out when first ranked, and tells that it is damaged', () => {
      const original = built();
      const saved = original.snapshot();
      const best = original.search('artst lookp')[0].ref;
      const restored = new CatalogSearchIndex();
      assert.equal(restored.restore({ ...copied(saved), document: (id) => (saved.refs[id] === best ? undefined : saved.document(id)) }), true);
      assert.equal(restored.damaged, false);
      const found = refs(restored.search('artst lookp'));
      assert.equal(found.includes(best), false);
      assert.deepEqual(
        found,
        refs(original.search('artst lookp'))
          .filter((ref) => ref !== best)
          .slice(0, found.length),
      );
      assert.equal(restored.damaged, true);
    });

    it('refuses postings out of order or of a document it does not hold, free ids past its documents and weightless items, and stays empty', () => {
      const saved = copied(built().snapshot());
      const unsorted = copied(saved);
      const first = unsorted.trigrams.sizes.findIndex((size) => size > 1);
      const start = unsorted.trigrams.sizes.slice(0, first).reduce((sum, size) => sum + size, 0);
      [unsorted.trigrams.postings[start], unsorted.trigrams.postings[start + 1]] = [unsorted.trigrams.postings[start + 1], unsorted.trigrams.postings[start]];
      const orphan = copied(saved);
      orphan.refs[orphan.refs.findIndex((ref) => ref !== null)] = null;
      // A free id far past the saved ones: the next document would get it and grow every array to its size.
      const farFree = copied(saved);
      farFree.freeIds.push(1_000_000);
      // A filed item that weighs nothing: its document would be picked twice.
      const weightless = copied(saved);
      weightless.trigrams.weights[0] = 0;
      const notANumber = copied(saved);
      notANumber.trigrams.weights[1] = NaN;
      for (const spoilt of [unsorted, orphan, farFree, weightless, notANumber]) {
        const index = new CatalogSearchIndex();
        assert.equal(index.restore(spoilt), false);
        assert.equal(index.size, 0);
        assert.deepEqual(index.search('artist'), []);
      }
    });
  });
});
