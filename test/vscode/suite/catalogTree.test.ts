import * as assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import type { GreenroomApi } from '../../../src/extension/extension';
import type { CatalogNode, EntityNode } from '../../../src/extension/catalogTree/catalogNodes';

interface Doc {
  kind: string;
  metadata: { name: string; title?: string; links?: { url: string; title?: string }[] };
  spec?: Record<string, unknown> & { profile?: { displayName?: string } };
}

const workspaceRoot = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

function exampleDocuments(): Doc[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : name.endsWith('.yaml') && !name.endsWith('.oas.yaml') ? [full] : [];
    });
  return walk(path.join(workspaceRoot(), 'backstage')).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJSON() as Doc),
  );
}

/** Spec fields that name other entities, and how the tree describes the relation. */
const REF_FIELDS: Record<string, string> = {
  owner: 'owned by',
  system: 'part of',
  domain: 'part of',
  subdomainOf: 'part of',
  subcomponentOf: 'part of',
  providesApis: 'provides API',
  consumesApis: 'consumes API',
  dependsOn: 'depends on',
  dependencyOf: 'dependency of',
  memberOf: 'member of',
  parent: 'child of',
  children: 'parent of',
  members: 'has member',
};

describe('the Greenroom catalog tree in VS Code', function () {
  this.timeout(60_000);
  let api: GreenroomApi;
  const items = (nodes: CatalogNode[]) => nodes.map((node) => ({ node, item: api.catalogTree.getTreeItem(node) }));

  before(async () => {
    const extension = vscode.extensions.getExtension<GreenroomApi>('greenroom.greenroom');
    assert.ok(extension, 'the Greenroom extension is installed');
    api = await extension.activate();
    await api.whenCatalogLoaded();
    await vscode.workspace.getConfiguration('greenroom').update('tree.groupBy', 'kind', vscode.ConfigurationTarget.Global);
  });

  it('groups the example catalog by kind with the right counts', async () => {
    const groups = items(await api.catalogTree.getChildren());
    assert.deepEqual(
      groups.map(({ item }) => `${labelOf(item)} ${String(item.description)}`),
      ['Components 14 · 1 invalid', 'APIs 9', 'Resources 1', 'Systems 3', 'Domains 3', 'Groups 8', 'Users 17', 'Locations 8'],
    );
  });

  it('shows every entity of the examples under its kind, and every relation and link under each entity', async () => {
    const documents = exampleDocuments();
    assert.equal(documents.length, 62);
    const groups = await api.catalogTree.getChildren();
    let relationsSeen = 0;
    let linksSeen = 0;
    for (const doc of documents) {
      const group = groups.find((g) => g.type === 'group' && g.group.key === doc.kind)!;
      const entities = (await api.catalogTree.getChildren(group)) as EntityNode[];
      const node = entities.find((e) => e.entity.name === doc.metadata.name);
      assert.ok(node, `${doc.kind} ${doc.metadata.name} is in the tree`);
      const title = doc.metadata.title ?? doc.spec?.profile?.displayName ?? doc.metadata.name;
      assert.equal(labelOf(api.catalogTree.getTreeItem(node)), title);

      const children = items(await api.catalogTree.getChildren(node));
      if (!node.entity.invalidReason) {
        for (const [field, label] of Object.entries(REF_FIELDS)) {
          for (const target of [doc.spec?.[field] ?? []].flat() as string[]) {
            const name = target.split('/').pop()!.split(':').pop()!;
            const shown = children.some(({ node: child, item }) =>
              String(item.description).startsWith(label) &&
              (child.type === 'entity' ? child.entity.name === name : child.type === 'unresolved' && child.targetRef.endsWith(`/${name}`)),
            );
            assert.ok(shown, `${doc.metadata.name} shows "${label} ${target}"`);
            relationsSeen++;
          }
        }
      }
      for (const link of doc.metadata.links ?? []) {
        assert.ok(
          children.some(({ node: child, item }) => child.type === 'link' && child.link.url === link.url && labelOf(item) === (link.title ?? link.url)),
          `${doc.metadata.name} shows the link ${link.url}`,
        );
        linksSeen++;
      }
    }
    // Guards against a loop that checks nothing: the examples have 81 ref fields on valid entities and 20 links.
    assert.deepEqual([relationsSeen, linksSeen], [81, 20]);
  });

  it('marks the invalid entity with Backstage\'s reason, also in the Problems panel', async () => {
    const [components] = await api.catalogTree.getChildren();
    const node = ((await api.catalogTree.getChildren(components)) as EntityNode[]).find((e) => e.entity.name === 'playground service')!;
    const item = api.catalogTree.getTreeItem(node);
    assert.match(String(item.description), /^invalid: "metadata\.name" is not valid/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'playground/catalog-info.yaml'));
    const diagnostics = vscode.languages.getDiagnostics(file);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 5);
    assert.match(diagnostics[0].message, /^Policy check failed for component:default\/playground service; caused by Error: "metadata\.name" is not valid/);
  });

  it('opens an entity\'s definition at its line when it is clicked', async () => {
    const [components] = await api.catalogTree.getChildren();
    const node = ((await api.catalogTree.getChildren(components)) as EntityNode[]).find((e) => e.entity.name === 'wayback-archive-ingestion')!;
    await click(api.catalogTree.getTreeItem(node));
    const editor = vscode.window.activeTextEditor!;
    assert.equal(path.basename(editor.document.uri.fsPath), 'wayback-archive-ingestion-component.yaml');
    assert.equal(editor.document.getText(editor.selection), 'wayback-archive-ingestion');
  });

  it('opens a link in the Simple Browser, inside the editor', async () => {
    const [components] = await api.catalogTree.getChildren();
    const node = ((await api.catalogTree.getChildren(components)) as EntityNode[]).find((e) => e.entity.name === 'artist-lookup')!;
    const link = (await api.catalogTree.getChildren(node)).find((child) => child.type === 'link' && child.link.title === 'Dashboard')!;
    await click(api.catalogTree.getTreeItem(link));
    const browserTab = await waitFor(() =>
      vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputWebview && /simpleBrowser/i.test(tab.input.viewType)),
    );
    assert.ok(browserTab, 'a Simple Browser tab is open');
  });

  it('switches to grouping by owner and by system', async () => {
    await vscode.commands.executeCommand('greenroom.groupByOwner');
    const owners = items(await api.catalogTree.getChildren()).map(({ item }) => labelOf(item));
    assert.ok(owners.includes('team-a') && owners.includes('No owner'), owners.join(', '));
    await vscode.commands.executeCommand('greenroom.groupBySystem');
    const systems = items(await api.catalogTree.getChildren()).map(({ item }) => labelOf(item));
    assert.deepEqual(systems.slice(0, 3).sort(), ['Artist Engagement Portal', 'audio-playback', 'podcast']);
    await vscode.commands.executeCommand('greenroom.groupByKind');
  });
});

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Does what clicking the row does: runs its command with its arguments. */
async function click(item: vscode.TreeItem): Promise<void> {
  assert.ok(item.command, `${labelOf(item)} does something when clicked`);
  await vscode.commands.executeCommand(item.command.command, ...((item.command.arguments ?? []) as unknown[]));
}

async function waitFor<T>(find: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T | undefined> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const found = await find();
    if (found) return found;
  }
  return undefined;
}

describe('when the catalog server dies', function () {
  this.timeout(60_000);

  it('restarts it and shows the catalog again', async () => {
    const extension = vscode.extensions.getExtension<GreenroomApi>('greenroom.greenroom')!;
    const api = await extension.activate();
    await api.whenCatalogLoaded();
    const serverPids = () =>
      // `[d]` keeps pgrep's own shell, whose command line holds the pattern, from matching.
      execSync('pgrep -f "greenroom.*[d]ist/server.js" || true').toString().split('\n').filter(Boolean).map(Number);
    const [pid] = serverPids();
    assert.ok(pid, 'the catalog server runs in its own process');
    process.kill(pid, 'SIGKILL');
    const restarted = await waitFor(() => serverPids().find((candidate) => candidate !== pid));
    assert.ok(restarted, 'a new server process was started');
    const groups = await waitFor(async () => {
      await api.whenCatalogLoaded();
      const children = await api.catalogTree.getChildren();
      return children.length > 0 ? children : undefined;
    });
    assert.equal(groups?.length, 8);
  });
});
