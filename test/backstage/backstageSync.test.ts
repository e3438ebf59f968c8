import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EntityDetails, EntityGroupSummary, SearchHit } from '../../src/protocol/catalogProtocol';
import { LspClient } from '../server/lspClient';
import { EXAMPLE_ENTITIES, EXAMPLE_FILES, generatedComponents, startBackstage, type BackstageServer } from './backstageFixture';
import { faultyProxy } from './faultyProxy';

// The catalog server reading a real Backstage backend next to a workspace, over stdio as any editor
// would: paging, the merge, a refused token, a slow backend, a backend killed mid-load and restarted.

const GENERATED = 2000;
const EXPECTED = EXAMPLE_ENTITIES + GENERATED + 1;

/** The workspace: a copy of an entity Backstage has (another lifecycle) and one only the workspace has, naming Backstage's entities. */
const WORKSPACE_FILE = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: artist-lookup
  description: Artist Lookup
spec:
  type: service
  lifecycle: production
  owner: team-a
  system: artist-engagement-portal
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: local-only
spec:
  type: website
  lifecycle: production
  owner: team-a
  dependsOn: ['resource:artists-db']
`;

describe('the catalog server with a real Backstage backend', function () {
  this.timeout(3 * 60_000);
  let backstage: BackstageServer;
  let proxy: Awaited<ReturnType<typeof faultyProxy>>;
  let dir: string;
  let workspace: string;
  let generatedFile: string;
  let total: number;
  const clients: LspClient[] = [];

  before(async function () {
    this.timeout(10 * 60_000);
    dir = await mkdtemp(path.join(tmpdir(), 'greenroom-sync-'));
    generatedFile = path.join(dir, 'generated.yaml');
    await writeFile(generatedFile, generatedComponents(GENERATED));
    workspace = path.join(dir, 'workspace');
    await mkdir(workspace);
    await writeFile(path.join(workspace, 'catalog-info.yaml'), WORKSPACE_FILE);
    backstage = await startBackstage({ catalogFiles: [...EXAMPLE_FILES, generatedFile], expectedEntities: EXPECTED, ingestTimeoutMs: 5 * 60_000 });
    total = await countEntities(backstage);
    proxy = await faultyProxy(backstage.baseUrl);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    proxy?.reset();
  });
  after(async () => {
    await proxy?.close();
    await backstage?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A server on the workspace reading `baseUrl`; the client hands out `token` for Backstage's origin only. */
  async function serve(options: { baseUrl: string; token?: string; storage: string; refreshIntervalMinutes?: number; requestTimeoutMs?: number; firstRetryMs?: number }) {
    const client = new LspClient();
    clients.push(client);
    if (options.token) client.tokens.set(new URL(options.baseUrl).origin, options.token);
    await client.initialize(workspace, {}, {
      backstage: { baseUrl: options.baseUrl, refreshIntervalMinutes: options.refreshIntervalMinutes ?? 0 },
      storagePath: options.storage,
      requestTimeoutMs: options.requestTimeoutMs,
      firstRetryMs: options.firstRetryMs ?? 60_000,
    });
    return client;
  }

  const status = (client: LspClient) => client.backstage[0];

  /** A first load through the proxy, to leave its catalog in `storage`'s cache. */
  async function cacheCatalog(folder: string): Promise<void> {
    const first = await serve({ baseUrl: proxy.url, token: backstage.token, storage: folder });
    await first.waitFor(() => status(first)?.state === 'ready', 'a first load');
    // The cache is written after the catalog is shown; a refresh waits for the load in flight, write included.
    await first.request('greenroom/refreshBackstage', {});
    await first.dispose();
  }
  const storage = (name: string) => path.join(dir, `storage-${name}`);
  const componentCount = async (client: LspClient) =>
    (await client.request<EntityGroupSummary[]>('greenroom/entityGroups', { groupBy: 'kind' })).find((group) => group.key.toLowerCase() === 'component')?.count ?? 0;
  const find = async (client: LspClient, query: string) => (await client.request<SearchHit[]>('greenroom/search', { query }))[0]?.entity;

  it('pages through the whole catalog and shows it with the workspace\'s entities', async () => {
    const client = await serve({ baseUrl: backstage.baseUrl, token: backstage.token, storage: storage('merge') });
    await client.waitFor(() => status(client)?.state === 'ready', 'the Backstage catalog', 60_000);
    assert.equal(status(client).entityCount, total, 'every page was read');
    assert.ok(status(client).signedIn);
    assert.deepEqual(client.tokenRequests, [new URL(backstage.baseUrl).origin]);

    // One tree: Backstage's components and the workspace-only one; artist-lookup, in both, once.
    const remoteComponents = await countEntities(backstage, 'kind=component');
    assert.equal(await componentCount(client), remoteComponents + 1);

    const generated = await find(client, 'generated-1999');
    assert.equal(generated?.ref, 'component:default/generated-1999');
    assert.deepEqual(generated.origins, ['backstage']);
    assert.equal(generated.backstageUrl, `${backstage.baseUrl}/catalog/default/component/generated-1999`);

    const shared = await client.request<EntityDetails>('greenroom/entityDetails', { ref: 'component:default/artist-lookup' });
    assert.deepEqual(shared.entity.origins, ['workspace', 'backstage']);
    assert.equal(shared.entity.lifecycle, 'production', 'the workspace copy counts');
    assert.ok(shared.entity.location.uri.startsWith('file:'));

    // Refs to entities only Backstage has resolve; the edit Backstage has not ingested is reported.
    const file = path.join(workspace, 'catalog-info.yaml');
    await client.waitFor(() => (client.diagnostics.get(file) ?? []).some((d) => d.code === 'differs-from-backstage'), 'the difference to be reported');
    const diagnostics = client.diagnostics.get(file)!;
    assert.deepEqual(diagnostics.filter((d) => d.code === 'unresolved-ref'), [], 'team-a and artists-db resolve to Backstage\'s entities');
    assert.match(diagnostics.find((d) => d.code === 'differs-from-backstage')!.message, /spec\.lifecycle/);

    // Go to definition on a ref to an entity only Backstage has leads to its read-only document.
    const uri = await client.open(file, WORKSPACE_FILE);
    const ownerLine = WORKSPACE_FILE.split('\n').indexOf('  owner: team-a');
    const [target] = await client.request<{ targetUri: string }[]>('textDocument/definition', { textDocument: { uri }, position: { line: ownerLine, character: 10 } });
    assert.equal(target.targetUri, 'greenroom-backstage:/group/default/team-a.yaml?' + encodeURIComponent(backstage.baseUrl));

    // Relations of a remote entity are Backstage's own.
    const team = await client.request<EntityDetails>('greenroom/entityDetails', { ref: 'group:default/team-a' });
    assert.ok(team.relations.some((r) => r.type === 'ownerOf' && r.targetRef === 'component:default/generated-7'));

    // Opening a remote entity reads it whole, fields the tree does not need included.
    const text = await client.request<string>('greenroom/remoteEntityText', { uri: generated.location.uri });
    assert.match(text, /^# component:default\/generated-1999 as Backstage at /);
    assert.match(text, /uid: /);
  });

  it('says the token was refused and what to do, keeping the workspace\'s entities', async () => {
    const client = await serve({ baseUrl: backstage.baseUrl, token: 'not-the-token', storage: storage('refused') });
    await client.waitFor(() => status(client)?.state === 'failed', 'the load to fail');
    assert.equal(status(client).error?.kind, 'unauthorized');
    assert.match(status(client).error!.message, /401: the token was not accepted\. Sign in again/);
    assert.equal(status(client).entityCount, 0);
    assert.equal(await componentCount(client), 2, 'the workspace\'s two components');
  });

  it('says a base URL that is not Backstage\'s root is wrong (404), and what to check', async () => {
    const client = await serve({ baseUrl: `${backstage.baseUrl}/portal`, token: backstage.token, storage: storage('wrong-url') });
    await client.waitFor(() => status(client)?.state === 'failed', 'the load to fail');
    assert.equal(status(client).error?.kind, 'not-found');
    assert.match(status(client).error!.message, /answered 404 for the catalog API: .*\/portal is not the root of a Backstage backend\. Check the base URL/);
  });

  it('retries a gateway\'s 503 with backoff, and loads once it passes', async () => {
    proxy.failNext(2, 503, { 'retry-after': '1' });
    const client = await serve({ baseUrl: proxy.url, token: backstage.token, storage: storage('503') });
    await client.waitFor(() => status(client)?.state === 'ready', 'the catalog after the retries', 60_000);
    assert.equal(status(client).entityCount, total);
  });

  it('keeps the cached catalog through 5xx answers, and says the backend has a problem', async () => {
    await cacheCatalog(storage('5xx'));
    proxy.failNext(100, 502);
    const client = await serve({ baseUrl: proxy.url, token: backstage.token, storage: storage('5xx') });
    await client.waitFor(() => status(client)?.state === 'stale', 'the load to give up', 60_000);
    assert.equal(status(client).error?.kind, 'server-error');
    assert.match(status(client).error!.message, /answered 502.*try again later/);
    assert.ok(status(client).retryAt, 'Greenroom tries again by itself');
    assert.equal(status(client).entityCount, total, 'nothing lost');
  });

  it('shows the cached catalog at once, and while Backstage is too slow, saying why', async () => {
    await cacheCatalog(storage('slow'));

    proxy.setDelay(3_000);
    const client = await serve({ baseUrl: proxy.url, token: backstage.token, storage: storage('slow'), requestTimeoutMs: 1_000 });
    await client.waitFor(() => status(client)?.entityCount === total, 'the cached catalog');
    assert.equal(status(client).state, 'loading', 'shown while the live catalog loads');
    assert.equal((await find(client, 'generated-1999'))?.ref, 'component:default/generated-1999');

    await client.waitFor(() => status(client)?.state === 'stale', 'the load to give up', 60_000);
    assert.equal(status(client).error?.kind, 'timeout');
    assert.match(status(client).error!.message, /did not answer in time/);
    assert.equal(status(client).entityCount, total, 'nothing lost');
    assert.ok(status(client).fetchedAt, 'the time of the catalog shown');
    assert.equal((await find(client, 'generated-1999'))?.ref, 'component:default/generated-1999');
  });

  it('keeps the last catalog when Backstage is killed mid-load, and recovers by itself once it is back', async function () {
    // Generous bounds: each wait ends as soon as its condition holds, and a loaded machine restarts Backstage slowly.
    this.timeout(10 * 60_000);
    await cacheCatalog(storage('killed'));

    // Pages now take 400 ms each: the backend dies after the first.
    proxy.setDelay(400);
    const client = await serve({ baseUrl: proxy.url, token: backstage.token, storage: storage('killed'), firstRetryMs: 1_000, refreshIntervalMinutes: 0.05 });
    await client.waitFor(() => (status(client)?.loaded ?? 0) > 0, 'the first page', 60_000);
    await backstage.stop();
    // A backend shutting down may first answer 503 (a server error); once it is gone, the retry finds it unreachable.
    await client.waitFor(() => status(client)?.state === 'stale' && status(client).error?.kind === 'unreachable', 'the load to fail on the dead backend', 2 * 60_000);
    assert.match(status(client).error!.message, /is unreachable/);
    assert.equal(status(client).entityCount, total, 'the cached catalog stays');
    assert.equal((await find(client, 'generated-42'))?.ref, 'component:default/generated-42');

    const port = Number(new URL(backstage.baseUrl).port);
    backstage = await startBackstage({ catalogFiles: [...EXAMPLE_FILES, generatedFile], token: backstage.token, port, expectedEntities: EXPECTED, ingestTimeoutMs: 5 * 60_000 });
    await client.waitFor(() => status(client)?.state === 'ready' && status(client).entityCount === total, 'the catalog to load again by itself', 5 * 60_000);
    assert.equal(status(client).error, undefined);
  });
});

async function countEntities(server: BackstageServer, filter?: string): Promise<number> {
  const query = `limit=1${filter ? `&filter=${encodeURIComponent(filter)}` : ''}`;
  const res = await fetch(`${server.baseUrl}/api/catalog/entities/by-query?${query}`, { headers: { authorization: `Bearer ${server.token}` } });
  return ((await res.json()) as { totalItems: number }).totalItems;
}
