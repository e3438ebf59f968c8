import * as assert from 'node:assert/strict';
import type { Catalog } from '../../../../src/core/catalog/catalog';
import { groupEntities, groupKeyOf } from '../../../../src/core/catalog/entityGrouping';
import { component, TempWorkspace } from '../../tempWorkspace';

describe('grouping', () => {
  let workspace: TempWorkspace;
  let catalog: Catalog;
  before(async () => {
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': component('checkout', { system: 'shop' }),
      'b/catalog-info.yaml': component('cart', { system: 'shop', owner: 'user:jane' }),
      'c/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  profile:\n    displayName: Team Alpha\n  children: []\n',
      'd/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: shop\nspec:\n  owner: team-a\n',
    });
    catalog = await workspace.catalog();
  });
  after(() => workspace.dispose());
  const titleOf = (ref: string) => catalog.entity(ref)?.entity.metadata.name;

  it("gives each entity the key of the group it falls in, which is how the tree finds an entity's row", () => {
    for (const groupBy of ['kind', 'owner', 'system'] as const) {
      for (const group of groupEntities(catalog.entities(), groupBy, titleOf)) {
        for (const record of group.entities) assert.equal(groupKeyOf(record.entity, groupBy), group.key, `${record.ref} by ${groupBy}`);
      }
    }
  });

  it('groups by kind in the order people think of kinds', () => {
    assert.deepEqual(groupEntities(catalog.entities(), 'kind', titleOf).map((g) => [g.label, g.entities.length]), [['Components', 2], ['Systems', 1], ['Groups', 1]]);
  });

  it('groups by owner, with owner refs defaulted to groups, and the unowned last', () => {
    const groups = groupEntities(catalog.entities(), 'owner', titleOf);
    assert.deepEqual(groups.map((g) => [g.key, g.entities.map((r) => r.entity.metadata.name)]), [
      ['user:default/jane', ['cart']],
      ['group:default/team-a', ['checkout', 'shop']],
      ['', ['team-a']],
    ]);
  });

  it('groups by system, a system heading its own group', () => {
    const groups = groupEntities(catalog.entities(), 'system', titleOf);
    assert.deepEqual(groups.map((g) => [g.label, g.entities.map((r) => r.entity.metadata.name)]), [['shop', ['cart', 'checkout', 'shop']], ['No system', ['team-a']]]);
  });
});
