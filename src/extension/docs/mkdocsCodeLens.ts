// The CodeLens on an mkdocs.yml: `Open Docs · playground service`, for each entity whose techdocs-ref names its folder.
import * as vscode from 'vscode';
import type { CatalogServer } from '../client/catalogServer';

/** Asked of the server per file and again when the catalog changes: a techdocs-ref added elsewhere shows here. */
export function registerMkdocsCodeLens(server: CatalogServer): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses: async (document) => {
      const folder = vscode.Uri.joinPath(document.uri, '..').toString();
      const entities = await server.docsEntities().catch(() => []);
      const top = new vscode.Range(0, 0, 0, 0);
      return entities
        .filter((entity) => entity.docsDir !== undefined && vscode.Uri.file(entity.docsDir).toString() === folder)
        .map((entity) => new vscode.CodeLens(top, { title: `$(book) Open Docs · ${entity.title}`, tooltip: `Open the docs of ${entity.ref}`, command: 'greenroom.openDocs', arguments: [entity.ref] }));
    },
  };
  return [changed, server.onDidChange(() => changed.fire()), vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/mkdocs.{yml,yaml}' }, provider)];
}
