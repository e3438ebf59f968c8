// The Backstage MCP actions provider inside real VS Code: its settings, workspace trust and stored tokens
// are VS Code's own. The provider offering the real backend, and VS Code starting it, are tested in
// test/vscode/ui/agentsInChat.test.mjs; its decisions against the real backend in test/backstage/mcpActions.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { BACKSTAGE_MCP_PROVIDER_ID, BackstageMcpProvider } from '../../../src/extension/agents/backstageMcpProvider';
import { CATALOG_MCP_PROVIDER_ID } from '../../../src/extension/agents/catalogMcpProvider';
import { BackstageTokens } from '../../../src/extension/credentials/backstageTokens';

const ORIGIN = 'http://127.0.0.1:9';

/** An extension context with SecretStorage and global state in memory: the tokens of this test only. */
function memoryContext(): vscode.ExtensionContext {
  const secrets = new Map<string, string>();
  const state = new Map<string, unknown>();
  return {
    secrets: {
      get: (key: string) => Promise.resolve(secrets.get(key)),
      store: (key: string, value: string) => Promise.resolve(void secrets.set(key, value)),
      delete: (key: string) => Promise.resolve(void secrets.delete(key)),
      onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
    },
    globalState: {
      get: <T>(key: string, fallback?: T) => (state.has(key) ? state.get(key) : fallback),
      update: (key: string, value: unknown) => Promise.resolve(void state.set(key, value)),
    },
  } as unknown as vscode.ExtensionContext;
}

describe('the Backstage MCP actions provider in VS Code', function () {
  this.timeout(60_000);
  let tokens: BackstageTokens;
  let provider: BackstageMcpProvider;
  let log: vscode.LogOutputChannel;

  before(async () => {
    await vscode.extensions.getExtension('greenroom.greenroom')!.activate();
    log = vscode.window.createOutputChannel('Greenroom MCP provider test', { log: true });
    tokens = new BackstageTokens(memoryContext());
    provider = new BackstageMcpProvider(tokens, log);
  });

  after(() => {
    provider.dispose();
    tokens.dispose();
    log.dispose();
  });

  it('is contributed, with the catalog MCP servers\' provider, under the ids they register with, on a VS Code that has the MCP API', () => {
    const contributed = (vscode.extensions.getExtension('greenroom.greenroom')!.packageJSON as { contributes: { mcpServerDefinitionProviders?: { id: string }[] } }).contributes
      .mcpServerDefinitionProviders;
    assert.deepEqual(contributed?.map((entry) => entry.id), [BACKSTAGE_MCP_PROVIDER_ID, CATALOG_MCP_PROVIDER_ID]);
    assert.equal(typeof vscode.lm.registerMcpServerDefinitionProvider, 'function');
    assert.equal(vscode.workspace.isTrusted, true, 'the test workspace is trusted');
  });

  it('asks VS Code to look again when a token is stored or removed', async () => {
    let changes = 0;
    const listening = provider.onDidChangeMcpServerDefinitions(() => changes++);
    await tokens.store(ORIGIN, 'a-token');
    assert.equal(changes, 1);
    await tokens.remove(ORIGIN);
    assert.equal(changes, 2);
    listening.dispose();
  });

  it('a stored token alone offers nothing: with no Backstage in the settings, no server, and no token for a definition naming its host', async () => {
    assert.equal(vscode.workspace.getConfiguration('greenroom.backstage').get('baseUrl'), '');
    await tokens.store(ORIGIN, 'a-token');
    assert.deepEqual(await provider.provideMcpServerDefinitions(), []);
    const definition = new vscode.McpHttpServerDefinition('Backstage actions (127.0.0.1:9)', vscode.Uri.parse(`${ORIGIN}/api/mcp-actions/v1`));
    assert.equal(await provider.resolveMcpServerDefinition(definition), undefined);
    assert.deepEqual(definition.headers, {}, 'no Authorization header was added');
    await tokens.remove(ORIGIN);
  });
});
