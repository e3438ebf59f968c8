import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Catalog } from '../../../../src/core/catalog/catalog';
import { relationsOfRecord, toolLinksOf } from '../../../../src/core/catalog/catalogFile';
import { WorkspaceFiles } from '../../../../src/sources/workspaceFiles';
import { remoteCatalogFile } from '../../../../src/core/backstage/remoteCatalog';
import type { Entity } from '@backstage/catalog-model';
import { EXAMPLES, WORKSPACE } from '../../fixturePaths';

/** Spec fields that name other entities, with the relation Backstage's docs give each (kind-less refs get the default kind). */
const REF_FIELDS: Record<string, { relation: string; reverse: string; defaultKind?: string }> = {
  owner: { relation: 'ownedBy', reverse: 'ownerOf', defaultKind: 'group' },
  system: { relation: 'partOf', reverse: 'hasPart', defaultKind: 'system' },
  domain: { relation: 'partOf', reverse: 'hasPart', defaultKind: 'domain' },
  subdomainOf: { relation: 'partOf', reverse: 'hasPart', defaultKind: 'domain' },
  subcomponentOf: { relation: 'partOf', reverse: 'hasPart', defaultKind: 'component' },
  providesApis: { relation: 'providesApi', reverse: 'apiProvidedBy', defaultKind: 'api' },
  consumesApis: { relation: 'consumesApi', reverse: 'apiConsumedBy', defaultKind: 'api' },
  dependsOn: { relation: 'dependsOn', reverse: 'dependencyOf' },
  dependencyOf: { relation: 'dependencyOf', reverse: 'dependsOn' },
  memberOf: { relation: 'memberOf', reverse: 'hasMember', defaultKind: 'group' },
  parent: { relation: 'childOf', reverse: 'parentOf', defaultKind: 'group' },
  children: { relation: 'parentOf', reverse: 'childOf', defaultKind: 'group' },
  members: { relation: 'hasMember', reverse: 'memberOf', defaultKind: 'user' },
};
const KINDS_WITH_RELATIONS = new Set(['Component', 'API', 'Resource', 'System', 'Domain', 'Group', 'User']);

interface Doc {
  kind: string;
  metadata: { name: string; links?: { url: string }[] };
  spec?: Record<string, unknown>;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? yamlFiles(full) : name.endsWith('.yaml') ? [full] : [];
  });
}

function exampleDocuments(): Doc[] {
  return yamlFiles(EXAMPLES)
    .filter((file) => !file.endsWith('.oas.yaml'))
    .flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')) as unknown as { toJSON(): Doc }[])
    .map((doc) => doc.toJSON())
    .filter(Boolean);
}

describe('the Backstage example catalog', () => {
  let catalog: Catalog;
  const documents = exampleDocuments();

  before(async () => {
    catalog = new Catalog(new WorkspaceFiles([{ folder: EXAMPLES, include: ['all.yaml', 'acme-corp.yaml'], exclude: [] }]));
    await catalog.load();
  });

  it('reads every entity that all.yaml and acme-corp.yaml reach: 62 of 8 kinds', () => {
    const counts: Record<string, number> = {};
    for (const record of catalog.entities()) counts[record.entity.kind] = (counts[record.entity.kind] ?? 0) + 1;
    assert.deepEqual(counts, { API: 9, Component: 13, Domain: 3, Group: 8, Location: 8, Resource: 1, System: 3, User: 17 });
    assert.equal(catalog.entities().length, documents.length, 'one entity per YAML document in the examples');
  });

  it('gives every ref field of every entity its relation, in both directions', () => {
    let checked = 0;
    for (const doc of documents.filter((d) => KINDS_WITH_RELATIONS.has(d.kind))) {
      const self = `${doc.kind.toLowerCase()}:default/${doc.metadata.name}`;
      assert.equal(catalog.entity(self)?.failure, undefined, `${self} is valid`);
      const relations = catalog.relationsOf(self);
      for (const [field, rule] of Object.entries(REF_FIELDS)) {
        const value = doc.spec?.[field];
        if (value === undefined) continue;
        for (const written of [value].flat() as string[]) {
          const target = written.includes(':') ? written.replace(/^([^:]+):(?!.*\/)/, '$1:default/').toLowerCase() : `${rule.defaultKind}:default/${written}`;
          assert.ok(
            relations.some((r) => r.type === rule.relation && r.target.toLowerCase() === target),
            `${self} should have ${rule.relation} ${target}`,
          );
          assert.ok(
            catalog.relationsOf(target).some((r) => r.type === rule.reverse && r.target === self),
            `${target} should have ${rule.reverse} ${self}`,
          );
          checked++;
        }
      }
    }
    assert.ok(checked > 80, `checked ${checked} ref fields`);
  });

  // Backstage's entities, with the relations Backstage gives them, for relations built in slices past 100 entities.
  const component = (name: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:default/team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  });
  const remoteFile = (entities: Entity[]) => remoteCatalogFile({ baseUrl: 'https://backstage.example.com', appUrl: 'https://backstage.example.com' }, entities);

  it('indexes the same relations ahead of the first question, in slices, and starts over when the catalog changes meanwhile', async () => {
    const ahead = new Catalog(new WorkspaceFiles([{ folder: EXAMPLES, include: ['all.yaml', 'acme-corp.yaml'], exclude: [] }]));
    await ahead.load();
    let pauses = 0;
    // One pause per 100 entities: the example catalog's 62 fit one slice, so none is taken; a change during a larger build is below.
    await ahead.prepareRelations(() => Promise.resolve(void pauses++));
    for (const record of catalog.entities()) assert.deepEqual(ahead.relationsOf(record.ref), catalog.relationsOf(record.ref), record.ref);

    const changing = new Catalog(new WorkspaceFiles([{ folder: EXAMPLES, include: ['all.yaml', 'acme-corp.yaml'], exclude: [] }]));
    await changing.load();
    const many = Array.from({ length: 2_500 }, (_, i) => component(`c-${i}`));
    await changing.setRemote('https://backstage.example.com', remoteFile(many));
    let changed = false;
    const prepared = changing.prepareRelations(async () => {
      pauses++;
      if (changed) return;
      changed = true;
      await changing.setRemote('https://backstage.example.com', remoteFile([...many, component('late-arrival')]));
    });
    await prepared;
    assert.ok(pauses > 0, 'a catalog of 2,500 entities is indexed in slices');
    assert.ok(
      changing.relationsOf('component:default/late-arrival').some((r) => r.type === 'ownedBy'),
      'an entity added during the build has its relations',
    );
    assert.ok(changing.relationsOf('component:default/c-2499').some((r) => r.type === 'ownedBy'));
  });

  it('answers a question asked during the build in slices with every relation, finishing the build where it stands', async () => {
    const asked = new Catalog(new WorkspaceFiles([{ folder: EXAMPLES, include: ['all.yaml', 'acme-corp.yaml'], exclude: [] }]));
    await asked.load();
    await asked.setRemote('https://backstage.example.com', remoteFile(Array.from({ length: 250 }, (_, i) => component(`c-${i}`))));
    const owned = (ref: string) =>
      asked
        .relationsOf(ref)
        .filter((r) => r.type === 'ownedBy')
        .map((r) => r.target);
    let pauses = 0;
    await asked.prepareRelations(async () => {
      // At the first pause, 100 entities in: one the build has reached and one it has not.
      if (pauses++ > 0) return;
      assert.deepEqual(owned('component:default/c-0'), ['group:default/team-a']);
      assert.deepEqual(owned('component:default/c-249'), ['group:default/team-a']);
      await Promise.resolve();
    });
    assert.ok(pauses > 0, 'built in slices');
    for (let at = 0; at < 250; at++) assert.deepEqual(owned(`component:default/c-${at}`), ['group:default/team-a'], `c-${at}, once`);
    for (const record of catalog.entities()) assert.deepEqual(asked.relationsOf(record.ref), catalog.relationsOf(record.ref), record.ref);
  });

  it('emits no relation that no spec field asked for', () => {
    const total = catalog.entities().reduce((sum, record) => sum + relationsOfRecord(record).length, 0);
    const expected = documents.filter((d) => KINDS_WITH_RELATIONS.has(d.kind)).reduce((sum, d) => sum + Object.keys(REF_FIELDS).reduce((n, field) => n + [d.spec?.[field] ?? []].flat().length, 0), 0);
    assert.equal(total, expected * 2, 'two relations (one each way) per ref');
  });

  it('keeps every metadata link and derives links from well-known annotations', () => {
    for (const doc of documents) {
      const record = catalog.entity(`${doc.kind}:default/${doc.metadata.name}`)!;
      for (const link of doc.metadata.links ?? []) {
        assert.ok(
          toolLinksOf(record).some((l) => l.url === link.url && l.origin === 'metadata.links'),
          `${record.ref} keeps ${link.url}`,
        );
      }
    }
    const artist = catalog.entity('component:default/artist-lookup')!;
    assert.deepEqual(
      toolLinksOf(artist).map((l) => l.title),
      ['Examples Users', 'Example Group', 'Link with Cloud Icon', 'Dashboard', 'Support', 'Website', 'Alerts'],
    );
  });

  it('has no errors, only a note on each remote definition Greenroom does not fetch', () => {
    const problems = [...catalog.problems().values()].flat();
    const summary = problems.map((p) => `${path.relative(EXAMPLES, p.path)}:${p.range.start.line + 1} ${p.severity} ${p.code}`).sort();
    assert.deepEqual(summary, [
      'apis/spotify-api.yaml:19 info placeholder-remote',
      'apis/wayback-archive-api.yaml:13 info placeholder-remote',
      'apis/wayback-search-api.yaml:13 info placeholder-remote',
    ]);
  });

  it('resolves $text placeholders relative to the entity file', () => {
    const webhook = catalog.entity('api:default/petstore-webhook')!;
    const definition = (webhook.entity.spec as { definition: string }).definition;
    assert.equal(definition, readFileSync(path.join(EXAMPLES, 'apis/petstore-webhook.oas.yaml'), 'utf8'));
  });
});

describe('the bundled example workspace', () => {
  let catalog: Catalog;

  before(async () => {
    const settings = JSON.parse(readFileSync(path.join(WORKSPACE, '.vscode/settings.json'), 'utf8')) as Record<string, string[]>;
    catalog = new Catalog(new WorkspaceFiles([{ folder: WORKSPACE, include: settings['greenroom.catalog.include'], exclude: [] }]));
    await catalog.load();
  });

  it("adds the playground entity, shown as invalid with Backstage's reason", () => {
    assert.equal(catalog.entities().length, 63);
    const playground = catalog.entities().find((r) => r.entity.metadata.name === 'playground service')!;
    assert.ok(playground.failure);
    assert.match(playground.failure.message, /^Policy check failed for component:default\/playground service; caused by Error: "metadata.name" is not valid/);
    const problem = catalog.problems().get(playground.path)![0];
    assert.equal(problem.range.start.line, 5, 'the problem is on the name line');
  });

  it('holds only deliberate problems, each explained by a comment in its file', () => {
    const problems = [...catalog.problems().values()].flat();
    assert.deepEqual(problems.map((p) => `${p.severity} ${path.relative(WORKSPACE, p.path)}`).sort(), [
      'error playground/catalog-info.yaml',
      'info backstage/apis/spotify-api.yaml',
      'info backstage/apis/wayback-archive-api.yaml',
      'info backstage/apis/wayback-search-api.yaml',
    ]);
    for (const problem of problems) assert.match(readFileSync(problem.path, 'utf8'), /^\s*# Deliberate/m, problem.path);
  });
});
