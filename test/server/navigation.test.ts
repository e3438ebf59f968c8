import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { EXAMPLES } from '../unit/fixturePaths';
import { component, TempWorkspace } from '../unit/tempWorkspace';
import { cursorIn, cursorInText } from './cursorMarker';
import { LspClient } from './lspClient';

interface LocationLink {
  targetUri: string;
  targetSelectionRange: { start: { line: number } };
}

const file = (relative: string) => path.join(EXAMPLES, relative);
const relativeOf = (uri: string) => path.relative(EXAMPLES, URI.parse(uri).fsPath);

describe('navigation over stdio, on the Backstage examples', () => {
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    await client.initialize(EXAMPLES, { include: ['all.yaml', 'acme-corp.yaml'] });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
  });
  after(() => client.dispose());

  async function definitionAt(relative: string, needle: string): Promise<LocationLink[]> {
    const { text, position } = cursorIn(file(relative), needle);
    const uri = await client.open(file(relative), text);
    return client.request<LocationLink[]>('textDocument/definition', { textDocument: { uri }, position });
  }

  it('goes from an owner ref to the group', async () => {
    const [link] = await definitionAt('components/artist-lookup-component.yaml', 'owner: te|am-a');
    assert.equal(relativeOf(link.targetUri), 'acme/team-a-group.yaml');
    assert.equal(link.targetSelectionRange.start.line, 3);
  });

  it('goes from a kind-qualified dependsOn ref to the resource', async () => {
    const [link] = await definitionAt('components/artist-lookup-component.yaml', "dependsOn: ['resource:artists-|db']");
    assert.equal(relativeOf(link.targetUri), 'resources/artists-db-resource.yaml');
  });

  it('goes from a Location target and from a $text path to the file', async () => {
    const [target] = await definitionAt('all.yaml', '- ./all-ap|is.yaml');
    assert.equal(relativeOf(target.targetUri), 'all-apis.yaml');
    const [text] = await definitionAt('apis/petstore-webhook-api.yaml', '$text: ./petstore-web|hook.oas.yaml');
    assert.equal(relativeOf(text.targetUri), 'apis/petstore-webhook.oas.yaml');
  });

  it('finds every entity that refers to a group', async () => {
    const { text, position } = cursorIn(file('acme/team-a-group.yaml'), 'name: team|-a');
    const uri = await client.open(file('acme/team-a-group.yaml'), text);
    const found = await client.request<{ uri: string }[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
    const files = found.map((location) => relativeOf(location.uri));
    for (const expected of ['components/artist-lookup-component.yaml', 'systems/artist-engagement-portal-system.yaml', 'acme/backstage-group.yaml']) {
      assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
    }
  });

  it('outlines a multi-document file by entity', async () => {
    const { text } = cursorIn(file('acme/org.yaml'), '|apiVersion');
    const uri = await client.open(file('acme/org.yaml'), text);
    const symbols = await client.request<{ name: string; detail: string; selectionRange: { start: { line: number } } }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['acme-corp', 'Group'], ['example-groups', 'Location']]);
  });

  it('links URLs, annotations that map to pages and Location targets', async () => {
    const { text } = cursorIn(file('components/artist-lookup-component.yaml'), '|apiVersion');
    const uri = await client.open(file('components/artist-lookup-component.yaml'), text);
    const links = await client.request<{ target: string }[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.deepEqual(links.map((l) => l.target), ['user', 'group', 'cloud', 'dashboard', 'help', 'web', 'alert'].map((s) => `https://example.com/${s}`));
    const location = await client.open(file('all.yaml'), cursorIn(file('all.yaml'), '|apiVersion').text);
    const targets = await client.request<{ target: string }[]>('textDocument/documentLink', { textDocument: { uri: location } });
    assert.equal(targets.length, 5);
    assert.equal(relativeOf(targets[0].target), 'all-apis.yaml');
  });
});

describe('quick fixes over stdio', () => {
  let client: LspClient;
  let workspace: TempWorkspace;
  after(async () => {
    await client.dispose();
    workspace.dispose();
  });

  it('offers to change a near-miss ref to the entity it probably means', async () => {
    workspace = new TempWorkspace({
      'team/catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments-team\nspec:\n  type: team\n  children: []\n',
    });
    client = new LspClient();
    await client.initialize(workspace.root);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
    const target = workspace.write('svc/catalog-info.yaml', component('checkout'));
    const text = component('checkout', { owner: 'payment-team' });
    const uri = await client.open(target, text);
    await client.waitFor(() => (client.diagnostics.get(target) ?? []).some((d) => d.code === 'unresolved-ref'), 'the unresolved-ref warning');
    const diagnostics = client.diagnostics.get(target)!;
    const position = cursorInText(text, 'owner: pay|ment-team');
    const actions = await client.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.edit.changes[uri][0].newText]), [["Change to 'payments-team'", 'payments-team']]);
  });
});
