import * as assert from 'node:assert/strict';
import { Catalog, type LoadProgress } from '../../../../src/core/catalog/catalog';
import { WorkspaceFiles } from '../../../../src/sources/workspaceFiles';
import { EXAMPLES } from '../../fixturePaths';

/** Everything a person sees of a catalog: entities in order, what counts for each ref, relations and problems. */
function seen(catalog: Catalog): unknown {
  return {
    entities: catalog.entities().map((record) => `${record.ref} ${record.path}:${record.documentIndex}${record.notIngested ? ' not ingested' : ''}`),
    winners: catalog.entities().map((record) => catalog.entity(record.ref) === record),
    // As sets: what lists them (the tree, the entity page) sorts them.
    relations: catalog.entities().map((record) => catalog.relationsOf(record.ref).map((relation) => `${relation.type} ${relation.target}`).sort()),
    problems: [...catalog.problems()].map(([file, problems]) => [file, problems.map((problem) => `${problem.range.start.line} ${problem.code} ${problem.message}`)]).sort(),
  };
}

describe('a load shown as it goes', () => {
  // The Backstage examples: Locations several levels deep, so the final order (nearer files first) differs from the order read.
  const source = () => new WorkspaceFiles([{ folder: EXAMPLES, include: ['all.yaml', 'acme-corp.yaml'], exclude: [] }]);

  it('ends in the same catalog as a load shown only at the end, after showing rising counts', async () => {
    const whole = new Catalog(source());
    await whole.load();
    const shown = new Catalog(source());
    const progress: LoadProgress[] = [];
    let arrived = 0;
    await shown.load({
      onProgress: (step, records) => {
        progress.push(step);
        arrived += records.length;
        // What is shown meanwhile is what has been read: every entity listed counts for its ref or is a later duplicate.
        assert.equal(shown.entities().length, arrived);
      },
    });
    assert.ok(progress.length > 5, `${progress.length} steps`);
    for (const [index, step] of progress.entries()) if (index > 0) assert.ok(step.filesRead > progress[index - 1].filesRead && step.entities >= progress[index - 1].entities);
    assert.ok(progress.at(-1)!.filesFound >= progress.at(-1)!.filesRead);
    assert.deepEqual(seen(shown), seen(whole));
  });

  it('fails the load when showing its progress fails, and shows nothing of it later', async () => {
    const uncaught: unknown[] = [];
    const note = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', note);
    try {
      const catalog = new Catalog(source());
      await assert.rejects(
        catalog.load({
          onProgress: () => {
            throw new Error('the tree is gone');
          },
        }),
        /the tree is gone/,
      );
      // The next load of the same catalog sees nothing of the failed one's progress, then or later.
      const steps: number[] = [];
      await catalog.load({ onProgress: (step) => steps.push(step.filesRead) });
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(uncaught, []);
      assert.ok(steps.length > 0 && steps.every((read, index) => index === 0 || read > steps[index - 1]), String(steps));
      assert.deepEqual(seen(catalog), seen(await loaded()));
    } finally {
      process.off('uncaughtException', note);
    }
  });

  async function loaded(): Promise<Catalog> {
    const catalog = new Catalog(source());
    await catalog.load();
    return catalog;
  }
});
