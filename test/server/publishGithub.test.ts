import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RunTemplateResult, TemplateForm } from '../../src/protocol/catalogProtocol';
import { githubStandIn } from './githubStandIn';
import { LspClient } from './lspClient';

// Backstage's create-app sample template run locally, end to end: fetch:template, publish:github
// (against a loopback stand-in for GitHub's REST API), catalog:register and notification:send.

const TEMPLATE = path.resolve(__dirname, '../fixtures/templates/backstage-create-app-examples/template');
const REF = 'template:default/example-nodejs-template';

describe('the create-app sample template, run locally with publish:github', () => {
  let client: LspClient;
  let root: string;
  let github: Awaited<ReturnType<typeof githubStandIn>>;
  const shown: string[] = [];
  let host = '';
  const run = (name: string, repoUrl: string) =>
    client.request<RunTemplateResult>('greenroom/runTemplate', { ref: REF, parameters: { name, repoUrl }, targetFolder: path.join(root, 'services', name), dryRun: false });

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'greenroom-publish-'));
    cpSync(TEMPLATE, path.join(root, 'templates', 'create-app'), { recursive: true });
    github = await githubStandIn(['acme']);
    client = new LspClient();
    // The stand-in is the GitHub Enterprise host the template publishes to: its API is on the same host.
    host = new URL(github.apiBaseUrl).host;
    client.connection.onRequest('greenroom/githubToken', ({ host: asked }: { host: string }) => (asked === host ? 'gh-token-for-tests' : null));
    client.connection.onNotification('window/showMessage', ({ message }: { message: string }) => void shown.push(message));
    await client.initialize(root, { include: ['templates/*/template.yaml'] }, { github: { integrations: [{ host, apiBaseUrl: github.apiBaseUrl }] } });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
  });
  after(async () => {
    await client.dispose();
    await github.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs every step locally', async () => {
    const form = await client.request<TemplateForm>('greenroom/templateForm', { ref: REF });
    assert.deepEqual(form.unsupportedActions, []);
    assert.deepEqual(form.steps.map((s) => s.action), ['fetch:template', 'publish:github', 'catalog:register', 'notification:send']);
  });

  it('touches neither GitHub nor the user in a dry run', async () => {
    const result = await client.request<RunTemplateResult>('greenroom/runTemplate', {
      ref: REF,
      parameters: { name: 'svc', repoUrl: `${host}?owner=acme&repo=svc` },
      targetFolder: path.join(root, 'services', 'svc'),
      dryRun: true,
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(result.files.some((file) => file.path === 'catalog-info.yaml'));
    assert.ok(result.log.some((line) => line.startsWith(`Would create ${host}/acme/svc`)));
    assert.deepEqual(github.requests, [], 'no call to GitHub');
    assert.deepEqual(shown, [], 'no notification');
  });

  it('publishes the files as the repository\'s first commit, writes them into the workspace and registers the component', async () => {
    const target = path.join(root, 'services', 'svc');
    const result = await run('svc', `${host}?owner=acme&repo=svc`);
    assert.ok(result.ok, JSON.stringify(result));

    // GitHub got the repository in the organisation, and exactly the files written locally, as one commit.
    assert.equal(github.repos.get('acme/svc')?.org, true);
    assert.equal(github.repos.get('acme/svc')?.description, 'This is svc');
    const pushed = github.files('acme/svc', 'main');
    assert.deepEqual([...pushed.keys()].sort(), [...result.written].sort());
    for (const file of result.written) assert.equal(pushed.get(file)?.contents.toString('utf8'), readFileSync(path.join(target, file), 'utf8'), file);
    assert.deepEqual(github.commitOf('acme/svc', 'main').parents, [], 'the only commit');
    assert.deepEqual(github.branches('acme/svc'), ['main']);
    assert.ok(github.requests.every((r) => r.authorization === 'token gh-token-for-tests'), 'the token went with every call to the API it is for');

    assert.deepEqual(result.output.links.map((l) => [l.title, l.url ?? l.entityRef]), [['Repository', `${github.origin}/acme/svc.git`], ['Open in catalog', 'component:default/svc']]);
    assert.ok(result.log.some((line) => line.includes('component:default/svc joins the workspace catalog')));
    await client.waitFor(() => shown.length > 0, 'the notification');
    assert.deepEqual(shown, ['Template executed: Your template has been executed']);
  });

  it('finds files in the way before it publishes anything', async () => {
    const calls = github.requests.length;
    const result = await run('svc', `${host}?owner=acme&repo=svc`);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /Nothing was written: (1 file exists|\d+ files exist) already/);
    assert.equal(github.requests.length, calls, 'GitHub was not called');
  });

  it('says how to sign in when there is no GitHub token, and writes nothing', async () => {
    const result = await run('other', 'github.com?owner=acme&repo=other');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /no GitHub sign-in for github\.com; sign in to GitHub in VS Code/);
    assert.equal(!result.ok && result.stepId, 'publish');
  });
});
