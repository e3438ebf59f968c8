import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { entityAnswer } from '../agents/catalogTools';
import { entityMarkdown } from '../agents/entityMarkdown';
import { displayPathOf } from '../agents/entityLookup';
import { callCatalogTool, CATALOG_TOOLS } from '../agents/tools';
import { briefOf, page, ToolInputError } from '../agents/toolKit';
import { FolderCatalog, type FolderCatalogOptions } from './folderCatalog';

const RESOURCES_PER_PAGE = 500;
const ENTITY_URI = /^greenroom:\/\/entity\/([^/]+)\/([^/]+)\/([^/]+)$/;

/**
 * `greenroom mcp`: the catalog tools over MCP on stdio. The low-level Server is used, not McpServer,
 * because the tools' schemas are JSON Schema defined once for every host, not zod.
 */
export async function serveMcp(options: FolderCatalogOptions, version: string): Promise<void> {
  const context = new FolderCatalog(options);
  context.watch();
  const server = new Server(
    { name: 'greenroom', title: 'Greenroom: the Backstage catalog of this workspace', version },
    {
      capabilities: { tools: {}, resources: {} },
      instructions: 'Greenroom answers from the Backstage software catalog of this workspace (its catalog-info.yaml files, and a connected Backstage): who owns code, what entities exist, how they relate, who knows what, which templates exist, and whether catalog files are valid. Every tool only reads.',
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: CATALOG_TOOLS.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema as { type: 'object' },
      outputSchema: tool.outputSchema as { type: 'object' },
      annotations: { title: tool.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    try {
      const result = await callCatalogTool(request.params.name, request.params.arguments, context);
      return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
    } catch (error) {
      if (error instanceof ToolInputError) throw invalidParams(error.message);
      return { isError: true, content: [{ type: 'text', text: `Greenroom could not answer: ${error instanceof Error ? error.message : String(error)}` }] };
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async (request) => {
    const catalog = await context.catalog();
    const display = displayPathOf(context);
    const entities = catalog.shownEntities().filter((record) => catalog.entity(record.ref) === record);
    let listed;
    try {
      listed = page(entities, { limit: RESOURCES_PER_PAGE, cursor: request.params?.cursor }, (record) => {
        const brief = briefOf(record, catalog, display);
        return { uri: entityUri(record.ref), name: record.ref, title: brief.title, description: brief.description, mimeType: 'text/markdown' };
      });
    } catch (error) {
      throw invalidParams(error instanceof Error ? error.message : String(error));
    }
    return { resources: listed.items, ...(listed.nextCursor ? { nextCursor: listed.nextCursor } : {}) };
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [{ uriTemplate: 'greenroom://entity/{kind}/{namespace}/{name}', name: 'entity', title: 'A catalog entity', description: 'An entity of the catalog as Markdown: its fields, relations, links and problems.', mimeType: 'text/markdown' }],
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const match = ENTITY_URI.exec(request.params.uri);
    const ref = match && safeDecode(`${match[1]}:${match[2]}/${match[3]}`);
    const catalog = await context.catalog();
    const record = ref ? catalog.entity(ref) : undefined;
    if (!record) throw invalidParams(`No entity at ${request.params.uri.slice(0, 300)}; entity resources are greenroom://entity/<kind>/<namespace>/<name>, as resources/list gives them.`);
    return { contents: [{ uri: request.params.uri, mimeType: 'text/markdown', text: entityMarkdown(entityAnswer(record, catalog, displayPathOf(context))) }] };
  });

  // Requests wait for the catalog to be read; the connection itself does not, so that a client's handshake never times out on a large one.
  // When the client closes stdin the server ends; the watcher would otherwise keep the process alive.
  process.stdin.on('end', () => context.close());
  await server.connect(new StdioServerTransport());
}

/** A JSON-RPC "invalid params" error whose message is exactly `message` (McpError would prefix its code to it). */
function invalidParams(message: string): Error {
  return Object.assign(new Error(message), { code: ErrorCode.InvalidParams });
}

function entityUri(ref: string): string {
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/', colon + 1);
  return `greenroom://entity/${[ref.slice(0, colon), ref.slice(colon + 1, slash), ref.slice(slash + 1)].map(encodeURIComponent).join('/')}`;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
