import { strict as assert } from 'node:assert';
import { smallest } from '../../../../src/core/search/smallest';

describe('smallest', () => {
  it('gives the first items in order, as sorting them all would, ties and all', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const size of [0, 1, 5, 100, 2_000]) {
      const items = Array.from({ length: size }, (_, i) => ({ key: Math.floor(random() * 50), i }));
      const compare = (a: { key: number; i: number }, b: { key: number; i: number }) => a.key - b.key || a.i - b.i;
      for (const limit of [0, 1, 10, 316, 5_000]) assert.deepEqual(smallest(items, limit, compare), [...items].sort(compare).slice(0, limit), `${size} items, limit ${limit}`);
    }
  });
});
