import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const FIXTURE = path.resolve(__dirname, '../fixtures/template-tests');
const SECRET = 'https://npm.example.com/s3cret-path';

function greenroom(args: string[], cwd: string, env: NodeJS.ProcessEnv = { GREENROOM_TEST_REGISTRY: SECRET }) {
  const inherited = { ...process.env };
  delete inherited.GREENROOM_TEST_REGISTRY;
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...inherited, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('greenroom template test', function () {
  this.timeout(120_000);
  let folder: string;
  const snapshot = (name: string) => path.join(folder, 'service/tests/__snapshots__', `${name}.snap.yaml`);

  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'greenroom-template-test-'));
    cpSync(FIXTURE, folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('passes every case whose dry run matches its committed snapshot, finding the templates itself', () => {
    const run = greenroom(['template', 'test'], folder);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^service\/template\.yaml \(template:default\/tested-service\)\n {2}✓ basic\n {2}✓ with-docs\n/);
    assert.match(run.stdout, /2 test cases: 2 passed, 0 failed\n$/);
  });

  it('fails on a changed snapshot, showing the difference as a unified diff', () => {
    writeFileSync(snapshot('with-docs'), readFileSync(snapshot('with-docs'), 'utf8').replace("console.log('ledger is up');", "console.log('ledger is ready');"));
    const run = greenroom(['template', 'test', 'service/template.yaml'], folder);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /✓ basic\n/);
    assert.match(run.stdout, /✗ with-docs — 1 difference from tests\/__snapshots__\/with-docs\.snap\.yaml\n {6}index\.js: contents differ\n {8}--- snapshot\n {8}\+\+\+ dry run\n {8}@@ -1,1 \+1,1 @@\n {8}-console\.log\('ledger is ready'\);\n {8}\+console\.log\('ledger is up'\);\n/);
    assert.match(run.stdout, /2 test cases: 1 passed, 1 failed\n$/);
  });

  it('shows control characters of a rendered file as text, so a template cannot write escape sequences to the terminal', () => {
    const skeleton = path.join(folder, 'service/skeleton/index.js');
    writeFileSync(skeleton, readFileSync(skeleton, 'utf8').replace('is up', 'is up\x1b[2J\x1b]0;pwned\x07'));
    const run = greenroom(['template', 'test', 'service/template.yaml'], folder);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout, /[\x1b\x07]/);
    assert.match(run.stdout, /\+console\.log\('.*is up\\x1b\[2J\\x1b\]0;pwned\\x07'\);/);
  });

  it('names files, executable bits, the output and steps that differ, and fails a case without a snapshot', () => {
    const changed = readFileSync(snapshot('basic'), 'utf8').replace('    executable: true\n', '').replace('drop-docs: completed', 'drop-docs: skipped').replace('to start payments.', 'to start billing.');
    writeFileSync(snapshot('basic'), changed.replace(/ {2}index\.js:\n {4}text: \|\n.*\n/, ''));
    rmSync(snapshot('with-docs'));
    const run = greenroom(['template', 'test'], folder);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /bin\/start: executable in the dry run, not executable in the snapshot/);
    assert.match(run.stdout, /index\.js: in the dry run, not in the snapshot\n {8}@@ -0,0 \+1,1 @@\n {8}\+console\.log\('payments is up'\);/);
    assert.match(run.stdout, /output differs\n(?: {8}.*\n)*? {8}- {4}content: Run bin\/start to start billing\.\n {8}\+ {4}content: Run bin\/start to start payments\.\n/);
    assert.match(run.stdout, /steps differ\n(?: {8}.*\n)*? {8}-drop-docs: skipped\n {8}\+drop-docs: completed\n/);
    assert.match(run.stdout, /✗ with-docs — no snapshot \(tests\/__snapshots__\/with-docs\.snap\.yaml\); run greenroom template test --update to write it/);
  });

  it('--update writes the snapshots, which then pass, and keeps secrets out of them', () => {
    rmSync(snapshot('with-docs'));
    writeFileSync(snapshot('basic'), 'files: [');
    const updated = greenroom(['template', 'test', '--update'], folder);
    assert.equal(updated.status, 0, updated.stdout + updated.stderr);
    assert.match(updated.stdout, /✎ basic — snapshot written\n {2}✎ with-docs — snapshot written\n/);
    assert.match(updated.stdout, /2 test cases: 0 passed, 0 failed, 2 snapshots written\n$/);
    const written = readFileSync(snapshot('with-docs'), 'utf8');
    assert.equal(written, readFileSync(path.join(FIXTURE, 'service/tests/__snapshots__/with-docs.snap.yaml'), 'utf8'));
    assert.ok(!written.includes(SECRET) && written.includes('Packages go to <secret registry>.'), 'the secret is named, not written');
    // Another value of the secret gives the same snapshot: CI's secret need not be a developer's.
    const again = greenroom(['template', 'test'], folder, { GREENROOM_TEST_REGISTRY: 'https://registry.internal/another' });
    assert.equal(again.status, 0, again.stdout + again.stderr);
  });

  it('exits with 2 when a secret is not in the environment or a values file is no test case, and fails a run that breaks', () => {
    const missing = greenroom(['template', 'test'], folder, {});
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /service\/tests\/basic\.values\.yaml: the secret registry is read from the environment variable GREENROOM_TEST_REGISTRY, which is not set/);

    writeFileSync(path.join(folder, 'service/tests/odd.values.yaml'), 'name: payments\n');
    const odd = greenroom(['template', 'test'], folder);
    assert.equal(odd.status, 2);
    assert.match(odd.stderr, /odd\.values\.yaml: it has 'name'; a values file holds only values and secrets/);

    // Values are data: an expression in one is written as text, never run.
    const hostile = "${{ ''.constructor.constructor('return process')().exit(7) }}";
    writeFileSync(path.join(folder, 'service/tests/odd.values.yaml'), `values:\n  name: "${hostile}"\n  owner: x\n`);
    const data = greenroom(['template', 'test', '--update'], folder);
    assert.equal(data.status, 0, data.stdout + data.stderr);
    assert.ok(readFileSync(snapshot('odd'), 'utf8').includes(`# ${hostile}`), 'the README holds the value as written');

    // A skeleton outside the template's folder is refused, and the run fails.
    const template = path.join(folder, 'service/template.yaml');
    writeFileSync(template, readFileSync(template, 'utf8').replace('url: ./skeleton', 'url: ../../'));
    const broken = greenroom(['template', 'test'], folder);
    assert.equal(broken.status, 1, broken.stdout + broken.stderr);
    assert.match(broken.stdout, /✗ basic — the dry run failed: Step Fetch skeleton \(fetch:template\) failed: \.\.\/\.\.\/ leaves the template's folder/);
    assert.match(broken.stdout, /3 test cases: 0 passed, 3 failed\n$/);
  });

  it('refuses usage it does not know, with exit code 2', () => {
    for (const args of [['template'], ['template', 'run'], ['template', 'test', 'nowhere.yaml'], ['template', 'test', '--format', 'json'], ['validate', '--update']]) {
      const run = greenroom(args, folder);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, /Run greenroom --help for usage/);
    }
    const empty = mkdtempSync(path.join(tmpdir(), 'greenroom-no-templates-'));
    try {
      const run = greenroom(['template', 'test'], empty);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /no template\.yaml below this folder has test cases/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
