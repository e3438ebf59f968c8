import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { isInside } from '../../../../src/core/catalog/pathInside';

describe('a path inside a folder', () => {
  const folder = path.resolve('/work/acme');
  it('is the folder itself or below it, a name starting with two dots included', () => {
    assert.equal(isInside(folder, folder), true);
    assert.equal(isInside(path.join(folder, 'docs', 'index.md'), folder), true);
    assert.equal(isInside(path.join(folder, '..notes.md'), folder), true);
  });
  it('is not a sibling sharing its name as a prefix, its parent, or a path climbing out', () => {
    assert.equal(isInside(path.resolve('/work/acme-old/x.yaml'), folder), false);
    assert.equal(isInside(path.resolve('/work'), folder), false);
    assert.equal(isInside(path.join(folder, '..', 'other', 'x.yaml'), folder), false);
  });
});
