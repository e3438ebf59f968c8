import * as assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import type { ApiDefinitionLens, EntityGraph, EntityPage } from '../../src/protocol/catalogProtocol';
import { component, TempWorkspace } from '../unit/tempWorkspace';
import { LspClient } from './lspClient';

const doc = (kind: string, name: string, spec: string, metadata = '') => `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${metadata}spec:\n${spec}`;

describe('the entity page over stdio', () => {
  let workspace: TempWorkspace;
  let client: LspClient;
  const page = (ref: string) => client.request<EntityPage | null>('greenroom/entityPage', { ref });
  /** Each section as `title: refs`, the way a reader scans the page. */
  const sections = (found: EntityPage | null) => found?.sections.map((section) => `${section.title}: ${section.entities.map((e) => e.ref).join(', ') || section.empty}`);

  before(async () => {
    workspace = new TempWorkspace({
      'checkout/catalog-info.yaml': component('checkout', {
        owner: 'team-a',
        system: 'shop',
        providesApis: ['checkout-api'],
        consumesApis: ['payments-api'],
        dependsOn: ['resource:orders-db', 'component:ghost'],
      }),
      'widget/catalog-info.yaml': component('checkout-widget', { subcomponentOf: 'checkout', owner: 'user:jane' }),
      'payments/catalog-info.yaml': component('payments', { owner: 'team-b', providesApis: ['payments-api'] }),
      'apis/catalog-info.yaml': `${doc('API', 'checkout-api', '  type: openapi\n  lifecycle: production\n  owner: team-a\n  system: shop\n  definition:\n    $text: ./checkout.oas.yaml\n')}---\n${doc('API', 'payments-api', '  type: grpc\n  lifecycle: production\n  owner: team-b\n  definition: "service Payments {}"\n')}`,
      'apis/checkout.oas.yaml': 'openapi: 3.0.0\ninfo:\n  title: Checkout\n',
      'org/more-entities.yaml': `${doc('Resource', 'cache', '  type: cache\n  owner: ops\n')}---\n${doc('Resource', 'queue', '  type: queue\n  owner: ops\n')}`,
      'org/catalog-info.yaml': [
        doc('Group', 'team-a', '  type: team\n  parent: engineering\n  children: []\n  members: [jane]\n', '  description: The checkout team\n'),
        doc('Group', 'team-b', '  type: team\n  parent: engineering\n  children: []\n'),
        doc('Group', 'engineering', '  type: department\n  children: [team-a, team-b]\n'),
        doc('User', 'jane', '  profile:\n    email: jane@example.com\n  memberOf: [team-a]\n'),
        doc('System', 'shop', '  owner: team-a\n  domain: commerce\n'),
        doc('Domain', 'commerce', '  owner: engineering\n'),
        doc('Resource', 'orders-db', '  type: database\n  owner: team-a\n  system: shop\n'),
        doc('Location', 'more', '  targets: [./none.yaml, ./more-entities.yaml]\n'),
      ].join('---\n'),
    });
    client = new LspClient();
    // VS Code's client names the command that opens a page; hover cards link to it.
    await client.initialize(workspace.root, {}, { entityPageCommand: 'greenroom.openEntity' });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first load');
  });
  after(async () => {
    await client.dispose();
    workspace.dispose();
  });

  it("shows a component's owner, system and domain, and its APIs, dependencies and parts", async () => {
    const found = await page('component:default/checkout');
    assert.ok(found);
    assert.equal(found.entity.title, 'checkout');
    assert.deepEqual([found.owner?.ref, found.owner?.title, found.system?.ref, found.domain?.ref], ['group:default/team-a', 'team-a', 'system:default/shop', 'domain:default/commerce']);
    assert.equal(found.inWorkspace, true);
    assert.deepEqual(sections(found), [
      'Provided APIs: api:default/checkout-api',
      'Consumed APIs: api:default/payments-api',
      'Depends on: component:default/ghost, resource:default/orders-db',
      'Dependency of: Nothing depends on it',
      'Subcomponents: component:default/checkout-widget',
    ]);
    const ghost = found.sections[2].entities[0];
    assert.equal(ghost.inCatalog, false, 'a ref the catalog lacks is shown as such');
  });

  it("shows an API's providers and consumers and its definition, read from $text", async () => {
    const found = await page('api:default/checkout-api');
    assert.deepEqual(sections(found), ['Providers: component:default/checkout', 'Consumers: No component consumes it']);
    assert.deepEqual(found?.definition, { type: 'openapi', text: 'openapi: 3.0.0\ninfo:\n  title: Checkout\n', operations: [], schemas: [] });
    assert.deepEqual(sections(await page('api:default/payments-api')), ['Providers: component:default/payments', 'Consumers: component:default/checkout']);
  });

  it("shows a group's parent, members with their email, children and what it owns by kind", async () => {
    const found = await page('group:default/team-a');
    assert.equal(found?.parent?.ref, 'group:default/engineering');
    assert.deepEqual(sections(found), [
      'Members: user:default/jane',
      'Child groups: Has no child groups',
      'Owns · Components: component:default/checkout',
      'Owns · APIs: api:default/checkout-api',
      'Owns · Resources: resource:default/orders-db',
      'Owns · Systems: system:default/shop',
    ]);
    assert.equal(found?.sections[0].entities[0].email, 'jane@example.com');
    assert.deepEqual(sections(await page('group:default/engineering')), ['Members: Has no members', 'Child groups: group:default/team-a, group:default/team-b', 'Owns · Domains: domain:default/commerce']);
  });

  it("shows a user's groups and what they own, a system's and a domain's parts, a resource's dependents and a location's targets", async () => {
    assert.deepEqual(sections(await page('user:default/jane')), ['Groups: group:default/team-a', 'Owns · Components: component:default/checkout-widget']);
    assert.deepEqual(sections(await page('system:default/shop')), ['Components: component:default/checkout', 'APIs: api:default/checkout-api', 'Resources: resource:default/orders-db']);
    const domain = await page('domain:default/commerce');
    assert.deepEqual(sections(domain), ['Systems: system:default/shop', 'Subdomains: Has no subdomains']);
    assert.deepEqual(sections(await page('resource:default/orders-db')), ['Dependents: component:default/checkout', 'Depends on: Depends on nothing in the catalog']);
    const targets = (await page('location:default/more'))?.targets ?? [];
    assert.deepEqual(
      targets.map(({ target, produced, total }) => `${target}: ${produced.map((link) => link.ref).join(', ')} (${total})`),
      ['./none.yaml:  (0)', './more-entities.yaml: resource:default/cache, resource:default/queue (2)'],
    );
    assert.match(targets[0].failure ?? '', /none\.yaml/, 'a target that reaches nothing says why');
  });

  it("draws an entity's neighbourhood to a depth, each relation once, in its forward direction", async () => {
    const graph = (depth: number) => client.request<EntityGraph | null>('greenroom/entityGraph', { ref: 'component:default/checkout', depth });
    const near = await graph(1);
    assert.deepEqual(near?.edges.map((e) => `${e.source} ${e.type} ${e.target}`).sort(), [
      'component:default/checkout consumesApi api:default/payments-api',
      'component:default/checkout dependsOn component:default/ghost',
      'component:default/checkout dependsOn resource:default/orders-db',
      'component:default/checkout ownedBy group:default/team-a',
      'component:default/checkout partOf system:default/shop',
      'component:default/checkout providesApi api:default/checkout-api',
      'component:default/checkout-widget partOf component:default/checkout',
    ]);
    assert.equal(near?.nodes.find((n) => n.ref === 'component:default/ghost')?.inCatalog, false);
    const far = await graph(2);
    assert.ok(far?.nodes.some((n) => n.ref === 'component:default/payments'), 'the provider of a consumed API is two steps away');
    assert.ok(far?.edges.some((e) => e.source === 'user:default/jane' && e.type === 'memberOf' && e.target === 'group:default/team-a'));
    assert.ok((far?.nodes.length ?? 0) > (near?.nodes.length ?? 0));
  });

  it('names the API an API definition file defines, with its providers and consumers', async () => {
    const lenses = (file: string, text: string) => client.request<ApiDefinitionLens[]>('greenroom/apiDefinitionLens', { uri: URI.file(workspace.path(file)).toString(), text });
    const found = await lenses('apis/checkout.oas.yaml', 'openapi: 3.0.0\ninfo:\n  title: Checkout\n');
    assert.deepEqual(found.map((lens) => [lens.api.ref, lens.providers.map((e) => e.ref), lens.consumers.map((e) => e.ref)]), [['api:default/checkout-api', ['component:default/checkout'], []]]);
    assert.deepEqual(await lenses('checkout/catalog-info.yaml', ''), [], 'a file no API reads has no lens');
  });

  it('answers null for an entity the catalog does not have', async () => {
    assert.equal(await page('component:default/nowhere'), null);
  });

  it("links a ref's hover card to the entity's page", async () => {
    const file = workspace.path('widget/catalog-info.yaml');
    const text = component('checkout-widget', { subcomponentOf: 'checkout', owner: 'team-a' });
    const uri = await client.open(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('owner: team-a'));
    const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 12 } });
    const command = `command:greenroom.openEntity?${encodeURIComponent(JSON.stringify(['group:default/team-a']))}`;
    assert.ok(hover?.contents.value.endsWith(`[Open Entity Page](${command})`), hover?.contents.value);
  });

  it('follows an edit of the catalog file', async () => {
    const file = workspace.path('payments/catalog-info.yaml');
    await client.open(file, component('payments', { owner: 'team-b', providesApis: ['payments-api'], consumesApis: ['checkout-api'] }));
    // Each catalog change is a chance: the page is asked again until it shows the edit.
    const expected = ['Providers: component:default/checkout', 'Consumers: component:default/payments'];
    for (let seen = client.catalogVersion; ; seen = client.catalogVersion) {
      if (JSON.stringify(sections(await page('api:default/checkout-api'))) === JSON.stringify(expected)) break;
      await client.waitFor(() => client.catalogVersion > seen, 'the edit to be read', 10_000);
    }
  });
});
