import * as assert from 'node:assert/strict';
import type { Catalog } from '../../../../src/core/catalog/catalog';
import { component, TempWorkspace } from '../../tempWorkspace';

/** How an unresolved ref's warning opens: it is Greenroom's advice, not a Backstage rejection. */
const ADVICE = "Greenroom's advice (Backstage accepts the entity; the relation points to nothing): ";

function problemsOf(catalog: Catalog, file: string) {
  return (catalog.problems().get(file) ?? []).map((p) => ({ line: p.range.start.line + 1, code: p.code, severity: p.severity, message: p.message }));
}

describe('bad input', () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  it('reports malformed YAML on its line and still reads the other documents and files', async () => {
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': `${component('good-one')}---\nmetadata: [unclosed\n`,
      'b/catalog-info.yaml': component('good-two'),
    });
    const catalog = await workspace.catalog();
    assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name).sort(), ['good-one', 'good-two']);
    const [problem] = problemsOf(catalog, workspace.path('a/catalog-info.yaml'));
    assert.equal(problem.code, 'yaml-syntax');
    assert.equal(problem.line, 11);
  });

  it('says a YAML document that is not an entity is not one', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': 'name: just some config\nport: 8080\n---\n- a list\n' });
    const catalog = await workspace.catalog();
    const problems = problemsOf(catalog, workspace.path('catalog-info.yaml'));
    assert.deepEqual(problems.map((p) => [p.line, p.code]), [[1, 'entity-invalid'], [4, 'not-an-entity']]);
    assert.match(problems[0].message, /^Entity envelope failed validation before processing; caused by TypeError: <root> must have required property 'apiVersion'/);
  });

  it('keeps an entity of an unknown kind, flagged with Backstage\'s words', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: thing\nspec: {}\n' });
    const catalog = await workspace.catalog();
    assert.equal(catalog.entities().length, 1);
    const [problem] = problemsOf(catalog, workspace.path('catalog-info.yaml'));
    assert.equal(problem.code, 'unknown-kind');
    assert.equal(problem.line, 2);
    assert.equal(problem.message, 'No processor recognized the entity widget:default/thing as valid, possibly caused by a foreign kind or apiVersion');
  });

  it('flags a ref defined in two files on both, the first one counts, and the second is still checked', async () => {
    workspace = new TempWorkspace({ 'a/catalog-info.yaml': component('twin'), 'b/catalog-info.yaml': component('twin', { system: 'other' }) });
    const catalog = await workspace.catalog();
    assert.equal(catalog.entities().length, 2);
    assert.equal(catalog.entity('component:default/twin')!.path, workspace.path('a/catalog-info.yaml'));
    const second = problemsOf(catalog, workspace.path('b/catalog-info.yaml'));
    assert.deepEqual(second.map((p) => [p.line, p.code, p.severity]), [[4, 'duplicate-entity', 'error'], [8, 'unresolved-ref', 'warning'], [9, 'unresolved-ref', 'warning']]);
    assert.match(second[0].message, /component:default\/twin is already defined in a\/catalog-info\.yaml:4/);
    assert.match(second[2].message, /^Greenroom's advice \(Backstage accepts the entity; the relation points to nothing\): system:default\/other is not in the catalog/);
    assert.equal(problemsOf(catalog, workspace.path('a/catalog-info.yaml'))[0].severity, 'warning');
  });

  it('ends a Location that points at itself with a problem, not a hang', async () => {
    workspace = new TempWorkspace({
      'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: loop\nspec:\n  targets:\n    - ./catalog-info.yaml\n    - ./more.yaml\n',
      'more.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: back\nspec:\n  target: ./catalog-info.yaml\n',
    });
    const catalog = await workspace.catalog();
    assert.equal(catalog.entities().length, 2);
    const root = problemsOf(catalog, workspace.path('catalog-info.yaml'));
    assert.deepEqual(root.map((p) => [p.line, p.code]), [[7, 'location-cycle']]);
    assert.match(root[0].message, /catalog-info\.yaml → catalog-info\.yaml/);
    const more = problemsOf(catalog, workspace.path('more.yaml'));
    assert.deepEqual(more.map((p) => [p.line, p.code]), [[6, 'location-cycle']]);
    assert.match(more[0].message, /catalog-info\.yaml → more\.yaml → catalog-info\.yaml/);
  });

  it('reports a missing Location target on the target\'s line, in Backstage\'s words', async () => {
    workspace = new TempWorkspace({
      'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n    - ./gone.yaml\n    - ./here.yaml\n    - ./none/*.yaml\n',
      'here.yaml': component('here'),
    });
    const catalog = await workspace.catalog();
    assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['root', 'here']);
    const problems = problemsOf(catalog, workspace.path('catalog-info.yaml'));
    assert.deepEqual(problems.map((p) => [p.line, p.code]), [[7, 'location-missing-target'], [9, 'location-missing-target'], [4, 'location-failed']]);
    assert.equal(problems[0].message, `file ${workspace.path('gone.yaml')} does not exist`);
    // Backstage fails the whole Location: here.yaml is shown, marked as not ingested.
    assert.equal(problems[2].severity, 'error');
    assert.match(problems[2].message, /^Backstage rejects this Location, and ingests none of the entities its targets hold: file .*gone\.yaml does not exist$/);
    assert.match(catalog.entities()[1].notIngested?.reason ?? '', /^not ingested: Location location:default\/root fails/);
  });

  it('refuses a 50 MB file with a clear problem and reads the rest', async () => {
    workspace = new TempWorkspace({ 'big/catalog-info.yaml': `${component('big')}# ${'x'.repeat(50 * 1024 * 1024)}\n`, 'small/catalog-info.yaml': component('small') });
    const catalog = await workspace.catalog();
    assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['small']);
    const [problem] = problemsOf(catalog, workspace.path('big/catalog-info.yaml'));
    assert.equal(problem.code, 'file-too-large');
    assert.match(problem.message, /This file is 50\.0 MB; catalog files over 10 MB are not read/);
  });

  it('survives binary junk', async () => {
    workspace = new TempWorkspace({ 'small/catalog-info.yaml': component('small') });
    workspace.write('junk/catalog-info.yaml', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x0a, 0x7b]));
    workspace.write('text-junk/catalog-info.yaml', '\u0007{{{[[[: :: -- ? ! @ %\n\t\t- :\n');
    const catalog = await workspace.catalog();
    assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['small']);
    assert.equal(problemsOf(catalog, workspace.path('junk/catalog-info.yaml'))[0].message, 'This file is binary, not YAML text');
    assert.ok(problemsOf(catalog, workspace.path('text-junk/catalog-info.yaml')).length > 0);
  });

  it('reports a ref without the kind Backstage requires, and keeps the entity', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('needs-db', { dependsOn: ['artists-db'] }) });
    const catalog = await workspace.catalog();
    const record = catalog.entity('component:default/needs-db')!;
    assert.match(record.failure!.reason, /had missing or empty kind/);
    assert.deepEqual(problemsOf(catalog, workspace.path('catalog-info.yaml')).map((p) => p.line), [9]);
  });

  it('reports a $text placeholder whose file is missing', async () => {
    workspace = new TempWorkspace({
      'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: petstore\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition:\n    $text: ./missing.yaml\n',
    });
    const catalog = await workspace.catalog();
    const problems = problemsOf(catalog, workspace.path('catalog-info.yaml'));
    assert.deepEqual(problems.map((p) => [p.line, p.code]), [[10, 'placeholder-unresolved']]);
    assert.match(problems[0].message, /^Placeholder \$text could not read location \.\/missing\.yaml, file .* does not exist/);
    assert.ok(catalog.entity('api:default/petstore')!.failure);
  });
});

describe('refs', () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  it('warns about a ref to nothing, on the ref, with the nearest names of the right kind', async () => {
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': component('checkout', { owner: 'team-alpah', system: 'shop' }),
      'b/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-alpha\nspec:\n  type: team\n  children: []\n',
      'c/catalog-info.yaml': component('team-alpa'),
    });
    const catalog = await workspace.catalog();
    const problems = problemsOf(catalog, workspace.path('a/catalog-info.yaml'));
    assert.deepEqual(problems.map((p) => [p.line, p.severity, p.message]), [
      [8, 'warning', ADVICE + "group:default/team-alpah is not in the catalog. Did you mean 'team-alpha'?"],
      [9, 'warning', ADVICE + 'system:default/shop is not in the catalog.'],
    ]);
    const fixed = workspace.write('a/catalog-info.yaml', component('checkout', { owner: 'team-alpha' }));
    await catalog.applyChanges([{ path: fixed, type: 'changed' }]);
    assert.deepEqual(problemsOf(catalog, fixed), []);
  });

  it('suggests a name that appears after the warning was first made', async () => {
    workspace = new TempWorkspace({ 'a/catalog-info.yaml': component('checkout', { owner: 'team-alpah' }) });
    const catalog = await workspace.catalog();
    assert.equal(problemsOf(catalog, workspace.path('a/catalog-info.yaml'))[0].message, `${ADVICE}group:default/team-alpah is not in the catalog.`);
    const group = workspace.write('b/catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-alpha\nspec:\n  type: team\n  children: []\n');
    await catalog.applyChanges([{ path: group, type: 'created' }]);
    assert.equal(problemsOf(catalog, workspace.path('a/catalog-info.yaml'))[0].message, `${ADVICE}group:default/team-alpah is not in the catalog. Did you mean 'team-alpha'?`);
    await catalog.applyChanges([{ path: workspace.remove('b/catalog-info.yaml'), type: 'deleted' }]);
    assert.equal(problemsOf(catalog, workspace.path('a/catalog-info.yaml'))[0].message, `${ADVICE}group:default/team-alpah is not in the catalog.`);
  });

  it('updates a file\'s ref warnings when the entity it refers to appears elsewhere', async () => {
    workspace = new TempWorkspace({ 'a/catalog-info.yaml': component('checkout', { owner: 'payments' }) });
    const catalog = await workspace.catalog();
    assert.equal(problemsOf(catalog, workspace.path('a/catalog-info.yaml')).length, 1);
    const group = workspace.write('b/catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments\nspec:\n  type: team\n  children: []\n');
    await catalog.applyChanges([{ path: group, type: 'created' }]);
    assert.deepEqual(problemsOf(catalog, workspace.path('a/catalog-info.yaml')), []);
    assert.deepEqual(catalog.referencesTo('group:default/payments').map((site) => site.from.ref), ['component:default/checkout']);
  });
});

describe('quick fixes', () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  it('adds a missing required field at the right indentation', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n  type: service\n  owner: team-a\n' });
    const catalog = await workspace.catalog();
    const [problem] = catalog.problems().get(workspace.path('catalog-info.yaml'))!;
    assert.deepEqual(problem.fixes, [{ title: "Add the required field 'lifecycle'", range: { start: { line: 5, character: 2 }, end: { line: 5, character: 2 } }, newText: 'lifecycle: experimental\n  ' }]);
  });

  it('offers the near names of a broken ref, keeping its kind prefix', async () => {
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': component('checkout', { owner: 'group:team-alpah' }),
      'b/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-alpha\nspec:\n  type: team\n  children: []\n',
    });
    const catalog = await workspace.catalog();
    const [problem] = catalog.problems().get(workspace.path('a/catalog-info.yaml'))!;
    assert.deepEqual(problem.fixes?.map((f) => [f.title, f.newText]), [["Change to 'team-alpha'", 'group:team-alpha']]);
  });

  it('points out a ref written in another case than its definition', async () => {
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': component('checkout', { owner: 'Team-Alpha' }),
      'b/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-alpha\nspec:\n  type: team\n  children: []\n',
    });
    const catalog = await workspace.catalog();
    const [problem] = catalog.problems().get(workspace.path('a/catalog-info.yaml'))!;
    assert.equal(problem.code, 'ref-case');
    assert.equal(problem.fixes?.[0].newText, 'team-alpha');
  });
});

describe('discovery', () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  it('skips node_modules, excluded globs and template skeletons, but reads Template entities', async () => {
    workspace = new TempWorkspace({
      'catalog-info.yaml': component('real'),
      'node_modules/dep/catalog-info.yaml': component('from-a-dependency'),
      'templates/service/skeleton/catalog-info.yaml': component('${{ values.name | dump }}'),
      'templates/service/catalog-info.yaml':
        'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: service\nspec:\n  owner: team-a\n  type: service\n  parameters:\n    - properties:\n        name:\n          type: string\n  steps:\n    - id: fetch\n      action: fetch:template\n      input:\n        values:\n          name: ${{ parameters.name }}\n',
    });
    const catalog = await workspace.catalog();
    assert.deepEqual(catalog.entities().map((r) => r.ref).sort(), ['component:default/real', 'template:default/service']);
    assert.deepEqual([...catalog.problems().values()].flat().map((p) => p.code), ['unresolved-ref', 'unresolved-ref'], 'only the owner team-a is missing');
  });

  it('follows a skeleton that a Location names after the walk skipped it, and loads the rest', async () => {
    workspace = new TempWorkspace({
      // Roots are followed in path order: the skeleton is met as a root first and skipped, then the Location names it.
      'templates/service/skeleton/catalog-info.yaml': component('${{ values.name | dump }}'),
      'zz/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: templates\nspec:\n  targets:\n    - ../templates/**/catalog-info.yaml\n',
      'services/catalog-info.yaml': component('real'),
    });
    const catalog = await workspace.catalog();
    assert.ok(catalog.entity('component:default/real'), catalog.entities().map((r) => r.ref).join());
    const skeleton = [...(catalog.problems().get(workspace.path('templates/service/skeleton/catalog-info.yaml')) ?? [])].map((p) => p.code);
    assert.ok(skeleton.length > 0, 'the skeleton, read as the Location reads it, has problems');
  });

  it('reads extra include globs and honours exclude globs', async () => {
    workspace = new TempWorkspace(
      { 'catalog/one.yaml': component('one'), 'catalog/two.yaml': component('two'), 'vendor/catalog-info.yaml': component('vendored') },
      ['catalog/*.yaml'],
      ['vendor/**', 'catalog/two.yaml'],
    );
    const catalog = await workspace.catalog();
    assert.deepEqual(catalog.entities().map((r) => r.entity.metadata.name), ['one']);
  });
});
