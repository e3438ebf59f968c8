import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Trace } from 'vscode-jsonrpc/node';
import type { RunTemplateResult } from '../../src/protocol/catalogProtocol';
import { SecretSeal } from '../../src/extension/credentials/secretSeal';
import { githubStandIn } from './githubStandIn';
import { LspClient } from './lspClient';

// Tokens and template secrets cross the connection sealed with a key only the server process has:
// the server uses them, and a verbose trace of every message shows neither.

const TEMPLATE = path.resolve(__dirname, '../fixtures/templates/backstage-create-app-examples/template');
const GITHUB_TOKEN = 'ghp_sealed-token-for-tests';
const SECRET = 'an-api-key-of-31-characters-xyz';

describe('secrets on the connection to the catalog server', () => {
  let client: LspClient;
  let root: string;
  let github: Awaited<ReturnType<typeof githubStandIn>>;
  let trace = '';
  const results: { published?: RunTemplateResult; secret?: RunTemplateResult } = {};

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'greenroom-sealed-'));
    cpSync(TEMPLATE, path.join(root, 'templates', 'create-app'), { recursive: true });
    mkdirSync(path.join(root, 'templates', 'secret'));
    writeFileSync(
      path.join(root, 'templates', 'secret', 'template.yaml'),
      'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: secret\nspec:\n  owner: user:guest\n  type: service\n  steps:\n' +
        "    - id: log\n      action: debug:log\n      input:\n        message: 'the key has ${{ secrets.apiKey | length }} characters'\n",
    );
    github = await githubStandIn(['acme'], { token: GITHUB_TOKEN });
    const seal = new SecretSeal();
    client = new LspClient(seal.environment());
    await client.connection.trace(Trace.Verbose, { log: (message: string, data?: string) => void (trace += `${message}\n${data ?? ''}\n`) });
    client.connection.onRequest('greenroom/githubToken', () => seal.seal(GITHUB_TOKEN));
    await client.initialize(root, { include: ['templates/*/template.yaml'] }, { github: { integrations: [{ host: github.host, apiBaseUrl: github.apiBaseUrl }] } });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
    const run = (ref: string, parameters: Record<string, unknown>, secrets?: Record<string, string>) =>
      client.request<RunTemplateResult>('greenroom/runTemplate', { ref, parameters, sealedSecrets: seal.sealSecrets(secrets), targetFolder: path.join(root, 'out', ref.replace(/\W/g, '-')), dryRun: false });
    results.published = await run('template:default/example-nodejs-template', { name: 'svc', repoUrl: `${github.host}?owner=acme&repo=svc` });
    results.secret = await run('template:default/secret', {}, { apiKey: SECRET });
  });
  after(async () => {
    await client.dispose();
    await github.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('opens a sealed GitHub token and publishes with it', () => {
    assert.ok(results.published?.ok, JSON.stringify(results.published));
    assert.deepEqual([...github.files('acme/svc', 'main').keys()], ['catalog-info.yaml']);
  });

  it('opens sealed template secrets for the run', () => {
    assert.ok(results.secret?.ok, JSON.stringify(results.secret));
    assert.ok(results.secret.log.includes(`the key has ${SECRET.length} characters`), results.secret.log.join('\n'));
  });

  it('shows neither in a verbose trace of every message', () => {
    assert.match(trace, /greenroom\/githubToken/, 'the trace has the token request');
    assert.match(trace, /\$sealed/);
    assert.equal(trace.includes(GITHUB_TOKEN), false);
    assert.equal(trace.includes(SECRET), false);
  });
});
