// The LSP features of the catalog language: hover, completion, navigation, diagnostics and code actions.
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type TextDocuments, type WorkspaceSymbol } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { bytesOver, looksLikeCatalogFile } from '../../core/catalog/catalog';
import { MAX_CATALOG_FILE_BYTES } from '../../sources/workspaceFiles';
import { quickFixes } from '../catalog/diagnosticsPublisher';
import { completion } from './completion';
import { hover } from './hover';
import { definition, documentLinks, documentSymbols, entitySymbols, references } from './navigation';
import { ParsedDocuments } from './parsedDocuments';
import { OFF_THREAD_CHARS, type OffThreadParser } from '../parsing/offThreadParser';
import type { SearchSync } from '../catalog/searchSync';
import type { WorkspaceCatalog } from '../catalog/workspaceCatalog';

/** The LSP features of catalog files: hover, completion, navigation, outline, links, quick fixes and symbol search. */
export function registerLanguageFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  workspace: WorkspaceCatalog,
  parser: OffThreadParser,
  search: SearchSync,
  entityPageCommand: () => string | undefined = () => undefined,
): void {
  const parsed = new ParsedDocuments((file) => workspace.catalog.openParseCache(file));
  documents.onDidClose(({ document }) => parsed.forget(document.uri));

  /** The open document behind a request, when it is a catalog file: other YAML gets no answers. */
  function catalogDocument(uri: string): { uri: string; version: number; path: string; text: string } | undefined {
    const document = documents.get(uri);
    if (!document || !uri.startsWith('file:')) return undefined;
    const path = URI.parse(uri).fsPath;
    const text = document.getText();
    // Past the catalog's size limit a document is not parsed at all; its problem says why.
    if (bytesOver(text, MAX_CATALOG_FILE_BYTES) !== undefined) return undefined;
    // A new, still empty catalog-info.yaml is a catalog file too: that is where the entity snippets help most.
    const isCatalogFile = workspace.catalog.isCatalogFile(path) || /(^|[\\/])catalog-info\.ya?ml$/.test(path) || looksLikeCatalogFile(text);
    return isCatalogFile ? { uri, version: document.version, path, text } : undefined;
  }

  /** Where the cursor is in the open catalog document behind a request, from its parsed tree. */
  function cursorIn(uri: string, position: { line: number; character: number }) {
    const document = catalogDocument(uri);
    return document && { document, context: parsed.cursor(uri, document.path, document.version, document.text, position) };
  }

  /**
   * Answers a request unless the client cancelled it (the document changed since it was asked, or
   * the cursor moved): then it is answered as cancelled, with no work done for a superseded text.
   */
  function unlessCancelled<P, R>(handler: (params: P, token: CancellationToken) => R): (params: P, token: CancellationToken) => R | ResponseError<void> {
    return (params, token) => (token.isCancellationRequested ? cancelled() : handler(params, token));
  }

  connection.onHover(
    unlessCancelled(({ textDocument, position }) => {
      const at = cursorIn(textDocument.uri, position);
      return at ? hover(workspace.catalog, at.context, entityPageCommand()) : null;
    }),
  );

  connection.onCompletion(
    unlessCancelled(({ textDocument, position }) => {
      const at = cursorIn(textDocument.uri, position);
      return at ? completion(workspace.catalog, at.context) : null;
    }),
  );

  connection.onDefinition(
    unlessCancelled(({ textDocument, position }) => {
      const at = cursorIn(textDocument.uri, position);
      return at ? definition(workspace.catalog, at.document.path, at.context) : null;
    }),
  );

  connection.onReferences(
    unlessCancelled(({ textDocument, position, context }) => {
      const at = cursorIn(textDocument.uri, position);
      return at ? references(workspace.catalog, at.context, context.includeDeclaration) : null;
    }),
  );

  // Outline and links parse the whole document: a large one is parsed on the worker thread.
  connection.onDocumentSymbol(
    unlessCancelled(async ({ textDocument }, token) => {
      const document = catalogDocument(textDocument.uri);
      if (!document) return null;
      if (document.text.length <= OFF_THREAD_CHARS) return documentSymbols(parsed.parsed(document.uri, document.path, document.version, document.text));
      const symbols = await parser.symbols(document.text);
      return token.isCancellationRequested ? cancelled() : (symbols ?? null);
    }),
  );

  connection.onDocumentLinks(
    unlessCancelled(async ({ textDocument }, token) => {
      const document = catalogDocument(textDocument.uri);
      if (!document) return null;
      if (document.text.length <= OFF_THREAD_CHARS) return documentLinks(document.path, parsed.parsed(document.uri, document.path, document.version, document.text));
      const links = await parser.links(document.path, document.text);
      return token.isCancellationRequested ? cancelled() : (links ?? null);
    }),
  );

  // Go to Symbol in Workspace: every entity, workspace and Backstage, ranked as the palette's search ranks.
  connection.onWorkspaceSymbol(
    unlessCancelled(async ({ query }, token): Promise<WorkspaceSymbol[] | ResponseError<void>> => {
      await workspace.firstLoad;
      const index = await search.current();
      return token.isCancellationRequested ? cancelled() : entitySymbols(workspace.catalog, index, query);
    }),
  );

  connection.onCodeAction(({ textDocument, context }) => quickFixes(textDocument.uri, context.diagnostics));
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
