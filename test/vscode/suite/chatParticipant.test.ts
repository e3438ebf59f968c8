// The @greenroom chat participant's answers. No language model runs here: the participant's handler is
// called as the chat calls it, with a stream that records what it shows.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { answerChat } from '../../../src/extension/agents/chatParticipant';
import type { GreenroomApi } from '../../../src/extension/extension';

interface Shown {
  markdown: string;
  anchors: string[];
  buttons: string[];
}

async function chat(command: string | undefined, prompt: string): Promise<Shown> {
  const shown: Shown = { markdown: '', anchors: [], buttons: [] };
  const stream = {
    markdown: (value: string | vscode.MarkdownString) => (shown.markdown += typeof value === 'string' ? value : value.value),
    anchor: (value: vscode.Uri | vscode.Location) => shown.anchors.push(value instanceof vscode.Location ? value.uri.fsPath : value.toString()),
    button: (command: vscode.Command) => shown.buttons.push(command.command),
  } as unknown as vscode.ChatResponseStream;
  const request = { command, prompt, toolInvocationToken: undefined } as unknown as vscode.ChatRequest;
  await answerChat(request, { history: [] }, stream, new vscode.CancellationTokenSource().token);
  return shown;
}

describe('@greenroom in chat', function () {
  this.timeout(120_000);
  let root: string;
  before(async () => {
    const api = (await vscode.extensions.getExtension('greenroom.greenroom')!.activate()) as GreenroomApi;
    await api.whenCatalogLoaded();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  it('/owner answers for the open file, with a link to the entity that decides it', async () => {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, 'playground', 'catalog-info.yaml')));
    const shown = await chat('owner', '');
    assert.match(shown.markdown, /\*\*team\\-a\*\* \(`group:default\/team-a`\), team\\-a@example\\.com owns \*\*playground service\*\*/);
    assert.deepEqual(shown.anchors, [path.join(root, 'playground', 'catalog-info.yaml')]);
  });

  it('/owner answers for an entity named', async () => {
    const shown = await chat('owner', 'api:petstore');
    assert.match(shown.markdown, /`group:default\/team-c`.* owns \*\*petstore\*\*/);
  });

  it('/docs gives the links of an entity, only web ones', async () => {
    const shown = await chat('docs', 'artist-lookup');
    assert.ok(shown.anchors.includes('https://example.com/dashboard'), shown.anchors.join(', '));
    assert.ok(shown.anchors.every((anchor) => anchor.startsWith('https://') || anchor.startsWith(root)));
  });

  it('/experts names the people whose teams own what a technology is about', async () => {
    const shown = await chat('experts', 'java');
    assert.match(shown.markdown, /`user:default\/breanna\.davison`/);
  });

  it('/create says when there is no template; without a command, it searches', async () => {
    const created = await chat('create', '');
    assert.equal(created.markdown, 'The catalog has no software templates.');
    assert.deepEqual(created.buttons, []);
    const found = await chat(undefined, 'artst lookp');
    assert.match(found.markdown, /\(`component:default\/artist-lookup`\), owned by `group:default\/team-a`/);
  });
});
