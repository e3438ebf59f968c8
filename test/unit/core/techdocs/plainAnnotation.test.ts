import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'glob';
import { parseYamlFile } from '../../../../src/core/language/yamlDocuments';
import { plainAnnotationValue } from '../../../../src/core/techdocs/plainAnnotation';

const REF = 'backstage.io/techdocs-ref';

/** What the parser says, for the same text: the range the fast path must match, or stand aside for. */
function parsed(text: string): { value: unknown; range: ReturnType<ReturnType<typeof parseYamlFile>['documents'][0]['rangeOf']> } {
  const document = parseYamlFile(text).documents[0];
  const value = (document.value as { metadata?: { annotations?: Record<string, unknown> } }).metadata?.annotations?.[REF];
  return { value, range: document.rangeOf(['metadata', 'annotations', REF]) };
}

const entity = (annotations: string, description = 'A service') =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n  description: ${description}\n  annotations:\n${annotations}\nspec:\n  type: service\n`;

describe('plainAnnotationValue: the techdocs-ref value found without a parse', () => {
  it('finds the value where the parser does, for the ways it is commonly written', () => {
    for (const text of [
      entity(`    ${REF}: dir:.`),
      entity(`    github.com/project-slug: acme/a\n    ${REF}: dir:./docs   # the docs folder`),
      entity(`    ${REF}: url:https://github.com/acme/a/tree/main`).replace(/\n/g, '\r\n'),
      entity(`    ${REF}:   dir:.  `),
    ]) {
      const { value, range } = parsed(text);
      assert.ok(range, text);
      assert.deepEqual(plainAnnotationValue(text, value), range, text);
    }
  });

  it('leaves to the parser what it cannot be sure of', () => {
    for (const text of [
      entity(`    ${REF}: 'dir:.'`),
      entity(`    ${REF}: "dir:."`),
      entity(`    ${REF}:\n      dir:.`),
      entity(`    ${REF}: dir:.\n      continued`),
      // The only line naming it sits in a description; the annotation itself is spelled with an escape.
      entity(`    "backstage.io/techdocs\\x2dref": dir:.`, `|\n    ${REF}: dir:.`),
      // The key as an alias of a description.
      entity(`    *k : dir:.`, `&k ${REF}`),
      `{apiVersion: backstage.io/v1alpha1, kind: Component, metadata: {name: a, annotations: {${REF}: dir:.}}, spec: {type: service}}\n`,
    ]) {
      const { value, range } = parsed(text);
      const found = plainAnnotationValue(text, value);
      assert.ok(found === undefined || JSON.stringify(found) === JSON.stringify(range), `${text}\nfound ${JSON.stringify(found)}, parser ${JSON.stringify(range)}`);
    }
    assert.equal(plainAnnotationValue(entity(`    ${REF}: 'dir:.'`), 'dir:.'), undefined, 'a quoted value');
    assert.equal(plainAnnotationValue(entity(`    "backstage.io/techdocs\\x2dref": dir:.`, `|\n    ${REF}: dir:.`), 'dir:.'), undefined, 'text in a block scalar is not taken for the key');
  });

  it('agrees with the parser on every entity of the catalogs in the fixtures', () => {
    let compared = 0;
    for (const file of globSync('**/*.yaml', { cwd: path.join(__dirname, '../../../fixtures'), absolute: true })) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes(REF)) continue;
      const starts = [0];
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      for (const document of parseYamlFile(text).documents) {
        const slice = text.slice(starts[document.range.start.line], starts[document.range.end.line + 1] ?? text.length);
        const { value, range } = parsed(slice);
        const found = plainAnnotationValue(slice, value);
        if (found === undefined) continue;
        assert.deepEqual(found, range, `${file}, line ${document.range.start.line + 1}`);
        compared++;
      }
    }
    assert.ok(compared >= 5, `compared ${compared} entities`);
  });
});
