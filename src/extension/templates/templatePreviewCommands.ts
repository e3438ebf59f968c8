import * as vscode from 'vscode';
import { REMOTE_ENTITY_SCHEME } from '../../protocol/catalogProtocol';
import type { CatalogServer } from '../client/catalogServer';
import { TemplatePreviewPanel } from './templatePreview';

/** A YAML document with a Template in it, or a Backstage Template opened from the catalog: the editor title button, the CodeLens and the command show for it. */
const TEMPLATE_KIND = /^kind:[ \t]*['"]?Template['"]?[ \t]*(#.*)?$/m;
const CONTEXT_KEY = 'greenroom.templateFile';

/** `Greenroom: Preview Template`: from the editor title, the CodeLens on `kind: Template`, or the palette. */
export function registerTemplatePreviewCommands(context: vscode.ExtensionContext, server: CatalogServer, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const setContext = (editor: vscode.TextEditor | undefined) => void vscode.commands.executeCommand('setContext', CONTEXT_KEY, editor !== undefined && isTemplateFile(editor.document));
  setContext(vscode.window.activeTextEditor);
  const lenses: vscode.CodeLensProvider = {
    provideCodeLenses: (document) => {
      const lenses: vscode.CodeLens[] = [];
      for (const match of document.getText().matchAll(new RegExp(TEMPLATE_KIND.source, 'gm'))) {
        const start = document.positionAt(match.index);
        lenses.push(
          new vscode.CodeLens(new vscode.Range(start, start), {
            title: '$(open-preview) Preview Template',
            tooltip: 'Show the form and a dry run beside this file, following your edits',
            command: 'greenroom.previewTemplate',
            arguments: [document.uri],
          }),
        );
      }
      return lenses;
    },
  };
  return [
    vscode.window.onDidChangeActiveTextEditor(setContext),
    vscode.workspace.onDidChangeTextDocument((event) => event.document === vscode.window.activeTextEditor?.document && setContext(vscode.window.activeTextEditor)),
    vscode.languages.registerCodeLensProvider([{ scheme: 'file', language: 'yaml' }, { scheme: REMOTE_ENTITY_SCHEME }], lenses),
    vscode.commands.registerCommand('greenroom.previewTemplate', async (uri?: vscode.Uri) => {
      const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!document || !isTemplateFile(document)) {
        void vscode.window.showInformationMessage('Open a template.yaml (a file with kind: Template), or a Backstage Template from the catalog, to preview it.');
        return;
      }
      TemplatePreviewPanel.show(context, server, log, document);
    }),
  ];
}

function isTemplateFile(document: vscode.TextDocument): boolean {
  return ((document.uri.scheme === 'file' && document.languageId === 'yaml') || document.uri.scheme === REMOTE_ENTITY_SCHEME) && TEMPLATE_KIND.test(document.getText());
}
