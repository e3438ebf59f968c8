import * as assert from 'node:assert/strict';
import { TrigramIndex } from '../../../../src/core/search/trigramIndex';

describe('trigram candidates', () => {
  it('ranks by each item weight, however many distinct weights the items have', async () => {
    const index = new TrigramIndex({ threshold: 0.4, distance: 1000 });
    // More distinct weights than a byte can number: the index must tell them all apart.
    const count = 700;
    for (let id = 0; id < count; id++) index.add(id, ['alpha'], [(id + 1) / count]);
    assert.deepEqual(index.candidates('alpha', 5), [699, 698, 697, 696, 695]);
    assert.deepEqual(index.candidates('alp', 3), [699, 698, 697]);
    // And after a removal and the room given back, as before.
    index.remove(699, ['alpha']);
    await index.trim();
    assert.deepEqual(index.candidates('alpha', 3), [698, 697, 696]);
  });
});
