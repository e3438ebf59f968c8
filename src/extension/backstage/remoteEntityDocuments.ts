import * as vscode from 'vscode';
import { REMOTE_ENTITY_SCHEME } from '../../protocol/catalogProtocol';
import type { CatalogServer } from '../client/catalogServer';

/**
 * Read-only documents of entities only Backstage has: the whole entity, fetched when opened (the
 * catalog itself holds only the fields the tree and search need).
 */
export function registerRemoteEntityDocuments(server: CatalogServer): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent: async (uri) => {
      try {
        return await server.getRemoteEntityText(uri.toString());
      } catch (error) {
        return `# This entity could not be read from Backstage.\n# ${error instanceof Error ? error.message : String(error)}\n`;
      }
    },
  };
  return vscode.workspace.registerTextDocumentContentProvider(REMOTE_ENTITY_SCHEME, provider);
}
