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

  it('refuses a saved index with more distinct weights than it can tell apart, and stays empty', () => {
    const saved = new TrigramIndex({ threshold: 0.4, distance: 1000 });
    const texts = (id: number) => [`service-${id}`];
    for (let id = 0; id < 2_100; id++) saved.add(id, texts(id), [1]);
    const snapshot = saved.snapshot();
    // A damaged file: every item slot a weight of its own, past the 65,536 that two bytes number.
    snapshot.weights = Float32Array.from(snapshot.weights, (_, item) => item + 1);
    const restored = new TrigramIndex({ threshold: 0.4, distance: 1000 });
    assert.equal(restored.restore(snapshot), false);
    assert.deepEqual(restored.candidates('service-7', 3), []);
  });
});
