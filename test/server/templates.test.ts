import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LspClient } from './lspClient';

const TEMPLATES = path.resolve(__dirname, '../fixtures/templates');
const TEMPLATE = path.join(TEMPLATES, 'backstage-create-app-examples/template/template.yaml');

describe('Templates over stdio, on the create-app sample template', () => {
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    await client.initialize(TEMPLATES, { include: ['backstage-create-app-examples/template/template.yaml'] });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
  });
  after(() => client.dispose());

  it('reports a mistyped parameter and step as they are typed, and nothing on the original', async () => {
    const original = readFileSync(TEMPLATE, 'utf8');
    assert.deepEqual((client.diagnostics.get(TEMPLATE) ?? []).filter((d) => d.code.startsWith('template-')), []);
    const uri = await client.open(TEMPLATE, original);
    const typo = original.replace('name: ${{ parameters.name }}', 'name: ${{ parameters.nmae }}').replace("steps['publish'].output.remoteUrl", "steps['pubilsh'].output.remoteUrl");
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typo }] });
    const templateProblems = () => (client.diagnostics.get(TEMPLATE) ?? []).filter((d) => d.code.startsWith('template-'));
    await client.waitFor(() => templateProblems().length === 2, 'two template diagnostics');
    assert.deepEqual(templateProblems().map((d) => [d.code, d.range.start.line + 1]), [['template-unknown-parameter', 47], ['template-unknown-step', 84]]);
    assert.match(templateProblems()[0].message, /no parameter 'nmae'; the parameters are 'name', 'repoUrl'/);
  });
});
