import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { looksLikeCatalogFile } from '../core/catalog';
import { quickFixes } from './diagnosticsPublisher';
import { completion } from './features/completion';
import { hover } from './features/hover';
import { definition, documentLinks, documentSymbols, references } from './features/navigation';
import type { WorkspaceCatalog } from './workspaceCatalog';

/** The LSP features of catalog files: hover, completion, navigation, outline, links and quick fixes. */
export function registerLanguageFeatures(connection: Connection, documents: TextDocuments<TextDocument>, workspace: WorkspaceCatalog): void {
  /** The open document behind a request, when it is a catalog file: other YAML gets no answers. */
  function catalogDocument(uri: string): { path: string; text: string } | undefined {
    const document = documents.get(uri);
    if (!document || !uri.startsWith('file:')) return undefined;
    const path = URI.parse(uri).fsPath;
    const text = document.getText();
    // A new, still empty catalog-info.yaml is a catalog file too: that is where the entity snippets help most.
    const isCatalogFile = workspace.catalog.isCatalogFile(path) || /(^|[\\/])catalog-info\.ya?ml$/.test(path) || looksLikeCatalogFile(text);
    return isCatalogFile ? { path, text } : undefined;
  }

  connection.onHover(({ textDocument, position }) => {
    const document = catalogDocument(textDocument.uri);
    return document ? hover(workspace.catalog, document.text, position) : null;
  });

  connection.onCompletion(({ textDocument, position }) => {
    const document = catalogDocument(textDocument.uri);
    return document ? completion(workspace.catalog, document.text, position) : null;
  });

  connection.onDefinition(({ textDocument, position }) => {
    const document = catalogDocument(textDocument.uri);
    return document ? definition(workspace.catalog, document.path, document.text, position) : null;
  });

  connection.onReferences(({ textDocument, position, context }) => {
    const document = catalogDocument(textDocument.uri);
    return document ? references(workspace.catalog, document.text, position, context.includeDeclaration) : null;
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const document = catalogDocument(textDocument.uri);
    return document ? documentSymbols(document.text) : null;
  });

  connection.onDocumentLinks(({ textDocument }) => {
    const document = catalogDocument(textDocument.uri);
    return document ? documentLinks(document.path, document.text) : null;
  });

  connection.onCodeAction(({ textDocument, context }) => quickFixes(textDocument.uri, context.diagnostics));
}
