import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startBackstage, type BackstageServer } from './backstageFixture';

// `greenroom template test --backstage`: each case also runs on the real scaffolder's dry run, and a
// case passes only where Backstage writes the same files and output as Greenroom.

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const FIXTURES = path.resolve(__dirname, '../fixtures');

function greenroom(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('greenroom template test --backstage, against a real scaffolder', function () {
  this.timeout(3 * 60_000);
  let server: BackstageServer;
  let folder: string;

  before(async function () {
    this.timeout(10 * 60_000);
    server = await startBackstage({ catalogFiles: [], expectedEntities: 0 });
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'greenroom-template-parity-'));
    cpSync(path.join(FIXTURES, 'template-tests'), folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const env = () => ({ GREENROOM_BACKSTAGE_TOKEN: server.token, GREENROOM_TEST_REGISTRY: 'https://npm.example.com/registry' });

  it('passes cases whose files and output Backstage renders the same, and compares only the files where its dry run makes up step outputs', () => {
    // A template that publishes: Backstage's dry run skips publish:github and invents its outputs.
    cpSync(path.join(FIXTURES, 'templates/greenroom-command-line-tool'), path.join(folder, 'tool'), { recursive: true });
    mkdirSync(path.join(folder, 'tool/tests'));
    writeFileSync(path.join(folder, 'tool/tests/basic.values.yaml'), 'values:\n  name: lint-all\n  repoUrl: github.com?owner=acme&repo=lint-all\n');
    const run = greenroom(['template', 'test', '--update', '--backstage', server.baseUrl], folder, env());
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /service\/template\.yaml \(template:default\/tested-service\)\n {2}✓ basic — same as Backstage\n {2}✓ with-docs — same as Backstage\n/);
    assert.match(run.stdout, /tool\/template\.yaml \(template:default\/greenroom-command-line-tool\)\n {2}✎ basic — snapshot written; output not compared: Backstage's dry run skips publish\n/);
  });

  it("fails a case where Backstage's files differ from Greenroom's, showing the diff", () => {
    // A step with `each` runs once per item on Backstage; Greenroom's local runner does not repeat steps yet.
    const template = path.join(folder, 'service/template.yaml');
    const repeated = '    - id: per-region\n      each: [eu, us]\n      action: fetch:template\n      input:\n        url: ./skeleton/docs\n        targetPath: regions/${{ each.value }}\n        values:\n          name: ${{ parameters.name }} in ${{ each.value }}\n';
    writeFileSync(template, readFileSync(template, 'utf8').replace('    - id: drop-docs\n', `${repeated}    - id: drop-docs\n`));
    const run = greenroom(['template', 'test', '--update', '--backstage', server.baseUrl, 'service/template.yaml'], folder, env());
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /✗ basic — Backstage's dry run differs from Greenroom's\n {6}regions\/eu\/index\.md: in Backstage, not in Greenroom\n {8}@@ -0,0 \+1,1 @@\n {8}\+# payments in eu docs\n/);
    assert.match(run.stdout, /regions\/us\/index\.md: in Backstage, not in Greenroom/);
    assert.ok(!run.stdout.includes(server.token), 'the token is not printed');
  });

  it('exits with 2 when Backstage refuses the token', () => {
    const run = greenroom(['template', 'test', '--backstage', server.baseUrl], folder, { ...env(), GREENROOM_BACKSTAGE_TOKEN: 'not-the-token' });
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /Backstage's dry run could not be run: .*(401|token|sign)/i);
  });
});
