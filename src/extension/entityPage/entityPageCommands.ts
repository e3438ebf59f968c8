import * as vscode from 'vscode';
import type { EntitySummary } from '../../protocol/catalogProtocol';
import type { CatalogNode } from '../catalogTree/catalogNodes';
import type { CatalogServer } from '../client/catalogServer';
import { showCatalogSearch } from '../search/catalogSearch';
import { entityLinkTarget } from './entityLinks';
import { EntityPagePanel } from './entityPagePanel';

/**
 * `Greenroom: Open Entity…` and `Open Entity Page` (the tree's and the hover cards'): with a ref (a hover card's link, the status bar), a tree row or a search
 * result, opens that entity's page; with nothing, asks which entity in the catalog search.
 */
export function registerEntityPageCommands(
  context: vscode.ExtensionContext,
  server: CatalogServer,
  log: vscode.LogOutputChannel,
  reveal: (entity: EntitySummary) => Promise<void>,
): vscode.Disposable[] {
  const show = (ref: string): void => {
    EntityPagePanel.show(context, server, log, ref);
  };
  return [
    EntityPagePanel.restoreAfterReload(context, server, log),
    // vscode://greenroom.greenroom/entity/<kind>/<namespace>/<name>, …/open?entity=<ref>&path=<file> and …/create?template=<ref>&values=<JSON>
    vscode.window.registerUriHandler({
      handleUri: async (uri) => {
        const target = entityLinkTarget(uri.path, uri.query);
        if (!target) return void vscode.window.showWarningMessage(`Greenroom does not know what to open for ${uri.toString(true)}.`);
        if (target.action === 'page') return show(target.ref);
        if (target.action === 'create') return void vscode.commands.executeCommand('greenroom.createFromTemplate', { ref: target.ref, values: target.values });
        await openInRepository(server, target.ref, target.path);
      },
    }),
    vscode.commands.registerCommand('greenroom.openEntity', open),
    // The hover cards' command: OPEN_ENTITY_COMMAND names it for the server.
    vscode.commands.registerCommand('greenroom.openEntityPage', open),
  ];

  function open(target?: string | CatalogNode | EntitySummary): void {
    const ref = refOf(target);
    if (ref) return show(ref);
    showCatalogSearch(server, {
      title: 'Open Entity',
      placeholder: 'An entity by name, title, owner or tag · kind:api owner:team-a',
      open: (entity) => Promise.resolve(show(entity.ref)),
      reveal,
    });
  }
}

/** The ref behind a command's argument: a ref, a tree row (an entity or a ref the catalog lacks) or an entity. */
function refOf(target: string | CatalogNode | EntitySummary | undefined): string | undefined {
  if (typeof target === 'string') return target || undefined;
  if (!target || typeof target !== 'object') return undefined;
  if ('targetRef' in target) return target.targetRef;
  if ('entity' in target) return target.entity.ref;
  return 'ref' in target && typeof target.ref === 'string' ? target.ref : undefined;
}

/** Opens `file` in the workspace folder that holds the entity's catalog file, asking which when that says nothing. */
async function openInRepository(server: CatalogServer, ref: string, file: string): Promise<void> {
  const details = await server.getEntityDetails({ ref });
  const location = details ? vscode.Uri.parse(details.entity.location.uri) : undefined;
  const folder =
    (location && vscode.workspace.getWorkspaceFolder(location)) ??
    (vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: `Which folder holds ${ref}'s repository?` }));
  if (!folder) return;
  const target = vscode.Uri.joinPath(folder.uri, ...file.split('/'));
  try {
    await vscode.window.showTextDocument(target);
  } catch {
    void vscode.window.showWarningMessage(`${file} is not in ${folder.name}.`);
  }
}
