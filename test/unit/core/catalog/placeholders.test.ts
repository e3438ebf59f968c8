import * as assert from 'node:assert/strict';
import { resolvePlaceholders } from '../../../../src/core/catalog/placeholders';
import type { CatalogSource } from '../../../../src/core/catalog/catalogSource';
import { parseYamlFile } from '../../../../src/core/language/yamlDocuments';

/** A workspace of one folder holding `docs/api.yaml`; nothing else exists. */
const source: CatalogSource = {
  listRoots: () => Promise.resolve([]),
  resolve: (_referrer, target) => Promise.resolve({ ok: true, path: target }),
  glob: () => Promise.resolve({ files: [], linksOutside: [] }),
  readFile: (file) => Promise.resolve(file === '/ws/docs/api.yaml' ? { ok: true, text: 'openapi: 3.0.0\n' } : { ok: false, reason: 'missing', message: `file ${file} does not exist` }),
};

async function resolved(text: string) {
  const [document] = parseYamlFile(text).documents;
  return resolvePlaceholders(source, '/ws/catalog-info.yaml', document.value, document);
}

describe('placeholders in an entity', () => {
  it('reads a $text placeholder however deep in the spec it stands', async () => {
    const result = await resolved('kind: API\nspec:\n  versions:\n    - name: v1\n      definition:\n        $text: ./docs/api.yaml\n');
    assert.deepEqual(result.value, { kind: 'API', spec: { versions: [{ name: 'v1', definition: 'openapi: 3.0.0\n' }] } });
    assert.deepEqual(result.files, ['/ws/docs/api.yaml']);
  });

  it('leaves an entity without placeholders as written, its own copy', async () => {
    const text = 'kind: Component\nmetadata:\n  name: a\n  tags: [x, y]\nspec:\n  owner: team\n';
    const [document] = parseYamlFile(text).documents;
    const result = await resolvePlaceholders(source, '/ws/catalog-info.yaml', document.value, document);
    assert.deepEqual(result.value, { kind: 'Component', metadata: { name: 'a', tags: ['x', 'y'] }, spec: { owner: 'team' } });
    // The entity may be changed later (its namespace filled in); the parsed document, which an editor's next keystroke reuses, may not.
    assert.notEqual(result.value, document.value);
    assert.notEqual((result.value as { metadata: unknown }).metadata, (document.value as { metadata: unknown }).metadata);
  });

  it('keeps a `__proto__` key as plain data, not as the prototype', async () => {
    const result = await resolved('kind: Component\nmetadata:\n  name: a\n  __proto__:\n    polluted: true\n');
    const metadata = (result.value as { metadata: object }).metadata;
    assert.equal(Object.getPrototypeOf(metadata), Object.prototype);
    assert.ok(Object.hasOwn(metadata, '__proto__'));
    assert.equal((metadata as { polluted?: boolean }).polluted, undefined);
  });

  it('warns, and still reads the entity, when values nest deeper than placeholders are looked for', async () => {
    const depth = 300;
    const text = `kind: Component\nspec:\n  deep: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
    const result = await resolved(text);
    assert.deepEqual(
      result.problems.map((problem) => problem.code),
      ['placeholder-unresolved'],
    );
    assert.match(result.problems[0].message, /nested more than 256 levels deep/);
    assert.equal(result.failure, undefined);
  });
});
