import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  backstageMcpServers,
  mcpServerHeaders,
  probeMcpActions,
  type McpOfferInputs,
} from '../../src/extension/agents/backstageMcpServers';
import { EXAMPLE_ENTITIES, EXAMPLE_FILES, startBackstage, type BackstageServer } from './backstageFixture';

// The connected Backstage's own MCP actions server (@backstage/plugin-mcp-actions-backend), as
// Greenroom offers it to VS Code's agents: the offer decided from the settings, the workspace's trust
// and where the token was stored, the endpoint probed, and the MCP SDK's client, given exactly the
// offered URL and the headers added when the server starts, talking to the real backend.

interface TextContent {
  type: string;
  text: string;
}

describe('Backstage MCP actions offered to VS Code agents', function () {
  this.timeout(3 * 60_000);
  let backstage: BackstageServer;
  let withoutMcp: BackstageServer;
  let origin: string;
  let trusted: McpOfferInputs;
  const clients: Client[] = [];

  before(async function () {
    this.timeout(10 * 60_000);
    [backstage, withoutMcp] = await Promise.all([
      startBackstage({ catalogFiles: EXAMPLE_FILES, expectedEntities: EXAMPLE_ENTITIES }),
      startBackstage({ catalogFiles: EXAMPLE_FILES, expectedEntities: EXAMPLE_ENTITIES, env: { GREENROOM_BACKSTAGE_MCP_ACTIONS: 'off' } }),
    ]);
    origin = new URL(backstage.baseUrl).origin;
    trusted = { trusted: true, settings: { baseUrl: `${backstage.baseUrl}/` }, tokenOrigins: [origin] };
  });

  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([backstage?.stop(), withoutMcp?.stop()]);
  });

  async function connect(url: string, headers: Record<string, string> | undefined): Promise<Client> {
    const client = new Client({ name: 'greenroom-test', version: '1.0.0' });
    clients.push(client);
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
    return client;
  }

  it('offers the connected Backstage, and the MCP client given exactly its URL and headers lists and calls the catalog actions', async () => {
    const [server, ...more] = backstageMcpServers(trusted);
    assert.deepEqual(more, []);
    assert.equal(server.url, `${backstage.baseUrl}/api/mcp-actions/v1`);
    assert.equal(server.label, `Backstage actions (${new URL(backstage.baseUrl).host})`);
    assert.equal(await probeMcpActions(server.url), true, 'the endpoint answers');

    const headers = mcpServerHeaders(server.url, trusted, { origin, token: backstage.token });
    assert.deepEqual(headers, { Authorization: `Bearer ${backstage.token}` });
    const client = await connect(server.url, headers);
    assert.equal(client.getServerVersion()?.name, 'backstage');

    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    for (const expected of ['catalog.get-catalog-entity', 'catalog.query-catalog-entities', 'scaffolder.dry-run-template', 'search.query']) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
    assert.equal(tools.find((tool) => tool.name === 'catalog.get-catalog-entity')?.annotations?.readOnlyHint, true);

    const answer = await client.callTool({ name: 'catalog.get-catalog-entity', arguments: { kind: 'component', name: 'artist-lookup' } });
    assert.notEqual(answer.isError, true, JSON.stringify(answer));
    const entity = JSON.parse((answer.content as TextContent[])[0].text) as { kind: string; metadata: { name: string }; spec: { owner: string } };
    assert.equal(entity.kind, 'Component');
    assert.equal(entity.metadata.name, 'artist-lookup');
    assert.equal(entity.spec.owner, 'team-a');

    const missing = await client.callTool({ name: 'catalog.get-catalog-entity', arguments: { name: 'no-such-entity' } });
    assert.equal(missing.isError, true);
    assert.match((missing.content as TextContent[])[0].text, /No entity found with name "no-such-entity"/);
  });

  it('the offered definition carries no token: without the headers added at start, Backstage refuses the client', async () => {
    const [server] = backstageMcpServers(trusted);
    await assert.rejects(connect(server.url, undefined), /401|Missing credentials|Unauthorized/i);
  });

  it('an untrusted workspace is offered nothing, and a server offered before gets no token once trust is gone', () => {
    const untrusted = { ...trusted, trusted: false };
    assert.deepEqual(backstageMcpServers(untrusted), []);
    const [server] = backstageMcpServers(trusted);
    assert.equal(mcpServerHeaders(server.url, untrusted, { origin, token: backstage.token }), undefined);
  });

  it('a host the token was not given for gets neither a definition nor the token, even when it is the same backend', async () => {
    // localhost reaches the same backend, but the token was stored for 127.0.0.1.
    const elsewhere = backstage.baseUrl.replace('127.0.0.1', 'localhost');
    const elsewhereUrl = `${elsewhere}/api/mcp-actions/v1`;
    assert.equal(await probeMcpActions(elsewhereUrl), true, 'the other host serves MCP actions too');

    const pointedElsewhere: McpOfferInputs = { trusted: true, settings: { baseUrl: elsewhere }, tokenOrigins: [origin] };
    assert.deepEqual(backstageMcpServers(pointedElsewhere), []);
    assert.equal(mcpServerHeaders(elsewhereUrl, pointedElsewhere, { origin, token: backstage.token }), undefined);
    // Named next to the instance the token is for, only that one is offered and only its URL gets the token.
    const both: McpOfferInputs = { trusted: true, settings: { baseUrl: elsewhere, instances: [{ baseUrl: backstage.baseUrl }] }, tokenOrigins: [origin] };
    assert.deepEqual(
      backstageMcpServers(both).map((server) => server.url),
      [`${backstage.baseUrl}/api/mcp-actions/v1`],
    );
    assert.equal(mcpServerHeaders(elsewhereUrl, both, { origin, token: backstage.token }), undefined);
    // A token handed in for another origin is not sent to this one.
    assert.equal(mcpServerHeaders(`${backstage.baseUrl}/api/mcp-actions/v1`, trusted, { origin: 'https://backstage.example.com', token: 'other' }), undefined);
    // A token stored only for another origin: nothing is offered.
    assert.deepEqual(backstageMcpServers({ ...trusted, tokenOrigins: ['https://backstage.example.com'] }), []);
  });

  it('a Backstage without the MCP actions plugin, a closed port and a server that is not Backstage are not offered', async () => {
    assert.equal(await probeMcpActions(`${withoutMcp.baseUrl}/api/mcp-actions/v1`), false);
    // The same backend's catalog answers: it is the MCP endpoint that is absent.
    const catalog = await fetch(`${withoutMcp.baseUrl}/api/catalog/entities/by-name/component/default/artist-lookup`, { headers: { Authorization: `Bearer ${withoutMcp.token}` } });
    assert.equal(catalog.status, 200);

    const closed = await closedPortUrl();
    assert.equal(await probeMcpActions(`${closed}/api/mcp-actions/v1`), false);

    const gateway = await listen((_request, response) => response.writeHead(401, { 'Content-Type': 'text/plain' }).end('Sign in first'));
    try {
      assert.equal(await probeMcpActions(`${gateway.url}/api/mcp-actions/v1`), false);
    } finally {
      gateway.server.close();
    }
  });
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function closedPortUrl(): Promise<string> {
  const { server, url } = await listen(() => undefined);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}
