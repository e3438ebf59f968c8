import * as assert from 'node:assert/strict';
import { docsTarget } from '../../../../src/extension/docs/docsLinks';

describe("where a docs page's links lead", () => {
  it('resolves relative links and anchors against the page, and a folder link to the folder', () => {
    assert.deepEqual(docsTarget('guides/deploy.md', '../reference/api.md#errors'), ['reference/api.md', 'errors']);
    assert.deepEqual(docsTarget('guides/deploy.md', 'advanced/tuning.md'), ['guides/advanced/tuning.md', undefined]);
    assert.deepEqual(docsTarget('index.md', 'guides/'), ['guides/', undefined]);
    assert.deepEqual(docsTarget('index.md', 'my%20page.md'), ['my page.md', undefined]);
    assert.deepEqual(docsTarget('guides/deploy.md', '#rolling-back'), ['guides/deploy.md', 'rolling-back']);
  });

  it('never leads out of the docs folder, however the way out is written', () => {
    for (const href of ['../../etc/passwd', '..%2f..%2f..%2fetc/passwd', '%2e%2e/%2e%2e/secret.md', '/etc/passwd', '%2fetc%2fpasswd', '..\\..\\secret.md', 'a/../../../b.md']) {
      assert.equal(docsTarget('guides/deploy.md', href)[0], undefined, href);
    }
  });
});
