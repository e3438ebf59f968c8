import * as assert from 'node:assert/strict';
import { repositoryOfRemote, sourceFolderOf } from '../../../../src/core/catalog/sourceLocations';

describe("an entity's source location", () => {
  it('reads the repository and folder of GitHub and GitLab tree and blob URLs', () => {
    assert.deepEqual(sourceFolderOf('url:https://github.com/Acme/Shop/tree/main/services/billing/'), { repository: 'github.com/acme/shop', folder: 'services/billing' });
    assert.deepEqual(sourceFolderOf('url:https://gitlab.example.com/acme/shop/-/blob/main/services/billing/catalog-info.yaml'), { repository: 'gitlab.example.com/acme/shop', folder: 'services/billing' });
    assert.deepEqual(sourceFolderOf('url:https://github.com/acme/shop'), { repository: 'github.com/acme/shop', folder: '' });
  });

  it('names no folder for locations that are not repository URLs', () => {
    for (const written of ['file:/tmp/catalog-info.yaml', 'url:https://github.com/acme', 'url:https://github.com/acme/shop/pulls/3', 'url:not a url']) {
      assert.equal(sourceFolderOf(written), undefined, written);
    }
  });

  it('reads the repository of a git remote in its usual spellings', () => {
    for (const remote of ['git@github.com:Acme/shop.git', 'https://github.com/acme/shop.git', 'ssh://git@github.com/acme/shop', 'https://github.com/acme/shop/']) {
      assert.equal(repositoryOfRemote(remote), 'github.com/acme/shop', remote);
    }
  });
});
