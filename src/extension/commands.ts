import * as vscode from 'vscode';
import type { GroupBy } from '../protocol/catalogProtocol';
import type { CatalogNode } from './catalogTree/catalogNodes';
import type { CatalogServer } from './client/catalogServer';
import type { CatalogTreeProvider } from './catalogTree/catalogTree';
import { createCatalogFile } from './catalogFileCreator';
import { pickToolLink, showCatalogSearch } from './search/catalogSearch';
import { openLink } from './linkOpener';
import { setGroupBy } from './settings';

/** Registers every command the manifest contributes; `npm run check:commands` keeps the two in step. */
export function registerCommands(server: CatalogServer, tree: CatalogTreeProvider, view: vscode.TreeView<CatalogNode>, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const register = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);
  const groupBy = (grouping: GroupBy) => () => setGroupBy(grouping);
  const search = (title: string, placeholder: string, scope?: string) => () =>
    showCatalogSearch(server, {
      title,
      placeholder,
      scope,
      docs: !scope,
      open: (entity) => goToDefinition({ type: 'entity', entity, parentId: '' }),
      reveal: (entity) => Promise.resolve(view.reveal(tree.nodeForEntity(entity), { select: true, focus: true })),
    });
  return [
    register('greenroom.refresh', () =>
      vscode.window.withProgress({ location: { viewId: 'greenroom.catalog' }, title: 'Reading catalog files' }, () => server.reload()),
    ),
    register('greenroom.groupByKind', groupBy('kind')),
    register('greenroom.groupByOwner', groupBy('owner')),
    register('greenroom.groupBySystem', groupBy('system')),
    register('greenroom.goToDefinition', (node: CatalogNode) => goToDefinition(node)),
    register('greenroom.copyEntityRef', async (node: CatalogNode) => {
      const ref = refOf(node);
      if (!ref) return;
      await vscode.env.clipboard.writeText(ref);
      void vscode.window.setStatusBarMessage(`Copied ${ref}`, 3000);
    }),
    register('greenroom.openLink', (node: CatalogNode | string) => {
      const url = typeof node === 'string' ? node : node.type === 'link' ? node.link.url : undefined;
      return url ? openLink(url) : undefined;
    }),
    register('greenroom.openLinkInBrowser', (node: CatalogNode) => (node.type === 'link' ? openLink(node.link.url, 'browser') : undefined)),
    register('greenroom.createCatalogFile', () => createCatalogFile()),
    register('greenroom.searchCatalog', search('Search the Catalog', 'Entities, people, templates, links, docs · kind:api owner:team-a tag:java')),
    register('greenroom.findPeople', search('Find People', 'A name, an email, a team, or what they work on', 'kind:user,group')),
    register('greenroom.openToolLink', () => pickToolLink(server)),
    register('greenroom.showLog', () => log.show()),
    register('greenroom.restartServer', async () => {
      await server.restart();
      tree.refresh();
    }),
  ];
}

async function goToDefinition(node: CatalogNode): Promise<void> {
  if (node.type !== 'entity') return;
  const { uri, selectionRange } = node.entity.location;
  const range = new vscode.Range(selectionRange.start.line, selectionRange.start.character, selectionRange.end.line, selectionRange.end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: range, preview: true });
}

function refOf(node: CatalogNode): string | undefined {
  if (node.type === 'entity') return node.entity.ref;
  if (node.type === 'unresolved') return node.targetRef;
  return undefined;
}
