// Agents: which MCP servers described in the catalog (API entities of type mcp-server) VS Code's agents are
// offered. Decided here without the vscode module, so that it is tested on its own.

/** An API entity of type `mcp-server`, as the catalog tools answer for it. */
export interface McpServerEntity {
  ref: string;
  title: string;
  spec?: unknown;
}

/** One catalog MCP server to offer. */
export interface CatalogMcpServer {
  ref: string;
  /** The name VS Code shows: the entity's title, marked as coming from the catalog. */
  label: string;
  /** Its Streamable HTTP endpoint. */
  url: string;
}

/** A catalog MCP server the user chose: its ref and the URL it was chosen with. */
export interface EnabledMcpServer {
  ref: string;
  url: string;
}

/** What the offer depends on. */
export interface CatalogMcpInputs {
  /** Whether the workspace is trusted: an untrusted one is offered nothing. */
  trusted: boolean;
  /**
   * The servers the user has enabled, one by one, each with the URL it had when enabled (kept in the user's state,
   * never in the workspace): a catalog file that gives the same ref another URL is not offered.
   */
  enabled: readonly EnabledMcpServer[];
  entities: readonly McpServerEntity[];
}

/**
 * The catalog's MCP servers to offer: each enabled entity of type `mcp-server` with a Streamable HTTP
 * remote on an http(s) URL without credentials. None in an untrusted workspace. No token goes with
 * them: a server described in a catalog file authenticates its users itself.
 */
export function catalogMcpServers(inputs: CatalogMcpInputs): CatalogMcpServer[] {
  if (!inputs.trusted) return [];
  const servers: CatalogMcpServer[] = [];
  for (const entity of inputs.entities) {
    if (servers.some((server) => server.ref === entity.ref)) continue;
    const url = streamableHttpUrl(entity.spec);
    if (url && inputs.enabled.some((chosen) => chosen.ref === entity.ref && chosen.url === url)) servers.push({ ref: entity.ref, label: `${shown(entity.title || entity.ref)} (catalog)`, url });
  }
  return servers;
}

/** Whether an entity's spec says it is an MCP server (`spec.type: mcp-server`). */
export function isMcpServerSpec(spec: unknown): boolean {
  return isRecord(spec) && spec.type === 'mcp-server';
}

/** The URL of the first `streamable-http` remote of an `mcp-server` spec that is an http(s) URL without credentials. */
export function streamableHttpUrl(spec: unknown): string | undefined {
  if (!isMcpServerSpec(spec) || !isRecord(spec) || !Array.isArray(spec.remotes)) return undefined;
  for (const remote of spec.remotes as unknown[]) {
    if (!isRecord(remote) || typeof remote.type !== 'string' || remote.type.toLowerCase() !== 'streamable-http' || typeof remote.url !== 'string') continue;
    try {
      const url = new URL(remote.url.trim());
      if ((url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password) return url.href;
    } catch {
      // not a URL: the next remote may be
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Catalog text on one short line, without control characters. */
function shown(text: string): string {
  const line = text.replace(/\p{Cc}+/gu, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
