import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { parse } from 'yaml';
import { runTemplate, type TemplateSpec } from '../../src/core/scaffolder/templateRunner';
import { publishToGitHub } from '../../src/sources/githubPublisher';
import { templateFolder } from '../../src/sources/templateFolder';
import type { EntityDetails, EntitySummary, RunRemoteTemplateResult, TemplateForm, TemplatePreview, TemplatePreviewRun } from '../../src/protocol/catalogProtocol';
import { githubStandIn } from '../server/githubStandIn';
import { LspClient } from '../server/lspClient';
import { startBackstage, type BackstageServer } from './backstageFixture';

// Templates that live in Backstage, run on Backstage's own scaffolder through the catalog server; the
// create-app sample publishes to GitHub (a loopback stand-in for its REST calls, with real git
// repositories behind it) and registers the new component in Backstage's catalog.

const TEMPLATES = path.resolve(__dirname, '../fixtures/templates');
const TEMPLATE = path.join(TEMPLATES, 'backstage-sample-templates/conditional-output-demo/template.yaml');
const REF = 'template:default/conditional-output-demo';
const CREATE_APP = path.join(TEMPLATES, 'backstage-create-app-examples/template/template.yaml');
const CREATE_APP_REF = 'template:default/example-nodejs-template';
/** A template whose skeleton holds an executable script. */
const TOOL = path.join(TEMPLATES, 'greenroom-command-line-tool/template.yaml');
/** A template whose one step waits half a minute, unless cancelled. */
const SLOW_TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: slow
spec:
  owner: user:guest
  type: service
  steps:
    - id: wait
      name: Wait
      action: debug:wait
      input:
        seconds: 30
`;
/** The create-app sample's users and groups: the template's notification goes to user:default/guest. */
const ORG = path.join(TEMPLATES, 'backstage-create-app-examples/org.yaml');

describe('running a Backstage template on the real scaffolder', function () {
  this.timeout(3 * 60_000);
  let backstage: BackstageServer;
  let client: LspClient;
  let dir: string;
  let github: Awaited<ReturnType<typeof githubStandIn>>;
  const GITHUB_TOKEN = 'backstage-github-token';

  before(async function () {
    this.timeout(10 * 60_000);
    dir = await mkdtemp(path.join(tmpdir(), 'greenroom-remote-template-'));
    github = await githubStandIn(['acme'], { token: GITHUB_TOKEN });
    await writeFile(path.join(dir, 'slow.yaml'), SLOW_TEMPLATE);
    // The templates, the guest user and group, and a Location for each file.
    backstage = await startBackstage({
      catalogFiles: [TEMPLATE, CREATE_APP, ORG, TOOL, path.join(dir, 'slow.yaml')],
      expectedEntities: 11,
      config: { integrations: { github: [{ host: github.host, apiBaseUrl: github.apiBaseUrl, token: GITHUB_TOKEN }] } },
    });
    client = new LspClient();
    client.tokens.set(new URL(backstage.baseUrl).origin, backstage.token);
    await client.initialize(dir, {}, { backstage: { baseUrl: backstage.baseUrl, refreshIntervalMinutes: 0 }, storagePath: path.join(dir, 'storage') });
    await client.waitFor(() => client.backstage[0]?.state === 'ready', 'the Backstage catalog', 60_000);
  });
  after(async () => {
    await client?.dispose();
    await backstage?.stop();
    await github?.close();
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

  it("previews it from its read-only document: the form and steps from Backstage, and a dry run on Backstage's scaffolder", async () => {
    const uri = URI.from({ scheme: 'greenroom-backstage', path: '/template/default/conditional-output-demo.yaml', query: backstage.baseUrl }).toString();
    const preview = await client.request<TemplatePreview>('greenroom/templatePreview', { uri, parameters: { name: 'orders' } });
    assert.equal(preview.form?.origin, 'backstage');
    assert.deepEqual(preview.form?.pages.map((p) => p.title), ['Options']);
    assert.deepEqual(preview.steps.map((step) => [step.id, step.runs]), [['log', 'yes']]);
    const run = await client.request<TemplatePreviewRun>('greenroom/templatePreviewRun', { uri, parameters: { name: 'orders', enableCI: 'No', showDetails: false } });
    assert.ok(run.ok, JSON.stringify(run));
    assert.deepEqual(run.output.links.map((l) => l.title), ['Backstage Homepage'], "the output Backstage's scaffolder rendered for these values");
    assert.ok(run.log.some((line) => line.includes('Creating orders')), run.log.join('\n'));
    const refused = await client.request<TemplatePreviewRun>('greenroom/templatePreviewRun', { uri, parameters: { enableCI: 'No' } });
    assert.ok(!refused.ok && /requires property "name"/.test(refused.message), JSON.stringify(refused));
  });

  it('says why Backstage refuses a run', async () => {
    const result = await client.request<RunRemoteTemplateResult>('greenroom/runRemoteTemplate', { ref: REF, parameters: { enableCI: 'No' } });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.message, 'Backstage\'s scaffolder refused the values: requires property "name".');
  });

  it('cancels a run: the scaffolder stops the task', async () => {
    const begun = new Promise<void>((resolve) =>
      client.connection.onNotification('greenroom/templateLog', ({ message }: { message: string }) => {
        if (message === 'Beginning step Wait') resolve();
      }),
    );
    const started = Date.now();
    const running = client.request<RunRemoteTemplateResult>('greenroom/runRemoteTemplate', { ref: 'template:default/slow', parameters: {} });
    await begun;
    await client.request('greenroom/cancelRemoteTemplate', { ref: 'template:default/slow' });
    const result = await running;
    assert.deepEqual([result.ok, !result.ok && result.message], [false, 'The task was cancelled.']);
    // The step is aborted: Backstage ends the task (as failed, its step having thrown) long before the half minute.
    const status = async () => {
      const response = await fetch(`${backstage.baseUrl}/api/scaffolder/v2/tasks/${result.taskId}`, { headers: { authorization: `Bearer ${backstage.token}` } });
      assert.equal(response.status, 200);
      return ((await response.json()) as { status: string }).status;
    };
    while ((await status()) === 'processing' && Date.now() - started < 25_000) await new Promise((resolve) => setTimeout(resolve, 250));
    assert.ok(['cancelled', 'failed'].includes(await status()), 'the task stopped');
  });

  it('creates a component with the create-app sample: Backstage publishes it to GitHub and registers it, and it joins the catalog', async () => {
    const result = await client.request<RunRemoteTemplateResult>('greenroom/runRemoteTemplate', {
      ref: CREATE_APP_REF,
      parameters: { name: 'svc', repoUrl: `${github.host}?owner=acme&repo=svc` },
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.output.links.map((l) => [l.title, l.url ?? l.entityRef]), [['Repository', `${github.origin}/acme/svc.git`], ['Open in catalog', 'component:default/svc']]);
    assert.ok(result.log.includes('Finished step Notify'), 'every step ran');
    assert.ok(result.log.some((line) => line.startsWith('info: Pushing directory to remote')), 'the log in plain text, without terminal colours');

    // Backstage's scaffolder pushed the component with git, as the repository's only commit, with its token.
    assert.equal(github.repos.get('acme/svc')?.description, 'This is svc');
    const pushed = github.files('acme/svc', 'main');
    assert.deepEqual([...pushed.keys()], ['catalog-info.yaml']);
    assert.match(pushed.get('catalog-info.yaml')?.contents.toString('utf8') ?? '', /^ {2}name: "svc"$/m);
    assert.deepEqual(github.commitOf('acme/svc', 'main').parents, []);
    const pushes = github.requests.filter((r) => r.path.endsWith('/git-receive-pack'));
    assert.ok(pushes.length > 0, 'a git push');
    assert.ok(pushes.every((r) => r.authorization === `Basic ${Buffer.from(`x-access-token:${GITHUB_TOKEN}`).toString('base64')}`));

    // Registered from the repository's URL, read back through GitHub's contents API; then Greenroom picks it
    // up by itself once Backstage has processed it, and says so when "Open in catalog" asks.
    await client.waitFor(() => client.backstage[0]?.entityCount === 13, 'the registered component and its Location in the catalog', 60_000);
    assert.equal(await client.request<boolean>('greenroom/awaitRegistered', { templateRef: CREATE_APP_REF, ref: 'component:default/svc' }), true);
    const details = await client.request<EntityDetails | null>('greenroom/entityDetails', { ref: 'component:default/svc' });
    assert.deepEqual(details?.entity.origins, ['backstage']);
    assert.ok(github.requests.some((r) => r.path === '/api/v3/repos/acme/svc/contents/catalog-info.yaml'), 'Backstage read the file from GitHub');
  });

  it('publishes what Backstage publishes, executable scripts included', async () => {
    // Backstage: a real run, its files pushed to GitHub with git.
    const remote = await client.request<RunRemoteTemplateResult>('greenroom/runRemoteTemplate', {
      ref: 'template:default/greenroom-command-line-tool',
      parameters: { name: 'lint', repoUrl: `${github.host}?owner=acme&repo=lint-by-backstage` },
    });
    assert.ok(remote.ok, JSON.stringify(remote));
    // Greenroom: the same template run locally, published through GitHub's REST API.
    const spec = parse(await readFile(TOOL, 'utf8')) as { spec: TemplateSpec };
    const local = await runTemplate({ steps: spec.spec.steps.filter((step) => step.action !== 'publish:github') }, { parameters: { name: 'lint' }, source: templateFolder(path.dirname(TOOL)) });
    await publishToGitHub({ host: github.host, owner: 'acme', repo: 'lint-by-greenroom' }, local.files, { apiBaseUrl: github.apiBaseUrl, token: GITHUB_TOKEN, defaultBranch: 'main' });

    const byBackstage = github.files('acme/lint-by-backstage', 'main');
    assert.equal(byBackstage.get('bin/lint')?.mode, '100755', 'Backstage keeps the script executable');
    assert.deepEqual(github.files('acme/lint-by-greenroom', 'main'), byBackstage, 'the same paths, contents and modes');
  });
});
