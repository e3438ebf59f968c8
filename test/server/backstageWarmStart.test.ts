import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { BackstageCache } from '../../src/sources/backstageCache';
import { LspClient } from './lspClient';

interface Group {
  key: string;
  count: number;
}
interface Hit {
  entity: { ref: string; origins: string[]; backstageUrl?: string };
}

const APP_URL = 'https://portal.example.com';
const remote = (kind: string, name: string, spec: Record<string, unknown>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', etag: `${name}-1`, description: `${name} as Backstage has it` },
  spec: spec as Entity['spec'],
  relations: typeof spec.owner === 'string' ? [{ type: 'ownedBy', targetRef: `group:default/${spec.owner}` }] : [],
});

/** A port nothing listens on: Backstage is down for the whole test. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("warm start with a Backstage instance's entities, Backstage down", function () {
  this.timeout(60_000);
  let base: string;
  let folder: string;
  let storage: string;
  let baseUrl: string;
  const clients: LspClient[] = [];

  async function start(): Promise<LspClient> {
    const client = new LspClient();
    clients.push(client);
    await client.initialize(folder, {}, { storagePath: storage, backstage: { baseUrl, appUrl: APP_URL, refreshIntervalMinutes: 0 }, firstRetryMs: 60_000 });
    return client;
  }

  /** Whether the saved catalog holds the instance's entities (and `text`, a name among them). */
  const savedWithBackstage = (text = '') =>
    existsSync(storage) &&
    !readdirSync(storage).some((name) => name.endsWith('.partial')) &&
    readdirSync(storage).some((name) => name.endsWith('.bin') && readFileSync(path.join(storage, name)).includes(`backstage:${baseUrl}`) && readFileSync(path.join(storage, name)).includes(text));

  /** Waits until the saved catalog holds the instance's entities: the save follows its first load by a few seconds. */
  async function savedOnce(text?: string): Promise<void> {
    for (const deadline = Date.now() + 30_000; !savedWithBackstage(text); await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (Date.now() > deadline) throw new Error("no catalog with Backstage's entities was saved");
    }
  }

  const components = async (client: LspClient) => (await client.request<{ ref: string }[]>('greenroom/groupEntities', { groupBy: 'kind', key: 'Component' })).map((entity) => entity.ref).sort();

  beforeEach(async () => {
    base = mkdtempSync(path.join(tmpdir(), 'greenroom-backstage-warm-'));
    folder = path.join(base, 'workspace');
    storage = path.join(base, 'storage');
    mkdirSync(path.join(folder, 'payments'), { recursive: true });
    writeFileSync(
      path.join(folder, 'payments/catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  type: service\n  lifecycle: production\n  owner: team-pay\n',
    );
    baseUrl = `http://127.0.0.1:${await closedPort()}`;
    await new BackstageCache(storage).write({
      baseUrl,
      fetchedAt: '2026-12-01T09:00:00.000Z',
      entities: [remote('Group', 'team-pay', { type: 'team', children: [] }), remote('Component', 'billing', { type: 'service', lifecycle: 'production', owner: 'team-pay' })],
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    rmSync(base, { recursive: true, force: true });
  });

  it("answers the tree and search with Backstage's entities from the saved catalog at once, and its status from the same load", async () => {
    const cold = await start();
    await cold.waitFor(() => cold.backstage[0]?.entityCount === 2 && cold.catalogVersion >= 0, 'the cached catalog');
    // The instance's entities join the catalog once the workspace's first load has ended.
    let coldGroups: Group[] = [];
    for (const deadline = Date.now() + 10_000; coldGroups.length < 2; await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (Date.now() > deadline) throw new Error("Backstage's entities did not show");
      coldGroups = await cold.request<Group[]>('greenroom/entityGroups', { groupBy: 'kind' });
    }
    await savedOnce();
    await cold.dispose();

    const warm = await start();
    // Asked at once, before the instance's sync reports anything.
    const [groups, hits] = await Promise.all([warm.request<Group[]>('greenroom/entityGroups', { groupBy: 'kind' }), warm.request<Hit[]>('greenroom/search', { query: 'billing' })]);
    assert.deepEqual(groups, coldGroups);
    assert.deepEqual(
      groups.map((group) => [group.key, group.count]),
      [
        ['Component', 2],
        ['Group', 1],
      ],
    );
    assert.deepEqual(hits[0]?.entity.ref, 'component:default/billing');
    assert.deepEqual(hits[0].entity.origins, ['backstage']);
    assert.equal(hits[0].entity.backstageUrl, `${APP_URL}/catalog/default/component/billing`);
    await warm.waitFor(() => warm.backstage[0]?.entityCount === 2, "the instance's status");
    assert.equal(warm.backstage[0].fetchedAt, '2026-12-01T09:00:00.000Z');
    assert.deepEqual(await components(warm), ['component:default/billing', 'component:default/payments']);
  });

  it('shows the later load a cache holds, and nothing of an instance signed out of, with the window closed or open', async () => {
    const cold = await start();
    await cold.waitFor(() => cold.backstage[0]?.entityCount === 2, 'the cached catalog');
    await savedOnce();
    await cold.dispose();
    // A later session loaded Backstage again (its cache is newer than the saved catalog): the cache's entities show.
    await new BackstageCache(storage).write({
      baseUrl,
      fetchedAt: '2026-12-02T09:00:00.000Z',
      entities: [remote('Group', 'team-pay', { type: 'team', children: [] }), remote('Component', 'invoicing', { type: 'service', lifecycle: 'production', owner: 'team-pay' })],
    });
    const later = await start();
    await later.waitFor(() => later.backstage[0]?.fetchedAt === '2026-12-02T09:00:00.000Z', 'the later load');
    await later.waitFor(() => later.catalogVersion >= 0, 'the catalog');
    for (const deadline = Date.now() + 10_000; (await components(later)).includes('component:default/billing'); await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (Date.now() > deadline) throw new Error('the saved load still shows');
    }
    assert.deepEqual(await components(later), ['component:default/invoicing', 'component:default/payments']);
    await savedOnce('invoicing');
    await later.dispose();

    // Signed out while the window was closed (the cache is gone): what the saved catalog holds of the instance goes, from the screen and the disk.
    await new BackstageCache(storage).remove(baseUrl);
    const signedOut = await start();
    await signedOut.waitFor(() => signedOut.catalogVersion >= 0, 'the catalog');
    for (const deadline = Date.now() + 10_000; (await components(signedOut)).length !== 1 || savedWithBackstage(); await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (Date.now() > deadline) throw new Error(`Backstage's entities still show or are saved: ${(await components(signedOut)).join(', ')}`);
    }
    assert.deepEqual(await components(signedOut), ['component:default/payments']);
    assert.equal(signedOut.backstage[0]?.entityCount ?? 0, 0);
    await signedOut.dispose();

    // Signing out in a window: the saved catalog holding the instance's entities is gone from the disk at once.
    await new BackstageCache(storage).write({ baseUrl, fetchedAt: '2026-12-03T09:00:00.000Z', entities: [remote('Group', 'team-pay', { type: 'team', children: [] })] });
    const signingOut = await start();
    await signingOut.waitFor(() => signingOut.backstage[0]?.entityCount === 1 && signingOut.catalogVersion >= 0, 'the cached catalog');
    await savedOnce();
    await signingOut.request('greenroom/refreshBackstage', { forget: baseUrl });
    assert.equal(savedWithBackstage(), false);
  });
});
