import * as assert from 'node:assert/strict';
import { entityLinkTarget } from '../../../../src/extension/entityPage/entityLinks';

describe('links into the editor', () => {
  it("opens an entity's page from /entity/<kind>/<namespace>/<name>", () => {
    assert.deepEqual(entityLinkTarget('/entity/Component/default/payments-service', ''), { action: 'page', ref: 'component:default/payments-service' });
    assert.deepEqual(entityLinkTarget('/entity/group/acme/team%2Db', ''), { action: 'page', ref: 'group:acme/team-b' });
  });

  it('opens a file of the entity\'s repository from /open?entity=<ref>&path=<file>', () => {
    assert.deepEqual(entityLinkTarget('/open', 'entity=component:default/payments&path=src/api/charge.ts'), { action: 'open', ref: 'component:default/payments', path: 'src/api/charge.ts' });
    assert.deepEqual(entityLinkTarget('/open', 'entity=component:payments&path=/README.md'), { action: 'open', ref: 'component:default/payments', path: 'README.md' });
    // VS Code decodes the query once before the handler sees it: a + or % in the path is the file's own.
    assert.deepEqual(entityLinkTarget('/open', decodeURIComponent('entity=component%3Apayments&path=src%2Fc%2B%2B%2F100%25.cpp')), { action: 'open', ref: 'component:default/payments', path: 'src/c++/100%.cpp' });
  });

  it("opens a template's wizard with values from /create?template=<ref>&values=<JSON>", () => {
    const values = { name: 'payments', owner: 'group:default/team-a', tags: ['node'] };
    assert.deepEqual(entityLinkTarget('/create', `template=template:default/node-service&values=${JSON.stringify(values)}`), {
      action: 'create',
      ref: 'template:default/node-service',
      values,
    });
    assert.deepEqual(entityLinkTarget('/create', 'template=template:node-service'), { action: 'create', ref: 'template:default/node-service', values: {} });
    // As VS Code hands it over, decoded once: values in base64url keep a & or = they hold.
    const withAmpersand = { repoUrl: 'github.com?owner=acme&repo=payments' };
    const query = `template=template%3Adefault%2Fnode-service&values=${Buffer.from(JSON.stringify(withAmpersand)).toString('base64url')}`;
    assert.deepEqual(entityLinkTarget('/create', decodeURIComponent(query)), { action: 'create', ref: 'template:default/node-service', values: withAmpersand });
  });

  it('refuses links that leave the repository or name no entity', () => {
    for (const [path, query] of [
      ['/open', 'entity=component:default/payments&path=../../etc/passwd'],
      ['/open', 'entity=component:default/payments&path=src/../../x'],
      ['/open', 'entity=component:default/payments'],
      ['/open', 'entity=<script>&path=a.ts'],
      ['/entity/component/default', ''],
      ['/entity/component/default/a/b', ''],
      ['/entity/component/default/%E0%A4%A', ''],
      ['/entity/component/default/..', ''],
      ['/run', 'command=workbench.action.terminal.new'],
      ['/create', 'template=component:default/payments&values={}'],
      ['/create', 'template=template:default/x&values=[1,2]'],
      ['/create', 'template=template:default/x&values="text"'],
      ['/create', 'template=template:default/x&values={broken'],
      ['/create', `template=template:default/x&values=${encodeURIComponent(JSON.stringify({ big: 'x'.repeat(20_000) }))}`],
      ['/create/more', 'template=template:default/x'],
    ]) {
      assert.equal(entityLinkTarget(path, query), undefined, `${path}?${query}`);
    }
  });
});
