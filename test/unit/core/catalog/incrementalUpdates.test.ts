import * as assert from 'node:assert/strict';
import type { Catalog } from '../../../../src/core/catalog/catalog';
import { component, TempWorkspace } from '../../tempWorkspace';

const location = (...targets: string[]) => `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n${targets.map((t) => `    - ${t}\n`).join('')}`;

describe('incremental updates', () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  it('re-reads only the edited file', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`svc-${i}/catalog-info.yaml`] = component(`svc-${i}`);
    workspace = new TempWorkspace(files);
    const catalog = await workspace.catalog();
    const before = catalog.fileReads;
    const edited = workspace.write('svc-3/catalog-info.yaml', component('svc-3', { system: 'payments' }));
    await catalog.applyChanges([{ path: edited, type: 'changed' }]);
    assert.equal(catalog.fileReads - before, 1);
    assert.equal(catalog.relationsOf('component:default/svc-3').find((r) => r.type === 'partOf')?.target, 'system:default/payments');
  });

  it("keeps a team's relations right as the many entities it owns change, counting a relation once however many emit it", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`svc-${i}/catalog-info.yaml`] = component(`svc-${i}`);
    // The team lists jane as a member and jane names the team: the same relation, emitted twice.
    files['team/catalog-info.yaml'] = 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n  members: [jane]\n';
    files['jane/catalog-info.yaml'] = 'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: jane\nspec:\n  memberOf: [team-a]\n';
    workspace = new TempWorkspace(files);
    const catalog = await workspace.catalog();
    const of = (type: string) =>
      catalog
        .relationsOf('group:default/team-a')
        .filter((r) => r.type === type)
        .map((r) => r.target);
    const all = Array.from({ length: 30 }, (_, i) => `component:default/svc-${i}`);
    assert.deepEqual(of('ownerOf').sort(), [...all].sort());
    assert.deepEqual(of('hasMember'), ['user:default/jane']);
    await catalog.applyChanges([
      { path: workspace.write('svc-3/catalog-info.yaml', component('svc-3', { owner: 'team-b' })), type: 'changed' },
      { path: workspace.write('svc-7/catalog-info.yaml', component('svc-7', { owner: 'Team-A' })), type: 'changed' },
      { path: workspace.write('jane/catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: jane\nspec:\n  memberOf: []\n'), type: 'changed' },
    ]);
    assert.deepEqual(of('ownerOf').sort(), all.filter((ref) => ref !== 'component:default/svc-3').sort());
    assert.deepEqual(of('hasMember'), ['user:default/jane']);
    assert.deepEqual(
      catalog.relationsOf('group:default/team-b').map((r) => `${r.type} ${r.target}`),
      ['ownerOf component:default/svc-3'],
    );
    await catalog.applyChanges([{ path: workspace.write('svc-3/catalog-info.yaml', component('svc-3')), type: 'changed' }]);
    assert.equal(of('ownerOf').length, 30);
    assert.deepEqual(catalog.relationsOf('group:default/team-b'), []);
  });

  it('shows after each edit the problems and ingestion notes that reading every file afresh shows', async () => {
    const doc = (name: string, spec: Record<string, unknown> = {}) => component(name, spec);
    workspace = new TempWorkspace({
      // The missing target fails the Location: nothing of a.yaml is ingested, and each of its entities says so.
      'catalog-info.yaml': location('./a.yaml', './missing.yaml'),
      'a.yaml': `${doc('a1')}---\n${doc('a2')}`,
      'b/catalog-info.yaml': doc('b1', { dependsOn: ['component:a1'] }),
      'c/catalog-info.yaml': doc('c1', { owner: 'team-c' }),
    });
    const catalog = await workspace.catalog();
    const seen = (of: Awaited<ReturnType<TempWorkspace['catalog']>>) =>
      JSON.stringify({ problems: [...of.problems()].sort(([a], [b]) => a.localeCompare(b)), notes: of.entities().map((r) => [r.ref, r.notIngested]) });
    const edits: [string, string][] = [
      ['a.yaml', `${doc('a1')}---\n${doc('a2', { owner: 'team-b' })}`],
      // Renamed: b1's dependsOn points to nothing.
      ['a.yaml', `${doc('a1-renamed')}---\n${doc('a2', { owner: 'team-b' })}`],
      // A duplicate of an entity in another file.
      ['c/catalog-info.yaml', `${doc('c1', { owner: 'team-c' })}---\n${doc('b1')}`],
      // Unparsable: the Location fails for another reason.
      ['a.yaml', 'kind: [\n'],
      ['a.yaml', `${doc('a1')}---\n${doc('a2')}`],
      ['c/catalog-info.yaml', doc('c1', { owner: 'team-c' })],
    ];
    for (const [file, text] of edits) {
      await catalog.applyChanges([{ path: workspace.write(file, text), type: 'changed' }]);
      assert.equal(seen(catalog), seen(await workspace.catalog()), `after writing ${file}: ${text}`);
    }
    assert.match(JSON.stringify(catalog.entities().find((r) => r.ref === 'component:default/a2')?.notIngested), /missing\.yaml/);
  });

  it("lists an entity's relations in its emitters' file order, after edits as after a fresh load", async () => {
    const user = (name: string, groups: string[]) => `apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: ${name}\nspec:\n  memberOf: [${groups.join(', ')}]\n`;
    const group = (members: string[]) => `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n  members: [${members.join(', ')}]\n`;
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': component('a', { dependsOn: ['component:svc'] }),
      'b/catalog-info.yaml': component('b', { dependsOn: ['component:svc'] }),
      'svc/catalog-info.yaml': component('svc', { system: 'payments', owner: 'user:jane' }),
      'team/catalog-info.yaml': group(['jane']),
      'jane/catalog-info.yaml': user('jane', ['team-a']),
    });
    const catalog = await workspace.catalog();
    const listed = (from: Catalog, ref: string) => from.relationsOf(ref).map((r) => `${r.type} ${r.target}`);
    const jane = 'user:default/jane';
    const svc = 'component:default/svc';
    // What an edit leaves is what reading the workspace afresh gives.
    const of = async (ref: string) => {
      const relations = listed(catalog, ref);
      assert.deepEqual(relations, listed(await workspace.catalog(), ref));
      return relations;
    };
    assert.deepEqual(await of(svc), ['dependencyOf component:default/a', 'dependencyOf component:default/b', 'ownedBy user:default/jane', 'partOf system:default/payments']);
    assert.deepEqual(await of(jane), ['memberOf group:default/team-a', 'ownerOf component:default/svc']);
    // A relation two entities emit (jane's membership, which the team lists too) stays while one of them still does.
    await catalog.applyChanges([{ path: workspace.write('jane/catalog-info.yaml', user('jane', [])), type: 'changed' }]);
    assert.deepEqual(await of(jane), ['ownerOf component:default/svc', 'memberOf group:default/team-a']);
    await catalog.applyChanges([{ path: workspace.write('team/catalog-info.yaml', group([])), type: 'changed' }]);
    assert.deepEqual(await of(jane), ['ownerOf component:default/svc']);
    // One from the middle goes, the others keep their order; back, it takes its emitter's place again.
    await catalog.applyChanges([{ path: workspace.write('b/catalog-info.yaml', component('b')), type: 'changed' }]);
    assert.deepEqual(await of(svc), ['dependencyOf component:default/a', 'ownedBy user:default/jane', 'partOf system:default/payments']);
    await catalog.applyChanges([{ path: workspace.write('b/catalog-info.yaml', component('b', { dependsOn: ['component:svc'] })), type: 'changed' }]);
    assert.deepEqual(await of(svc), ['dependencyOf component:default/a', 'dependencyOf component:default/b', 'ownedBy user:default/jane', 'partOf system:default/payments']);
  });

  it('follows a Location target added by an edit, and drops one removed', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': location('./a.yaml'), 'a.yaml': component('a'), 'b.yaml': component('b') });
    const catalog = await workspace.catalog();
    assert.deepEqual(
      catalog.entities().map((r) => r.entity.metadata.name),
      ['root', 'a'],
    );
    await catalog.applyChanges([{ path: workspace.write('catalog-info.yaml', location('./b.yaml')), type: 'changed' }]);
    assert.deepEqual(
      catalog.entities().map((r) => r.entity.metadata.name),
      ['root', 'b'],
    );
  });

  it('uses the unsaved text of an open editor, and the disk again once it closes', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('on-disk') });
    const catalog = await workspace.catalog();
    const file = workspace.path('catalog-info.yaml');
    await catalog.setOpenText(file, component('being-typed'));
    assert.ok(catalog.entity('component:default/being-typed'));
    assert.equal(catalog.entity('component:default/on-disk'), undefined);
    await catalog.setOpenText(file, undefined);
    assert.ok(catalog.entity('component:default/on-disk'));
  });

  it('checks an open file that holds entities even when no glob selects it', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('listed') });
    const catalog = await workspace.catalog();
    const other = workspace.write('deploy/service.yaml', component('elsewhere'));
    await catalog.setOpenText(other, component('elsewhere', { owner: 'nobody-here' }));
    assert.equal(catalog.problems().get(other)?.[0].code, 'unresolved-ref');
    await catalog.setOpenText(workspace.path('deploy/values.yaml'), 'replicas: 3\n');
    assert.equal(catalog.problems().has(workspace.path('deploy/values.yaml')), false, 'other YAML is left alone');
    await catalog.setOpenText(other, undefined);
    assert.equal(catalog.entity('component:default/elsewhere'), undefined);
  });

  it('reports a deleted target as missing and picks up a created root', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': location('./a.yaml'), 'a.yaml': component('a') });
    const catalog = await workspace.catalog();
    await catalog.applyChanges([{ path: workspace.remove('a.yaml'), type: 'deleted' }]);
    assert.deepEqual(
      catalog.entities().map((r) => r.entity.metadata.name),
      ['root'],
    );
    assert.equal(catalog.problems().get(workspace.path('catalog-info.yaml'))![0].code, 'location-missing-target');

    await catalog.applyChanges([{ path: workspace.write('a.yaml', component('a')), type: 'created' }]);
    assert.deepEqual(catalog.problems().get(workspace.path('catalog-info.yaml')), []);
    await catalog.applyChanges([{ path: workspace.write('new/catalog-info.yaml', component('new')), type: 'created' }]);
    assert.ok(catalog.entity('component:default/new'));
  });

  it('finds catalog files in a folder that appeared, and forgets a folder that went away', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('first') });
    const catalog = await workspace.catalog();
    workspace.write('services/payments/catalog-info.yaml', component('payments'));
    workspace.write('services/payments/notes.yaml', 'just: notes\n');
    // Only the folder's creation is reported, as a watcher does when files land before it looks.
    await catalog.applyChanges([{ path: workspace.path('services'), type: 'created' }]);
    assert.deepEqual(
      catalog.entities().map((r) => r.entity.metadata.name),
      ['first', 'payments'],
    );
    workspace.removeDir('services');
    await catalog.applyChanges([{ path: workspace.path('services'), type: 'deleted' }]);
    assert.deepEqual(
      catalog.entities().map((r) => r.entity.metadata.name),
      ['first'],
    );
  });

  it('re-reads an entity when the file its $text includes changes', async () => {
    workspace = new TempWorkspace({
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: pets\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ./openapi.yaml\n',
      'openapi.yaml': 'openapi: 3.0.0\n',
    });
    const catalog = await workspace.catalog();
    await catalog.applyChanges([{ path: workspace.write('openapi.yaml', 'openapi: 3.1.0\n'), type: 'changed' }]);
    assert.equal((catalog.entity('api:default/pets')!.entity.spec as { definition: string }).definition, 'openapi: 3.1.0\n');
  });

  it('applies changes in the order they were made, even when they overlap', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('v0') });
    const catalog = await workspace.catalog();
    const file = workspace.path('catalog-info.yaml');
    await Promise.all([1, 2, 3, 4, 5].map((v) => catalog.setOpenText(file, component(`v${v}`))));
    assert.deepEqual(
      catalog.entities().map((r) => r.entity.metadata.name),
      ['v5'],
    );
  });
});
