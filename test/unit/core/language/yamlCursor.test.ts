import * as assert from 'node:assert/strict';
import { cursorContext } from '../../../../src/core/language/yamlCursor';
import { parseYamlFile } from '../../../../src/core/language/yamlDocuments';

/** Splits a fixture at its `|` cursor marker. */
function at(marked: string) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  return cursorContext(parseYamlFile(text), { line: before.length - 1, character: before[before.length - 1].length });
}

const entity = (spec: string) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: x\nspec:\n${spec}`;

describe('the cursor in a catalog file', () => {
  it('knows a value being typed, its field and its kind', () => {
    const context = at(entity('  type: service\n  owner: te|am-a\n'));
    assert.deepEqual([context?.path, context?.on, context?.prefix, context?.token.text, context?.kind], [['spec', 'owner'], 'value', 'te', 'team-a', 'Component']);
  });

  it('knows an empty value right after the colon', () => {
    const context = at(entity('  owner: |\n'));
    assert.deepEqual([context?.path, context?.on, context?.prefix], [['spec', 'owner'], 'value', '']);
  });

  it('knows a key being typed, and the keys already there', () => {
    const context = at(entity('  type: service\n  lif|\n  owner: a\n'));
    assert.deepEqual([context?.path, context?.on, context?.prefix, context?.siblingKeys.sort()], [['spec', 'lif'], 'key', 'lif', ['owner', 'type']]);
  });

  it('knows a blank line inside a nested map', () => {
    const context = at('apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: g\nspec:\n  profile:\n    email: a@b.c\n    |\n');
    assert.deepEqual([context?.path, context?.on, context?.siblingKeys], [['spec', 'profile', ''], 'key', ['email']]);
  });

  it('knows block and flow list items', () => {
    const block = at(entity('  dependsOn:\n    - resource:db\n    - comp|\n'));
    assert.deepEqual([block?.path, block?.inList, block?.prefix], [['spec', 'dependsOn'], true, 'comp']);
    const flow = at(entity('  consumesApis: [api-a, api|-b]\n'));
    assert.deepEqual([flow?.path, flow?.inList, flow?.token.text, flow?.prefix], [['spec', 'consumesApis'], true, 'api-b', 'api']);
  });

  it('reads keys inside list items, such as links', () => {
    const context = at('kind: Component\nmetadata:\n  links:\n    - url: https://x\n      tit|\n');
    assert.deepEqual([context?.path, context?.on], [['metadata', 'links', 'tit'], 'key']);
  });

  it('keeps to the document the cursor is in', () => {
    const context = at('kind: API\nmetadata:\n  name: a\n---\nkind: System\nmetadata:\n  name: s\nspec:\n  owner: |\n');
    assert.equal(context?.kind, 'System');
  });

  it('reads annotation keys with slashes', () => {
    const context = at('kind: Component\nmetadata:\n  annotations:\n    github.com/project-sl|ug: a/b\n');
    assert.deepEqual([context?.path, context?.on, context?.token.text], [['metadata', 'annotations', 'github.com/project-slug'], 'key', 'github.com/project-slug']);
  });

  it('reads a block-list item with a kind prefix, and the namespace of its entity', () => {
    const context = at('kind: Component\nmetadata:\n  name: x\n  namespace: billing\nspec:\n  dependsOn:\n    - resource:pay|ments-db\n');
    assert.deepEqual([context?.path, context?.inList, context?.token.text, context?.namespace], [['spec', 'dependsOn'], true, 'resource:payments-db', 'billing']);
  });

  it('reads a block scalar as the value it is, not as keys', () => {
    const inside = at('kind: Component\nmetadata:\n  description: >\n    owner: te|am-a\n');
    assert.deepEqual([inside?.path, inside?.on], [['metadata', 'description'], 'value']);
  });

  it('resolves an alias and unquotes a value, with CRLF line ends', () => {
    const alias = at('kind: Component\r\nmetadata:\r\n  labels:\r\n    team: &team team-a\r\nspec:\r\n  owner: *te|am\r\n');
    assert.deepEqual([alias?.path, alias?.token.text], [['spec', 'owner'], 'team-a']);
    const quoted = at(entity('  owner: "group:te|am-a"\r\n'));
    assert.deepEqual([quoted?.token.text, quoted?.prefix], ['group:team-a', 'group:te']);
  });
});
