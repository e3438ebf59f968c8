import * as vscode from 'vscode';

/** Opens the workspace folder's catalog-info.yaml, creating it from the Component snippet when there is none. */
export async function createCatalogFile(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should catalog-info.yaml go?' }) : folders[0];
  if (!folder) {
    if (folders.length === 0) void vscode.window.showInformationMessage('Open a folder first: catalog-info.yaml belongs at the root of a repository.');
    return;
  }
  const uri = vscode.Uri.joinPath(folder.uri, 'catalog-info.yaml');
  if (await exists(uri)) {
    await vscode.window.showTextDocument(uri);
    return;
  }
  await vscode.workspace.fs.writeFile(uri, new Uint8Array());
  const editor = await vscode.window.showTextDocument(uri);
  const name = folder.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'my-component';
  await editor.insertSnippet(
    new vscode.SnippetString(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: \${1:${name}}`,
        '  description: ${2:What this component does}',
        'spec:',
        '  type: ${3|service,website,library|}',
        '  lifecycle: ${4|experimental,production,deprecated|}',
        '  owner: ${5:group-name}',
        '$0',
      ].join('\n'),
    ),
  );
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
