import * as assert from 'node:assert/strict';
import type { Entity } from '@backstage/catalog-model';
import Fuse from 'fuse.js';
import { generateCatalog } from '../../../../bench/generateCatalog';
import { RankedRecords } from '../../../../src/core/search/rankedRecords';
import { searchDocumentOf } from '../../../../src/core/search/searchDocument';
import { SEARCH_FUSE_OPTIONS } from '../../../../src/core/search/searchFields';

const unusual: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'istanbul-edge', title: 'İSTANBUL Edge Proxy', description: 'Straße und Grafana‑Dashboards für İzmir' },
    spec: { type: 'service', owner: 'team-ä' },
  },
  { apiVersion: 'backstage.io/v1alpha1', kind: 'User', metadata: { name: 'maria.garcia' }, spec: { profile: { displayName: 'MARÍA GARCÍA', email: 'maria@example.com' }, memberOf: ['team-ä'] } },
];

describe('ranked records', () => {
  it("ranks a keystroke's candidates exactly as fuse.js does over the same documents, matches and ties included", () => {
    const docs = [...generateCatalog(150, 3), ...unusual].map(searchDocumentOf);
    // With the matched ranges, which the search does not ask for: a value left out that fuse.js would have matched shows there too.
    const options = { ...SEARCH_FUSE_OPTIONS, includeMatches: true };
    const plain = new Fuse(docs, options);
    const ranked = new RankedRecords();
    const fuse = new Fuse(docs, options);
    // Every keystroke of a few queries (typos, capitals, letters that change when lower-cased), and patterns longer than fuse.js's 32-character rows.
    const typed = ['grafana dashboard', 'artst lookp', 'MARIA garcia', 'İstanbul', 'straße', 'zzqq'].flatMap((word) => [...word].map((_, at) => word.slice(0, at + 1)));
    const patterns = [...typed, 'payments api for the ledger of ev', 'payments api for the ledger of every shop worldwide'];
    for (const pattern of patterns) {
      fuse.setCollection(docs, ranked.use(docs, pattern));
      assert.deepEqual(fuse.search(pattern, { limit: 50 }), plain.search(pattern, { limit: 50 }), pattern);
    }
  });

  it('leaves out the values that cannot match, and keeps every value of a pattern too short to rule any out', () => {
    const docs = generateCatalog(50, 5).map(searchDocumentOf);
    const ranked = new RankedRecords();
    const values = (pattern: string) => ranked.use(docs, pattern).records.reduce((sum, record) => sum + Object.values(record.$ ?? {}).flat().length, 0);
    const all = Fuse.createIndex(SEARCH_FUSE_OPTIONS.keys!, docs).records.reduce((sum, record) => sum + Object.values(record.$ ?? {}).flat().length, 0);
    assert.equal(values('a'), all, 'one character with its one error allowed rules nothing out');
    assert.ok(values('grafana dashboard') < all / 4, `${values('grafana dashboard')} of ${all} values kept`);
  });
});
