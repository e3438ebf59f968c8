import * as vscode from 'vscode';
import type { TemplatePreview as Preview, TemplatePreviewRun } from '../../protocol/catalogProtocol';
import { WebviewReadyNotification } from '../../protocol/webviewMessages';
import {
  ManageTrustNotification,
  OpenEntityNotification,
  OpenLinkNotification,
  PreviewNotification,
  PreviewRunNotification,
  PreviewRunningNotification,
  PreviewRunResultNotification,
  PreviewSavedNotification,
  PreviewValuesNotification,
  RevealLineNotification,
} from '../../protocol/wizardMessages';
import type { CatalogServer } from '../client/catalogServer';
import { openLink } from '../linkOpener';
import { WebviewChannel } from '../webviewChannel';
import { panelOptions, runnable, wizardHtml, writeValidators } from './templateWizard';

/** Open previews by document URI: previewing a file again shows its panel. */
const open = new Map<string, TemplatePreviewPanel>();

/**
 * The wizard in preview mode beside a template.yaml: the form and the steps follow each edit of the
 * document (its unsaved text), and a dry run follows each save or the page's button. The page keeps
 * what was typed into the form; the server answers from the editor's text.
 */
export class TemplatePreviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: WebviewChannel;
  private parameters: Record<string, unknown> = {};
  /** One preview request at a time; edits while it is out ask once more when it answers. */
  private asking = false;
  private askAgain = false;
  private ready = false;

  static show(context: vscode.ExtensionContext, server: CatalogServer, log: vscode.LogOutputChannel, document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const existing = open.get(key);
    if (existing) return existing.panel.reveal(vscode.ViewColumn.Beside, true);
    const panel = vscode.window.createWebviewPanel(
      'greenroom.templatePreview',
      `Preview: ${fileName(document.uri)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      panelOptions(context),
    );
    open.set(key, new TemplatePreviewPanel(context, server, log, document.uri, panel));
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: CatalogServer,
    private readonly log: vscode.LogOutputChannel,
    private readonly uri: vscode.Uri,
    private readonly panel: vscode.WebviewPanel,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'greenroom.svg');
    this.channel = new WebviewChannel(panel.webview, (error) => this.log.error(`Template preview: ${error instanceof Error ? error.message : String(error)}`));
    this.channel.onNotification(WebviewReadyNotification, () => {
      this.ready = true;
      void this.refresh();
    });
    this.channel.onNotification(PreviewValuesNotification, ({ parameters }) => {
      this.parameters = parameters;
      void this.refresh();
    });
    this.channel.onNotification(PreviewRunNotification, ({ parameters, secrets }) => {
      this.parameters = parameters;
      void this.dryRun(secrets);
    });
    this.channel.onNotification(RevealLineNotification, ({ line }) => void this.reveal(line));
    this.channel.onNotification(OpenLinkNotification, ({ url }) => openLink(url));
    this.channel.onNotification(OpenEntityNotification, ({ ref }) => void vscode.window.showInformationMessage(`${ref} is what a real run would name; a dry run creates nothing.`));
    this.channel.onNotification(ManageTrustNotification, () => vscode.commands.executeCommand('workbench.trust.manage'));
    this.disposables.push(
      this.channel,
      vscode.workspace.onDidChangeTextDocument((event) => event.document.uri.toString() === uri.toString() && event.contentChanges.length > 0 && void this.refresh()),
      vscode.workspace.onDidSaveTextDocument((document) => document.uri.toString() === uri.toString() && this.channel.notify(PreviewSavedNotification)),
      vscode.workspace.onDidCloseTextDocument((document) => document.uri.toString() === uri.toString() && this.dispose()),
      // The server's diagnostics change with files the template reads (its skeleton): the page follows them too.
      vscode.languages.onDidChangeDiagnostics((event) => event.uris.some((changed) => changed.toString() === uri.toString()) && void this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = wizardHtml(panel.webview, context.extensionUri, [], 'preview');
  }

  /** Asks the server for the preview of the document as it is now, and shows it. */
  private async refresh(): Promise<void> {
    if (!this.ready) return;
    if (this.asking) {
      this.askAgain = true;
      return;
    }
    this.asking = true;
    do {
      this.askAgain = false;
      try {
        await this.show(await this.server.templatePreview({ uri: this.uri.toString(), parameters: this.parameters }));
      } catch (error) {
        this.log.error(`Template preview: ${error instanceof Error ? error.message : String(error)}`);
      }
    } while (this.askAgain);
    this.asking = false;
  }

  private async show(preview: Preview): Promise<void> {
    const validators = preview.form ? await writeValidators(this.context, preview.form) : [];
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const { canRun, whyNot, trustNeeded } = preview.form
      ? runnable(preview.form, root)
      : { canRun: false, whyNot: 'This file holds no Template yet: add one (kind: Template) with parameters and steps.', trustNeeded: false };
    this.channel.notify(PreviewNotification, {
      preview,
      validators: validators.map(({ key, uri }) => ({ key, src: this.panel.webview.asWebviewUri(uri).toString() })),
      fileName: fileName(this.uri),
      canRun,
      whyNot,
      trustNeeded,
    });
  }

  private async dryRun(secrets: Record<string, string>): Promise<void> {
    this.channel.notify(PreviewRunningNotification);
    let run: TemplatePreviewRun;
    try {
      run = await this.server.templatePreviewRun({ uri: this.uri.toString(), parameters: this.parameters, secrets });
    } catch (error) {
      // A Backstage that cannot be reached, a server restarting: the page says so instead of running forever.
      run = { ok: false, message: `The dry run failed: ${error instanceof Error ? error.message : String(error)}`, log: [] };
    }
    this.channel.notify(PreviewRunResultNotification, { run });
  }

  private async reveal(line: number): Promise<void> {
    const editor = await vscode.window.showTextDocument(this.uri, { viewColumn: vscode.ViewColumn.One });
    const position = new vscode.Position(line, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  }

  dispose(): void {
    open.delete(this.uri.toString());
    for (const disposable of this.disposables) disposable.dispose();
    this.panel.dispose();
  }
}

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}
