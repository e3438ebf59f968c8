// Templates in the editor: the pick-a-template commands and the wizard webview.
import { createHash, randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { EntityDetails, RunTemplateResult, TemplateForm } from '../../protocol/catalogProtocol';
import { WebviewReadyNotification } from '../../protocol/webviewMessages';
import {
  CancelNotification,
  EntitiesRequest,
  InitNotification,
  LogNotification,
  ManageTrustNotification,
  OpenEntityNotification,
  OpenLinkNotification,
  PickFolderRequest,
  PrefillNotification,
  RemoteResultNotification,
  ResultNotification,
  RunningNotification,
  RunNotification,
  RunRemoteNotification,
  type EntityOption,
  type WizardState,
} from '../../protocol/wizardMessages';
import type { CatalogServer } from '../client/catalogServer';
import { openLink } from '../linkOpener';
import { WebviewChannel } from '../webviewChannel';
import { prefilledPages } from './templatePrefill';

const VIEW_TYPE = 'greenroom.templateWizard';

/** Open wizards by template ref: opening one again shows the same panel. */
const open = new Map<string, TemplateWizard>();

/**
 * The template wizard's panel: hosts the page (dist/wizard.js) under a strict CSP, answers its
 * requests from the catalog server, and runs the template there. Template and catalog text reach the
 * page only as data; React renders it as text.
 */
export class TemplateWizard implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly channel: WebviewChannel;
  private form: TemplateForm | undefined;
  private validators: string[] = [];
  /** The pickers' entities by kinds and "mine": each picker asks when it shows, the server once per catalog change. */
  private readonly entityLists = new Map<string, Promise<EntityOption[]>>();
  /** Values to fill in once the page has its form. */
  private prefill: Record<string, unknown> | undefined;
  /** The page has said it listens. */
  private ready = false;

  /** Opens the template's wizard, or shows the open one; `values`, when given, replace what its form holds. */
  static show(context: vscode.ExtensionContext, server: CatalogServer, log: vscode.LogOutputChannel, ref: string, title: string, values?: Record<string, unknown>): void {
    let wizard = open.get(ref.toLowerCase());
    if (wizard) wizard.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Create: ${title}`, vscode.ViewColumn.Active, panelOptions(context));
      wizard = new TemplateWizard(context, server, log, ref, panel);
      open.set(ref.toLowerCase(), wizard);
    }
    if (values) {
      wizard.prefill = values;
      wizard.fill();
    }
  }

  /** Brings wizards back after VS Code reloads the window, with what was entered (the page keeps it). */
  static restoreAfterReload(context: vscode.ExtensionContext, server: CatalogServer, log: vscode.LogOutputChannel): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => {
        const ref = (state as Partial<WizardState> | undefined)?.ref;
        if (typeof ref !== 'string') {
          panel.dispose();
          return Promise.resolve();
        }
        panel.webview.options = panelOptions(context);
        open.set(ref.toLowerCase(), new TemplateWizard(context, server, log, ref, panel));
        return Promise.resolve();
      },
    });
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly server: CatalogServer,
    private readonly log: vscode.LogOutputChannel,
    private readonly ref: string,
    panel: vscode.WebviewPanel,
  ) {
    this.panel = panel;
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'greenroom.svg');
    void this.load(context);
    this.channel = new WebviewChannel(panel.webview, (error) => this.failed(error));
    this.listen();
    this.disposables.push(
      this.channel,
      server.onTemplateLog((line) => {
        if (line.ref.toLowerCase() === this.ref.toLowerCase()) this.channel.notify(LogNotification, { message: line.message });
      }),
      this.panel.onDidDispose(() => this.dispose()),
      // A hidden panel's page is dropped: values to fill in wait for the rebuilt page to say it is ready.
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.ready = false;
      }),
      this.server.onDidChange(() => this.entityLists.clear()),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('greenroom.user') && this.entityLists.clear()),
      // Trusting the workspace lets its templates run: the page learns so at once.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.init()),
    );
  }

  private listen(): void {
    const channel = this.channel;
    channel.onNotification(WebviewReadyNotification, () => {
      this.ready = true;
      this.init();
    });
    channel.onRequest(EntitiesRequest, ({ kinds, mine }) => this.cachedEntities(kinds, mine));
    channel.onRequest(PickFolderRequest, async () => {
      const [folder] =
        (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Create Here', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri })) ?? [];
      return folder?.fsPath ?? null;
    });
    channel.onNotification(RunNotification, ({ dryRun, parameters, secrets, targetFolder }) => this.run(dryRun, parameters, secrets, targetFolder));
    channel.onNotification(RunRemoteNotification, async ({ parameters, secrets }) => {
      channel.notify(RunningNotification, { dryRun: false });
      const result = await this.server.runRemoteTemplate({ ref: this.ref, parameters, secrets });
      channel.notify(RemoteResultNotification, { result });
    });
    channel.onNotification(CancelNotification, () => this.server.cancelRemoteTemplate(this.ref));
    channel.onNotification(OpenLinkNotification, ({ url }) => openLink(url));
    channel.onNotification(ManageTrustNotification, () => vscode.commands.executeCommand('workbench.trust.manage'));
    channel.onNotification(OpenEntityNotification, async ({ ref }) => {
      const details = await this.entityWhenCatalogued(ref);
      if (!details) return void vscode.window.showWarningMessage(`${ref} is not in the catalog yet.`);
      const { uri, selectionRange } = details.entity.location;
      await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(selectionRange.start.line, selectionRange.start.character, selectionRange.end.line, selectionRange.end.character) });
    });
  }

  private failed(error: unknown): void {
    this.log.error(`Template wizard: ${error instanceof Error ? error.message : String(error)}`);
    void vscode.window.showErrorMessage(`The template wizard failed: ${error instanceof Error ? error.message : String(error)}`, 'Show Log').then((choice) => {
      if (choice === 'Show Log') this.log.show();
    });
  }

  /**
   * The entity a run created, once it is in the catalog: a local run's file joins when the file
   * watcher has seen it; a component Backstage registered, once Backstage has processed it and the
   * server has loaded it (which can take a while: the wait shows, and can be cancelled).
   */
  private async entityWhenCatalogued(ref: string): Promise<EntityDetails | null> {
    const found = await this.server.getEntityDetails({ ref });
    if (found) return found;
    if (this.form?.origin === 'backstage') {
      const title = `Waiting for Backstage to take in ${ref}…`;
      return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, cancel) => {
        const cancelled = new Promise<false>((resolve) => cancel.onCancellationRequested(() => resolve(false)));
        return (await Promise.race([this.server.awaitRegistered(this.ref, ref), cancelled])) ? this.server.getEntityDetails({ ref }) : null;
      });
    }
    const deadline = Date.now() + 5_000;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return null;
      await this.nextChange(remaining);
      const details = await this.server.getEntityDetails({ ref });
      if (details) return details;
    }
  }

  /** Resolves at the catalog's next change, or after `timeoutMs` without one. */
  private nextChange(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const subscription = this.server.onDidChange(done);
      function done() {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });
  }

  /** Reads the form, writes its pages' validators where the page may load them from, then shows the page. */
  private async load(context: vscode.ExtensionContext): Promise<void> {
    try {
      let form = await this.server.getTemplateForm(this.ref);
      // A window reopened from the saved catalog has a template added since only once it has read the files again.
      for (const deadline = Date.now() + 15_000; !form && Date.now() < deadline; ) {
        await this.nextChange(deadline - Date.now());
        form = await this.server.getTemplateForm(this.ref);
      }
      if (!form) {
        void vscode.window.showErrorMessage(`${this.ref} is no longer a Template in the catalog.`);
        this.panel.dispose();
        return;
      }
      this.form = form;
      const validators = await writeValidators(context, form);
      this.validators = validators.map((validator) => validator.key);
      this.panel.webview.html = wizardHtml(this.panel.webview, context.extensionUri, validators.map((validator) => validator.uri));
    } catch (error) {
      this.log.error(`Template wizard: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage(`The template wizard could not open ${this.ref}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private init(): void {
    if (!this.form) return;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    this.channel.notify(InitNotification, { form: this.form, validators: this.validators, targetFolder: root, ...runnable(this.form, root) });
    this.fill();
  }

  /** Sends the values waiting to be filled in, once the form is known (else `init` sends them). */
  private fill(): void {
    if (!this.form || !this.prefill || !this.ready) return;
    this.channel.notify(PrefillNotification, { formData: prefilledPages(this.form, this.prefill) });
    this.prefill = undefined;
  }

  private cachedEntities(kinds: string[], mine?: 'groups' | 'owned'): Promise<EntityOption[]> {
    const key = JSON.stringify([kinds, mine ?? null]);
    let list = this.entityLists.get(key);
    if (!list) {
      list = this.server.getPickerEntities({ kinds, mine });
      this.entityLists.set(key, list);
      list.catch(() => this.entityLists.delete(key));
    }
    return list;
  }

  private async run(dryRun: boolean, parameters: Record<string, unknown>, secrets: Record<string, string>, targetFolder: string): Promise<void> {
    this.channel.notify(RunningNotification, { dryRun });
    const params = { ref: this.ref, parameters, secrets, targetFolder, dryRun };
    let result: RunTemplateResult = await this.server.runTemplate(params);
    // Existing files are replaced only once the user has seen exactly which.
    const existing = !result.ok && !dryRun ? (result.files ?? []).filter((file) => file.exists).map((file) => file.path) : [];
    if (existing.length > 0) {
      const shown = existing.slice(0, 10).join('\n') + (existing.length > 10 ? `\n…and ${existing.length - 10} more` : '');
      const choice = await vscode.window.showWarningMessage(`Replace ${files(existing.length, 'existing file')} in ${targetFolder}?`, { modal: true, detail: shown }, 'Replace');
      if (choice === 'Replace') result = await this.server.runTemplate({ ...params, overwrite: existing });
    }
    this.channel.notify(ResultNotification, { dryRun, result });
    if (result.ok && !dryRun && result.written.length > 0) {
      void vscode.window.showInformationMessage(`Created ${files(result.written.length, 'file')} in ${targetFolder}.`, 'Reveal in Explorer').then((choice) => {
        if (choice) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(targetFolder));
      });
    }
  }

  dispose(): void {
    open.delete(this.ref.toLowerCase());
    for (const disposable of this.disposables) disposable.dispose();
    this.panel.dispose();
  }
}

/** The wizard's page; `preview` makes it the template preview, which loads its validators as they come. */
export function wizardHtml(webview: vscode.Webview, extensionUri: vscode.Uri, validators: vscode.Uri[], mode: 'wizard' | 'preview' = 'wizard'): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'wizard.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'wizard.css'));
  // Scripts by nonce only: the pages' validators were compiled by the server, so nothing here needs eval.
  const csp = `default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource} data:; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
  const validatorScripts = validators.map((uri) => `<script nonce="${nonce}" src="${webview.asWebviewUri(uri).toString()}"></script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
</head>
<body>
<div id="root" data-mode="${mode}"></div>
${validatorScripts}
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

export function panelOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media'), validatorFolder(context)] };
}

function validatorFolder(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.globalStorageUri, 'wizard-validators');
}

/**
 * Each page's validator as a script the page loads: the ajv module the server generated, wrapped so
 * that it registers itself under its key. Named by its content, so unchanged pages reuse their file.
 */
export async function writeValidators(context: vscode.ExtensionContext, form: TemplateForm): Promise<{ key: string; uri: vscode.Uri }[]> {
  const folder = validatorFolder(context);
  await vscode.workspace.fs.createDirectory(folder);
  return Promise.all(
    form.pages.map(async (page) => {
      const key = createHash('sha256').update(page.validator).digest('hex').slice(0, 20);
      const uri = vscode.Uri.joinPath(folder, `${key}.js`);
      if (!written.has(uri.toString())) {
        const script = `(self.greenroomValidators = self.greenroomValidators || {})[${JSON.stringify(key)}] = function (exports, require) {\n${page.validator}\n};\n`;
        await vscode.workspace.fs.writeFile(uri, Buffer.from(script, 'utf8'));
        written.add(uri.toString());
      }
      return { key, uri };
    }),
  );
}

/** Validator files written in this session: a preview asks for the same pages at every keystroke. */
const written = new Set<string>();

/** Whether the template can run here, and if not, why. */
export function runnable(form: TemplateForm, root: string): { canRun: boolean; whyNot?: string; trustNeeded?: boolean } {
  // A Backstage template runs on Backstage's scaffolder: nothing runs on this machine.
  if (form.origin === 'backstage') return { canRun: true };
  if (!vscode.workspace.isTrusted) return { canRun: false, whyNot: 'Templates do not run in an untrusted workspace: trust the workspace to run this one.', trustNeeded: true };
  if (form.unsupportedActions.length > 0) return { canRun: false, whyNot: `This template uses actions Greenroom cannot run locally: ${form.unsupportedActions.join(', ')}.` };
  if (!root) return { canRun: false, whyNot: 'Open a folder to create the new project in.' };
  return { canRun: true };
}

/** "1 file", "3 existing files". */
function files(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
