import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient } from '../server/lspClient';
import { startBackstage, type BackstageServer } from './backstageFixture';

// Backstage's own verdicts on the file that caused them, from the real backend: its processing errors on an
// entity it has, its location's errors on a file it cannot read, and its validate-entity answer for an entity
// it does not have. The backend runs an organisation's policy Greenroom cannot know (test/backstage/index.js
// refuses entities tagged retired-stack), so only Backstage's words can explain these refusals.

const GOOD = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing
  tags: [payments]
spec:
  type: service
  lifecycle: production
  owner: team-a
`;
const RETIRED = GOOD.replace('tags: [payments]', 'tags: [payments, retired-stack]');
const NEW_RETIRED = `${GOOD}---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: legacy-billing
  tags: [retired-stack]
spec:
  type: service
  lifecycle: experimental
  owner: team-a
`;
const BROKEN = `${GOOD}  dependsOn: [resource:ledger\n`;
const BACKSTAGE_CODES = ['backstage-processing-error', 'backstage-location-error', 'backstage-rejects'];

describe("Backstage's processing errors on the file that caused them", function () {
  this.timeout(4 * 60_000);
  let backstage: BackstageServer;
  let dir: string;
  let file: string;
  let client: LspClient;

  before(async function () {
    this.timeout(10 * 60_000);
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'greenroom-processing-')));
    file = path.join(dir, 'catalog-info.yaml');
    await writeFile(file, GOOD);
    backstage = await startBackstage({ catalogFiles: [file], expectedEntities: 2, processingIntervalSeconds: 1 });
    client = new LspClient();
    client.tokens.set(new URL(backstage.baseUrl).origin, backstage.token);
    await client.initialize(dir, {}, { backstage: { baseUrl: backstage.baseUrl, refreshIntervalMinutes: 0 }, storagePath: path.join(dir, 'storage'), firstRetryMs: 60_000 });
    await client.waitFor(() => client.backstage[0]?.state === 'ready', 'the Backstage catalog', 60_000);
  });
  after(async () => {
    await client?.dispose();
    await backstage?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    // Each case starts from the good file, processed by Backstage and read again by the server.
    await edit(GOOD);
    await untilBackstage(async () => (await errorsOf('component/default/billing')).length === 0 && (await locationErrors()).length === 0, 'Backstage to process the good file again');
    await client.request('greenroom/refreshBackstage', {});
    await client.waitFor(() => backstageDiagnostics().length === 0, "Backstage's verdicts to be gone");
  });

  const backstageDiagnostics = () => (client.diagnostics.get(file) ?? []).filter((d) => BACKSTAGE_CODES.includes(String(d.code)));

  /** Writes the file as an editor saving it would, and tells the server. */
  async function edit(text: string): Promise<void> {
    await writeFile(file, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(file).toString(), type: 2 }] });
  }

  async function fetchJson(pathname: string): Promise<unknown> {
    const res = await fetch(`${backstage.baseUrl}/api/catalog${pathname}`, { headers: { authorization: `Bearer ${backstage.token}` } });
    return res.ok ? res.json() : undefined;
  }
  async function errorsOf(name: string): Promise<string[]> {
    const entity = (await fetchJson(`/entities/by-name/${name}`)) as { status?: { items?: { level: string; message: string }[] } } | undefined;
    return (entity?.status?.items ?? []).filter((item) => item.level === 'error').map((item) => item.message);
  }
  /** The errors of the location Backstage's config registered for the file. */
  async function locationErrors(): Promise<string[]> {
    const page = (await fetchJson(`/entities/by-query?filter=${encodeURIComponent(`kind=location,spec.target=${file}`)}`)) as { items: { status?: { items?: { level: string; message: string }[] } }[] };
    return page.items.flatMap((entity) => (entity.status?.items ?? []).filter((item) => item.level === 'error').map((item) => item.message));
  }
  async function untilBackstage(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it("shows the error Backstage's processing recorded for an entity it has, on the entity, and drops it once processing succeeds", async () => {
    await edit(RETIRED);
    await untilBackstage(async () => (await errorsOf('component/default/billing')).length > 0, "Backstage's processing to fail");
    await client.request('greenroom/refreshBackstage', {});
    await client.waitFor(() => backstageDiagnostics().some((d) => d.code === 'backstage-processing-error'), 'the processing error on the file');
    const [diagnostic] = backstageDiagnostics();
    assert.equal(diagnostic.severity, 1, 'an error: Backstage does not take this version');
    assert.equal(diagnostic.range.start.line, RETIRED.split('\n').indexOf('  name: billing'), "on the entity's name");
    assert.match(diagnostic.message, new RegExp(`^Backstage at ${backstage.baseUrl.replace(/[.]/g, '\\.')} could not process component:default/billing and serves the version it processed last \\(as read \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\): `));
    assert.match(diagnostic.message, /billing is tagged retired-stack; new work must use the supported stack/, "Backstage's own words");
    assert.equal(diagnostic.source, 'backstage');
    assert.equal(backstageDiagnostics().length, 1);

    await edit(GOOD);
    await untilBackstage(async () => (await errorsOf('component/default/billing')).length === 0, 'Backstage to process the fixed file');
    await client.request('greenroom/refreshBackstage', {});
    await client.waitFor(() => backstageDiagnostics().length === 0, 'the processing error to go');
  });

  it("shows the error of the location that reads the file when Backstage cannot read it", async () => {
    await edit(BROKEN);
    await untilBackstage(async () => (await locationErrors()).length > 0, "Backstage's location to fail");
    await client.request('greenroom/refreshBackstage', {});
    await client.waitFor(() => backstageDiagnostics().some((d) => d.code === 'backstage-location-error'), 'the location error on the file');
    const diagnostic = backstageDiagnostics().find((d) => d.code === 'backstage-location-error')!;
    assert.equal(diagnostic.range.start.line, 0);
    assert.match(diagnostic.message, /could not read this file through its location location:default\/generated-[0-9a-f]+ /);
    assert.match(diagnostic.message, /YAML|yaml|flow/, "Backstage's parser's words");
    // Greenroom's own reading of the same text says where the syntax breaks.
    assert.ok((client.diagnostics.get(file) ?? []).some((d) => d.code === 'yaml-syntax'));
  });

  it('reports the same verdicts from greenroom validate --backstage, as Backstage errors, failing the run', async () => {
    await edit(RETIRED + NEW_RETIRED.slice(GOOD.length));
    await untilBackstage(async () => (await errorsOf('component/default/billing')).length > 0, "Backstage's processing to fail");
    const run = spawnSync(process.execPath, [path.resolve(__dirname, '../../dist/cli.js'), 'validate', '--backstage', backstage.baseUrl, '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GREENROOM_BACKSTAGE_TOKEN: backstage.token },
    });
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { problems: { code: string; line: number; source: string; message: string }[] };
    const verdicts = report.problems.filter((problem) => BACKSTAGE_CODES.includes(problem.code));
    assert.deepEqual(
      verdicts.map((problem) => [problem.code, problem.line, problem.source]),
      [
        ['backstage-processing-error', 4, 'backstage'],
        ['backstage-rejects', 14, 'backstage'],
      ],
    );
    assert.ok(verdicts.every((problem) => /is tagged retired-stack/.test(problem.message)));
    assert.ok(!run.stdout.includes(backstage.token) && !run.stderr.includes(backstage.token), 'the token is never printed');
  });

  it("asks validate-entity about an entity Backstage does not have, and shows its refusal until the entity changes", async () => {
    await edit(NEW_RETIRED);
    await client.waitFor(() => backstageDiagnostics().some((d) => d.code === 'backstage-rejects'), "validate-entity's answer on the new entity");
    const diagnostic = backstageDiagnostics().find((d) => d.code === 'backstage-rejects')!;
    assert.equal(diagnostic.range.start.line, NEW_RETIRED.split('\n').indexOf('  name: legacy-billing'));
    assert.match(diagnostic.message, /does not have component:default\/legacy-billing, and its validate-entity endpoint rejects it \(\d{4}-.* UTC\): /);
    assert.match(diagnostic.message, /legacy-billing is tagged retired-stack/);
    assert.equal(await fetchJson('/entities/by-name/component/default/legacy-billing'), undefined, 'Backstage indeed never stored it');

    // The refusal was about that version: once the tag is gone, it is asked again and nothing is shown.
    await edit(NEW_RETIRED.replace('tags: [retired-stack]', 'tags: [payments]'));
    await client.waitFor(() => !backstageDiagnostics().some((d) => d.code === 'backstage-rejects'), 'the refusal to go with the edit');
  });
});
