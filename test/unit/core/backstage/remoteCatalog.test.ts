import * as assert from 'node:assert/strict';
import type { Entity } from '@backstage/catalog-model';
import { remoteCatalogFile, remotePath } from '../../../../src/core/backstage/remoteCatalog';
import { component, TempWorkspace } from '../../tempWorkspace';

const INSTANCE = { baseUrl: 'https://backstage.example.com', appUrl: 'https://portal.example.com' };

/** An entity as Backstage's catalog API returns it: with relations and the annotations Backstage adds. */
function remote(kind: string, name: string, spec: Entity['spec'], relations: [string, string][] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations: { 'backstage.io/managed-by-location': 'url:https://git.example.com/x' } },
    spec,
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

describe('workspace and Backstage entities in one catalog', () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  it('resolves a workspace ref to an entity only Backstage has, with Backstage\'s relations', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('checkout', { owner: 'payments-team' }) });
    const catalog = await workspace.catalog();
    const file = workspace.path('catalog-info.yaml');
    assert.equal(catalog.problems().get(file)?.[0]?.code, 'unresolved-ref', 'before Backstage is read, the owner is unknown');

    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [remote('Group', 'payments-team', { type: 'team', children: [] }, [['ownerOf', 'component:default/checkout']])]));
    assert.deepEqual(catalog.problems().get(file), [], 'the ref now resolves');
    const group = catalog.entity('group:default/payments-team');
    assert.equal(group?.remote?.pageUrl, 'https://portal.example.com/catalog/default/group/payments-team');
    assert.deepEqual(catalog.relationsOf('group:default/payments-team').map((r) => `${r.type} ${r.target}`), ['ownerOf component:default/checkout']);
    assert.equal(catalog.problems().has(remotePath(INSTANCE.baseUrl)), false, 'no problems are reported for a Backstage instance');
    assert.equal(catalog.catalogFiles().length, 1, 'a Backstage instance is not a catalog file');
  });

  it('shows a ref defined in both once, the workspace copy counting, and reports how they differ', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('checkout', { lifecycle: 'experimental' }) });
    const catalog = await workspace.catalog();
    const file = workspace.path('catalog-info.yaml');
    const team = remote('Group', 'team-a', { type: 'team', children: [] });
    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [team, remote('Component', 'checkout', { type: 'service', lifecycle: 'production', owner: 'team-a' })]));

    assert.equal(catalog.entity('component:default/checkout')?.path, file);
    assert.equal(catalog.shownEntities().filter((r) => r.ref === 'component:default/checkout').length, 1);
    assert.equal(catalog.shownCount, catalog.shownEntities().length, 'the count follows the list');
    assert.equal(catalog.remoteCopies('component:default/checkout').length, 1);
    const problems = catalog.problems().get(file) ?? [];
    assert.deepEqual(problems.map((p) => p.code), ['differs-from-backstage'], 'no duplicate error between the two origins');
    assert.match(problems[0].message, /spec\.lifecycle/);
    assert.doesNotMatch(problems[0].message, /managed-by-location/, 'annotations Backstage adds are not differences');

    // Once Backstage ingests the edit, the difference goes.
    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [team, remote('Component', 'checkout', { type: 'service', lifecycle: 'experimental', owner: 'team-a' })]));
    assert.deepEqual(catalog.problems().get(file), []);
  });

  it('drops a Backstage instance\'s entities when it is removed, and keeps the workspace\'s', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('checkout') });
    const catalog = await workspace.catalog();
    await catalog.setRemote(INSTANCE.baseUrl, remoteCatalogFile(INSTANCE, [remote('Component', 'billing', { type: 'service', lifecycle: 'production', owner: 'team-a' })]));
    assert.deepEqual(catalog.shownEntities().map((r) => r.ref).sort(), ['component:default/billing', 'component:default/checkout']);
    await catalog.setRemote(INSTANCE.baseUrl, undefined);
    assert.deepEqual(catalog.shownEntities().map((r) => r.ref), ['component:default/checkout']);
    assert.equal(catalog.shownCount, 1);
  });

  it('skips what is not an entity in a page from Backstage rather than fail', () => {
    const file = remoteCatalogFile(INSTANCE, [{ kind: 'Component' } as Entity, remote('API', 'orders', { type: 'openapi' })]);
    assert.deepEqual(file.entities.map((r) => r.ref), ['api:default/orders']);
  });
});
