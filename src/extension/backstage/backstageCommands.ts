// Backstage in the editor: connecting, signing in and out, the status bar, and read-only remote entities.
import * as vscode from 'vscode';
import type { BackstageTokens } from '../credentials/backstageTokens';
import type { CatalogNode } from '../catalogTree/catalogNodes';
import type { CatalogServer } from '../client/catalogServer';
import { openLink } from '../linkOpener';

/** What `Connect to Backstage…` may be given instead of asking (other extensions, keybindings, tests). */
export interface ConnectArgs {
  baseUrl?: string;
  token?: string;
}

/** The Backstage commands: connect (URL + token, checked, token to SecretStorage), sign out, refresh, open in Backstage. */
export function registerBackstageCommands(server: CatalogServer, tokens: BackstageTokens): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('greenroom.connectBackstage', (args?: ConnectArgs) => connect(server, tokens, args)),
    vscode.commands.registerCommand('greenroom.signOutBackstage', () => signOut(server, tokens)),
    vscode.commands.registerCommand('greenroom.refreshBackstage', () =>
      vscode.window.withProgress({ location: { viewId: 'greenroom.catalog' }, title: 'Loading the Backstage catalog' }, () => server.refreshBackstage()),
    ),
    vscode.commands.registerCommand('greenroom.openInBackstage', (node?: CatalogNode) => {
      const url = node?.type === 'entity' ? node.entity.backstageUrl : undefined;
      return url ? openLink(url) : undefined;
    }),
  ];
}

/** `retrying` prefills the URL a failed attempt used. */
async function connect(server: CatalogServer, tokens: BackstageTokens, args: ConnectArgs = {}, retrying?: string): Promise<boolean> {
  const configuration = vscode.workspace.getConfiguration('greenroom.backstage');
  const baseUrl = args.baseUrl ?? (await askBaseUrl(retrying ?? (configuration.get<string>('baseUrl') || 'https://')));
  if (baseUrl === undefined) return false;
  const origin = new URL(baseUrl).origin;
  const token =
    args.token ??
    (await vscode.window.showInputBox({
      title: `Connect to Backstage (2/2): token for ${origin}`,
      prompt: 'A static external-access token (backend.auth.externalAccess in app-config) or the token of a signed-in Backstage session. It is kept in VS Code\'s secret storage and sent only to this origin.',
      placeHolder: 'Paste the token; leave empty if this Backstage lets anyone read its catalog',
      password: true,
      ignoreFocusOut: true,
    }));
  if (token === undefined) return false;

  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking ${baseUrl}…` }, () =>
    server.checkBackstage({ baseUrl, token: token.trim() || undefined }),
  );
  if (!result.ok) {
    const choice = await vscode.window.showErrorMessage(`Could not connect: ${result.message}`, 'Try Again');
    return choice === 'Try Again' ? connect(server, tokens, {}, baseUrl) : false;
  }
  if (token.trim()) await tokens.store(origin, token.trim());
  else await tokens.remove(origin);
  await saveBaseUrl(baseUrl);
  await server.refreshBackstage();
  void vscode.window.showInformationMessage(`Connected to Backstage at ${baseUrl}: ${result.entityCount.toLocaleString('en-US')} entities in its catalog.`);
  return true;
}

async function askBaseUrl(value: string): Promise<string | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Connect to Backstage (1/2): URL',
    prompt: 'The Backstage backend\'s URL, where /api/catalog is served (often the same as the Backstage app\'s URL).',
    placeHolder: 'https://backstage.example.com',
    value,
    ignoreFocusOut: true,
    validateInput: (input) => {
      try {
        const url = new URL(input.trim());
        if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use an http or https URL.';
        if (url.username || url.password) return 'Leave credentials out of the URL: the next step asks for a token.';
        return undefined;
      } catch {
        return 'Enter a URL such as https://backstage.example.com';
      }
    },
  });
  return answer === undefined ? undefined : answer.trim().replace(/\/+$/, '');
}

/** Saves the URL where the setting is already set, so that a workspace's choice stays the workspace's. */
async function saveBaseUrl(baseUrl: string): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('greenroom.backstage');
  const inspected = configuration.inspect<string>('baseUrl');
  if (configuration.get<string>('baseUrl') === baseUrl) return;
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await configuration.update('baseUrl', baseUrl, target);
}

async function signOut(server: CatalogServer, tokens: BackstageTokens): Promise<void> {
  const origins = tokens.origins();
  if (origins.length === 0) {
    void vscode.window.showInformationMessage('Greenroom holds no Backstage token.');
    return;
  }
  const origin = origins.length === 1 ? origins[0] : await vscode.window.showQuickPick(origins, { title: 'Sign Out of Backstage', placeHolder: 'The Backstage whose token to remove' });
  if (!origin) return;
  await tokens.remove(origin);
  // The catalog read with the token goes too, from memory and from the disk cache.
  for (const status of server.backstageStatuses) {
    if (new URL(status.baseUrl).origin === origin) await server.refreshBackstage(status.baseUrl);
  }
  void vscode.window.showInformationMessage(`Signed out of Backstage at ${origin}: its token and cached catalog are removed.`);
}
