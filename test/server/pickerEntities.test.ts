import * as assert from 'node:assert/strict';
import { component, TempWorkspace } from '../unit/tempWorkspace';
import { LspClient } from './lspClient';

const group = (name: string, members: string[] = []) => `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: ${name}\nspec:\n  type: team\n  children: []\n  members: [${members.join(', ')}]\n`;
const user = (name: string) => `apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ${name}\nspec:\n  memberOf: []\n`;

describe("the wizard's pickers over stdio", () => {
  let workspace: TempWorkspace;
  let client: LspClient;
  type Option = { ref: string; title: string; kind: string };
  const refs = (options: Option[]) => options.map((option) => option.ref);

  before(async () => {
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': component('checkout', { owner: 'team-a' }),
      'b/catalog-info.yaml': component('cart', { owner: 'user:jane' }),
      'c/catalog-info.yaml': component('billing', { owner: 'team-b' }),
      'd/catalog-info.yaml': `${group('team-a', ['jane'])}---\n${group('team-b')}---\n${user('jane')}`,
    });
    client = new LspClient();
    // The user named by name alone: defaulted as Backstage defaults a user's ref.
    await client.initialize(workspace.root, {}, { user: 'jane' });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first load');
  });
  after(async () => {
    await client.dispose();
    workspace.dispose();
  });

  it('offers the entities of the kinds asked for, in the tree order', async () => {
    assert.deepEqual(refs(await client.request<Option[]>('greenroom/pickerEntities', { kinds: ['component'] })), ['component:default/billing', 'component:default/cart', 'component:default/checkout']);
    assert.equal((await client.request<Option[]>('greenroom/pickerEntities', { kinds: [] })).length, 6);
  });

  it("narrows to the user's groups, or to what the user or their groups own", async () => {
    assert.deepEqual(refs(await client.request<Option[]>('greenroom/pickerEntities', { kinds: ['group'], mine: 'groups' })), ['group:default/team-a']);
    assert.deepEqual(refs(await client.request<Option[]>('greenroom/pickerEntities', { kinds: ['component'], mine: 'owned' })), ['component:default/cart', 'component:default/checkout']);
  });
});
