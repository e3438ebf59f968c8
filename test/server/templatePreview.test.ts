import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TemplatePreview, TemplatePreviewRun } from '../../src/protocol/catalogProtocol';
import { LspClient } from './lspClient';

// The preview beside a template.yaml, over stdio: the form and the steps follow the unsaved text at
// once (no wait for the typing pause), and dry runs are compared with the one before.

const template = (extraParameter = '', message = 'Hello') => `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: preview-me
  title: Preview me
spec:
  owner: team-a
  type: service
  parameters:
    - title: About
      required: [name]
      properties:
        name: { type: string, title: Name }
        withDocs: { type: boolean, title: With docs }${extraParameter}
  steps:
    - id: fetch
      name: Fetch
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: \${{ parameters.name }}
          message: ${message}
    - id: docs
      name: Docs
      if: \${{ parameters.withDocs }}
      action: debug:log
      input:
        message: docs for \${{ parameters.name }}
    - id: after
      name: After fetch
      if: \${{ steps.fetch.output.ok }}
      action: debug:log
  output:
    text:
      - title: Made
        content: \${{ parameters.name }}
`;

describe('the template preview over stdio', function () {
  this.timeout(60_000);
  let client: LspClient;
  let root: string;
  let uri: string;
  let version = 1;
  const file = () => path.join(root, 'templates/preview/template.yaml');
  const edit = (text: string) => client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
  const preview = (parameters: Record<string, unknown> = {}) => client.request<TemplatePreview>('greenroom/templatePreview', { uri, parameters });
  const dryRun = (parameters: Record<string, unknown>) => client.request<TemplatePreviewRun>('greenroom/templatePreviewRun', { uri, parameters });

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'greenroom-template-preview-'));
    mkdirSync(path.join(root, 'templates/preview/skeleton'), { recursive: true });
    writeFileSync(file(), template());
    writeFileSync(path.join(root, 'templates/preview/skeleton/README.md'), '# ${{ values.name }}\n\n${{ values.message }}\n');
    writeFileSync(path.join(root, 'templates/preview/skeleton/logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    writeFileSync(path.join(root, 'templates/preview/skeleton/big.txt'), 'x'.repeat(300 * 1024));
    writeFileSync(path.join(root, 'catalog-info.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: templates\nspec:\n  targets: [./templates/preview/template.yaml]\n');
    client = new LspClient();
    await client.initialize(root, {}, { workspaceTrusted: true });
    uri = await client.open(file(), template());
  });

  after(async () => {
    await client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('gives the form and which steps run for the values, and follows an edit sent just before', async () => {
    const first = await preview({ name: 'billing' });
    assert.deepEqual(Object.keys(first.form?.pages[0].schema.properties ?? {}), ['name', 'withDocs']);
    assert.deepEqual(
      first.steps.map((step) => [step.id, step.runs]),
      [
        ['fetch', 'yes'],
        ['docs', 'no'],
        ['after', 'depends'],
      ],
    );
    assert.equal((await preview({ name: 'billing', withDocs: true })).steps[1].runs, 'yes');

    // The request follows the edit at once: the server does not wait for its typing pause.
    await edit(template('\n        tier: { type: string, title: Tier, enum: [gold, silver] }'));
    const edited = await preview({ name: 'billing' });
    assert.deepEqual(Object.keys(edited.form?.pages[0].schema.properties ?? {}), ['name', 'withDocs', 'tier']);
  });

  it('answers with the last edit whenever the request comes: before, during or after the catalog takes it in', async () => {
    for (let wait = 0; wait < 24; wait += 2) {
      await edit(template(`\n        field${wait}: { type: string }`));
      // The catalog takes an edit in after a 10 ms pause: a request may come while it is doing so.
      await new Promise((resolve) => setTimeout(resolve, wait));
      const properties = Object.keys((await preview()).form?.pages[0].schema.properties ?? {});
      assert.equal(properties.at(-1), `field${wait}`, `asked ${wait} ms after the edit`);
    }
    await edit(template());
  });

  it('shows the template problems and keeps going when the schema is broken', async () => {
    await edit(template().replace('action: debug:log\n      input:\n        message: docs', 'action: no:such-action\n      input:\n        message: docs'));
    const withUnknown = await preview();
    assert.ok(withUnknown.form, 'the form is still there');
    assert.ok(withUnknown.problems.length > 0, 'the unknown action is a problem');
    assert.ok(
      withUnknown.problems.some((problem) => /no:such-action/.test(problem.message)),
      JSON.stringify(withUnknown.problems),
    );
    // A schema half typed: the preview says why, and the page keeps the form it had.
    await edit(template().replace('withDocs: { type: boolean', 'withDocs: { type: bool'));
    const broken = await preview();
    assert.equal(broken.form, undefined);
    assert.ok(
      broken.problems.some((problem) => /does not compile: About: schema is invalid: .*type/.test(problem.message)),
      JSON.stringify(broken.problems),
    );
    await edit('apiVersion: scaffolder.backstage.io/v1beta3\nkind: Component\n');
    const none = await preview();
    assert.equal(none.form, undefined);
    await edit(template());
  });

  it('dry-runs the unsaved text and marks what changed since the previous dry run', async () => {
    const first = await dryRun({ name: 'billing' });
    assert.ok(first.ok, JSON.stringify(first));
    const byPath = new Map(first.files.map((entry) => [entry.path, entry]));
    assert.equal(byPath.get('README.md')?.text, '# billing\n\nHello\n');
    assert.equal(byPath.get('README.md')?.change, 'added');
    assert.equal(byPath.get('logo.png')?.kind, 'binary');
    assert.equal(byPath.get('logo.png')?.text, undefined);
    assert.equal(byPath.get('big.txt')?.kind, 'large');
    assert.equal(byPath.get('big.txt')?.text?.length, 300 * 1024, 'a large file is not cut');
    assert.match(first.rawOutput, /"content": "billing"/);

    await edit(template('', 'Goodbye'));
    const second = await dryRun({ name: 'billing' });
    assert.ok(second.ok);
    const readme = second.files.find((entry) => entry.path === 'README.md');
    assert.equal(readme?.change, 'changed');
    assert.ok(readme?.diff?.includes('-Hello') && readme.diff.includes('+Goodbye'), readme?.diff?.join('\n'));
    assert.equal(second.files.find((entry) => entry.path === 'logo.png')?.change, 'unchanged');
  });
});

describe('the template preview in an untrusted workspace', function () {
  this.timeout(60_000);
  it('shows the form but runs nothing', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'greenroom-template-preview-untrusted-'));
    mkdirSync(path.join(root, 'skeleton'));
    writeFileSync(path.join(root, 'skeleton/README.md'), '# ${{ values.name }}\n');
    writeFileSync(path.join(root, 'catalog-info.yaml'), template());
    const client = new LspClient();
    try {
      await client.initialize(root, {}, { workspaceTrusted: false });
      const uri = await client.open(path.join(root, 'catalog-info.yaml'), template());
      const shown = await client.request<TemplatePreview>('greenroom/templatePreview', { uri, parameters: {} });
      assert.equal(shown.form?.title, 'Preview me');
      const run = await client.request<TemplatePreviewRun>('greenroom/templatePreviewRun', { uri, parameters: { name: 'x' } });
      assert.ok(!run.ok && /untrusted workspace/.test(run.message));
    } finally {
      await client.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
