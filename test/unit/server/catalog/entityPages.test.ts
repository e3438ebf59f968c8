import * as assert from 'node:assert/strict';
import type { Entity } from '@backstage/catalog-model';
import { remoteCatalogFile } from '../../../../src/core/backstage/remoteCatalog';
import { entityGraph } from '../../../../src/server/catalog/entityGraphs';
import { entityPage } from '../../../../src/server/catalog/entityPages';
import { component, TempWorkspace } from '../../tempWorkspace';

const INSTANCE = { baseUrl: 'https://backstage.example.com', appUrl: 'https://portal.example.com' };

/** An entity as Backstage's catalog API returns it: with its relations. */
function remote(kind: string, name: string, spec: Entity['spec'], relations: [string, string][] = [], description?: string): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind, metadata: { name, namespace: 'default', description }, spec, relations: relations.map(([type, targetRef]) => ({ type, targetRef })) };
}

describe('the entity page of an entity only Backstage has', () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  it("is put together from Backstage's relations, with its page there and its read-only YAML", async () => {
    workspace = new TempWorkspace({ 'web/catalog-info.yaml': component('web', { owner: 'payments-team', consumesApis: ['payments-api'] }) });
    const catalog = await workspace.catalog();
    await catalog.setRemote(
      INSTANCE.baseUrl,
      remoteCatalogFile(INSTANCE, [
        remote('Group', 'payments-team', { type: 'team', children: [] }, [['ownerOf', 'component:default/payments'], ['ownerOf', 'api:default/payments-api']]),
        remote('Component', 'payments', { type: 'service', lifecycle: 'production', owner: 'payments-team' }, [['ownedBy', 'group:default/payments-team'], ['providesApi', 'api:default/payments-api']], 'Takes **payments**'),
        remote('API', 'payments-api', { type: 'openapi', lifecycle: 'production', owner: 'payments-team', definition: 'openapi: 3.0.0' }, [['apiProvidedBy', 'component:default/payments'], ['ownedBy', 'group:default/payments-team']]),
      ]),
    );

    const page = entityPage(catalog.entity('component:default/payments')!, catalog);
    assert.equal(page.inWorkspace, false);
    assert.equal(page.entity.backstageUrl, 'https://portal.example.com/catalog/default/component/payments');
    assert.match(page.entity.location.uri, /^greenroom-backstage:/);
    assert.equal(page.entity.description, 'Takes **payments**');
    assert.equal(page.owner?.ref, 'group:default/payments-team');
    assert.deepEqual(page.sections[0].entities.map((e) => e.ref), ['api:default/payments-api']);

    // A workspace entity's consumption shows on the Backstage API's page, and Backstage's relations in the graph.
    const api = entityPage(catalog.entity('api:default/payments-api')!, catalog);
    assert.deepEqual(api.sections.map((s) => `${s.title}: ${s.entities.map((e) => e.ref).join(', ')}`), ['Providers: component:default/payments', 'Consumers: component:default/web']);
    assert.deepEqual(api.definition, { type: 'openapi', text: 'openapi: 3.0.0', operations: [], schemas: [] });
    const graph = entityGraph(catalog, 'group:default/payments-team', 1);
    assert.deepEqual(graph?.edges.map((e) => `${e.source} ${e.type} ${e.target}`).sort(), [
      'api:default/payments-api ownedBy group:default/payments-team',
      'component:default/payments ownedBy group:default/payments-team',
      'component:default/web ownedBy group:default/payments-team',
    ]);
  });
});
