import * as assert from 'node:assert/strict';
import { FacetTable, maskedIds } from '../../../../src/core/search/facetTable';
import type { SearchDocument } from '../../../../src/core/search/searchDocument';

describe('search filters', () => {
  it('tells apart more owners than two bytes number, those coded before and after', () => {
    const table = new FacetTable();
    const doc = (id: number): SearchDocument => ({
      ref: `component:default/c-${id}`,
      kind: 'Component',
      name: `c-${id}`,
      tags: [],
      owner: `group:default/team-${id}`,
      annotationValues: [],
      linkTitles: [],
      memberOf: [],
    });
    const count = 70_000;
    for (let id = 0; id < count; id++) table.set(id, doc(id));
    const passing = (filters: Parameters<FacetTable['passing']>[0]) => {
      const { mask, count } = table.passing(filters);
      return maskedIds(mask, count);
    };
    for (const id of [3, 65_534, 65_535, 65_536, count - 1]) assert.deepEqual(passing({ owner: [`team-${id}`] }), [id]);
    assert.equal(passing({ kind: ['component'] }).length, count);
  });
});
