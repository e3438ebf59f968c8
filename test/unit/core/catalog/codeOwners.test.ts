import * as assert from 'node:assert/strict';
import { codeOwnersOf, ownerRefOf, parseCodeOwners } from '../../../../src/core/catalog/codeOwners';

describe('CODEOWNERS', () => {
  const rules = parseCodeOwners(
    [
      '# Default owners of everything',
      '*       @acme/platform',
      '*.js    @acme/frontend   # scripts',
      '/docs/  docs@example.com',
      'apps/payments/ @acme/payments @jane',
      'build/logs/ @acme/ops',
      '/README.md',
    ].join('\n'),
  );
  const owners = (file: string) => codeOwnersOf(rules, file)?.owners;

  it('lets the last matching line decide, as GitHub does', () => {
    assert.deepEqual(owners('src/index.ts'), ['@acme/platform']);
    assert.deepEqual(owners('src/deep/app.js'), ['@acme/frontend']);
    assert.deepEqual(owners('apps/payments/src/api.ts'), ['@acme/payments', '@jane']);
    assert.deepEqual(owners('apps/payments/web/app.js'), ['@acme/payments', '@jane']);
  });

  it('anchors a leading slash at the root and matches a folder pattern below the folder', () => {
    assert.deepEqual(owners('docs/guide/intro.md'), ['docs@example.com']);
    assert.deepEqual(owners('src/docs/intro.ts'), ['@acme/platform']);
    assert.deepEqual(owners('build/logs/today.txt'), ['@acme/ops']);
    assert.deepEqual(owners('sub/build/logs/today.txt'), ['@acme/platform'], 'a pattern with a slash inside is anchored');
  });

  it('takes a line without owners as "no owner" and says which line decided', () => {
    assert.deepEqual(codeOwnersOf(rules, 'README.md'), { ...codeOwnersOf(rules, 'README.md'), owners: [], line: 7, pattern: '/README.md' });
  });

  it('names the catalog refs of teams and users', () => {
    assert.equal(ownerRefOf('@acme/Payments'), 'group:default/payments');
    assert.equal(ownerRefOf('@jane'), 'user:default/jane');
    assert.equal(ownerRefOf('docs@example.com'), undefined);
  });
});
