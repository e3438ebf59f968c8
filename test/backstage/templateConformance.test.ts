import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startBackstage, type BackstageServer } from './backstageFixture';
import { parse } from 'yaml';
import { renderSkeleton, type SkeletonFiles } from '../../src/core/scaffolder/skeletonRenderer';
import { renderTemplateValue } from '../../src/core/scaffolder/templateRenderer';

// Greenroom's fetch:template against the real scaffolder's dry-run, file for file.

const TEMPLATES = path.resolve(__dirname, '../fixtures/templates');
const SAMPLES = path.join(TEMPLATES, 'backstage-software-templates/scaffolder-templates');
const parameters = {
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
};

const cases: { title: string; file: string }[] = [
  { title: 'create-app example', file: path.join(TEMPLATES, 'backstage-create-app-examples/template/template.yaml') },
  { title: 'docs-template', file: path.join(SAMPLES, 'docs-template/template.yaml') },
  { title: 'create-react-app', file: path.join(SAMPLES, 'create-react-app/template.yaml') },
  { title: 'react-ssr-template', file: path.join(SAMPLES, 'react-ssr-template/template.yaml') },
  { title: 'springboot-grpc-template', file: path.join(SAMPLES, 'springboot-grpc-template/template.yaml') },
  { title: 'clean-architecture-app', file: path.join(SAMPLES, 'clean-architecture-app/template.yaml') },
  { title: 'gitlab-merge-request', file: path.join(SAMPLES, 'gitlab-merge-request/template.yaml') },
  { title: 'pull-request', file: path.join(SAMPLES, 'pull-request/template.yaml') },
];

interface Step { id?: string; action: string; input?: Record<string, unknown> }

function diskSkeleton(root: string): SkeletonFiles {
  return {
    list: (dir) => fs.readdirSync(path.join(root, dir), { withFileTypes: true }).map((e) => (e.isDirectory() ? `${e.name}/` : e.name)),
    read: (file) => fs.readFileSync(path.join(root, file)),
  };
}
function allFiles(root: string, dir = ''): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(root, `${dir}${e.name}/`) : [`${dir}${e.name}`]));
}

describe('fetch:template rendering matches a real Backstage scaffolder', function () {
  this.timeout(30_000);
  let server: BackstageServer;

  before(async function () {
    this.timeout(10 * 60_000);
    server = await startBackstage({ catalogFiles: [], expectedEntities: 0 });
  });
  after(async () => {
    await server?.stop();
  });

  for (const { title, file } of cases) {
    it(title, async () => {
      const template = parse(fs.readFileSync(file, 'utf8')) as { spec: { steps: Step[] } };
      // Publishing and registering need git hosts and a catalog; only the
      // steps that produce files or logs are sent.
      template.spec.steps = template.spec.steps.filter((s) => s.action === 'fetch:template' || s.action === 'debug:log');
      const dir = path.dirname(file);

      const local = new Map<string, Buffer>();
      for (const step of template.spec.steps.filter((s) => s.action === 'fetch:template')) {
        const input = renderTemplateValue(step.input, { parameters }) as { url: string; targetPath?: string; values?: Record<string, unknown>; copyWithoutTemplating?: string[]; templateFileExtension?: string | boolean; cookiecutterCompat?: boolean };
        const out = renderSkeleton(diskSkeleton(path.join(dir, input.url)), { ...input, values: input.values ?? {} });
        const prefix = input.targetPath ? `${path.posix.normalize(input.targetPath).replace(/\/$/, '')}/` : '';
        for (const [p, b] of out) if (!local.has(prefix + p)) local.set(prefix + p, b);
      }

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
      const body = (await res.json()) as { directoryContents: { path: string; base64Content: string }[] };
      const remote = new Map(body.directoryContents.map((f) => [f.path, Buffer.from(f.base64Content, 'base64')]));

      assert.deepEqual([...local.keys()].sort(), [...remote.keys()].sort());
      for (const [p, b] of remote) assert.equal(local.get(p)!.toString('base64'), b.toString('base64'), p);
    });
  }
});
