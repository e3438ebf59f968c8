// The file you are in: the status bar names the entity that owns the active editor's file and its owner.
import * as vscode from 'vscode';
import type { FileOwner } from '../../protocol/catalogProtocol';
import { kindIcon, linkIcon } from '../catalogTree/catalogIcons';
import { OPEN_ENTITY_COMMAND, type CatalogServer } from '../client/catalogServer';
import { openLink } from '../linkOpener';

const WHO_OWNS_COMMAND = 'greenroom.whoOwnsThisFile';

/** How each rule reads in the tooltip and the quick pick. */
const RULE_WORDS: Record<FileOwner['rule'], string> = {
  'catalog-file': 'its catalog file',
  'api-definition': "the API whose definition it is",
  'nearest-catalog-info': 'the nearest catalog-info.yaml',
  'source-location': "an entity's source location",
  codeowners: 'CODEOWNERS',
};

/**
 * The status bar item (`payments · team-payments`), asked of the server on every editor switch and
 * catalog change, and `Greenroom: Who Owns This File?`, which the item, the Explorer's context menu
 * and the palette run: one quick pick with the entity's page, its owner's page and its tool links.
 */
export function registerFileOwner(server: CatalogServer): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('greenroom.fileOwner', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Greenroom: File Owner';
  let asked = 0;
  const update = async () => {
    const asking = ++asked;
    const uri = vscode.window.activeTextEditor?.document.uri;
    const owner = uri?.scheme === 'file' ? await server.getFileOwner({ uri: uri.toString() }).catch(() => null) : null;
    if (asking !== asked) return;
    if (!uri || !owner || (!owner.entity && !owner.owner)) {
      item.hide();
      return;
    }
    const names = [owner.entity?.title, owner.owner?.title].filter(Boolean).join(' · ');
    item.text = `$(${owner.entity ? 'package' : 'organization'}) ${names}`;
    item.tooltip = `${owner.entity ? `${owner.entity.ref}, owned by ${owner.owner?.ref ?? 'nobody the catalog names'}` : `Owned by ${owner.owner?.ref}`}\nFound by ${RULE_WORDS[owner.rule]}: ${owner.why}\nClick for its page, its owner's page and its links`;
    item.accessibilityInformation = { label: `${vscode.workspace.asRelativePath(uri)} is owned by ${names}`, role: 'button' };
    item.command = { command: WHO_OWNS_COMMAND, title: 'Who Owns This File?', arguments: [uri] };
    item.show();
  };
  void update();
  return [
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    server.onDidChange(() => void update()),
    vscode.commands.registerCommand('greenroom.whoOwnsThisFile', (uri?: vscode.Uri) => whoOwns(server, uri ?? vscode.window.activeTextEditor?.document.uri)),
  ];
}

interface OwnerItem extends vscode.QuickPickItem {
  run?: () => unknown;
}

async function whoOwns(server: CatalogServer, uri: vscode.Uri | undefined): Promise<void> {
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Open a file of the workspace to see who owns it.');
    return;
  }
  const name = vscode.workspace.asRelativePath(uri);
  const owner = await server.getFileOwner({ uri: uri.toString() });
  if (!owner || (!owner.entity && !owner.owner)) {
    void vscode.window.showInformationMessage(`Nothing says who owns ${name}: no catalog-info.yaml in its folder or above, and no CODEOWNERS line for it.`);
    return;
  }
  const items: OwnerItem[] = [];
  const pageOf = (entity: NonNullable<FileOwner['entity']>, label: string): OwnerItem => ({
    label,
    iconPath: kindIcon(entity.kind),
    description: entity.ref,
    detail: entity.inCatalog ? entity.description : 'Not in the catalog',
    run: entity.inCatalog ? () => vscode.commands.executeCommand(OPEN_ENTITY_COMMAND, entity.ref) : undefined,
  });
  if (owner.entity) items.push(pageOf(owner.entity, `Open ${owner.entity.title}'s Page`));
  if (owner.entity && owner.hasDocs) {
    const ref = owner.entity.ref;
    items.push({ label: `Open ${owner.entity.title}'s Docs`, iconPath: new vscode.ThemeIcon('book'), description: ref, run: () => vscode.commands.executeCommand('greenroom.openDocs', ref) });
  }
  if (owner.owner) items.push(pageOf(owner.owner, `Open ${owner.owner.title}'s Page`));
  if (owner.links.length > 0) {
    items.push({ label: 'Links', kind: vscode.QuickPickItemKind.Separator });
    for (const link of owner.links) items.push({ label: link.title, iconPath: linkIcon(link.icon), description: link.url, run: () => openLink(link.url) });
  }
  const names = [owner.entity?.title, owner.owner?.title].filter(Boolean).join(' · ');
  const chosen = await vscode.window.showQuickPick(items, { title: `${name}: ${names}`, placeHolder: `Found by ${RULE_WORDS[owner.rule]}: ${owner.why}` });
  await chosen?.run?.();
}
