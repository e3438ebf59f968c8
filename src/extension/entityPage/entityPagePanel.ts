// The entity page: one editor tab per entity, showing what the catalog server puts together for it.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { EntityPage } from '../../protocol/catalogProtocol';
import { EntityActionNotification, GraphRequest, NavigateNotification, OpenEntityNotification, OpenLinkNotification, ShowNavigationNotification, ShowPageNotification, type EntityAction, type EntityPageState } from '../../protocol/entityPageMessages';
import { WebviewReadyNotification } from '../../protocol/webviewMessages';
import type { CatalogServer } from '../client/catalogServer';
import { openLink } from '../linkOpener';
import { TemplateWizard } from '../templates/templateWizard';
import { WebviewChannel } from '../webviewChannel';

export const ENTITY_PAGE_VIEW_TYPE = 'greenroom.entityPage';

/** Open pages by lower-case ref: opening an entity again shows its tab. */
const open = new Map<string, EntityPagePanel>();

/**
 * An entity page's panel: hosts the page (dist/entityPage.js) under a strict CSP, asks the server for
 * the page after the page's ready and after every catalog change, and carries out what the page asks.
 * Catalog text reaches the page only as data; links and actions go through here.
 */
export class EntityPagePanel implements vscode.Disposable {
  private readonly channel: WebviewChannel;
  private readonly disposables: vscode.Disposable[] = [];
  private shown: EntityPage | undefined;
  /** Answers to older asks are dropped: the page never goes back to an older catalog. */
  private asked = 0;
  /** The refs Back and Forward lead to, as a browser's history would: the page this one was opened from, and the one it went on to. */
  private back: string | undefined;
  private forward: string | undefined;

  /** Shows the page of `ref`, in its open tab when there is one. */
  static show(context: vscode.ExtensionContext, server: CatalogServer, log: vscode.LogOutputChannel, ref: string): EntityPagePanel {
    const existing = open.get(ref.toLowerCase());
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(ENTITY_PAGE_VIEW_TYPE, titleOf(ref), vscode.ViewColumn.Active, panelOptions(context));
    return new EntityPagePanel(context, server, log, ref, panel);
  }

  /** Brings pages back after VS Code reloads the window: the page keeps its ref in its state. */
  static restoreAfterReload(context: vscode.ExtensionContext, server: CatalogServer, log: vscode.LogOutputChannel): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(ENTITY_PAGE_VIEW_TYPE, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => {
        const ref = (state as Partial<EntityPageState> | undefined)?.ref;
        if (typeof ref !== 'string' || open.has(ref.toLowerCase())) {
          panel.dispose();
          return Promise.resolve();
        }
        panel.webview.options = panelOptions(context);
        new EntityPagePanel(context, server, log, ref, panel);
        return Promise.resolve();
      },
    });
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: CatalogServer,
    private readonly log: vscode.LogOutputChannel,
    private readonly ref: string,
    private readonly panel: vscode.WebviewPanel,
  ) {
    open.set(ref.toLowerCase(), this);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'greenroom.svg');
    panel.webview.html = this.html();
    this.channel = new WebviewChannel(panel.webview, (error) => this.failed(error));
    this.channel.onNotification(WebviewReadyNotification, () => {
      void this.refresh();
      this.sendNavigation();
    });
    this.channel.onNotification(OpenEntityNotification, ({ ref: other }) => this.go(other, 'link'));
    this.channel.onNotification(NavigateNotification, ({ to }) => {
      const target = to === 'back' ? this.back : this.forward;
      if (target) this.go(target, to);
    });
    this.channel.onNotification(OpenLinkNotification, ({ url }) => openLink(url));
    this.channel.onNotification(EntityActionNotification, ({ action }) => this.act(action));
    this.channel.onRequest(GraphRequest, ({ depth }) => server.getEntityGraph({ ref: this.ref, depth }));
    this.disposables.push(
      this.channel,
      panel.onDidDispose(() => this.dispose()),
      // The page follows the catalog: an edit of the entity's file shows at once.
      server.onDidChange(() => this.refresh()),
    );
  }

  /**
   * Opens another page from this one. A link starts a new path (the new page's Back leads here, its Forward
   * nowhere); Back and Forward walk the path, so the page reached keeps the way back to this one.
   */
  private go(ref: string, how: 'link' | 'back' | 'forward'): void {
    if (ref.toLowerCase() === this.ref.toLowerCase()) return;
    const target = EntityPagePanel.show(this.context, this.server, this.log, ref);
    if (how === 'back') {
      target.forward = this.ref;
    } else {
      target.back = this.ref;
      if (how === 'link') target.forward = undefined;
      this.forward = ref;
      this.sendNavigation();
    }
    target.sendNavigation();
  }

  private sendNavigation(): void {
    const step = (ref: string | undefined) => (ref ? { ref, title: open.get(ref.toLowerCase())?.panel.title ?? titleOf(ref) } : undefined);
    this.channel.notify(ShowNavigationNotification, { back: step(this.back), forward: step(this.forward) });
  }

  private async refresh(): Promise<void> {
    const asked = ++this.asked;
    try {
      const page = await this.server.getEntityPage({ ref: this.ref });
      if (asked !== this.asked) return;
      this.shown = page ?? undefined;
      this.panel.title = page ? page.entity.title : titleOf(this.ref);
      this.channel.notify(ShowPageNotification, page ? { page } : { missing: this.ref });
    } catch (error) {
      if (asked === this.asked) this.failed(error);
    }
  }

  private async act(action: EntityAction): Promise<void> {
    const entity = this.shown?.entity;
    if (!entity) return;
    switch (action) {
      case 'goToDefinition': {
        const { uri, selectionRange: r } = entity.location;
        await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), viewColumn: vscode.ViewColumn.Active });
        return;
      }
      case 'openInBackstage':
        if (entity.backstageUrl) await openLink(entity.backstageUrl);
        return;
      case 'openDocs':
        if (entity.hasLocalDocs || entity.hasPublishedDocs) await vscode.commands.executeCommand('greenroom.openDocs', entity.ref);
        return;
      case 'copyRef':
        await vscode.env.clipboard.writeText(entity.ref);
        void vscode.window.setStatusBarMessage(`Copied ${entity.ref}`, 3000);
        return;
      case 'createFromTemplate':
        if (entity.kind === 'Template') TemplateWizard.show(this.context, this.server, this.log, entity.ref, entity.title);
        return;
    }
  }

  private failed(error: unknown): void {
    this.log.error(`Entity page of ${this.ref}: ${error instanceof Error ? error.message : String(error)}`);
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...path)).toString();
    // Scripts by nonce only, styles and fonts from the extension, images only from the extension:
    // an image in a description that points elsewhere is never fetched.
    const csp = `default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'codicon.css')}">
<link rel="stylesheet" href="${asset('media', 'entityPage.css')}">
<link rel="stylesheet" href="${asset('media', 'codeTokens.css')}">
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${asset('dist', 'entityPage.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (open.get(this.ref.toLowerCase()) === this) open.delete(this.ref.toLowerCase());
    for (const disposable of this.disposables) disposable.dispose();
    this.panel.dispose();
  }
}

function panelOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, enableFindWidget: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')] };
}

/** A tab's title before the page has loaded: the entity's name from its ref. */
function titleOf(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1) || ref;
}
