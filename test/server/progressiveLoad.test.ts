import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspClient } from './lspClient';

/** Enough one-entity files that reading them takes seconds, so the tree has several chances to fill in. */
const FILES = 6_000;

const name = (index: number) => `service-${String(index).padStart(5, '0')}`;
const component = (entity: string, owner: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${entity}\n  description: Takes payments for ${entity}\nspec:\n  type: service\n  lifecycle: production\n  owner: ${owner}\n`;

describe('the first load shows the catalog as files arrive', function () {
  this.timeout(180_000);
  let folder: string;
  let client: LspClient;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'greenroom-progressive-'));
    for (let i = 0; i < FILES; i++) {
      mkdirSync(path.join(folder, name(i)));
      // The owner is defined in the last file read (roots are read in path order); the last component's owner nowhere.
      writeFileSync(path.join(folder, name(i), 'catalog-info.yaml'), component(name(i), i === FILES - 1 ? 'team-nowhere' : 'team-late'));
    }
    mkdirSync(path.join(folder, 'zz'));
    writeFileSync(
      path.join(folder, 'zz', 'catalog-info.yaml'),
      `${component(name(0), 'team-late')}---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-late\nspec:\n  type: team\n  children: []\n`,
    );
  });
  after(async () => {
    await client?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('sends statuses with rising counts before the loaded one, and answers the tree and search from what it has read', async () => {
    client = new LspClient();
    let answeredWhileLoading: { groups: number; search: string[] } | undefined;
    // At the first status with progress, ask as the tree and the search box would; note whether the load had ended by the answers.
    const asked = client
      .waitFor(() => client.loadingStatuses.length > 0, 'a status while loading', 120_000)
      .then(async () => {
        const [groups, hits] = await Promise.all([
          client.request<{ count: number }[]>('greenroom/entityGroups', { groupBy: 'kind' }),
          // Among the first files read: the first status comes 250 ms in, several of the workers' jobs later.
          client.request<{ entity: { ref: string } }[]>('greenroom/search', { query: name(1) }),
        ]);
        if (client.catalogVersion < 0) answeredWhileLoading = { groups: groups.reduce((sum, group) => sum + group.count, 0), search: hits.map((hit) => hit.entity.ref) };
      });
    await client.initialize(folder);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load', 170_000);
    await asked;

    const statuses = client.loadingStatuses;
    assert.ok(statuses.length >= 2, `${statuses.length} statuses while loading`);
    for (const [index, status] of statuses.entries()) {
      assert.equal(status.loaded, false);
      assert.equal(status.progress!.filesFound, FILES + 1);
      assert.equal(status.entityCount, status.progress!.entities);
      if (index > 0)
        assert.ok(status.progress!.filesRead > statuses[index - 1].progress!.filesRead && status.entityCount > statuses[index - 1].entityCount, JSON.stringify(statuses.map((s) => s.progress)));
    }
    assert.ok(statuses.at(-1)!.entityCount < FILES, 'the last status while loading has not every entity yet');

    assert.ok(answeredWhileLoading, 'the tree and search answered before the load ended');
    assert.ok(answeredWhileLoading.groups >= statuses[0].entityCount && answeredWhileLoading.groups < FILES + 2, `the tree counted ${answeredWhileLoading.groups}`);
    assert.ok(answeredWhileLoading.search.includes(`component:default/${name(1)}`), answeredWhileLoading.search.join());

    // The loaded catalog is the whole one, linked as if shown only at the end: the owner read last resolves, the duplicate is found.
    const status = await client.request<{ loaded: boolean; entityCount: number; progress?: unknown }>('greenroom/status');
    assert.equal(status.loaded, true);
    assert.equal(status.progress, undefined);
    assert.equal(status.entityCount, FILES + 2);
    await client.waitFor(() => client.diagnostics.has(path.join(folder, 'zz', 'catalog-info.yaml')), 'the duplicate reported');
    const codes = (file: string) => (client.diagnostics.get(file) ?? []).map((d) => d.code);
    assert.deepEqual(codes(path.join(folder, 'zz', 'catalog-info.yaml')), ['duplicate-entity']);
    assert.deepEqual(codes(path.join(folder, name(1), 'catalog-info.yaml')), []);
    assert.ok(codes(path.join(folder, name(FILES - 1), 'catalog-info.yaml')).length > 0, 'the owner defined nowhere is reported');
    const details = await client.request<{ relations: { type: string; target?: { ref: string } }[] }>('greenroom/entityDetails', { ref: `component:default/${name(2)}` });
    assert.deepEqual(
      details.relations.map((relation) => [relation.type, relation.target?.ref]),
      [['ownedBy', 'group:default/team-late']],
    );
    const hits = await client.request<{ entity: { ref: string } }[]>('greenroom/search', { query: 'team-late' });
    assert.ok(hits.some((hit) => hit.entity.ref === 'group:default/team-late'));
  });
});

describe("a Location's targets show as they arrive", function () {
  this.timeout(180_000);
  let folder: string;
  let client: LspClient;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'greenroom-location-progress-'));
    mkdirSync(path.join(folder, 'services'));
    for (let i = 0; i < FILES; i++) writeFileSync(path.join(folder, 'services', `${name(i)}.yaml`), component(name(i), 'team-late'));
    const targets = Array.from({ length: FILES }, (_, i) => `    - ./services/${name(i)}.yaml`);
    // The first target names a file that is not there: it is no file found, a problem on its line, and (as in Backstage)
    // the Location's ingestion fails.
    writeFileSync(
      path.join(folder, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: services\nspec:\n  targets:\n    - ./services/gone.yaml\n${targets.join('\n')}\n`,
    );
  });
  after(async () => {
    await client?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('sends statuses with rising counts of all the files the Location names, then reads every one', async () => {
    client = new LspClient();
    await client.initialize(folder);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load', 170_000);

    const statuses = client.loadingStatuses.filter((status) => status.entityCount > 1);
    assert.ok(statuses.length >= 2, `${client.loadingStatuses.length} statuses while loading, counting ${client.loadingStatuses.map((s) => s.entityCount).join(', ')}`);
    for (const [index, status] of statuses.entries()) {
      assert.equal(status.progress!.filesFound, FILES + 1);
      if (index > 0) assert.ok(status.entityCount > statuses[index - 1].entityCount, JSON.stringify(statuses.map((s) => s.progress)));
    }
    assert.ok(statuses.at(-1)!.entityCount < FILES, 'the last status while loading has not every entity yet');

    const status = await client.request<{ loaded: boolean; entityCount: number; fileCount: number }>('greenroom/status');
    assert.equal(status.entityCount, FILES + 1);
    await client.waitFor(() => client.diagnostics.has(path.join(folder, 'catalog-info.yaml')), 'the missing target reported');
    const problems = client.diagnostics.get(path.join(folder, 'catalog-info.yaml'))!;
    assert.deepEqual(
      problems.map((problem) => [problem.code, problem.range.start.line]),
      [
        ['location-missing-target', 6],
        ['location-failed', 3],
      ],
    );
  });
});

describe('a load of files of many entities', function () {
  this.timeout(180_000);
  const FILES_OF_MANY = 40;
  const PER_FILE = 100;
  let folder: string;
  let client: LspClient;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'greenroom-many-per-file-'));
    for (let i = 0; i < FILES_OF_MANY; i++) {
      mkdirSync(path.join(folder, `part-${i}`));
      const entities = Array.from({ length: PER_FILE }, (_, j) => component(name(i * PER_FILE + j), 'team-late'));
      writeFileSync(path.join(folder, `part-${i}`, 'catalog-info.yaml'), entities.join('---\n'));
    }
  });
  after(async () => {
    await client?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows the first of them after a few files are parsed, not after a job of many', async () => {
    client = new LspClient();
    await client.initialize(folder);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load', 170_000);
    const counts = client.loadingStatuses.map((status) => status.entityCount).filter((count) => count > 0);
    // Until a job has been answered the workers are sent two files at a time, as how many entities a file holds is not known
    // (a job of 16 such files took a second or more): the first status comes after a few of those jobs at most.
    assert.ok(counts.length > 0 && counts[0] <= 10 * PER_FILE, `the first statuses counted ${counts.join(', ')}`);
    const status = await client.request<{ entityCount: number }>('greenroom/status');
    assert.equal(status.entityCount, FILES_OF_MANY * PER_FILE);
  });
});
