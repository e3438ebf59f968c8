import * as assert from 'node:assert/strict';
import { ownStrings } from '../../../../src/core/catalog/ownStrings';
import { parseYamlFile } from '../../../../src/core/language/yamlDocuments';

describe('strings of a parsed entity', () => {
  it('read the same once copied, aliases and odd keys included, in the same objects', () => {
    const text = [
      'kind: Component',
      'metadata:',
      '  name: a-rather-long-component-name',
      '  annotations: &notes',
      '    github.com/project-slug: example-org/a-rather-long-repository',
      '  __proto__: a value under an awkward key',
      '  tags: [short, a-much-longer-tag-than-usual]',
      'spec:',
      '  copy: *notes',
      '  count: .inf',
    ].join('\n');
    const value = parseYamlFile(text).documents[0].value as Record<string, Record<string, unknown>>;
    const before = structuredClone(value);
    const metadata = value.metadata;
    assert.equal(ownStrings(value), value);
    assert.deepEqual(value, before);
    assert.equal(value.metadata, metadata);
    assert.equal(value.spec.count, Infinity);
    assert.equal(Object.getPrototypeOf(metadata), Object.prototype);
  });
});
