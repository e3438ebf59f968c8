import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Catalog, looksLikeCatalogFile } from '../../../../src/core/catalog/catalog';
import { AI_MODEL_MODULE } from '../../../../src/core/catalog/entityValidation';
import { WorkspaceFiles } from '../../../../src/sources/workspaceFiles';
import { component, TempWorkspace } from '../../tempWorkspace';

const AI_RESOURCE = 'apiVersion: backstage.io/v1alpha1\nkind: AiResource\nmetadata:\n  name: reviewer\nspec:\n  type: skill\n  owner: team-a\n';

/** The problems beyond the owner refs these small catalogs leave unresolved. */
function otherThanRefs(catalog: Catalog) {
  return [...catalog.problems().values()].flat().filter((p) => p.code !== 'unresolved-ref');
}

describe("Backstage's verdict where catalogs differ from the examples", () => {
  let workspace: TempWorkspace | undefined;
  afterEach(() => workspace?.dispose());

  it('skips an empty document after a trailing --- and accepts annotations whose lines are all commented out', async () => {
    const commented = component('quiet').replace('metadata:\n', 'metadata:\n  annotations:\n    # github.com/project-slug: acme/quiet\n');
    workspace = new TempWorkspace({ 'catalog-info.yaml': `${commented}---\n# nothing here\n` });
    const catalog = await workspace.catalog();
    assert.deepEqual(catalog.entities().map((r) => [r.ref, r.failure?.reason]), [['component:default/quiet', undefined]]);
    assert.deepEqual(otherThanRefs(catalog), []);
  });

  it('follows relative targets of a url Location to files of the same repository, and lists absolute ones as remote', async () => {
    const location = 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  type: url\n  targets:\n    - ./a.yaml\n    - https://example.com/b.yaml\n';
    workspace = new TempWorkspace({ 'catalog-info.yaml': location, 'a.yaml': component('a') });
    const catalog = await workspace.catalog();
    assert.deepEqual(catalog.entities().map((r) => r.ref), ['location:default/root', 'component:default/a']);
    assert.deepEqual(otherThanRefs(catalog).map((p) => [p.code, p.severity]), [['location-remote-target', 'info']]);
  });

  it('ingests a catalog-info.yaml that a Location names only through that Location: a failing Location takes it along', async () => {
    const location = 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n    - ./plugins/a/catalog-info.yaml\n    - ./plugins/missing/catalog-info.yaml\n';
    workspace = new TempWorkspace({ 'catalog-info.yaml': location, 'plugins/a/catalog-info.yaml': component('a'), 'plugins/b/catalog-info.yaml': component('b') });
    const catalog = await workspace.catalog();
    const verdicts = Object.fromEntries(catalog.entities().map((r) => [r.ref, r.notIngested ? (r.notIngested.failedLocation ? 'fails' : 'not ingested') : 'ingested']));
    // b is named by no Location: it is registered on its own, as the default globs say.
    assert.deepEqual(verdicts, { 'location:default/root': 'fails', 'component:default/a': 'not ingested', 'component:default/b': 'ingested' });
  });

  it('counts the definition Backstage keeps: the later document of one file, the file nearer a registered one', async () => {
    const twice = `${component('x', { owner: 'first' })}---\n${component('x', { owner: 'second' })}`;
    const location = 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n    - ./deep/y.yaml\n';
    workspace = new TempWorkspace({ 'a/catalog-info.yaml': twice, 'catalog-info.yaml': location, 'deep/y.yaml': component('y', { owner: 'deep' }), 'z/catalog-info.yaml': component('y', { owner: 'near' }) });
    const catalog = await workspace.catalog();
    assert.equal(catalog.entity('component:default/x')?.entity.spec?.owner, 'second');
    assert.equal(catalog.entity('component:default/y')?.entity.spec?.owner, 'near');
    const duplicates = [...catalog.problems().values()].flat().filter((p) => p.code === 'duplicate-entity' && p.severity === 'error');
    assert.deepEqual(duplicates.map((p) => [path.relative(workspace!.root, p.path), p.range.start.line, p.message]), [
      ['a/catalog-info.yaml', 3, 'component:default/x is defined again later in this file, on line 13; Backstage keeps only the later document and ingests nothing of this one'],
      ['deep/y.yaml', 3, 'component:default/y is already defined in z/catalog-info.yaml:4; a Backstage catalog rejects a second definition of the same entity ref (conflicting entityRef)'],
    ]);
  });

  it('names the scaffolder processor in a Template validation error, as Backstage does', async () => {
    const template = 'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: t\nspec:\n  type: service\n  owner: team-a\n  steps:\n    - id: 7\n      action: debug:log\n';
    workspace = new TempWorkspace({ 'catalog-info.yaml': template });
    const catalog = await workspace.catalog();
    assert.equal(catalog.entities()[0].failure?.message, 'Processor ScaffolderEntitiesProcessor threw an error while validating the entity template:default/t; caused by TypeError: /spec/steps/0/id must be string - type: string');
  });

  it('reads a file whose entities follow a header of comments as a catalog file', () => {
    assert.equal(looksLikeCatalogFile(`# Owned by the platform team\n# see the README\n---\n${component('a')}`), true);
    assert.equal(looksLikeCatalogFile('# a config file\n---\nname: not-an-entity\n'), false);
  });

  it('rejects AiResource as a Backstage without the AI model module does, and validates it as the module does when it is named', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': AI_RESOURCE });
    const without = await workspace.catalog();
    assert.match(without.entities()[0].failure?.message ?? '', /^No processor recognized the entity airesource:default\/reviewer as valid/);

    const withModule = new Catalog(new WorkspaceFiles([{ folder: path.dirname(workspace.path('catalog-info.yaml')), include: [], exclude: [] }]), { backstageModules: [AI_MODEL_MODULE] });
    await withModule.load();
    const failure = withModule.entities()[0].failure;
    assert.equal(failure?.message, 'Processor ModelProcessor threw an error while validating the entity airesource:default/reviewer; caused by TypeError: Validation of AiResource entity failed: /spec must have required property \'lifecycle\' - missingProperty: lifecycle');
    assert.deepEqual(failure?.path, ['spec']);

    workspace.write('catalog-info.yaml', AI_RESOURCE.replace('  type: skill\n', '  type: skill\n  lifecycle: production\n'));
    await withModule.applyChanges([{ path: workspace.path('catalog-info.yaml'), type: 'changed' }]);
    assert.equal(withModule.entities()[0].failure, undefined);
  });
});
