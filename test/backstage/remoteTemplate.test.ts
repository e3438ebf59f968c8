import * as assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EntitySummary, RunRemoteTemplateResult, TemplateForm } from '../../src/protocol/catalogProtocol';
import { LspClient } from '../server/lspClient';
import { startBackstage, type BackstageServer } from './backstageFixture';

// A Template that lives in Backstage, run on Backstage's own scaffolder through the catalog server.

const TEMPLATE = path.resolve(__dirname, '../fixtures/templates/backstage-sample-templates/conditional-output-demo/template.yaml');
const REF = 'template:default/conditional-output-demo';

describe('running a Backstage template on the real scaffolder', function () {
  this.timeout(60_000);
  let backstage: BackstageServer;
  let client: LspClient;
  let dir: string;

  before(async function () {
    this.timeout(10 * 60_000);
    dir = await mkdtemp(path.join(tmpdir(), 'greenroom-remote-template-'));
    // The template and the Location Backstage adds for its file.
    backstage = await startBackstage({ catalogFiles: [TEMPLATE], expectedEntities: 2 });
    client = new LspClient();
    client.tokens.set(new URL(backstage.baseUrl).origin, backstage.token);
    await client.initialize(dir, {}, { backstage: { baseUrl: backstage.baseUrl, refreshIntervalMinutes: 0 }, storagePath: path.join(dir, 'storage') });
    await client.waitFor(() => client.backstage[0]?.state === 'ready', 'the Backstage catalog', 20_000);
  });
  after(async () => {
    await client?.dispose();
    await backstage?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists the template and reads its whole form from Backstage', async () => {
    const templates = await client.request<EntitySummary[]>('greenroom/templates');
    const template = templates.find((t) => t.ref === REF);
    assert.deepEqual(template?.origins, ['backstage']);
    const form = await client.request<TemplateForm>('greenroom/templateForm', { ref: REF });
    assert.equal(form.origin, 'backstage');
    assert.deepEqual(form.pages.map((p) => p.title), ['Options'], 'parameters are fetched with the whole entity');
  });

  it('runs it, relays its log and returns its rendered output', async () => {
    const lines: string[] = [];
    client.connection.onNotification('greenroom/templateLog', ({ message }: { message: string }) => void lines.push(message));
    const result = await client.request<RunRemoteTemplateResult>('greenroom/runRemoteTemplate', { ref: REF, parameters: { name: 'orders', enableCI: 'Yes', showDetails: true } });
    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(result.taskUrl.startsWith(`${backstage.baseUrl}/create/tasks/`));
    assert.deepEqual(result.output.links.map((l) => [l.title, l.url]), [['Backstage Homepage', 'https://backstage.io'], ['CI Dashboard', 'https://ci.example.com/orders'], ['CI Docs', 'https://ci.example.com/docs']]);
    assert.deepEqual(result.output.text.map((t) => t.title), ['Summary', 'CI Details', 'CI Setup Instructions']);
    assert.ok(result.log.some((line) => line.includes('Creating orders')), result.log.join('\n'));
    assert.ok(lines.some((line) => line.includes('Creating orders')), 'the log streams as it runs');
  });

  it('says why Backstage refuses a run', async () => {
    const result = await client.request<RunRemoteTemplateResult>('greenroom/runRemoteTemplate', { ref: REF, parameters: { enableCI: 'No' } });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.message, 'Backstage\'s scaffolder refused the values: requires property "name".');
  });
});
