import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startBackstage, type BackstageServer } from './backstageFixture';
import { parse } from 'yaml';
import { LOCAL_ACTIONS, runTemplate, type TemplateSpec } from '../../src/core/scaffolder/templateRunner';
import { templateFolder } from '../../src/sources/templateFolder';

// Greenroom's local template runner against the real scaffolder's dry-run: the same files, byte for
// byte, and the same rendered output.

const TEMPLATES = path.resolve(__dirname, '../fixtures/templates');
const SAMPLES = path.join(TEMPLATES, 'backstage-software-templates/scaffolder-templates');
const shared = {
  name: 'my-service',
  description: 'A service <made> & "tested"',
  owner: 'group:default/team-a',
  repoUrl: 'github.com?owner=acme&repo=my-service',
  component_id: 'my-service',
  java_package_name: 'io.acme.svc',
  package: 'io.acme',
  projectType: 'reactive',
  coverage: 'jacoco',
  lombok: true,
  metrics: false,
  enableCI: 'Yes',
  showDetails: true,
  dryRun: true,
};

/** `values` add to or replace the shared parameters, for templates that ask for their own. */
const cases: { title: string; file: string; values?: Record<string, unknown> }[] = [
  { title: 'create-app example', file: path.join(TEMPLATES, 'backstage-create-app-examples/template/template.yaml') },
  { title: 'docs-template', file: path.join(SAMPLES, 'docs-template/template.yaml') },
  { title: 'create-react-app', file: path.join(SAMPLES, 'create-react-app/template.yaml') },
  { title: 'react-ssr-template', file: path.join(SAMPLES, 'react-ssr-template/template.yaml') },
  { title: 'springboot-grpc-template', file: path.join(SAMPLES, 'springboot-grpc-template/template.yaml') },
  { title: 'clean-architecture-app', file: path.join(SAMPLES, 'clean-architecture-app/template.yaml') },
  { title: 'gitlab-merge-request', file: path.join(SAMPLES, 'gitlab-merge-request/template.yaml') },
  { title: 'pull-request', file: path.join(SAMPLES, 'pull-request/template.yaml') },
  { title: 'rails-demo (catalog:write, step if)', file: path.join(SAMPLES, 'rails-demo/template.yaml') },
  { title: 'conditional-output-demo (conditional output)', file: path.join(TEMPLATES, 'backstage-sample-templates/conditional-output-demo/template.yaml') },
  { title: 'accordion-demo (output text)', file: path.join(TEMPLATES, 'backstage-sample-templates/accordion-demo/template.yaml'), values: { serviceName: 'orders' } },
  {
    // The pinned scaffolder checks every page's required fields, whatever a page's `when` says.
    title: 'conditional-parameters-demo',
    file: path.join(TEMPLATES, 'backstage-sample-templates/conditional-parameters-demo/template.yaml'),
    values: { cloudProvider: 'AWS', awsRegion: 'us-east-1', awsAccountId: '123456789012', gcpProjectId: 'acme', azureSubscriptionId: 'sub-1', enableMonitoring: true, alertEmail: 'ops@example.com', alertThreshold: 80 },
  },
  {
    title: 'bui-kitchen-sink-demo (a list in output text)',
    file: path.join(TEMPLATES, 'backstage-sample-templates/bui-kitchen-sink-demo/template.yaml'),
    values: { email: 'dev@example.com', environment: 'production', region: 'eu-west-1', features: ['logging', 'tracing'], owner: { displayName: 'Team A' } },
  },
];

function allFiles(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(root, `${dir}${e.name}/`) : [`${dir}${e.name}`]));
}

describe('local template runs match a real Backstage scaffolder', function () {
  this.timeout(3 * 60_000);
  let server: BackstageServer;

  before(async function () {
    this.timeout(10 * 60_000);
    server = await startBackstage({ catalogFiles: [], expectedEntities: 0 });
  });
  after(async () => {
    await server?.stop();
  });

  for (const { title, file, values } of cases) {
    it(title, async () => {
      const parameters = { ...shared, ...values };
      const template = parse(fs.readFileSync(file, 'utf8')) as { spec: TemplateSpec };
      // Publishing and registering need git hosts and a catalog, and a fetch from a URL the network:
      // only the steps that run within the workspace are sent.
      template.spec.steps = template.spec.steps.filter((s) => s.action in LOCAL_ACTIONS && !/^https?:/.test(typeof s.input?.url === 'string' ? s.input.url : ''));
      const dir = path.dirname(file);
      // The dry-run runs the template as template:default/dry-run.
      const local = await runTemplate(template.spec, { parameters, source: templateFolder(dir), templateRef: 'template:default/dry-run' });

      const res = await fetch(`${server.baseUrl}/api/scaffolder/v2/dry-run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        // The sent files stand in for the template's directory, so `./skeleton` resolves within them.
        body: JSON.stringify({
          template,
          values: parameters,
          secrets: {},
          directoryContents: allFiles(dir).map((p) => ({ path: p, base64Content: fs.readFileSync(path.join(dir, p)).toString('base64') })),
        }),
      });
      assert.equal(res.status, 200, await res.clone().text());
      const body = (await res.json()) as { directoryContents: { path: string; base64Content: string }[]; output?: Record<string, unknown> };
      const remote = new Map(body.directoryContents.map((f) => [f.path, Buffer.from(f.base64Content, 'base64')]));

      assert.deepEqual([...local.files.keys()].sort(), [...remote.keys()].sort());
      for (const [p, b] of remote) assert.equal(local.files.get(p)!.toString('base64'), b.toString('base64'), p);
      assert.deepEqual(local.output, body.output ?? {}, 'the rendered output');
    });
  }
});
