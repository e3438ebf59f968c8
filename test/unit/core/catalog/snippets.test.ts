import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { validateEntity } from '../../../../src/core/catalog/entityValidation';

const SNIPPETS = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../snippets/catalog-info.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;

/** What the snippet inserts when every placeholder keeps its default (the first choice of a choice list). */
function expand(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|}]+)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\\$/g, '$');
}

describe('snippets', () => {
  it('has one for every kind', () => {
    const kinds = Object.values(SNIPPETS).map((s) => (parse(expand(s.body)) as { kind: string }).kind).sort();
    assert.deepEqual(kinds, ['API', 'Component', 'Domain', 'Group', 'Location', 'Resource', 'System', 'Template', 'User']);
  });

  for (const [name, snippet] of Object.entries(SNIPPETS)) {
    it(`${name} (${snippet.prefix}) is an entity Backstage accepts once filled in`, async () => {
      const entity = parse(expand(snippet.body)) as Record<string, unknown>;
      // A $text placeholder is resolved by the catalog before validation; stand in its result.
      const spec = entity.spec as Record<string, unknown>;
      if (typeof spec.definition === 'object') spec.definition = 'openapi: 3.0.0';
      assert.equal((await validateEntity(entity))?.message, undefined);
    });
  }
});
