import * as vscode from 'vscode';
import type { BackstageStatus } from '../../protocol/catalogProtocol';
import type { CatalogNode } from '../catalogTree/catalogNodes';
import type { CatalogServer } from '../client/catalogServer';

/** Failures only a person can mend, and the action that mends them. */
const ACTIONS: Record<string, { title: string; command: string; args?: unknown[] }> = {
  unauthorized: { title: 'Sign In Again', command: 'greenroom.connectBackstage' },
  forbidden: { title: 'Sign In Again', command: 'greenroom.connectBackstage' },
  'not-found': { title: 'Open Settings', command: 'workbench.action.openSettings', args: ['greenroom.backstage'] },
  'not-catalog-api': { title: 'Open Settings', command: 'workbench.action.openSettings', args: ['greenroom.backstage'] },
};

/**
 * Shows what the Backstage instances are doing: a status bar item, the tree's message and progress bar
 * while loading, and one notification per new failure, with the action that mends it.
 */
export class BackstageStatusView implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('greenroom.backstage', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [this.item];
  /** The failure last told per instance, so that a retry failing the same way does not notify again. */
  private readonly told = new Map<string, string>();
  private progress: (() => void) | undefined;

  constructor(
    server: CatalogServer,
    private readonly view: vscode.TreeView<CatalogNode>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item.name = 'Greenroom: Backstage';
    this.disposables.push(server.onDidChangeBackstage((statuses) => this.show(statuses)));
  }

  private show(statuses: readonly BackstageStatus[]): void {
    this.showItem(statuses);
    this.showInTree(statuses);
    for (const status of statuses) this.notify(status);
  }

  private showItem(statuses: readonly BackstageStatus[]): void {
    if (statuses.length === 0) {
      this.item.hide();
      return;
    }
    const loading = statuses.find((status) => status.state === 'loading');
    const failing = statuses.find((status) => status.state === 'stale' || status.state === 'failed');
    const count = statuses.reduce((sum, status) => sum + status.entityCount, 0);
    if (loading) this.item.text = `$(sync~spin) Backstage${loading.loaded ? ` ${loading.loaded.toLocaleString('en-US')}${loading.total ? `/${loading.total.toLocaleString('en-US')}` : ''}` : ''}`;
    else if (failing) this.item.text = `$(warning) Backstage${failing.state === 'stale' ? ' (offline)' : ''}`;
    else this.item.text = `$(cloud) Backstage ${count.toLocaleString('en-US')}`;
    this.item.backgroundColor = failing && !loading ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    // Plain text: error messages may quote what a server said.
    this.item.tooltip = statuses.map(describe).join('\n\n');
    const action = failing?.error ? ACTIONS[failing.error.kind] : undefined;
    this.item.command = action ? { title: action.title, command: action.command, arguments: action.args } : { title: 'Refresh', command: 'greenroom.refreshBackstage' };
    this.item.accessibilityInformation = { label: `Backstage: ${statuses.map((status) => `${status.baseUrl} ${status.state}`).join(', ')}` };
    this.item.show();
  }

  private showInTree(statuses: readonly BackstageStatus[]): void {
    const loading = statuses.filter((status) => status.state === 'loading');
    if (loading.length > 0 && !this.progress) {
      void vscode.window.withProgress({ location: { viewId: 'greenroom.catalog' } }, () => new Promise<void>((resolve) => (this.progress = resolve)));
    } else if (loading.length === 0 && this.progress) {
      this.progress();
      this.progress = undefined;
    }
    const lines = statuses.flatMap((status) => {
      const host = hostOf(status.baseUrl);
      if (status.state === 'loading' && status.entityCount === 0) {
        return [`Loading the catalog from ${host}…${status.loaded ? ` ${status.loaded.toLocaleString('en-US')}${status.total ? ` of ${status.total.toLocaleString('en-US')}` : ''}` : ''}`];
      }
      if (status.state === 'stale') return [`${host} could not be read; showing its catalog from ${when(status.fetchedAt)}. ${status.error?.message ?? ''}`];
      if (status.state === 'failed') return [status.error?.message ?? `${host} could not be read.`];
      return [];
    });
    this.view.message = lines.length > 0 ? lines.join('\n') : undefined;
  }

  private notify(status: BackstageStatus): void {
    if (status.state === 'ready') this.told.delete(status.baseUrl);
    if ((status.state !== 'stale' && status.state !== 'failed') || !status.error) return;
    if (this.told.get(status.baseUrl) === status.error.kind) return;
    this.told.set(status.baseUrl, status.error.kind);
    const action = ACTIONS[status.error.kind];
    const stale = status.state === 'stale' ? ` Showing the catalog read ${when(status.fetchedAt)}.` : '';
    const retry = !action && status.retryAt ? ' Greenroom tries again by itself.' : '';
    const choices = action ? [action.title, 'Show Log'] : ['Retry Now', 'Show Log'];
    const show = status.state === 'stale' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(`${status.error.message}${stale}${retry}`, ...choices).then((choice) => {
      if (choice === 'Show Log') this.log.show();
      else if (choice === 'Retry Now') void vscode.commands.executeCommand('greenroom.refreshBackstage');
      else if (choice && action) void vscode.commands.executeCommand(action.command, ...(action.args ?? []));
    });
  }

  dispose(): void {
    this.progress?.();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function describe(status: BackstageStatus): string {
  const host = hostOf(status.baseUrl);
  const facts = [`Backstage at ${host}`, `${status.entityCount.toLocaleString('en-US')} entities${status.fetchedAt ? `, read ${when(status.fetchedAt)}` : ''}`];
  facts.push(status.signedIn ? 'Signed in with a token' : 'No token sent');
  if (status.state === 'loading') facts.push(`Loading${status.loaded ? `: ${status.loaded}${status.total ? ` of ${status.total}` : ''}` : '…'}`);
  if (status.error && status.state !== 'ready' && status.state !== 'loading') facts.push(status.error.message);
  if (status.retryAt && status.state !== 'loading') facts.push(`Next attempt ${when(status.retryAt)}`);
  return facts.join('\n');
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** A time as people say it: "at 14:05" today, else the date too. */
function when(iso?: string): string {
  if (!iso) return 'earlier';
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return today ? `at ${time}` : `on ${date.toLocaleDateString()} at ${time}`;
}
