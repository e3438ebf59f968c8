// Agents: the catalog's MCP servers (API entities of type mcp-server) the user has chosen to offer VS Code's agents.
import * as vscode from 'vscode';
import type { CatalogServer } from '../client/catalogServer';
import { isMcpServerSpec, streamableHttpUrl, type EnabledMcpServer, type McpServerEntity } from './catalogMcpServers';

const ENABLED_KEY = 'greenroom.mcp.chosenCatalogServers';
const PAGE = 100;

/**
 * The catalog MCP servers the user enabled, each with the URL it had then, kept in the user's global state: a
 * workspace cannot enable a server for itself by writing a file or a setting, nor point a chosen ref elsewhere.
 */
export class CatalogMcpChoices implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly context: vscode.ExtensionContext) {}

  enabled(): EnabledMcpServer[] {
    const stored = this.context.globalState.get<unknown>(ENABLED_KEY, []);
    if (!Array.isArray(stored)) return [];
    return (stored as unknown[]).filter((item): item is EnabledMcpServer => {
      const chosen = item as Partial<EnabledMcpServer> | null;
      return typeof chosen?.ref === 'string' && typeof chosen.url === 'string';
    });
  }

  async setEnabled(servers: readonly EnabledMcpServer[]): Promise<void> {
    await this.context.globalState.update(ENABLED_KEY, servers);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The catalog's API entities of type `mcp-server`, through the catalog tools (the server owns the catalog). */
export async function mcpServerEntities(server: CatalogServer, refs?: readonly string[]): Promise<McpServerEntity[]> {
  const candidates = refs ?? (await apiRefsOfTypeMcpServer(server));
  const entities: McpServerEntity[] = [];
  for (const ref of candidates) {
    const answer = await server.callAgentTool({ name: 'get_entity', input: { ref } });
    if (!answer.ok || !isMcpServerSpec(answer.result.spec)) continue;
    const { ref: answeredRef, title } = answer.result;
    entities.push({ ref: typeof answeredRef === 'string' ? answeredRef : ref, title: typeof title === 'string' ? title : ref, spec: answer.result.spec });
  }
  return entities;
}

async function apiRefsOfTypeMcpServer(server: CatalogServer): Promise<string[]> {
  const refs: string[] = [];
  let cursor: string | undefined;
  do {
    const answer = await server.callAgentTool({ name: 'search_catalog', input: { kinds: ['api'], limit: PAGE, ...(cursor ? { cursor } : {}) } });
    if (!answer.ok) break;
    const { items, nextCursor } = answer.result as { items: { ref: string; type?: string }[]; nextCursor?: string };
    refs.push(...items.filter((item) => item.type === 'mcp-server').map((item) => item.ref));
    cursor = nextCursor;
  } while (cursor);
  return refs;
}

/** `Greenroom: Choose Catalog MCP Servers for Agents…`: a pick of the catalog's MCP servers, the enabled ones ticked. */
export async function chooseCatalogMcpServers(server: CatalogServer, choices: CatalogMcpChoices): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage('Catalog MCP servers are offered to agents only in a trusted workspace.');
    return;
  }
  const entities = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Finding MCP servers in the catalog' }, () => mcpServerEntities(server));
  const usable = entities.filter((entity) => streamableHttpUrl(entity.spec));
  if (usable.length === 0) {
    void vscode.window.showInformationMessage('The catalog has no API of type mcp-server with a streamable-http remote.');
    return;
  }
  const enabled = choices.enabled();
  const picked = await vscode.window.showQuickPick(
    usable.map((entity) => {
      const url = streamableHttpUrl(entity.spec)!;
      return { label: entity.title, description: entity.ref, detail: url, picked: enabled.some((chosen) => chosen.ref === entity.ref && chosen.url === url), ref: entity.ref, url };
    }),
    {
      title: 'MCP servers from the catalog to offer VS Code\'s agents',
      placeHolder: 'Tick the servers you trust; each is offered without any Greenroom token',
      canPickMany: true,
      ignoreFocusOut: true,
    },
  );
  if (!picked) return;
  const shownRefs = new Set(usable.map((entity) => entity.ref));
  await choices.setEnabled([...enabled.filter((chosen) => !shownRefs.has(chosen.ref)), ...picked.map((item) => ({ ref: item.ref, url: item.url }))]);
}
