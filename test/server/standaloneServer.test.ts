import * as assert from 'node:assert/strict';
import { URI } from 'vscode-uri';
import { EXAMPLES } from '../unit/fixturePaths';
import { component, TempWorkspace } from '../unit/tempWorkspace';
import { LspClient } from './lspClient';

interface Group {
  key: string;
  label: string;
  count: number;
}

describe('the catalog server over stdio', () => {
  let client: LspClient;
  let workspace: TempWorkspace | undefined;
  afterEach(async () => {
    await client.dispose();
    workspace?.dispose();
    workspace = undefined;
  });

  it('loads the example catalog and answers the tree requests', async () => {
    client = new LspClient();
    await client.initialize(EXAMPLES, { include: ['all.yaml', 'acme-corp.yaml'] });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
    const groups = await client.request<Group[]>('greenroom/entityGroups', { groupBy: 'kind' });
    assert.deepEqual(groups.map((g) => [g.label, g.count]), [
      ['Components', 13], ['APIs', 9], ['Resources', 1], ['Systems', 3], ['Domains', 3], ['Groups', 8], ['Users', 17], ['Locations', 8],
    ]);
    const details = await client.request<{ relations: { type: string; targetRef: string }[]; links: { title: string }[] }>('greenroom/entityDetails', { ref: 'group:default/team-a' });
    assert.ok(details.relations.some((r) => r.type === 'ownerOf' && r.targetRef === 'component:default/artist-lookup'));
    assert.ok(details.relations.some((r) => r.type === 'hasMember' && r.targetRef === 'user:default/breanna.davison'));
  });

  it('publishes problems as diagnostics and follows edits of an open document', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('fine') });
    client = new LspClient();
    await client.initialize(workspace.root);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
    const file = workspace.path('catalog-info.yaml');
    const uri = URI.file(file).toString();
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: component('fine') } });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: component('not fine') }] });
    const invalid = () => (client.diagnostics.get(file) ?? []).filter((d) => d.code === 'entity-invalid');
    await client.waitFor(() => invalid().length === 1, 'a diagnostic for the invalid name');
    const [diagnostic] = invalid();
    assert.equal(diagnostic.range.start.line, 3);
    assert.equal(diagnostic.code, 'entity-invalid');
    assert.match(diagnostic.message, /"metadata\.name" is not valid/);

    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: component('fine-again') }] });
    await client.waitFor(() => invalid().length === 0, 'the diagnostic to clear');
    assert.deepEqual(client.diagnostics.get(file)!.map((d) => d.code), ['unresolved-ref'], 'only the owner team-a, which this workspace lacks, is left');
  });

  it('shows and clears the problems an edit causes in other files: a duplicate ref, and refs to an entity renamed', async () => {
    const group = (name: string) => `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: ${name}\nspec:\n  type: team\n  children: []\n`;
    workspace = new TempWorkspace({
      'a/catalog-info.yaml': component('first'),
      'b/catalog-info.yaml': `${component('second')}---\n${component('third')}`,
      'team/catalog-info.yaml': group('team-a'),
    });
    client = new LspClient();
    await client.initialize(workspace.root);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
    const [a, b, team] = ['a/catalog-info.yaml', 'b/catalog-info.yaml', 'team/catalog-info.yaml'].map((file) => workspace!.path(file));
    const codes = (file: string) => (client.diagnostics.get(file) ?? []).map((d) => `${d.code}@${d.range.start.line}`).sort();
    const edit = async (file: string, version: number, text: string) => {
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI.file(file).toString(), version }, contentChanges: [{ text }] });
    };

    // The second file's last entity renamed to the first file's: the first definition (read first) warns, the second is refused.
    await client.open(b, `${component('second')}---\n${component('third')}`);
    await edit(b, 2, `${component('second')}---\n${component('first')}`);
    await client.waitFor(() => codes(a).join() === 'duplicate-entity@3', `a duplicate warning in a/, got ${codes(a).join()}`);
    assert.deepEqual(codes(b), ['duplicate-entity@12']);
    assert.equal(client.diagnostics.get(b)![0].severity, 1, 'the second definition is an error');
    await edit(b, 3, `${component('second')}---\n${component('third')}`);
    await client.waitFor(() => codes(a).length === 0 && codes(b).length === 0, `both files clear, got ${codes(a).join()} / ${codes(b).join()}`);

    // The team renamed: every component owned by team-a now points to nothing, in files nobody edited; named back, they resolve again.
    await client.open(team, group('team-a'));
    await edit(team, 2, group('team-z'));
    await client.waitFor(() => codes(a).join() === 'unresolved-ref@7' && codes(b).join() === 'unresolved-ref@16,unresolved-ref@7', `unresolved owners, got ${codes(a).join()} / ${codes(b).join()}`);
    assert.match(client.diagnostics.get(a)![0].message, /group:default\/team-a is not in the catalog\. Did you mean 'team-z'\?/);
    await edit(team, 3, group('team-a'));
    await client.waitFor(() => codes(a).length === 0 && codes(b).length === 0, `the owners resolve again, got ${codes(a).join()} / ${codes(b).join()}`);
    assert.deepEqual(codes(team), []);
  });

  it('keeps answering through junk, a huge document and a burst of edits', async () => {
    workspace = new TempWorkspace({ 'catalog-info.yaml': component('steady') });
    client = new LspClient();
    await client.initialize(workspace.root);
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
    const uri = URI.file(workspace.path('catalog-info.yaml')).toString();
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: '\u0000\u0001{{[[' } });
    const huge = Array.from({ length: 10_000 }, (_, i) => `# line ${i}`).join('\n');
    for (let version = 2; version < 102; version++) {
      const text = version === 101 ? `${component('settled')}${huge}` : version % 2 ? 'kind: [' : component(`typing-${version}`);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    }
    // The last edit wins once typing pauses; ask until it shows (or the deadline passes).
    let names: string[] = [];
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const entities = await client.request<{ name: string }[]>('greenroom/groupEntities', { groupBy: 'kind', key: 'Component' });
      names = entities.map((e) => e.name);
      if (names.join() === 'settled') break;
    }
    assert.deepEqual(names, ['settled']);
    assert.equal(client.process.exitCode, null, 'the server is still running');
  });
});
