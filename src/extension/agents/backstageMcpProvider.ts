// Agents: the connected Backstage's own MCP actions server, offered to VS Code's agents.
import * as vscode from 'vscode';
import type { BackstageTokens } from '../credentials/backstageTokens';
import { backstageMcpServers, mcpServerHeaders, offeredMcpServer, probeMcpActions, type BackstageMcpServer, type McpOfferInputs } from './backstageMcpServers';

/** The id package.json contributes under `mcpServerDefinitionProviders`. */
export const BACKSTAGE_MCP_PROVIDER_ID = 'greenroom.backstageActions';

/**
 * Offers each connected Backstage instance's MCP actions server (`/api/mcp-actions/v1`) to VS Code's
 * agents when that endpoint answers. A definition carries no token: the token stored for the server's
 * origin is added as an Authorization header only when VS Code starts the server, and only while the
 * workspace is trusted and the settings still name that instance.
 */
export class BackstageMcpProvider implements vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly tokens: BackstageTokens,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      this.changed,
      tokens.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('greenroom.backstage.baseUrl') || event.affectsConfiguration('greenroom.backstage.instances')) this.changed.fire();
      }),
    ];
  }

  /** The servers whose endpoint answers now; no token is read or sent. */
  async provideMcpServerDefinitions(): Promise<vscode.McpHttpServerDefinition[]> {
    const candidates = backstageMcpServers(this.inputs());
    const answering = await Promise.all(candidates.map((server) => probeMcpActions(server.url)));
    for (const [index, server] of candidates.entries()) {
      if (!answering[index]) this.log.info(`No MCP actions server at ${server.url}: Backstage's @backstage/plugin-mcp-actions-backend does not answer there.`);
    }
    return candidates.filter((_, index) => answering[index]).map((server) => definitionOf(server));
  }

  /** Adds the token of the server's origin, or declines to start it (undefined) and says why in the log. */
  async resolveMcpServerDefinition(definition: vscode.McpHttpServerDefinition): Promise<vscode.McpHttpServerDefinition | undefined> {
    const url = definition.uri.toString(true);
    const inputs = this.inputs();
    const server = offeredMcpServer(url, inputs);
    const token = server ? await this.tokens.tokenFor(server.origin) : undefined;
    const headers = server && mcpServerHeaders(url, inputs, token ? { origin: server.origin, token } : undefined);
    if (!headers) {
      this.log.warn(`Not starting the MCP server at ${url}: ${!inputs.trusted ? 'the workspace is not trusted' : !server ? 'the settings no longer name that Backstage' : 'no token is stored for its origin'}.`);
      return undefined;
    }
    definition.headers = { ...definition.headers, ...headers };
    return definition;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private inputs(): McpOfferInputs {
    const configuration = vscode.workspace.getConfiguration('greenroom.backstage');
    return {
      trusted: vscode.workspace.isTrusted,
      settings: { baseUrl: configuration.get('baseUrl'), instances: configuration.get('instances') },
      tokenOrigins: this.tokens.origins(),
    };
  }
}

function definitionOf(server: BackstageMcpServer): vscode.McpHttpServerDefinition {
  return new vscode.McpHttpServerDefinition(server.label, vscode.Uri.parse(server.url, true));
}
