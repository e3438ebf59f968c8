import * as assert from 'node:assert/strict';
import { Catalog } from '../../../../src/core/catalog/catalog';
import { WorkspaceFiles } from '../../../../src/sources/workspaceFiles';
import { component, TempWorkspace } from '../../tempWorkspace';

/** A Component whose metadata lines follow its name: `extra` is indented under `metadata:`. */
function componentWith(name: string, extra: string[]): string {
  return ['apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata:', `  name: ${name}`, ...extra, 'spec:', '  type: service', '  lifecycle: production', '  owner: team-a', ''].join('\n');
}

/** Each construct that once stopped the whole catalog, with the line (1-based) its problem belongs on. */
const BAD_FILES: { name: string; text: string; line: number; message: RegExp }[] = [
  { name: 'an alias to a missing anchor', text: componentWith('bad', ['  tags: *nowhere']), line: 5, message: /Unresolved alias \*nowhere/ },
  { name: 'a recursive alias', text: componentWith('bad', ['  labels: &self', '    again: *self']), line: 6, message: /Recursive alias \*self/ },
  { name: 'a recursive alias in a list', text: componentWith('bad', ['  tags: &self [a, *self]']), line: 5, message: /Recursive alias \*self/ },
  {
    name: 'an alias bomb (more than 100 expansions)',
    text: componentWith('bad', ['  annotations:', '    a: &a [x, x, x, x, x, x, x, x, x, x]', '    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', '    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', '    d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]']),
    line: 8,
    message: /Excessive alias count/,
  },
  { name: '101 uses of one anchor', text: componentWith('bad', ['  title: &t x', '  tags:', ...Array.from({ length: 101 }, () => '    - *t')]), line: 106, message: /more than 100/ },
];

function problemsOf(catalog: Catalog, file: string) {
  return (catalog.problems().get(file) ?? []).map((p) => ({ line: p.range.start.line + 1, code: p.code, message: p.message }));
}

function names(catalog: Catalog): string[] {
  return catalog.entities().map((record) => String(record.entity.metadata?.name)).sort();
}

describe('one bad file never stops the catalog', () => {
  let workspace: TempWorkspace;
  afterEach(() => workspace.dispose());

  for (const bad of BAD_FILES) {
    it(`reads every other file at start, around ${bad.name}, and reports it on its line`, async () => {
      workspace = new TempWorkspace({ 'a/catalog-info.yaml': component('first'), 'b/catalog-info.yaml': bad.text, 'c/catalog-info.yaml': component('last') });
      const catalog = await workspace.catalog();
      assert.deepEqual(names(catalog), ['first', 'last']);
      const [problem] = problemsOf(catalog, workspace.path('b/catalog-info.yaml'));
      assert.equal(problem.code, 'yaml-syntax');
      assert.equal(problem.line, bad.line);
      assert.match(problem.message, bad.message);
    });

    it(`updates on a file change to ${bad.name}, and on the next change`, async () => {
      workspace = new TempWorkspace({ 'a/catalog-info.yaml': component('first'), 'b/catalog-info.yaml': component('second') });
      const catalog = await workspace.catalog();
      await catalog.applyChanges([{ path: workspace.write('b/catalog-info.yaml', bad.text), type: 'changed' }]);
      assert.deepEqual(names(catalog), ['first']);
      assert.equal(problemsOf(catalog, workspace.path('b/catalog-info.yaml'))[0].line, bad.line);
      await catalog.applyChanges([{ path: workspace.write('a/catalog-info.yaml', component('renamed')), type: 'changed' }]);
      assert.deepEqual(names(catalog), ['renamed']);
    });
  }

  it('keeps updating every open file while one holds a half-typed alias', async () => {
    workspace = new TempWorkspace({ 'a/catalog-info.yaml': component('first'), 'b/catalog-info.yaml': component('second') });
    const catalog = await workspace.catalog();
    const typing = workspace.path('b/catalog-info.yaml');
    await catalog.setOpenText(typing, componentWith('second', ['  tags: *a']));
    assert.deepEqual(problemsOf(catalog, typing).map((p) => [p.line, p.code]), [[5, 'yaml-syntax']]);
    await catalog.setOpenText(workspace.path('a/catalog-info.yaml'), component('first-edited'));
    assert.deepEqual(names(catalog), ['first-edited']);
    await catalog.setOpenText(typing, componentWith('second', ['  tags: &a [x]', '  title: *a']));
    assert.deepEqual(names(catalog), ['first-edited', 'second']);
  });

  it('keeps __proto__ as plain data, as the JSON Backstage stores does, and pollutes nothing', async () => {
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': component('first'),
      'b/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {__proto__: {name: x}}\nspec: {type: service, lifecycle: production, owner: team-a}\n',
    });
    const catalog = await workspace.catalog();
    const record = catalog.entities().find((r) => r.path === workspace.path('b/catalog-info.yaml'))!;
    assert.ok(Object.hasOwn(record.entity.metadata, '__proto__'));
    assert.equal(Object.getPrototypeOf(record.entity.metadata), Object.prototype);
    assert.equal(record.entity.metadata.name, undefined);
    assert.equal(({} as { name?: unknown }).name, undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(record.entity.metadata)), JSON.parse('{"__proto__":{"name":"x"}}'));
    assert.deepEqual(problemsOf(catalog, record.path).map((p) => [p.line, p.code]), [[3, 'entity-invalid']]);
    assert.match(problemsOf(catalog, record.path)[0].message, /metadata must have required property 'name'/);
    assert.ok(catalog.entity('component:default/first'));
  });

  it('keeps constructor and prototype keys as the entity\'s own data', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': componentWith('keys', ['  labels:', '    constructor: yes', '    prototype: "no"', '  annotations:', '    __proto__: x']) });
    const catalog = await workspace.catalog();
    const record = catalog.entity('component:default/keys')!;
    assert.deepEqual({ ...record.entity.metadata.labels }, { constructor: 'yes', prototype: 'no' });
    assert.ok(Object.hasOwn(record.entity.metadata.annotations!, '__proto__'));
    assert.deepEqual(problemsOf(catalog, record.path).map((p) => [p.line, p.code]), [[2, 'entity-invalid']]);
    assert.match(problemsOf(catalog, record.path)[0].message, /"annotations\.__proto__" is not valid/);
  });

  it('does not treat $constructor as a placeholder', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': componentWith('odd', ['  annotations:', '    example.com/x:', '      $constructor: ./catalog-info.yaml']) });
    const catalog = await workspace.catalog();
    assert.deepEqual(problemsOf(catalog, workspace.path('catalog-info.yaml')).map((p) => p.code), ['entity-invalid']);
    assert.deepEqual(catalog.entity('component:default/odd')!.entity.metadata.annotations, { 'example.com/x': { $constructor: './catalog-info.yaml' } });
  });

  it('lists an entity whose kind or name is a map that cannot be turned into text', async () => {
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': component('first'),
      'b/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: {toString: x}\nmetadata:\n  name: {valueOf: 1, toString: 2}\n',
    });
    const catalog = await workspace.catalog();
    assert.equal(catalog.entities().length, 2);
    assert.equal(problemsOf(catalog, workspace.path('b/catalog-info.yaml'))[0].code, 'entity-invalid');
  });

  it('reports a Location target that cannot be followed on its line, and follows the others', async () => {
    workspace = new TempWorkspace({
      'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: root\nspec:\n  targets:\n    - ./api}/odd.yaml\n    - ./here.yaml\n',
      'here.yaml': component('here'),
    });
    const catalog = await workspace.catalog();
    assert.deepEqual(names(catalog), ['here', 'root']);
    const [problem] = problemsOf(catalog, workspace.path('catalog-info.yaml'));
    assert.equal(problem.line, 7);
    assert.match(problem.message, /^Location target \.\/api\}\/odd\.yaml /);
  });

  it('turns any exception while reading a file into a problem on that file', async () => {
    workspace = new TempWorkspace({ 'a/catalog-info.yaml': component('first'), 'b/catalog-info.yaml': component('second') });
    const files = new WorkspaceFiles([{ folder: workspace.root, include: [], exclude: [] }]);
    const failing = workspace.path('b/catalog-info.yaml');
    const source = Object.assign(Object.create(files) as WorkspaceFiles, {
      readFile: (file: string) => (file === failing ? Promise.reject(new Error('disk on fire')) : files.readFile(file)),
    });
    const catalog = new Catalog(source);
    await catalog.load();
    assert.deepEqual(names(catalog), ['first']);
    assert.deepEqual(problemsOf(catalog, failing), [{ line: 1, code: 'file-unreadable', message: 'This file could not be read: disk on fire' }]);
  });
});
