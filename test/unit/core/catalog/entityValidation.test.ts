import * as assert from 'node:assert/strict';
import { validateEntity } from '../../../../src/core/catalog/entityValidation';
import { parseYamlFile } from '../../../../src/core/language/yamlDocuments';

const valueOf = (text: string) => parseYamlFile(text).documents[0].value;

describe("Backstage's verdict on an entity without a namespace", () => {
  const template = (output: string) => `apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: t\nspec:\n  type: service\n  steps: []\n  output:\n${output}\n`;

  it('accepts a Template whose output holds a `__proto__` map, as Backstage does: its namespace policy drops that key before the schema sees it', async () => {
    assert.equal(await validateEntity(valueOf(template('    __proto__: {a: 1}'))), undefined);
  });

  it("rejects a Template output value that is a map under another key, in the scaffolder's words", async () => {
    const failure = await validateEntity(valueOf(template('    links: [1]\n    other: {a: 1}')));
    assert.match(failure?.message ?? '', /^Processor ScaffolderEntitiesProcessor threw an error while validating the entity template:default\/t/);
  });

  it('accepts an ordinary entity and leaves the value it was given as it was', async () => {
    const value = valueOf('apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: c\nspec:\n  type: service\n  lifecycle: production\n  owner: team\n');
    assert.equal(await validateEntity(value), undefined);
    assert.equal((value as { metadata: { namespace?: string } }).metadata.namespace, undefined);
  });
});
