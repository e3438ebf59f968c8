// Agents: the MCP servers the catalog describes (API entities of type mcp-server), offered to VS Code's agents once the user enables each.
import * as vscode from 'vscode';
import type { CatalogServer } from '../client/catalogServer';
import { mcpServerEntities, type CatalogMcpChoices } from './catalogMcpChoices';
import { catalogMcpServers, type CatalogMcpServer } from './catalogMcpServers';

/** The id package.json contributes under `mcpServerDefinitionProviders`. */
export const CATALOG_MCP_PROVIDER_ID = 'greenroom.catalogMcpServers';

/**
 * Offers each catalog MCP server the user enabled (`Greenroom: Choose Catalog MCP Servers for
 * Agents…`), at its `streamable-http` remote. Nothing is offered in an untrusted workspace, and no
 * Greenroom token goes with these servers: they authenticate their users themselves.
 */
export class CatalogMcpProvider implements vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly server: CatalogServer,
    private readonly choices: CatalogMcpChoices,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      this.changed,
      choices.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      // An enabled entity's remote may have changed, appeared or gone.
      server.onDidChange(() => {
        if (this.choices.enabled().length > 0) this.changed.fire();
      }),
    ];
  }

  async provideMcpServerDefinitions(): Promise<vscode.McpHttpServerDefinition[]> {
    const servers = await this.offered();
    return servers.map((server) => new vscode.McpHttpServerDefinition(server.label, vscode.Uri.parse(server.url, true)));
  }

  /** Starts a server only while it is still enabled, with the same URL, in a trusted workspace. */
  async resolveMcpServerDefinition(definition: vscode.McpHttpServerDefinition): Promise<vscode.McpHttpServerDefinition | undefined> {
    const url = definition.uri.toString(true);
    const still = (await this.offered()).some((server) => server.url === url);
    if (!still) {
      this.log.warn(`Not starting the MCP server at ${url}: it is no longer an enabled catalog MCP server of a trusted workspace.`);
      return undefined;
    }
    return definition;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private async offered(): Promise<CatalogMcpServer[]> {
    const enabled = this.choices.enabled();
    if (!vscode.workspace.isTrusted || enabled.length === 0) return [];
    const entities = await mcpServerEntities(this.server, [...new Set(enabled.map((chosen) => chosen.ref))]);
    return catalogMcpServers({ trusted: vscode.workspace.isTrusted, enabled, entities });
  }
}
