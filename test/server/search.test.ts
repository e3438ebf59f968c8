import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { EXAMPLES } from '../unit/fixturePaths';
import { cursorIn } from './cursorMarker';
import { LspClient } from './lspClient';

interface Hit {
  entity: { ref: string; kind: string; title: string };
}

describe('catalog search over stdio, on the Backstage examples', () => {
  let client: LspClient;
  const search = (query: string) => client.request<Hit[]>('greenroom/search', { query });

  before(async () => {
    client = new LspClient();
    await client.initialize(EXAMPLES, { include: ['all.yaml', 'acme-corp.yaml'] });
    await client.waitFor(() => client.catalogVersion >= 0, 'the first catalog load');
  });
  after(() => client.dispose());

  it('finds an entity despite typos', async () => {
    const [first] = await search('artst lookp');
    assert.equal(first.entity.ref, 'component:default/artist-lookup');
  });

  it('narrows with kind:, tag: and owner: prefixes', async () => {
    const apis = await search('kind:api');
    assert.equal(apis.length, 9);
    assert.ok(apis.every((hit) => hit.entity.kind === 'API'));
    assert.deepEqual((await search('tag:java')).map((h) => h.entity.ref).sort(), ['component:default/artist-lookup', 'component:default/playback-order', 'component:default/podcast-api']);
    const owned = (await search('owner:team-a kind:component')).map((h) => h.entity.ref);
    assert.ok(owned.includes('component:default/artist-lookup') && !owned.includes('component:default/petstore'), owned.join());
  });

  it('finds people by their team', async () => {
    const people = (await search('kind:user team-a')).map((h) => h.entity.ref);
    assert.ok(people.includes('user:default/breanna.davison'), people.join());
  });

  it('follows edits: a renamed entity is found by its new name at once', async () => {
    const file = path.join(EXAMPLES, 'components/searcher-component.yaml');
    const { text } = cursorIn(file, '|apiVersion');
    const uri = await client.open(file, text);
    const renamed = text.replace('name: searcher', 'name: query-engine');
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: renamed }] });
    let refs: string[] = [];
    for (const deadline = Date.now() + 5000; Date.now() < deadline && !refs.includes('component:default/query-engine'); await new Promise((r) => setTimeout(r, 100))) {
      refs = (await search('query engine')).map((h) => h.entity.ref);
    }
    assert.equal(refs[0], 'component:default/query-engine');
    assert.ok(!(await search('kind:component')).some((h) => h.entity.ref === 'component:default/searcher'));
  });
});
