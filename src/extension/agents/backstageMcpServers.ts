// Agents: which Backstage MCP actions servers VS Code's agents are offered, and with which headers.
// Decided here without the vscode module, so that it is tested on its own against a real backend.

/** Where `@backstage/plugin-mcp-actions-backend` serves every registered action, as MCP over Streamable HTTP. */
export const MCP_ACTIONS_PATH = '/api/mcp-actions/v1';

/** The `greenroom.backstage` settings that name instances, as read (unchecked). */
export interface BackstageInstanceSettings {
  baseUrl?: unknown;
  instances?: unknown;
}

/** What the offer depends on. */
export interface McpOfferInputs {
  /** Whether the workspace is trusted: an untrusted one is offered nothing. */
  trusted: boolean;
  settings: BackstageInstanceSettings;
  /** Origins a Backstage token is stored for (each token is bound to the origin it was given for). */
  tokenOrigins: readonly string[];
}

/** One Backstage instance's MCP actions server. */
export interface BackstageMcpServer {
  /** The name VS Code shows. */
  label: string;
  /** The backend's base URL, without a trailing slash. */
  baseUrl: string;
  /** The origin whose stored token authorises the server. */
  origin: string;
  /** `<baseUrl>/api/mcp-actions/v1`. */
  url: string;
}

/** A token as stored: for one origin. */
export interface StoredToken {
  origin: string;
  token: string;
}

/**
 * The MCP actions servers to offer: one per configured Backstage instance (`baseUrl`, then `instances`,
 * each once) that a token is stored for, and none at all in an untrusted workspace. A URL that is not
 * http(s), or carries credentials, is skipped. Whether the endpoint answers is for `probeMcpActions`.
 */
export function backstageMcpServers(inputs: McpOfferInputs): BackstageMcpServer[] {
  if (!inputs.trusted) return [];
  const tokenOrigins = new Set(inputs.tokenOrigins);
  const servers = new Map<string, BackstageMcpServer>();
  for (const written of configuredBaseUrls(inputs.settings)) {
    const baseUrl = normalizedBaseUrl(written);
    if (!baseUrl || servers.has(baseUrl)) continue;
    const origin = new URL(baseUrl).origin;
    if (!tokenOrigins.has(origin)) continue;
    const { host, pathname } = new URL(baseUrl);
    servers.set(baseUrl, { label: `Backstage actions (${host}${pathname === '/' ? '' : pathname})`, baseUrl, origin, url: `${baseUrl}${MCP_ACTIONS_PATH}` });
  }
  return [...servers.values()];
}

/** The server the current inputs offer at `url`, if any. */
export function offeredMcpServer(url: string, inputs: McpOfferInputs): BackstageMcpServer | undefined {
  const wanted = comparableUrl(url);
  return wanted ? backstageMcpServers(inputs).find((offered) => comparableUrl(offered.url) === wanted) : undefined;
}

/**
 * The headers for the offered server at `url` when it starts, or undefined when it must not start: the
 * workspace is not (or no longer) trusted, the current settings no longer offer that URL, or the token
 * given was stored for another origin than the server's.
 */
export function mcpServerHeaders(url: string, inputs: McpOfferInputs, stored: StoredToken | undefined): Record<string, string> | undefined {
  if (!inputs.trusted || !stored?.token) return undefined;
  const server = offeredMcpServer(url, inputs);
  if (!server || stored.origin !== server.origin || new URL(url).origin !== stored.origin) return undefined;
  return { Authorization: `Bearer ${stored.token}` };
}

/**
 * Whether the MCP actions endpoint is there, asked without credentials: Backstage refuses an
 * unauthenticated request to an installed plugin with its own 401 (an `AuthenticationError`), and
 * answers a plugin that is not installed with 404. Redirects are not followed, and a server that does
 * not answer within `timeoutMs` counts as absent.
 */
export async function probeMcpActions(url: string, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<boolean> {
  const fetchImpl = options.fetch ?? fetch;
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: '{}',
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
    if (response.status !== 401) {
      await response.body?.cancel();
      return false;
    }
    const body = (await response.json().catch(() => undefined)) as { error?: { name?: unknown } } | undefined;
    return body?.error?.name === 'AuthenticationError';
  } catch {
    return false;
  }
}

function configuredBaseUrls(settings: BackstageInstanceSettings): unknown[] {
  const instances = Array.isArray(settings.instances) ? settings.instances : [];
  return [settings.baseUrl, ...instances.map((instance: unknown) => (instance && typeof instance === 'object' ? (instance as { baseUrl?: unknown }).baseUrl : undefined))];
}

/** An http(s) URL without credentials or a trailing slash, as the catalog server normalises base URLs; otherwise undefined. */
function normalizedBaseUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return undefined;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function comparableUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}${url.search}`;
  } catch {
    return undefined;
  }
}
