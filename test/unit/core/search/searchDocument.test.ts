import * as assert from 'node:assert/strict';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { searchDocumentOf } from '../../../../src/core/search/searchDocument';

describe('the search document of an entity', () => {
  it('files the entity under its ref as the catalog keys it, whatever the case of its kind, namespace and name', () => {
    for (const kind of ['Component', 'API', 'group']) {
      for (const namespace of ['default', 'Team-A']) {
        for (const name of ['payments', 'Payments-API', 'İstanbul.Service_2']) {
          const entity = { apiVersion: 'backstage.io/v1alpha1', kind, metadata: { name, namespace } } as Entity;
          assert.equal(searchDocumentOf(entity).ref, stringifyEntityRef(entity).toLocaleLowerCase('en-US'), `${kind} ${namespace} ${name}`);
        }
      }
    }
  });

  it('gives an entity without a namespace the default one, and one whose name holds a colon the ref Backstage reads from it', () => {
    assert.equal(searchDocumentOf({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'Web' } }).ref, 'component:default/web');
    assert.equal(searchDocumentOf({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'api:web' } }).ref, 'api:default/web');
  });
});
