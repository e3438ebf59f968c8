import * as vscode from 'vscode';
import { getLinkTarget, type LinkTarget } from './settings';

/**
 * Opens a catalog link. Catalog data is untrusted, so only web, mail and local file links open:
 * a `command:` or `vscode:` link from a YAML file must never run anything.
 */
export async function openLink(url: string, target: LinkTarget = getLinkTarget()): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(url, true);
  } catch {
    void vscode.window.showErrorMessage(`Greenroom cannot open "${url}": it is not a valid URL.`);
    return;
  }
  switch (uri.scheme) {
    case 'http':
    case 'https':
      if (target === 'editor') {
        await vscode.commands.executeCommand('simpleBrowser.api.open', uri, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false });
      } else {
        await vscode.env.openExternal(uri);
      }
      return;
    case 'mailto':
      await vscode.env.openExternal(uri);
      return;
    case 'file':
      await openLocal(uri);
      return;
    default:
      void vscode.window.showWarningMessage(`Greenroom does not open ${uri.scheme}: links from the catalog, for safety. The link is ${url}.`);
  }
}

async function openLocal(uri: vscode.Uri): Promise<void> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      await vscode.commands.executeCommand('revealInExplorer', uri);
    } else {
      await vscode.window.showTextDocument(uri);
    }
  } catch {
    void vscode.window.showWarningMessage(`${uri.fsPath} does not exist.`);
  }
}
