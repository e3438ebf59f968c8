import * as assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import { component, TempWorkspace } from '../unit/tempWorkspace';
import { LspClient } from './lspClient';
import { answered, everyLine, listedEntities, probeDocument, probeSearch, probeTree, type Summary } from './requestProbe';

const HEAD = ['apiVersion: backstage.io/v1alpha1', 'kind: Component'];
const SPEC = ['spec:', '  type: service', '  lifecycle: production', '  owner: team-a'];
const entity = (...lines: string[]) => `${lines.join('\n')}\n`;

/** Each construct that once stopped the catalog, and the line (1-based) of its problem. */
const BAD_FILES: Record<string, { text: string; line: number; message: RegExp }> = {
  'missing-anchor': { text: entity(...HEAD, 'metadata:', '  name: missing-anchor', '  tags: *nowhere', ...SPEC), line: 5, message: /Unresolved alias \*nowhere/ },
  recursive: { text: entity(...HEAD, 'metadata:', '  name: recursive', '  labels: &self', '    again: *self', ...SPEC), line: 6, message: /Recursive alias \*self/ },
  bomb: {
    text: entity(...HEAD, 'metadata:', '  name: bomb', '  annotations:', '    a: &a [x, x, x, x, x, x, x, x, x, x]', '    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', '    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', '    d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', ...SPEC),
    line: 8,
    message: /Excessive alias count/,
  },
  proto: { text: entity(...HEAD, 'metadata: {__proto__: {name: x}, constructor: {name: y}}', ...SPEC), line: 3, message: /must have required property 'name'/ },
};

/** Entities of every odd shape: each is listed (invalid) and every request about it is answered. */
const ODD_SHAPES = [
  entity(...HEAD, ...SPEC),
  entity(...HEAD, 'metadata: ~', 'spec: ~'),
  entity(...HEAD, 'metadata: just text', 'spec: [a, list]'),
  entity(...HEAD, 'metadata:', '  name: tags-string', '  tags: java', '  links: https://example.com', '  annotations: not a map', ...SPEC),
  entity(...HEAD, 'metadata:', '  name: tags-number', '  tags: 42', '  links: {url: https://example.com}', '  annotations: [a, b]', ...SPEC),
  entity(...HEAD, 'metadata:', '  name: tags-map', '  tags: {a: b}', '  links: [~, 1, {url: 2, title: {x: 1}, icon: [1]}]', '  title: {toString: x}', '  description: [1]', ...SPEC),
  entity(...HEAD, 'metadata:', '  name: nulls', '  tags: ~', '  links: ~', '  annotations: ~', '  title: ~', 'spec:', '  owner: ~', '  system: ~', '  type: ~'),
  entity('apiVersion: backstage.io/v1alpha1', 'kind: {toString: 1}', 'metadata:', '  name: {valueOf: 1}'),
  entity('apiVersion: backstage.io/v1alpha1', 'kind: constructor', 'metadata:', '  name: ctor'),
  entity('apiVersion: backstage.io/v1alpha1', 'kind: User', 'metadata:', '  name: no-profile', 'spec:', '  profile: ~', '  memberOf: team-a'),
  entity('apiVersion: backstage.io/v1alpha1', 'kind: System', 'metadata:', '  name: [not, text]', 'spec: {owner: [1]}'),
].join('---\n');

/** Lone surrogates, written as YAML escapes, in every place a link or a path is made from. */
const SURROGATES = [
  entity(
    ...HEAD,
    'metadata:',
    '  name: surrogates',
    '  description: "half \\ud83d of an emoji"',
    '  tags: ["\\udc00"]',
    '  links:',
    '    - url: "https://example.com/\\ud800"',
    '    - url: https://example.com/fine',
    '  annotations:',
    '    backstage.io/source-location: "url:https://example.com/\\udc00"',
    '    backstage.io/techdocs-ref: "dir:./\\udc00"',
    '    backstage.io/view-url: https://example.com/view',
    ...SPEC,
  ),
  entity('apiVersion: backstage.io/v1alpha1', 'kind: Location', 'metadata:', '  name: surrogate-targets', 'spec:', '  targets:', '    - "./\\ud800.yaml"', '    - ../fine.yaml'),
].join('---\n');

const GOOD = entity('apiVersion: backstage.io/v1alpha1', 'kind: Group', 'metadata:', '  name: team-a', 'spec:', '  type: team', '  children: []') + '---\n' + component('good-one', { system: 'shop' });

describe('requests and updates survive any input', function () {
  this.timeout(60_000);
  let workspace: TempWorkspace;
  let client: LspClient;
  const files: Record<string, string> = {
    'good/catalog-info.yaml': GOOD,
    'second/catalog-info.yaml': component('good-two'),
    'odd/catalog-info.yaml': ODD_SHAPES,
    'surrogates/catalog-info.yaml': SURROGATES,
    'fine.yaml': component('fine'),
    ...Object.fromEntries(Object.entries(BAD_FILES).map(([name, bad]) => [`${name}/catalog-info.yaml`, bad.text])),
  };
  const refs = (listed: Summary[]) => listed.map((summary) => summary.ref);
  const diagnosticsOf = (name: string) => client.diagnostics.get(workspace.path(name)) ?? [];

  before(async () => {
    workspace = new TempWorkspace(files);
    client = new LspClient();
    await client.initialize(workspace.root);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
  });
  after(async () => {
    await client.dispose();
    workspace.dispose();
  });

  it('finishes the first load with every good entity, and reports each bad construct on its line', async () => {
    const listed = refs(await listedEntities(client));
    for (const ref of ['group:default/team-a', 'component:default/good-one', 'component:default/good-two', 'component:default/fine', 'component:default/surrogates', 'location:default/surrogate-targets']) {
      assert.ok(listed.includes(ref), `${ref} in ${listed.join(', ')}`);
    }
    for (const [name, bad] of Object.entries(BAD_FILES)) {
      const file = `${name}/catalog-info.yaml`;
      await client.waitFor(() => diagnosticsOf(file).some((d) => bad.message.test(d.message)), `the problem in ${file}`);
      const problem = diagnosticsOf(file).find((d) => bad.message.test(d.message))!;
      assert.equal(problem.range.start.line + 1, bad.line, `${file}: ${problem.message}`);
    }
  });

  it('answers the tree, details, cards, links and search for every entity, whatever its shape', async () => {
    const listed = await probeTree(client);
    assert.ok(listed.some((summary) => summary.name === '(no name)'), 'the entity without metadata is listed');
    await probeSearch(client, ['good', 'java', 'surrogates', 'ctor', 'team-a']);
    const noMetadata = listed.find((summary) => summary.location.uri.endsWith('/odd/catalog-info.yaml') && summary.location.range.start.line === 0)!;
    const card = await answered<string>(client, 'greenroom/entityCard', { ref: noMetadata.ref, location: { uri: noMetadata.location.uri, line: 0 } });
    assert.match(card, /\(no name\)/);
    const stringTags = listed.find((summary) => summary.name === 'tags-string')!;
    assert.match(await answered<string>(client, 'greenroom/entityCard', { ref: stringTags.ref }), /tags-string/);
    const details = await answered<{ links: { url: string }[] }>(client, 'greenroom/entityDetails', { ref: 'component:default/surrogates' });
    assert.deepEqual(details.links.map((link) => link.url), ['https://example.com/fine', 'https://example.com/view']);
  });

  it('answers every editor request at every line of every file', async () => {
    for (const [name, text] of Object.entries(files)) {
      const uri = await client.open(workspace.path(name), text);
      await probeDocument(client, uri, everyLine(text));
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  });

  it('links what it can in a file with lone surrogates, typed or read', async () => {
    const uri = await client.open(workspace.path('surrogates/catalog-info.yaml'), SURROGATES);
    const links = await answered<{ target: string }[]>(client, 'textDocument/documentLink', { textDocument: { uri } });
    assert.deepEqual(links.map((link) => link.target.replace(/^file:\/\/.*\//, 'file:')), ['https://example.com/fine', 'https://example.com/view', 'file:fine.yaml']);
    const typed = SURROGATES.replace('"https://example.com/\\ud800"', 'https://example.com/\ud800').replace('"./\\ud800.yaml"', './\udfff.yaml');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
    const again = await answered<{ target: string }[]>(client, 'textDocument/documentLink', { textDocument: { uri } });
    assert.equal(again.length, 3);
    await probeDocument(client, uri, everyLine(typed));
  });

  it('goes on after a file changes to a bad construct, and takes the next change', async () => {
    const name = 'second/catalog-info.yaml';
    const uri = URI.file(workspace.path(name)).toString();
    for (const bad of Object.values(BAD_FILES)) {
      workspace.write(name, bad.text);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
      await client.waitFor(() => diagnosticsOf(name).some((d) => bad.message.test(d.message) && d.range.start.line + 1 === bad.line), `the problem in ${name}`);
      assert.ok(refs(await listedEntities(client)).includes('component:default/good-one'));
    }
    workspace.write(name, component('good-two-again'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await client.waitFor(() => diagnosticsOf(name).length === 0, 'the problem to clear');
    assert.ok(refs(await listedEntities(client)).includes('component:default/good-two-again'));
  });

  it('keeps updating other open files while one holds a half-typed alias', async () => {
    const typing = await client.open(workspace.path('fine.yaml'), files['fine.yaml']);
    const other = await client.open(workspace.path('good/catalog-info.yaml'), GOOD);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: typing, version: 2 }, contentChanges: [{ text: files['fine.yaml'].replace('owner: team-a', 'owner: *a') }] });
    await client.waitFor(() => diagnosticsOf('fine.yaml').some((d) => /Unresolved alias \*a/.test(d.message) && d.range.start.line === 7), 'the problem on the alias');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: other, version: 2 }, contentChanges: [{ text: GOOD.replace('good-one', 'good-renamed') }] });
    let listed: string[] = [];
    for (const deadline = Date.now() + 5000; Date.now() < deadline && !listed.includes('component:default/good-renamed'); ) listed = refs(await listedEntities(client));
    assert.ok(listed.includes('component:default/good-renamed'), listed.join(', '));
    assert.ok(!listed.includes('component:default/good-one'));
  });
});
