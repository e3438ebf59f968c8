import * as assert from 'node:assert/strict';
import { isAlwaysExcluded } from '../../../src/sources/workspaceFiles';

// The folders whose files are never catalog files, asked of a path a file watcher reports.
describe('always-excluded folders', () => {
  it('excludes the folders themselves and everything in them', () => {
    for (const file of ['/w/node_modules', '/w/a/node_modules/x/catalog-info.yaml', '/w/.git/HEAD', '/w/svc/.greenroom-1a2b3c', '/w/svc/.greenroom-1a2b3c/new/catalog-info.yaml']) {
      assert.equal(isAlwaysExcluded(file), true, file);
    }
  });

  it('keeps what only looks like them', () => {
    for (const file of ['/w/catalog-info.yaml', '/w/.github/catalog-info.yaml', '/w/greenroom-templates/catalog-info.yaml', '/w/my_node_modules/catalog-info.yaml']) {
      assert.equal(isAlwaysExcluded(file), false, file);
    }
  });
});
