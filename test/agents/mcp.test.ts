import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { percentile } from '../../bench/benchStats';
import { startMcp, timeToolCalls, writeGeneratedCatalog } from '../../bench/mcpSession';
import type { EntityAnswer, OwnerAnswer, Person, RelationEdge } from '../../src/agents/catalogTools';
import type { DryRunAnswer, TemplateBrief } from '../../src/agents/templateTools';
import type { EntityBrief, Page } from '../../src/agents/toolKit';
import type { ValidateAnswer } from '../../src/agents/validationTool';
import { entityLinkTarget } from '../../src/extension/entityPage/entityLinks';
import { TempWorkspace } from '../unit/tempWorkspace';

const EXAMPLE = path.resolve(__dirname, '../fixtures/workspace');
const TEMPLATE = path.resolve(__dirname, '../fixtures/templates/backstage-create-app-examples/template');

async function call<Answer>(client: Client, name: string, args: Record<string, unknown>): Promise<Answer> {
  const result = await client.callTool({ name, arguments: args });
  assert.ok(!result.isError, JSON.stringify(result.content));
  // The text content is the same answer, for clients that read no structured content.
  assert.deepEqual(JSON.parse((result.content as { text: string }[])[0].text), result.structuredContent);
  return result.structuredContent as Answer;
}

async function refused(client: Client, name: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
  await assert.rejects(client.callTool({ name, arguments: args }), (error: unknown) => {
    assert.ok(error instanceof McpError, String(error));
    assert.equal(error.code, -32602);
    assert.match(error.message, message);
    return true;
  });
}

describe('greenroom mcp (the MCP server, driven by the SDK client)', function () {
  this.timeout(120_000);
  let client: Client;
  before(async () => {
    client = await startMcp(EXAMPLE);
  });
  after(() => client?.close());

  it('lists the nine tools, each read-only with a description and input and output schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((tool) => tool.name),
      ['search_catalog', 'get_entity', 'who_owns', 'get_relations', 'find_people', 'get_docs', 'list_templates', 'dry_run_template', 'validate_catalog'],
    );
    for (const tool of tools) {
      assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
      assert.ok((tool.description ?? '').length > 100, tool.name);
      assert.equal(tool.inputSchema.type, 'object');
      assert.equal(tool.outputSchema?.type, 'object');
    }
  });

  it('search_catalog forgives a typo, filters by kind, owner and tag, and pages with a total', async () => {
    const typo = await call<Page<EntityBrief>>(client, 'search_catalog', { query: 'artst lookp' });
    assert.equal(typo.items[0].ref, 'component:default/artist-lookup');
    assert.equal(typo.items[0].owner, 'group:default/team-a');
    assert.equal(typo.items[0].file, 'backstage/components/artist-lookup-component.yaml');

    const java = await call<Page<EntityBrief>>(client, 'search_catalog', { kinds: ['component'], tags: ['java'] });
    assert.deepEqual(java.items.map((item) => item.ref).sort(), ['component:default/artist-lookup', 'component:default/playback-order', 'component:default/podcast-api']);

    const first = await call<Page<EntityBrief>>(client, 'search_catalog', { owner: 'team-a', limit: 2 });
    assert.ok(first.total > 4, `team-a owns ${first.total}`);
    assert.equal(first.items.length, 2);
    const seen = [...first.items];
    let cursor: string | undefined = first.nextCursor;
    while (cursor) {
      const next = await call<Page<EntityBrief>>(client, 'search_catalog', { owner: 'team-a', limit: 2, cursor });
      assert.equal(next.total, first.total);
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    assert.equal(new Set(seen.map((item) => item.ref)).size, first.total, 'every page new, none left out');
    assert.ok(seen.every((item) => item.owner === 'group:default/team-a'));
  });

  it('get_entity gives fields, relations, links and where it is defined, by ref or bare name', async () => {
    const entity = await call<EntityAnswer>(client, 'get_entity', { ref: 'artist-lookup' });
    assert.equal(entity.ref, 'component:default/artist-lookup');
    assert.equal(entity.system, 'system:default/artist-engagement-portal');
    assert.equal(entity.line, 1);
    assert.deepEqual(entity.tags, ['java', 'data']);
    assert.ok(entity.relations.some((relation) => relation.type === 'dependsOn' && relation.target === 'resource:default/artists-db'));
    assert.ok(entity.links.some((link) => link.title === 'Dashboard' && link.url === 'https://example.com/dashboard'));
    assert.equal((await call<EntityAnswer>(client, 'get_entity', { ref: 'component:default/artist-lookup' })).ref, entity.ref);
  });

  it('who_owns answers for a file by the nearest catalog-info.yaml, and says so when nothing claims it', async () => {
    const owned = await call<OwnerAnswer>(client, 'who_owns', { path: 'playground/src/index.ts' });
    assert.equal(owned.found, true);
    assert.equal(owned.catalogFile, 'playground/catalog-info.yaml');
    assert.equal(owned.entity?.ref, 'component:default/playground service');
    assert.equal(owned.owner?.ref, 'group:default/team-a');
    assert.equal(owned.owner?.email, 'team-a@example.com');
    assert.ok(owned.owner?.members?.includes('user:default/breanna.davison'));
    assert.match(owned.decidedBy, /nearest catalog-info file above playground\/src\/index\.ts/);
    assert.match(owned.decidedBy, /Backstage would refuse/, 'the invalid name is not hidden');

    const absolute = await call<OwnerAnswer>(client, 'who_owns', { path: path.join(EXAMPLE, 'playground') });
    assert.equal(absolute.owner?.ref, 'group:default/team-a');

    const unclaimed = await call<OwnerAnswer>(client, 'who_owns', { path: 'docs/notes.md' });
    assert.equal(unclaimed.found, false);
    assert.match(unclaimed.decidedBy, /No catalog-info\.yaml in docs\/notes\.md/);

    const byRef = await call<OwnerAnswer>(client, 'who_owns', { ref: 'api:default/petstore' });
    assert.equal(byRef.owner?.ref, 'group:default/team-c');
  });

  it('get_relations follows the kinds asked for, to a depth', async () => {
    const providers = await call<Page<RelationEdge> & { root: string }>(client, 'get_relations', { ref: 'api:petstore', types: ['apiProvidedBy'] });
    assert.equal(providers.root, 'api:default/petstore');
    assert.deepEqual(providers.items.map((edge) => edge.target), ['component:default/petstore']);

    const deeper = await call<Page<RelationEdge> & { root: string }>(client, 'get_relations', { ref: 'api:petstore', types: ['apiProvidedBy', 'providesApi'], depth: 2 });
    const second = deeper.items.filter((edge) => edge.depth === 2).map((edge) => edge.target);
    assert.ok(second.includes('api:default/streetlights'), `the petstore component's other APIs: ${second.join(', ')}`);
  });

  it('find_people finds a team, the owners of an entity, and who knows a technology', async () => {
    const team = await call<Page<Person>>(client, 'find_people', { group: 'team-a' });
    assert.ok(team.items.some((person) => person.ref === 'user:default/breanna.davison' && person.email === 'breanna-davison@example.com'));

    const owners = await call<Page<Person>>(client, 'find_people', { owns: 'component:petstore' });
    assert.ok(owners.items.some((person) => person.ref === 'group:default/team-c'));

    const java = await call<Page<Person>>(client, 'find_people', { tech: 'java' });
    const breanna = java.items.find((person) => person.ref === 'user:default/breanna.davison');
    assert.ok(breanna, JSON.stringify(java.items.map((person) => person.ref)));
    assert.ok(breanna.because.some((reason) => /artist-lookup/.test(reason)), breanna.because.join('; '));

    const both = await call<Page<Person>>(client, 'find_people', { tech: 'java', group: 'team-c' });
    assert.ok(both.items.every((person) => person.because.some((reason) => /team-c/.test(reason))));
  });

  it("get_docs reads an entity's docs page as Markdown, lists the site's pages, and says when there are none", async () => {
    const first = await call<{ entity: string; site: string; page: string; title: string; markdown: string; headings: { id: string }[]; pages: { page: string; title: string }[] }>(client, 'get_docs', { entity: 'playground service' });
    assert.equal(first.entity, 'component:default/playground service');
    assert.equal(first.site, 'Playground service');
    assert.deepEqual(first.pages, [
      { page: 'index.md', title: 'Overview' },
      { page: 'running.md', title: 'Running it' },
    ]);
    assert.equal(first.title, 'Overview');
    assert.match(first.markdown, /^# Playground service\n/);
    assert.deepEqual(first.headings.map((heading) => heading.id), ['playground-service', 'how-it-fits-together', 'next']);
    const running = await call<{ markdown: string }>(client, 'get_docs', { entity: 'component:default/playground service', page: 'running.md' });
    assert.match(running.markdown, /npm start/);
    await refused(client, 'get_docs', { entity: 'artist-lookup' }, /component:default\/artist-lookup has no docs: it has no backstage\.io\/techdocs-ref annotation/);
    await refused(client, 'get_docs', { entity: 'playground service', page: 'missing.md' }, /have no page missing\.md; the pages are index\.md, running\.md/);
  });

  it('validate_catalog gives the editor diagnostics for a file, and checks unsaved text', async () => {
    const file = await call<ValidateAnswer>(client, 'validate_catalog', { path: 'playground/catalog-info.yaml' });
    assert.equal(file.checkedAs, 'catalog');
    assert.equal(file.errors, 1);
    assert.equal(file.items[0].code, 'entity-invalid');
    assert.equal(file.items[0].line, 6);
    assert.deepEqual(file.entities, [{ ref: 'component:default/playground service', kind: 'Component', accepted: false, line: 3 }]);

    const text = await call<ValidateAnswer>(client, 'validate_catalog', { text: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: new-service\nspec:\n  type: service\n  lifecycle: production\n  owner: team-zzz\n' });
    assert.equal(text.checkedAs, 'file');
    assert.equal(text.errors, 0);
    assert.deepEqual(
      text.items.map((diagnostic) => [diagnostic.line, diagnostic.severity, diagnostic.code]),
      [[8, 'warning', 'unresolved-ref']],
    );
    const broken = await call<ValidateAnswer>(client, 'validate_catalog', { text: 'kind: Component\nmetadata: [\n' });
    assert.ok(broken.errors > 0);
  });

  it('refuses bad arguments with a clear MCP error, and keeps serving', async () => {
    await refused(client, 'search_catalog', { limit: 500 }, /limit must be <= 100/);
    await refused(client, 'search_catalog', { colour: 'blue' }, /unknown argument "colour"; the arguments are query, kinds, owner, tags, limit, cursor/);
    await refused(client, 'get_entity', {}, /ref is required/);
    await refused(client, 'get_entity', { ref: 'component:artst-lookup' }, /No entity "component:artst-lookup" in the catalog\. The nearest: component:default\/artist-lookup/);
    await refused(client, 'who_owns', { path: '../../etc/passwd' }, /is outside the workspace/);
    await refused(client, 'who_owns', {}, /Give path or ref, one of them/);
    await refused(client, 'find_people', {}, /Give at least one of query, group, owns or tech/);
    await refused(client, 'search_catalog', { query: 'a', cursor: 'not-a-cursor' }, /cursor is not one this tool gave/);
    await refused(client, 'get_relations', { ref: 'api:petstore', types: ['friendOf'] }, /must be one of/);
    await refused(client, 'no_such_tool', {}, /There is no tool "no_such_tool"/);
    await refused(client, 'get_entity', { ref: 'petstore' }, /"petstore" names 2 entities: component:default\/petstore, api:default\/petstore\. Give the full ref\./);
    assert.equal((await call<EntityAnswer>(client, 'get_entity', { ref: 'api:petstore' })).ref, 'api:default/petstore', 'still up');
  });

  it('lists entities as Markdown resources, and reads one', async () => {
    const { resources } = await client.listResources();
    assert.equal(resources.length, 63);
    const lookup = resources.find((resource) => resource.name === 'component:default/artist-lookup');
    assert.equal(lookup?.uri, 'greenroom://entity/component/default/artist-lookup');
    assert.equal(lookup?.mimeType, 'text/markdown');
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.equal(resourceTemplates[0].uriTemplate, 'greenroom://entity/{kind}/{namespace}/{name}');

    const { contents } = await client.readResource({ uri: lookup.uri });
    const text = (contents[0] as { text: string }).text;
    assert.match(text, /^# artist\\-lookup$/m);
    assert.match(text, /\*\*Owner:\*\* group:default/);
    assert.match(text, /dependsOn `resource:default\/artists-db`/);

    const spaced = resources.find((resource) => resource.name === 'component:default/playground service');
    assert.equal(spaced?.uri, 'greenroom://entity/component/default/playground%20service');
    assert.match(((await client.readResource({ uri: spaced.uri })).contents[0] as { text: string }).text, /Backstage would refuse it/);

    await assert.rejects(client.readResource({ uri: 'greenroom://entity/component/default/nothing' }), /No entity at greenroom:\/\/entity\/component\/default\/nothing/);
  });
});

describe('greenroom mcp: templates', function () {
  this.timeout(120_000);
  let workspace: TempWorkspace;
  let client: Client;
  before(async () => {
    workspace = new TempWorkspace({
      'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: templates\nspec:\n  targets:\n    - ./templates/create-app/template.yaml\n',
    });
    cpSync(TEMPLATE, workspace.path('templates/create-app'), { recursive: true });
    client = await startMcp(workspace.root);
  });
  after(async () => {
    await client?.close();
    workspace?.dispose();
  });

  it('list_templates gives the parameters a template asks for', async () => {
    const templates = await call<Page<TemplateBrief>>(client, 'list_templates', {});
    assert.equal(templates.total, 1);
    const [template] = templates.items;
    assert.equal(template.ref, 'template:default/example-nodejs-template');
    assert.deepEqual(
      template.parameters.map((parameter) => [parameter.name, parameter.required, parameter.field]),
      [
        ['name', true, 'EntityNamePicker'],
        ['repoUrl', true, 'RepoUrlPicker'],
      ],
    );
    assert.deepEqual(template.actions, ['fetch:template', 'publish:github', 'catalog:register', 'notification:send']);
  });

  it('dry_run_template renders the files it would write, and writes nothing', async () => {
    const before = readdirSync(workspace.root, { recursive: true }).sort();
    const run = await call<DryRunAnswer>(client, 'dry_run_template', { ref: 'example-nodejs-template', values: { name: 'payments', repoUrl: 'github.com?owner=acme&repo=payments' } });
    assert.equal(run.ok, true, run.error);
    assert.equal(run.total, 1);
    assert.equal(run.items[0].path, 'catalog-info.yaml');
    assert.match(run.items[0].content ?? '', /name: "payments"/);
    assert.deepEqual(run.steps.map((step) => step.status), ['completed', 'completed', 'completed', 'completed']);
    assert.ok(run.log.some((line) => /Would run publish:github/.test(line)));
    assert.match(run.nextStep, /^Nothing was written\. .*Create from Template/);
    // The answer ends with a link that opens the wizard with the same values filled in.
    assert.ok(run.wizardLink && run.nextStep.includes(run.wizardLink), run.nextStep);
    const link = new URL(run.wizardLink);
    // VS Code hands the link's handler its query decoded once; the repoUrl's & and = must survive that.
    assert.deepEqual(entityLinkTarget(link.pathname, decodeURIComponent(link.search.slice(1))), {
      action: 'create',
      ref: 'template:default/example-nodejs-template',
      values: { name: 'payments', repoUrl: 'github.com?owner=acme&repo=payments' },
    });
    assert.deepEqual(readdirSync(workspace.root, { recursive: true }).sort(), before);

    await refused(client, 'dry_run_template', { ref: 'example-nodejs-template', values: { name: 'payments' } }, /values lacks required parameters of template:default\/example-nodejs-template: repoUrl \(Repository Location\)/);
  });
});

describe('greenroom mcp: who_owns by the status bar\'s rules', function () {
  this.timeout(120_000);
  let workspace: TempWorkspace;
  let client: Client;
  before(async () => {
    workspace = new TempWorkspace({
      'services/api/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: api\nspec:\n  type: service\n  lifecycle: production\n  owner: team-api\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-docs\nspec:\n  type: team\n  children: []\n',
      '.github/CODEOWNERS': '# Docs are the docs team\'s\n/docs/ @acme/team-docs\n',
    });
    client = await startMcp(workspace.root);
  });
  after(async () => {
    await client?.close();
    workspace?.dispose();
  });

  it('answers a folder by its own catalog-info.yaml, and a file no entity claims by CODEOWNERS, mapped to the catalog', async () => {
    const folder = await call<OwnerAnswer>(client, 'who_owns', { path: 'services/api' });
    assert.equal(folder.entity?.ref, 'component:default/api');
    assert.match(folder.decidedBy, /services\/api\/catalog-info\.yaml is the nearest catalog-info file above services\/api/);
    const docs = await call<OwnerAnswer>(client, 'who_owns', { path: 'docs/runbook.md' });
    assert.equal(docs.found, true);
    assert.equal(docs.entity, undefined);
    assert.equal(docs.owner?.ref, 'group:default/team-docs');
    assert.match(docs.decidedBy, /^No entity claims docs\/runbook\.md; \.github\/CODEOWNERS line 2 \(\/docs\/\) names @acme\/team-docs, which is group:default\/team-docs in the catalog\.$/);
  });
});

describe('greenroom mcp while an agent writes catalog files', function () {
  this.timeout(120_000);
  let workspace: TempWorkspace;
  let client: Client;
  before(async () => {
    workspace = new TempWorkspace({
      'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: web-platform\nspec:\n  owner: team-web\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-web\nspec:\n  type: team\n  children: []\n',
    });
    client = await startMcp(workspace.root);
  });
  after(async () => {
    await client?.close();
    workspace?.dispose();
  });

  it('answers for a catalog-info.yaml written after it started', async () => {
    assert.equal((await call<OwnerAnswer>(client, 'who_owns', { path: 'apps/web/src/main.ts' })).entity?.ref, 'system:default/web-platform', 'the root catalog-info.yaml claims it first');
    workspace.write('apps/web/catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web-shop\nspec:\n  type: website\n  lifecycle: production\n  owner: team-web\n');
    const deadline = Date.now() + 30_000;
    let answer = await call<OwnerAnswer>(client, 'who_owns', { path: 'apps/web/src/main.ts' });
    while (answer.entity?.ref !== 'component:default/web-shop' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await call<OwnerAnswer>(client, 'who_owns', { path: 'apps/web/src/main.ts' });
    }
    assert.equal(answer.entity?.ref, 'component:default/web-shop');
    assert.equal(answer.catalogFile, 'apps/web/catalog-info.yaml');
    assert.equal((await call<Page<EntityBrief>>(client, 'search_catalog', { query: 'web shop' })).items[0]?.ref, 'component:default/web-shop');
  });
});

describe('greenroom mcp on a 10,000-entity catalog', function () {
  this.timeout(600_000);
  const folder = mkdtempSync(path.join(tmpdir(), 'greenroom-mcp-10k-'));
  let client: Client;
  before(async () => {
    writeGeneratedCatalog(folder, 10_000);
    client = await startMcp(folder);
    // The first call waits for the catalog to be read and indexed: the figures below are after load.
    await call<Page<EntityBrief>>(client, 'search_catalog', { query: 'artist' });
  });
  after(async () => {
    await client?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers every tool call quickly (p95 printed per tool)', async () => {
    const samples = await timeToolCalls(client, 20);
    const all = [...samples.values()].flat();
    for (const [name, times] of samples) console.log(`      ${name.padEnd(18)} p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
    const p95 = percentile(all, 95);
    console.log(`      every call (${all.length}): p95 ${p95.toFixed(1)} ms`);
    // The aim is 20 ms; the bound is what a person would notice, with room for a busy shared machine.
    assert.ok(p95 <= 200, `p95 ${p95.toFixed(1)} ms`);
  });
});

describe('greenroom mcp on a hostile catalog file', function () {
  this.timeout(120_000);
  let workspace: TempWorkspace;
  let client: Client;
  before(async () => {
    workspace = new TempWorkspace({
      'catalog-info.yaml': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: hostile',
        '  title: "# Owned [click me](command:workbench.action.terminal.new) <img src=x onerror=alert(1)>"',
        `  description: ${'x'.repeat(5_000)}`,
        '  links:',
        '    - url: "javascript:alert(1)"',
        '      title: run me',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: team-a',
        '',
      ].join('\n'),
    });
    client = await startMcp(workspace.root);
  });
  after(async () => {
    await client?.close();
    workspace?.dispose();
  });

  it('bounds its text, and its Markdown shows catalog text as text: no heading, link, HTML or script link', async () => {
    const entity = await call<EntityAnswer>(client, 'get_entity', { ref: 'hostile' });
    assert.ok((entity.description ?? '').length < 1_100, `description of ${entity.description?.length} characters`);
    assert.match(entity.description ?? '', /… \(4000 more characters\)$/);

    const { contents } = await client.readResource({ uri: 'greenroom://entity/component/default/hostile' });
    const text = (contents[0] as { text: string }).text;
    assert.match(text, /^# \\# Owned \\\[click me\\\]\\\(command:workbench\\\.action\\\.terminal\\\.new\\\) \\<img src=x onerror=alert\\\(1\\\)\\>$/m);
    assert.doesNotMatch(text, /<javascript:/);
    assert.doesNotMatch(text, /\]\(command:/);
  });
});
