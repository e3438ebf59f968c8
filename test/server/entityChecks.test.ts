import * as assert from 'node:assert/strict';
import { TempWorkspace } from '../unit/tempWorkspace';
import { corpusCatalog } from './cursorCorpus';
import { splitAtCursor } from './cursorMarker';
import { LspClient } from './lspClient';

interface Location {
  uri: string;
}
interface WorkspaceSymbol {
  name: string;
  kind: number;
  containerName?: string;
  location: { uri: string };
}

const component = (name: string, namespace: string, spec: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  title: ${name} of ${namespace}\nspec:\n  type: service\n  lifecycle: production\n${spec}`;

describe('namespaces, duplicates and symbol search over stdio', function () {
  this.timeout(60_000);
  let client: LspClient;
  let workspace: TempWorkspace;

  before(async () => {
    workspace = new TempWorkspace({
      ...corpusCatalog(),
      'services/a/catalog-info.yaml': component('invoices', 'billing', '  owner: team-a\n  dependsOn:\n    - resource:payments-db\n'),
      'services/b/catalog-info.yaml': component('invoices', 'billing', '  owner: team-b\n  dependsOn:\n    - resource:payments-db\n'),
    });
    client = new LspClient();
    await client.initialize(workspace.root, { include: ['catalog/*.yaml', 'services/**/catalog-info.yaml'] });
    await client.waitFor(() => client.catalogVersion >= 0 && client.diagnostics.has(workspace.path('services/b/catalog-info.yaml')), 'the first catalog load');
  });
  after(async () => {
    await client.dispose();
    workspace.dispose();
  });

  it('finds the references to a group of another namespace, written without a namespace', async () => {
    const file = workspace.path('catalog/billing-team-a.yaml');
    const { text, position } = splitAtCursor(`apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team‸-a\n  namespace: billing\n  title: team-a of billing\nspec:\n  type: team\n  children: []\n`);
    const uri = await client.open(file, text);
    const found = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
    const files = found.map((location) => location.uri.split('/').slice(-2).join('/')).sort();
    // The billing entities that name `team-a`; none of the default namespace's.
    assert.deepEqual(files, ['a/catalog-info.yaml', 'catalog/billing-jane.yaml', 'catalog/billing-orders-api.yaml', 'catalog/billing-payments-db.yaml', 'catalog/billing-web.yaml']);
  });

  it('checks the second definition of a ref, names the first by its workspace path, and navigates from it', async () => {
    const problems = client.diagnostics.get(workspace.path('services/b/catalog-info.yaml'))!;
    const messages = problems.map((problem) => problem.message);
    assert.ok(messages.some((message) => message.startsWith('component:billing/invoices is already defined in services/a/catalog-info.yaml:4')), messages.join('\n'));
    assert.ok(messages.some((message) => message.includes('group:billing/team-b is not in the catalog.')), messages.join('\n'));
    const file = workspace.path('services/b/catalog-info.yaml');
    const { text, position } = splitAtCursor(component('invoices', 'billing', '  owner: team-b\n  dependsOn:\n    - resource:payme‸nts-db\n'));
    const uri = await client.open(file, text);
    const [link] = await client.request<{ targetUri: string }[]>('textDocument/definition', { textDocument: { uri }, position });
    assert.match(link.targetUri, /catalog\/billing-payments-db\.yaml$/);
  });

  it('lists every entity for Go to Symbol in Workspace, and ranks a fuzzy query as the search does', async () => {
    const all = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: '' });
    assert.equal(all.length, 11, all.map((symbol) => symbol.name).join());
    const found = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'paymnts' });
    assert.deepEqual(
      found.map((symbol) => [symbol.name, symbol.kind, symbol.containerName, symbol.location.uri.split('/').pop()]),
      [
        ['payments-db', 23, 'payments-db of billing', 'billing-payments-db.yaml'],
        ['payments-db', 23, 'payments-db of default', 'default-payments-db.yaml'],
      ].sort((a, b) => String(a[2]).localeCompare(String(b[2]))),
    );
  });
});
