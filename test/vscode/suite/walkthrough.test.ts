// The walkthrough for a first run in one's own repository, as the installed
// extension contributes it: its steps, what completes each, and what they link to.
// That the steps show as done in the workbench is test/vscode/ui/walkthrough.test.mjs.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GreenroomApi } from '../../../src/extension/extension';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents: string[];
}

interface Walkthrough {
  id: string;
  steps: Step[];
}

describe('the Greenroom walkthrough', function () {
  this.timeout(60_000);
  let extension: vscode.Extension<GreenroomApi>;
  let walkthrough: Walkthrough;

  before(() => {
    const found = vscode.extensions.getExtension<GreenroomApi>('greenroom.greenroom');
    assert.ok(found, 'the Greenroom extension is installed');
    extension = found;
    const walkthroughs = (extension.packageJSON as { contributes: { walkthroughs?: Walkthrough[] } }).contributes.walkthroughs ?? [];
    assert.deepEqual(walkthroughs.map((w) => w.id), ['greenroom.gettingStarted']);
    walkthrough = walkthroughs[0];
  });

  it('has its five steps in order, each completed by what it asks the user to do', () => {
    assert.deepEqual(
      walkthrough.steps.map((step) => [step.id, step.completionEvents]),
      [
        ['openView', ['onView:greenroom.catalog']],
        ['catalogFile', ['onContext:greenroom.hasWorkspaceEntities', 'onCommand:greenroom.createCatalogFile']],
        ['search', ['onCommand:greenroom.searchCatalog']],
        ['connectBackstage', ['onCommand:greenroom.connectBackstage', 'onSettingChanged:greenroom.backstage.baseUrl']],
        ['createFromTemplate', ['onCommand:greenroom.createFromTemplate']],
      ],
    );
  });

  it('ships each step\'s Markdown in the .vsix, and each step links to the command that completes it', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const step of walkthrough.steps) {
      assert.ok(step.media.markdown, `${step.id} has Markdown media`);
      const media = path.join(extension.extensionPath, step.media.markdown);
      assert.ok(existsSync(media), `${step.media.markdown} is in the package`);
      const links = [step.description, readFileSync(media, 'utf8')].flatMap((text) => [...text.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]));
      assert.ok(links.length > 0, `${step.id} links to a command`);
      for (const id of links) assert.ok(commands.has(id), `${step.id} links to ${id}, a command VS Code knows`);
      const completing = step.completionEvents.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      for (const id of completing) assert.ok(links.includes(id), `${step.id}'s button runs ${id}`);
    }
  });

  it('finds the example catalog\'s entities in workspace files, what greenroom.hasWorkspaceEntities is set from', async () => {
    const status = await (await extension.activate()).whenCatalogLoaded();
    assert.ok(status.fileCount > 0 && status.entityCount > 0, JSON.stringify(status));
    // The key's value reaches only the workbench: the UI test sees the step it completes ticked.
  });
});
