// Greenroom: Open Docs, from the tree, the command palette or a link carrying an entity ref.
import * as vscode from 'vscode';
import type { CatalogServer } from '../client/catalogServer';
import type { CatalogNode } from '../catalogTree/catalogNodes';
import { DocsPanel } from './docsPanel';

export function registerDocsCommands(context: vscode.ExtensionContext, server: CatalogServer): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('greenroom.openDocs', async (target?: CatalogNode | string | { ref: string; page?: string; anchor?: string }) => {
      const chosen = await refOf(target, server);
      if (!chosen) return;
      await DocsPanel.show(context, server, chosen.ref, chosen.page, chosen.anchor);
    }),
  ];
}

async function refOf(target: CatalogNode | string | { ref: string; page?: string; anchor?: string } | undefined, server: CatalogServer): Promise<{ ref: string; page?: string; anchor?: string } | undefined> {
  if (typeof target === 'string') return { ref: target };
  if (target && 'type' in target) return target.type === 'entity' ? { ref: target.entity.ref } : undefined;
  if (target && 'ref' in target) return target;
  const entities = await server.docsEntities();
  if (entities.length === 0) {
    const choice = await vscode.window.showInformationMessage(
      'No entity has docs here. An entity gets local docs with the annotation backstage.io/techdocs-ref: dir:. and an mkdocs.yml beside its catalog-info.yaml; connected to Backstage, the docs it publishes open too.',
      'Learn about TechDocs',
    );
    if (choice) await vscode.env.openExternal(vscode.Uri.parse('https://backstage.io/docs/features/techdocs/creating-and-publishing'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entities.map((entity) => ({ label: entity.title, description: entity.ref, ref: entity.ref })),
    { title: 'Open Docs', placeHolder: 'The entity whose docs to open', matchOnDescription: true },
  );
  return picked ? { ref: picked.ref } : undefined;
}
