import * as vscode from 'vscode';

/**
 * A GitHub token for publish:github, from VS Code's own GitHub sign-in: `github` for github.com,
 * `github-enterprise` for the server its `github-enterprise.uri` setting names. The user is asked to
 * sign in if needed; undefined when they do not, or for a host neither provider serves.
 */
export async function githubToken(host: string): Promise<string | undefined> {
  const enterprise = vscode.workspace.getConfiguration('github-enterprise').get<string>('uri');
  const provider = host === 'github.com' ? 'github' : enterprise && hostOf(enterprise) === host ? 'github-enterprise' : undefined;
  if (!provider) {
    void vscode.window.showErrorMessage(`Greenroom cannot sign in to ${host}: VS Code signs in to github.com, and to one GitHub Enterprise server set in github-enterprise.uri.`);
    return undefined;
  }
  try {
    const session = await vscode.authentication.getSession(provider, ['repo'], { createIfNone: true });
    return session.accessToken;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
