// Greenroom's catalog tools as VS Code's agents see them: listed in vscode.lm.tools and answered by the
// catalog server. No language model runs here; the tests invoke the tools as the chat would.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GreenroomApi } from '../../../src/extension/extension';

const TOOLS = ['search_catalog', 'get_entity', 'who_owns', 'get_relations', 'find_people', 'get_docs', 'list_templates', 'dry_run_template', 'validate_catalog'].map((name) => `greenroom_${name}`);

async function invoke(name: string, input: object): Promise<Record<string, unknown>> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
  return JSON.parse(text) as Record<string, unknown>;
}

describe("Greenroom's language-model tools in VS Code", function () {
  this.timeout(120_000);
  before(async () => {
    const api = (await vscode.extensions.getExtension('greenroom.greenroom')!.activate()) as GreenroomApi;
    await api.whenCatalogLoaded();
  });

  it('lists every catalog tool in vscode.lm.tools, with its input schema', () => {
    const listed = vscode.lm.tools.filter((tool) => tool.name.startsWith('greenroom_'));
    assert.deepEqual(listed.map((tool) => tool.name).sort(), [...TOOLS].sort());
    for (const tool of listed) {
      assert.equal((tool.inputSchema as { type?: string } | undefined)?.type, 'object', tool.name);
      assert.ok(tool.tags.includes('backstage'), tool.name);
    }
  });

  it('answers who_owns for the file open in the editor', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'playground', 'catalog-info.yaml')));
    const answer = (await invoke('greenroom_who_owns', { path: editor.document.uri.fsPath })) as { found: boolean; owner?: { ref: string; email?: string }; decidedBy: string };
    assert.equal(answer.found, true);
    assert.equal(answer.owner?.ref, 'group:default/team-a');
    assert.equal(answer.owner?.email, 'team-a@example.com');
    assert.match(answer.decidedBy, /playground\/catalog-info\.yaml is itself a catalog file/);
  });

  it('answers search_catalog despite a typo', async () => {
    const answer = (await invoke('greenroom_search_catalog', { query: 'artst lookp' })) as { total: number; items: { ref: string }[] };
    assert.equal(answer.items[0]?.ref, 'component:default/artist-lookup');
  });

  it('says what to change when the arguments are wrong', async () => {
    await assert.rejects(invoke('greenroom_get_entity', { ref: 'component:artst-lookup' }), /No entity "component:artst-lookup" in the catalog\. The nearest: component:default\/artist-lookup/);
  });
});
