import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EntityGroupSummary, EntitySummary, SearchHit } from '../../src/protocol/catalogProtocol';
import { component } from '../unit/tempWorkspace';
import { cursorInText } from './cursorMarker';
import { LspClient } from './lspClient';

// A workspace whose catalog files name files outside it in every way known: nothing from outside
// reaches the tree, an entity's card, search, hover or diagnostics, and the refusals are on the lines.

const SENTINEL = `outside-secret-${randomUUID()}`;

describe('hostile paths over stdio', function () {
  this.timeout(20000);
  const parent = mkdtempSync(path.join(tmpdir(), 'greenroom-hostile-'));
  const workspace = path.join(parent, 'workspace');
  const outside = path.join(parent, 'outside');
  const catalogFile = path.join(workspace, 'catalog-info.yaml');
  const locations = path.join(workspace, 'locations.yaml');
  const catalogText = [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: leaky',
    '  description:',
    `    $text: ${path.join(outside, 'secret.txt')}`,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: team-a',
    '---',
    'apiVersion: backstage.io/v1alpha1',
    'kind: API',
    'metadata:',
    '  name: pets',
    'spec:',
    '  type: openapi',
    '  lifecycle: production',
    '  owner: team-a',
    '  definition:',
    '    $text: ../outside/secret.txt',
    '---',
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: consumer',
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: team-a',
    '  dependsOn: [component:leaky]',
    '',
  ].join('\n');
  const targets = [path.join(outside, 'catalog-info.yaml'), '../outside/catalog-info.yaml', '/etc/shadow', './outside-link/catalog-info.yaml', '/**/*.yaml', '../**', './rootlink/**', './loop/loop/catalog-info.yaml'];
  let client: LspClient;

  before(async () => {
    mkdirSync(path.join(outside, 'deeper'), { recursive: true });
    mkdirSync(workspace);
    writeFileSync(path.join(outside, 'secret.txt'), `${SENTINEL}\n`);
    writeFileSync(path.join(outside, 'catalog-info.yaml'), component('outsider', { description: SENTINEL }));
    writeFileSync(path.join(outside, 'deeper', 'catalog-info.yaml'), component('deep-outsider', { description: SENTINEL }));
    writeFileSync(catalogFile, catalogText);
    writeFileSync(locations, `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: hostile\nspec:\n  targets:\n${targets.map((t) => `    - ${JSON.stringify(t)}\n`).join('')}`);
    symlinkSync(outside, path.join(workspace, 'outside-link'));
    symlinkSync('/', path.join(workspace, 'rootlink'));
    symlinkSync(workspace, path.join(workspace, 'loop'));
    client = new LspClient();
    await client.initialize(workspace, { include: ['locations.yaml'] });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load', 10000);
  });

  after(async () => {
    await client.dispose();
    rmSync(parent, { recursive: true, force: true });
  });

  async function listed(): Promise<EntitySummary[]> {
    const groups = await client.request<EntityGroupSummary[]>('greenroom/entityGroups', { groupBy: 'kind' });
    const lists = await Promise.all(groups.map((group) => client.request<EntitySummary[]>('greenroom/groupEntities', { groupBy: 'kind', key: group.key })));
    return lists.flat();
  }

  it('lists only the workspace\'s entities, each once', async () => {
    const entities = await listed();
    assert.deepEqual(entities.map((entity) => entity.ref).sort(), ['api:default/pets', 'component:default/consumer', 'component:default/leaky', 'location:default/hostile']);
    assert.ok(!JSON.stringify(entities).includes(SENTINEL));
  });

  it('shows no outside text in entity cards or details', async () => {
    for (const entity of await listed()) {
      const card = await client.request<string | null>('greenroom/entityCard', { ref: entity.ref });
      const details = await client.request<unknown>('greenroom/entityDetails', { ref: entity.ref });
      assert.ok(!`${card}${JSON.stringify(details)}`.includes(SENTINEL), entity.ref);
    }
  });

  it('finds nothing from outside in search', async () => {
    assert.deepEqual(await client.request<SearchHit[]>('greenroom/search', { query: SENTINEL }), []);
    assert.deepEqual(await client.request<SearchHit[]>('greenroom/search', { query: 'outsider' }).then((hits) => hits.filter((hit) => /outsider/.test(hit.entity.ref))), []);
    assert.ok(!JSON.stringify(await client.request<SearchHit[]>('greenroom/search', { query: 'kind:component' })).includes(SENTINEL));
  });

  it('shows no outside text on hover', async () => {
    const uri = await client.open(catalogFile, catalogText);
    for (const needle of ['component:le|aky', 'name: le|aky', '$te|xt: ../outside', 'descrip|tion:']) {
      const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: cursorInText(catalogText, needle) });
      assert.ok(!JSON.stringify(hover).includes(SENTINEL), needle);
    }
  });

  it('reports each refusal on its line, and publishes nothing for a file outside', async () => {
    await client.waitFor(() => (client.diagnostics.get(locations)?.length ?? 0) >= targets.length - 1 && (client.diagnostics.get(catalogFile)?.length ?? 0) >= 2, 'the refusals');
    const onLocations = client.diagnostics.get(locations)!.map((d) => [d.range.start.line + 1, d.code]);
    // Lines 7 to 13 are refused; line 14 reaches catalog-info.yaml through the link loop, and it is read once.
    assert.deepEqual(onLocations.filter(([, code]) => code === 'location-outside-workspace'), [7, 8, 9, 10, 11, 12, 13].map((line) => [line, 'location-outside-workspace']));
    assert.deepEqual(
      client.diagnostics.get(catalogFile)!.filter((d) => d.code === 'placeholder-unresolved').map((d) => d.range.start.line + 1),
      [6, 21],
    );
    for (const [file, diagnostics] of client.diagnostics) {
      assert.ok(file.startsWith(workspace + path.sep), `diagnostics published for ${file}`);
      for (const diagnostic of diagnostics) assert.ok(!diagnostic.message.includes(SENTINEL), diagnostic.message);
    }
  });
});
