// Credentials: Backstage tokens in SecretStorage, GitHub through VS Code's sign-in, sealed on their way to the server.
import * as vscode from 'vscode';

const ORIGINS_KEY = 'greenroom.backstage.tokenOrigins';

/**
 * Backstage tokens in VS Code's SecretStorage, one per origin. A token is handed out only for the
 * origin it was stored for, so a workspace that points Greenroom at another host gets none; and in an
 * untrusted workspace none is handed out at all.
 */
export class BackstageTokens implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a token is stored or removed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly context: vscode.ExtensionContext) {}

  dispose(): void {
    this.changed.dispose();
  }

  async tokenFor(origin: string): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    return this.context.secrets.get(secretKey(origin));
  }

  async store(origin: string, token: string): Promise<void> {
    await this.context.secrets.store(secretKey(origin), token);
    await this.context.globalState.update(ORIGINS_KEY, [...new Set([...this.origins(), origin])]);
    this.changed.fire();
  }

  async remove(origin: string): Promise<void> {
    await this.context.secrets.delete(secretKey(origin));
    await this.context.globalState.update(ORIGINS_KEY, this.origins().filter((known) => known !== origin));
    this.changed.fire();
  }

  /** Origins a token is stored for (SecretStorage cannot list its keys on every VS Code version). */
  origins(): string[] {
    return this.context.globalState.get<string[]>(ORIGINS_KEY, []);
  }
}

function secretKey(origin: string): string {
  return `greenroom.backstage.token:${origin}`;
}
