import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { EXAMPLES, EXAMPLE_FILES, startBackstage, type BackstageServer } from './backstageFixture';

// What Greenroom relies on from a real Backstage backend (the pinned
// packages of test/backstage/package.json), checked on Backstage's example
// catalog.

interface Entity {
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string };
  relations?: { type: string; targetRef: string }[];
}
interface Page {
  items: Entity[];
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

const refOf = (e: Entity) => `${e.kind.toLowerCase()}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`;

describe('a real Backstage backend with the example catalog', function () {
  // Starting takes about 10 s; a first run also installs the backend (minutes).
  this.timeout(3 * 60_000);
  let server: BackstageServer;
  const api = (p: string, token: string | null = server.token, init: RequestInit = {}) =>
    fetch(`${server.baseUrl}${p}`, { ...init, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const json = async <T>(p: string): Promise<T> => {
    const res = await api(p);
    assert.equal(res.status, 200, `GET ${p}`);
    return (await res.json()) as T;
  };

  before(async function () {
    this.timeout(10 * 60_000);
    server = await startBackstage({ catalogFiles: EXAMPLE_FILES });
  });
  after(async () => {
    await server?.stop();
  });

  it('pages through the catalog with a cursor to the unpaged total', async () => {
    const all = await json<Page>('/api/catalog/entities/by-query?limit=1000');
    assert.equal(all.items.length, all.totalItems);
    const paged: Entity[] = [];
    let page = await json<Page>('/api/catalog/entities/by-query?limit=10');
    for (;;) {
      assert.ok(page.items.length <= 10);
      paged.push(...page.items);
      if (!page.pageInfo.nextCursor) break;
      page = await json<Page>(`/api/catalog/entities/by-query?limit=10&cursor=${encodeURIComponent(page.pageInfo.nextCursor)}`);
    }
    assert.equal(paged.length, all.totalItems);
    assert.equal(new Set(paged.map(refOf)).size, all.totalItems, 'no entity twice');
  });

  it('holds the examples by kind: Greenroom\'s load minus what Backstage cannot read', async () => {
    const { facets } = await json<{ facets: { kind: { value: string; count: number }[] } }>('/api/catalog/entity-facets?facet=kind');
    const counts = Object.fromEntries(facets.kind.map((f) => [f.value, f.count]));
    // Greenroom's own load of the same files: Components 13, APIs 9,
    // Resources 1, Systems 3, Domains 3, Groups 8, Users 17, Locations 8.
    // Backstage leaves out the 4 APIs whose $text it cannot read (see below)
    // and adds one generated Location per configured location.
    assert.deepEqual(counts, { API: 5, Component: 13, Domain: 3, Group: 8, Location: 10, Resource: 1, System: 3, User: 17 });
  });

  it('answers 401 without a token or with a wrong one', async () => {
    for (const token of [null, 'not-the-token']) {
      const res = await api('/api/catalog/entities/by-query?limit=1', token);
      assert.equal(res.status, 401, `token ${token ?? '(none)'}`);
    }
  });

  it('relates component:default/artist-lookup to its owner', async () => {
    const entity = await json<Entity>('/api/catalog/entities/by-name/component/default/artist-lookup');
    assert.ok(entity.relations?.some((r) => r.type === 'ownedBy' && r.targetRef === 'group:default/team-a'));
  });

  it('leaves out what it cannot accept, and says why on a dry-run registration', async () => {
    const refs = new Set((await json<Page>('/api/catalog/entities/by-query?limit=1000')).items.map(refOf));
    const why = async (file: string) => {
      const res = await api('/api/catalog/locations?dryRun=true', server.token, {
        method: 'POST',
        body: JSON.stringify({ type: 'file', target: path.join(EXAMPLES, file) }),
      });
      assert.equal(res.status, 400, file);
      return ((await res.json()) as { error: { message: string } }).error.message;
    };
    const rejected: [string, string, RegExp][] = [
      // $text placeholders: a relative one cannot resolve against a file
      // location, a remote one needs the network
      ['api:default/petstore-webhook', 'apis/petstore-webhook-api.yaml', /Placeholder \$text could not form a URL/],
      ['api:default/spotify', 'apis/spotify-api.yaml', /Placeholder \$text could not read location https:/],
    ];
    for (const [ref, file, reason] of rejected) {
      assert.ok(!refs.has(ref), ref);
      assert.match(await why(file), reason, ref);
    }
  });
});
