// The docs viewer: one tab per entity's docs site, beside the editor, following the Markdown as it is typed.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { DocsPageResult, DocsSiteResult } from '../../protocol/docsProtocol';
import { DocsErrorNotification, EditDocsSourceNotification, FollowDocsLinkNotification, OpenDocsPageNotification, ShowDocsPageNotification, type DocsScroll } from '../../protocol/docsMessages';
import { WebviewReadyNotification } from '../../protocol/webviewMessages';
import type { CatalogServer } from '../client/catalogServer';
import { openLink } from '../linkOpener';
import { WebviewChannel } from '../webviewChannel';
import { docsTarget } from './docsLinks';

export const DOCS_VIEW_TYPE = 'greenroom.docs';
/** A keystroke re-renders the page once typing pauses this long. */
const TYPING_DELAY_MS = 40;

const open = new Map<string, DocsPanel>();

type Site = Extract<DocsSiteResult, { ok: true }>;
/** A site whose Markdown is in the workspace, as opposed to one Backstage publishes. */
type LocalSite = Extract<Site, { docsDir: string }>;

export class DocsPanel {
  private site: Site | undefined;
  private page = '';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: WebviewChannel;
  private typing: NodeJS.Timeout | undefined;
  /** How many times the page said it was ready: after the first, it was rebuilt (the tab hidden and shown) and is empty. */
  private readies = 0;
  /** Counts pages asked for: an answer overtaken by a later request (typing) is not shown. */
  private asked = 0;

  /** Shows an entity's docs (at `page` and `anchor` when given), in its tab if one is open. */
  static async show(context: vscode.ExtensionContext, server: CatalogServer, ref: string, page?: string, anchor?: string): Promise<DocsPanel> {
    const existing = open.get(ref.toLowerCase());
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (page !== undefined || anchor !== undefined) await existing.showPage(page ?? existing.page, anchor ? { anchor } : 'top');
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DOCS_VIEW_TYPE, `Docs: ${ref}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    const viewer = new DocsPanel(context, server, ref, panel);
    open.set(ref.toLowerCase(), viewer);
    await viewer.load(page, anchor);
    return viewer;
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: CatalogServer,
    readonly ref: string,
    readonly panel: vscode.WebviewPanel,
  ) {
    this.channel = new WebviewChannel(panel.webview, (error) => void vscode.window.showErrorMessage(`Greenroom docs: ${error instanceof Error ? error.message : String(error)}`));
    this.disposables.push(
      this.channel,
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument((event) => this.edited(event.document)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.local && document.uri.fsPath === this.local.mkdocsPath) void this.load(this.page);
      }),
    );
    this.channel.onNotification(WebviewReadyNotification, () => {
      if (++this.readies > 1 && this.page) void this.showPage(this.page, 'restore');
    });
    this.channel.onNotification(OpenDocsPageNotification, ({ page }) => (this.site?.pages.includes(page) ? this.showPage(page, 'top') : undefined));
    this.channel.onNotification(FollowDocsLinkNotification, ({ href, fromPage }) => this.follow(href, fromPage));
    this.channel.onNotification(EditDocsSourceNotification, ({ page, line }) => this.editSource(page, line));
  }

  private async load(page?: string, anchor?: string): Promise<void> {
    const site = await this.server.docsSite(this.ref);
    if (!site.ok) {
      this.panel.webview.html = this.html();
      this.channel.notify(DocsErrorNotification, { message: site.message });
      return;
    }
    const where = (shown: Site | undefined) => (shown ? ('docsDir' in shown ? shown.docsDir : shown.publishedBy) : undefined);
    const moved = where(this.site) !== where(site);
    if (moved) this.readies = 0;
    this.site = site;
    this.panel.title = `Docs: ${site.siteName || this.ref}`;
    // The page loads images from the docs folder only (a published site's come inline); a new folder needs a new page.
    if (moved) {
      this.panel.webview.options = { ...this.panel.webview.options, localResourceRoots: [...this.roots(), ...('docsDir' in site ? [vscode.Uri.file(site.docsDir)] : [])] };
      this.panel.webview.html = this.html();
    }
    await this.showPage(page ?? site.pages[0] ?? 'index.md', anchor ? { anchor } : 'top');
  }

  /** Shows a page of the site; `text` is its unsaved Markdown while it is being typed. */
  private async showPage(page: string, scroll: DocsScroll, text?: string): Promise<void> {
    if (!this.site) return;
    const open = text ?? this.openText(page);
    const asked = ++this.asked;
    const result: DocsPageResult = await this.server.docsPage({ ref: this.ref, page, text: open });
    if (asked !== this.asked) return;
    if (!result.ok) {
      this.channel.notify(DocsErrorNotification, { message: result.message });
      return;
    }
    this.page = result.page;
    const local = this.local;
    const folder = local && vscode.Uri.joinPath(vscode.Uri.file(local.docsDir), ...result.page.split('/').slice(0, -1));
    const images = folder ? { base: `${this.panel.webview.asWebviewUri(folder).toString()}/` } : { inline: result.images ?? {} };
    const { page: shownPage, title, html, headings, previous, next } = result;
    this.channel.notify(ShowDocsPageNotification, {
      site: { siteName: this.site.siteName, nav: this.site.nav },
      page: { page: shownPage, title, html, headings, previous, next, images, editable: !!local },
      scroll,
    });
  }

  private get local(): LocalSite | undefined {
    return this.site && 'docsDir' in this.site ? this.site : undefined;
  }

  /** The unsaved text of a page open in an editor, if it is. */
  private openText(page: string): string | undefined {
    if (!this.local) return undefined;
    const file = vscode.Uri.joinPath(vscode.Uri.file(this.local.docsDir), ...page.split('/')).fsPath;
    return vscode.workspace.textDocuments.find((document) => document.uri.fsPath === file)?.getText();
  }

  private edited(document: vscode.TextDocument): void {
    if (!this.local) return;
    const file = vscode.Uri.joinPath(vscode.Uri.file(this.local.docsDir), ...this.page.split('/')).fsPath;
    if (document.uri.fsPath !== file) return;
    clearTimeout(this.typing);
    this.typing = setTimeout(() => void this.showPage(this.page, 'keep', document.getText()), TYPING_DELAY_MS);
  }

  /**
   * A link of a page: another page of the site here, a file of the docs folder in the editor, a web or mail link per
   * the links setting. Page text is untrusted: nothing outside the docs folder is opened, and no other scheme.
   */
  private async follow(href: string, fromPage: string): Promise<void> {
    if (!this.site || !this.site.pages.includes(fromPage)) return;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
      if (/^(https?|mailto):/i.test(href)) return openLink(href);
      void vscode.window.showWarningMessage(`Greenroom does not open ${href.split(':')[0]}: links from docs pages.`);
      return;
    }
    const [target, anchor] = docsTarget(fromPage, href);
    if (target === undefined) {
      void vscode.window.showWarningMessage(`The docs link ${href} leads out of the docs folder; it is not opened.`);
      return;
    }
    // A folder's link reaches its index page, as mkdocs' URLs do (a published site's pages are its index.html files).
    const folder = target.replace(/\/$/, '');
    const asPage = [target, ...['index.md', 'README.md', 'index.html'].map((name) => (folder ? `${folder}/${name}` : name))].find((candidate) => this.site!.pages.includes(candidate));
    if (asPage) return this.showPage(asPage, anchor ? { anchor } : 'top');
    if (!this.local) {
      void vscode.window.showWarningMessage(`The docs link ${href} names ${target}, which is not a page of the published docs.`);
      return;
    }
    const file = vscode.Uri.joinPath(vscode.Uri.file(this.local.docsDir), ...target.split('/'));
    try {
      await vscode.workspace.fs.stat(file);
      await vscode.commands.executeCommand('vscode.open', file, { viewColumn: this.besideColumn() });
    } catch {
      void vscode.window.showWarningMessage(`The docs link ${href} names ${target}, which is not in the docs folder.`);
    }
  }

  private async editSource(page: string, line: number): Promise<void> {
    if (!this.local?.pages.includes(page) || !Number.isInteger(line) || line < 0) return;
    const file = vscode.Uri.joinPath(vscode.Uri.file(this.local.docsDir), ...page.split('/'));
    const position = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(file, { viewColumn: this.besideColumn(), selection: new vscode.Range(position, position) });
  }

  /** Beside the viewer, never in its group: the preview stays in sight while the Markdown is typed. */
  private besideColumn(): vscode.ViewColumn {
    return this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }

  private roots(): vscode.Uri[] {
    return [vscode.Uri.joinPath(this.context.extensionUri, 'dist'), vscode.Uri.joinPath(this.context.extensionUri, 'media')];
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'docs.js'));
    const mermaid = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'mermaid.min.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'docs.css'));
    const tokens = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'codeTokens.css'));
    // Scripts by nonce only; the one style element the page writes (a diagram's) carries the nonce too. Images
    // come from the docs folder or are data: URIs of a diagram; nothing else loads, from anywhere.
    const csp = `default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; img-src ${webview.cspSource} data:; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<link rel="stylesheet" href="${tokens.toString()}">
</head>
<body>
<script nonce="${nonce}" src="${script.toString()}" data-mermaid="${mermaid.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    clearTimeout(this.typing);
    open.delete(this.ref.toLowerCase());
    for (const disposable of this.disposables) disposable.dispose();
    this.panel.dispose();
  }
}

