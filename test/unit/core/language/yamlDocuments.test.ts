import * as assert from 'node:assert/strict';
import { parseYamlFile, type YamlChunkCache } from '../../../../src/core/language/yamlDocuments';

const doc = (name: string, extra = '') => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n${extra}spec:\n  owner: team-a\n`;

describe('YAML documents', () => {
  it('re-parses only the edited document, and still places the others right', () => {
    const cache: YamlChunkCache = new Map();
    const before = `${doc('one')}---\n${doc('two')}---\n${doc('three')}`;
    parseYamlFile(before, cache);
    const reused = [...cache.values()];
    // Two lines more in the first document move the others down by two.
    const after = `${doc('one', '  title: One\n  description: First\n')}---\n${doc('two')}---\n${doc('three')}`;
    const parsed = parseYamlFile(after, cache);
    assert.equal([...cache.values()].filter((chunk) => reused.includes(chunk)).length, 2, 'the untouched documents were not parsed again');
    const fresh = parseYamlFile(after);
    assert.deepEqual(
      parsed.documents.map((d) => [d.index, d.range, d.rangeOf(['metadata', 'name']), d.keyRangeOf(['spec', 'owner'])]),
      fresh.documents.map((d) => [d.index, d.range, d.rangeOf(['metadata', 'name']), d.keyRangeOf(['spec', 'owner'])]),
    );
    assert.equal(parsed.documents[2].rangeOf(['metadata', 'name'])?.start.line, 19);
  });

  it('reports a syntax error on its line in a later document', () => {
    const parsed = parseYamlFile(`${doc('one')}---\nkind: [unclosed\n`);
    assert.equal(parsed.errors[0].range.start.line, 8);
    assert.equal(parsed.documents.length, 1);
  });

  it('maps offsets and positions both ways', () => {
    const { index } = parseYamlFile('a: 1\nbb: 2\n');
    assert.equal(index.offsetAt({ line: 1, character: 1 }), 6);
    assert.deepEqual(index.positionAt(6), { line: 1, character: 1 });
  });
});
