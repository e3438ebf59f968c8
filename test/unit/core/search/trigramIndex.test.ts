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

  it('picks after removals, changes and a trim, and after a save and restore, what an index built afresh picks', async () => {
    const options = { threshold: 0.4, distance: 1000 };
    const texts = (id: number, round: number) => [
      `service-${id}`,
      `team-${id % 7}`,
      round > 0 && id % 3 === 0 ? `payments gateway ${id}` : `artist lookup ${id}`,
      ...Array.from({ length: id % 40 }, (_, i) => `tag-${i}`),
    ];
    const weights = (list: string[]) => list.map((_, i) => 1 / (i + 1));
    const index = new TrigramIndex(options);
    const final = new Map<number, string[]>();
    for (let id = 0; id < 300; id++) index.add(id, texts(id, 0), weights(texts(id, 0)));
    for (let id = 0; id < 300; id++) final.set(id, texts(id, 0));
    // Some go one by one, some at once; some come back changed, on the ids they had.
    for (let id = 0; id < 300; id += 11) {
      index.remove(id, final.get(id)!);
      final.delete(id);
    }
    const many = [...final.keys()].filter((id) => id % 13 === 0);
    index.removeMany(many);
    for (const id of many) final.delete(id);
    for (let id = 0; id < 300; id += 3) {
      if (final.has(id)) index.remove(id, final.get(id)!);
      index.add(id, texts(id, 1), weights(texts(id, 1)));
      final.set(id, texts(id, 1));
    }
    const fresh = new TrigramIndex(options);
    for (const id of [...final.keys()].sort((a, b) => a - b)) fresh.add(id, final.get(id)!, weights(final.get(id)!));
    const queries = ['s', 'se', 'service-12', 'team-3', 'payments', 'paymnts gatway', 'artist lookup 7', 'tag-39', 'tag-3'];
    const picks = (from: TrigramIndex) => queries.map((query) => from.candidates(query, 20));
    const expected = picks(fresh);
    assert.deepEqual(picks(index), expected);
    await index.trim();
    assert.deepEqual(picks(index), expected);
    const restored = new TrigramIndex(options);
    assert.equal(restored.restore(index.snapshot()), true);
    assert.deepEqual(picks(restored), expected);
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
