import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { EntityDetails, EntitySummary, RunTemplateResult, TemplateForm } from '../../src/protocol/catalogProtocol';
import { LspClient } from './lspClient';

// A workspace Template run locally through the catalog server: its form, a dry run, the real run
// into a folder of the workspace (the new component joins the catalog), and what is refused.

const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: node-service
  title: Node.js service
  description: A small Node.js service
spec:
  owner: team-a
  type: service
  parameters:
    - title: About the service
      required: [name, owner]
      properties:
        name: { type: string, title: Name }
        owner: { type: string, title: Owner, ui:field: OwnerPicker }
  steps:
    - id: fetch
      name: Fetch skeleton
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: \${{ parameters.name }}
          owner: \${{ parameters.owner }}
    - id: register
      name: Register
      action: catalog:register
      input:
        catalogInfoPath: /catalog-info.yaml
    - id: requested
      name: Requested by
      action: debug:log
      input:
        message: Requested by \${{ user.entity.spec.profile.displayName }} (\${{ user.ref }})
  output:
    links:
      - title: Open in catalog
        entityRef: \${{ steps.register.output.entityRef }}
`;

const SKELETON_CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: \${{ values.name }}
spec:
  type: service
  lifecycle: experimental
  owner: \${{ values.owner }}
`;

describe('running a workspace Template over stdio', () => {
  let client: LspClient;
  let root: string;
  const ref = 'template:default/node-service';
  const run = (params: Record<string, unknown>) =>
    client.request<RunTemplateResult>('greenroom/runTemplate', { ref, parameters: { name: 'billing', owner: 'group:team-a' }, dryRun: false, ...params });

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'greenroom-template-run-'));
    mkdirSync(path.join(root, 'templates/node-service/skeleton/src'), { recursive: true });
    writeFileSync(path.join(root, 'templates/node-service/catalog-info.yaml'), TEMPLATE);
    writeFileSync(path.join(root, 'templates/node-service/skeleton/catalog-info.yaml'), SKELETON_CATALOG);
    writeFileSync(path.join(root, 'templates/node-service/skeleton/src/index.js'), "console.log('${{ values.name }}');\n");
    mkdirSync(path.join(root, 'templates/node-service/skeleton/docs'));
    writeFileSync(path.join(root, 'templates/node-service/skeleton/docs/${{ values.name }}.md'), '# ${{ values.name }}\n');
    writeFileSync(path.join(root, 'catalog-info.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: jane\nspec:\n  profile:\n    displayName: Jane Doe\n  memberOf: []\n');
    client = new LspClient();
    // `user` is what VS Code passes as the greenroom.user setting.
    await client.initialize(root, {}, { user: 'jane' });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
  });
  after(async () => {
    await client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('lists the Template and gives its form', async () => {
    const templates = await client.request<EntitySummary[]>('greenroom/templates');
    assert.deepEqual(templates.map((t) => t.ref), [ref]);
    const form = await client.request<TemplateForm>('greenroom/templateForm', { ref });
    assert.equal(form.title, 'Node.js service');
    assert.deepEqual(form.pages.map((p) => p.title), ['About the service']);
    assert.deepEqual(form.steps.map((s) => s.action), ['fetch:template', 'catalog:register', 'debug:log']);
    assert.deepEqual(form.unsupportedActions, []);
  });

  it('shows in a dry run what it would write, and writes nothing', async () => {
    const target = path.join(root, 'services/billing');
    const result = await run({ targetFolder: target, dryRun: true });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.files.map((f) => f.path), ['catalog-info.yaml', 'docs/billing.md', 'src/index.js']);
    assert.equal(result.files[2].preview, "console.log('billing');\n");
    assert.deepEqual(result.output.links, [{ title: 'Open in catalog', entityRef: 'component:default/billing' }]);
    assert.ok(result.log.some((line) => line.includes('Beginning step Fetch skeleton')));
    assert.ok(result.log.includes('Requested by Jane Doe (user:default/jane)'), 'user.entity and user.ref are the user the setting names');
    assert.equal(existsSync(target), false);
  });

  it('writes the files, and the new component joins the catalog', async () => {
    const target = path.join(root, 'services/billing');
    const result = await run({ targetFolder: target });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.written.sort(), ['catalog-info.yaml', 'docs/billing.md', 'src/index.js']);
    assert.equal(readFileSync(path.join(target, 'src/index.js'), 'utf8'), "console.log('billing');\n");
    assert.deepEqual(readdirSync(path.join(root, 'services')), ['billing'], 'no staging folder left behind');
    // The editor's file watcher reports the new file.
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(path.join(target, 'catalog-info.yaml')).toString(), type: 1 }] });
    await client.waitFor(() => client.diagnostics.has(path.join(target, 'catalog-info.yaml')), 'the new file to be read');
    const details = await client.request<EntityDetails | null>('greenroom/entityDetails', { ref: 'component:default/billing' });
    assert.equal(details?.entity.owner, 'group:default/team-a');
  });

  it('replaces no existing file unless the user confirmed exactly those', async () => {
    const target = path.join(root, 'services/billing');
    writeFileSync(path.join(target, 'src/index.js'), '// edited by hand\n');
    const refused = await run({ targetFolder: target });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.message : '', /Nothing was written: 3 files exist already and were not confirmed: catalog-info\.yaml, docs\/billing\.md, src\/index\.js/);
    assert.equal(readFileSync(path.join(target, 'src/index.js'), 'utf8'), '// edited by hand\n');
    const confirmed = await run({ targetFolder: target, overwrite: ['catalog-info.yaml', 'docs/billing.md', 'src/index.js'] });
    assert.ok(confirmed.ok);
    assert.equal(readFileSync(path.join(target, 'src/index.js'), 'utf8'), "console.log('billing');\n");
  });

  it('writes nothing when a step fails, and says which', async () => {
    const target = path.join(root, 'services/broken');
    const result = await run({ targetFolder: target, parameters: { name: '../../escape', owner: 'team-a' } });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.stepId, 'fetch');
    assert.match(!result.ok ? result.message : '', /Step Fetch skeleton \(fetch:template\) failed: Output path leaves the target directory/);
    assert.equal(existsSync(target), false);
  });
});
