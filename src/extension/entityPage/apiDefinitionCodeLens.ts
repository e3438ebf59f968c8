// The CodeLens on an API definition file: `payments-api · provided by payments-service · consumed by checkout-web, +2`.
import * as vscode from 'vscode';
import type { EntityPageLink } from '../../protocol/catalogProtocol';
import { OPEN_ENTITY_COMMAND, type CatalogServer } from '../client/catalogServer';

/** How many consumers the lens names before it counts the rest. */
const NAMED_CONSUMERS = 2;

/**
 * On a file an API entity reads its definition from, one lens per part: the API, each provider, each
 * of the first consumers, and the rest counted; each opens the page it names (the count, the API's).
 * Asked of the server per file and again when the catalog changes.
 */
export function registerApiDefinitionCodeLens(server: CatalogServer): vscode.Disposable[] {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses: async (document) => {
      // The text tells apart two APIs of one catalog file; a huge file is matched by its catalog file alone.
      const text = document.getText();
      const lenses = await server.getApiDefinitionLenses({ uri: document.uri.toString(), text: text.length <= 2_000_000 ? text : '' }).catch(() => []);
      const top = new vscode.Range(0, 0, 0, 0);
      const open = (entity: EntityPageLink, title: string): vscode.CodeLens =>
        new vscode.CodeLens(top, { title, tooltip: `Open ${entity.ref}'s page`, command: OPEN_ENTITY_COMMAND, arguments: [entity.ref] });
      return lenses.flatMap(({ api, providers, consumers }) => [
        open(api, `$(plug) ${api.title}`),
        ...providers.map((entity) => open(entity, `provided by ${entity.title}`)),
        ...consumers.slice(0, NAMED_CONSUMERS).map((entity, index) => open(entity, index === 0 ? `consumed by ${entity.title}` : entity.title)),
        ...(consumers.length > NAMED_CONSUMERS ? [open(api, `+${consumers.length - NAMED_CONSUMERS}`)] : []),
        ...(providers.length === 0 && consumers.length === 0 ? [open(api, 'no providers or consumers')] : []),
      ]);
    },
  };
  return [changed, server.onDidChange(() => changed.fire()), vscode.languages.registerCodeLensProvider({ scheme: 'file' }, provider)];
}
