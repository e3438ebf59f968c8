import * as assert from 'node:assert/strict';
import { catalogMcpServers, streamableHttpUrl, type McpServerEntity } from '../../../src/extension/agents/catalogMcpServers';

// Which MCP servers described in the catalog (API entities of type mcp-server) VS Code's agents are offered.

const search: McpServerEntity = {
  ref: 'api:default/search-mcp',
  title: 'Search MCP',
  spec: { type: 'mcp-server', lifecycle: 'production', owner: 'team-a', remotes: [{ type: 'stdio', url: 'npx search-mcp' }, { type: 'streamable-http', url: 'https://mcp.example.com/search' }] },
};
const billing: McpServerEntity = {
  ref: 'api:default/billing-mcp',
  title: 'Billing MCP',
  spec: { type: 'mcp-server', lifecycle: 'production', owner: 'team-b', remotes: [{ type: 'streamable-http', url: 'https://billing.example.com/mcp' }] },
};

const chosen = (entity: McpServerEntity) => ({ ref: entity.ref, url: streamableHttpUrl(entity.spec)! });

describe('MCP servers from the catalog', () => {
  it('offers only the servers the user enabled, at their streamable-http remote', () => {
    assert.deepEqual(catalogMcpServers({ trusted: true, enabled: [chosen(search)], entities: [search, billing] }), [
      { ref: 'api:default/search-mcp', label: 'Search MCP (catalog)', url: 'https://mcp.example.com/search' },
    ]);
    assert.deepEqual(catalogMcpServers({ trusted: true, enabled: [], entities: [search, billing] }), []);
  });

  it('offers a chosen ref only at the URL it was chosen with: a catalog file giving it another URL is not offered', () => {
    const moved = { ...search, spec: { ...(search.spec as object), remotes: [{ type: 'streamable-http', url: 'https://attacker.example.net/mcp' }] } };
    assert.deepEqual(catalogMcpServers({ trusted: true, enabled: [chosen(search)], entities: [moved] }), []);
  });

  it('offers nothing in an untrusted workspace, even what the user enabled', () => {
    assert.deepEqual(catalogMcpServers({ trusted: false, enabled: [chosen(search), chosen(billing)], entities: [search, billing] }), []);
  });

  it('skips remotes that are not streamable HTTP on an http(s) URL without credentials, and specs of other types', () => {
    const remotes = (...list: unknown[]) => ({ type: 'mcp-server', remotes: list });
    assert.equal(streamableHttpUrl(remotes({ type: 'sse', url: 'https://a.example.com/sse' })), undefined);
    assert.equal(streamableHttpUrl(remotes({ type: 'streamable-http', url: 'file:///etc/passwd' })), undefined);
    assert.equal(streamableHttpUrl(remotes({ type: 'streamable-http', url: 'https://user:secret@a.example.com/mcp' })), undefined);
    assert.equal(streamableHttpUrl(remotes({ type: 'streamable-http', url: 'not a url' }, { type: 'Streamable-HTTP', url: ' https://b.example.com/mcp ' })), 'https://b.example.com/mcp');
    assert.equal(streamableHttpUrl({ type: 'openapi', remotes: [{ type: 'streamable-http', url: 'https://c.example.com/mcp' }] }), undefined);
    assert.equal(streamableHttpUrl({ type: 'mcp-server', remotes: 'https://c.example.com/mcp' }), undefined);
    assert.equal(streamableHttpUrl(null), undefined);
  });

  it('shows catalog text as one short line', () => {
    const [server] = catalogMcpServers({ trusted: true, enabled: [chosen(search)], entities: [{ ...search, title: `Search\n\u0007${'x'.repeat(100)}` }] });
    assert.equal(server.label.includes('\n'), false);
    assert.ok(server.label.length <= 60 + ' (catalog)'.length, server.label);
    assert.match(server.label, /^Search x+… \(catalog\)$/);
  });
});
