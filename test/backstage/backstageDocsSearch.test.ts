import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BackstageDocsSearchHit, DocsPageResult, DocsSearchHit } from '../../src/protocol/docsProtocol';
import { LspClient } from '../server/lspClient';
import { startBackstage, type BackstageServer } from './backstageFixture';
import { faultyProxy } from './faultyProxy';

// Backstage's docs in search: the catalog server asks the real backend's search API, whose TechDocs collator indexes
// the published invoicing site (test/fixtures/techdocs/published/site) into the in-memory search engine.

const PUBLISHED = path.resolve(__dirname, '../fixtures/techdocs/published');
const REF = 'component:default/invoicing';

describe("Backstage's docs in search, from a real search backend", function () {
  this.timeout(2 * 60_000);
  let backstage: BackstageServer;
  let proxy: Awaited<ReturnType<typeof faultyProxy>>;
  let dir: string;
  const clients: LspClient[] = [];

  before(async function () {
    this.timeout(10 * 60_000);
    dir = await mkdtemp(path.join(tmpdir(), 'greenroom-docs-search-'));
    await writeFile(path.join(dir, 'catalog-info.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n');
    backstage = await startBackstage({ catalogFiles: [path.join(PUBLISHED, 'catalog-info.yaml')], expectedEntities: 1 });
    proxy = await faultyProxy(backstage.baseUrl);
  });
  afterEach(async () => {
    proxy?.reset();
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  after(async () => {
    await proxy?.close();
    await backstage?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A server on the workspace reading Backstage at `baseUrl`; the client hands out the token for that origin only. */
  async function serve(baseUrl: string): Promise<LspClient> {
    const client = new LspClient();
    clients.push(client);
    client.tokens.set(new URL(baseUrl).origin, backstage.token);
    await client.initialize(dir, {}, { backstage: { baseUrl, refreshIntervalMinutes: 0 }, storagePath: path.join(dir, `storage-${clients.length}`), firstRetryMs: 60_000 });
    await client.waitFor(() => client.backstage[0]?.state === 'ready', 'the Backstage catalog');
    return client;
  }
  const search = (client: LspClient, query: string, limit = 20) => client.request<BackstageDocsSearchHit[]>('greenroom/backstageDocsSearch', { query, limit });

  /** Backstage's index is filled by its collator a moment after start: ask until it answers. */
  async function searchUntilFound(client: LspClient, query: string): Promise<BackstageDocsSearchHit[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const hits = await search(client, query);
      if (hits.length > 0 || Date.now() > deadline) return hits;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  it("finds a word only the published site has through Backstage's search, and opens its page at the section", async () => {
    const client = await serve(backstage.baseUrl);
    assert.deepEqual(await client.request<DocsSearchHit[]>('greenroom/docsSearch', { query: 'credit' }), [], 'no local docs have the word');

    const hits = await searchUntilFound(client, 'credit');
    assert.ok(hits.length > 0, "Backstage's search found the published page");
    for (const hit of hits) {
      assert.equal(hit.ref, REF);
      assert.equal(hit.publishedBy, backstage.baseUrl);
      assert.equal(hit.page, 'index.html');
    }
    const section = hits.find((hit) => hit.anchor === 'invoices');
    assert.ok(section, `the Invoices section is among ${JSON.stringify(hits)}`);
    assert.equal(section.title, 'Invoices');
    assert.equal(section.location, '/docs/default/component/invoicing/#invoices');
    assert.match(section.text, /Credit notes are invoices with a negative total\./);

    // A page below the site's root, and its section, as the viewer names them.
    const guide = await search(client, 'locally');
    assert.ok(
      guide.some((hit) => hit.page === 'guide/getting-started/index.html' && hit.anchor === 'run-it-locally' && hit.title === 'Run it locally'),
      JSON.stringify(guide),
    );
    const opened = await client.request<DocsPageResult>('greenroom/docsPage', { ref: REF, page: 'guide/getting-started/index.html' });
    assert.ok(opened.ok && opened.headings.some((heading) => heading.id === 'run-it-locally'), 'the page opens with the heading the hit names');

    assert.deepEqual(await search(client, '   '), [], 'an empty query asks nothing');
    assert.deepEqual(new Set(client.tokenRequests), new Set([new URL(backstage.baseUrl).origin]), "the token was asked for Backstage's origin only");
  });

  it('reads a hostile answer as untrusted: strings only, capped, and only pages of the entity’s own docs', async () => {
    const client = await serve(proxy.url);
    const huge = 'x'.repeat(512 * 1024);
    const result = (document: Record<string, unknown>) => ({ type: 'techdocs', document: { kind: 'Component', namespace: 'default', name: 'invoicing', ...document } });
    proxy.answer(
      '/api/search/query',
      JSON.stringify({
        results: [
          result({ title: huge, text: `line one\n\u0007\u202eline two ${huge}`, location: '/docs/default/component/invoicing/guide/getting-started/#run-it-locally' }),
          result({ title: { html: '<script>' }, text: 42, location: '/docs/default/component/invoicing/' }),
          result({ title: 'another entity', location: '/docs/default/component/payments/' }),
          result({ title: 'climbs out', location: '/docs/default/component/invoicing/../../../../api/catalog/entities' }),
          result({ title: 'encoded climb', location: '/docs/default/component/invoicing/%2e%2e/secret' }),
          result({ title: 'another origin', location: 'https://tracker.example/docs/default/component/invoicing/' }),
          result({ title: 'not in the catalog', name: 'payments', location: '/docs/default/component/payments/' }),
          result({ title: 'a strange anchor', location: '/docs/default/component/invoicing/guide/hostile/#"><img src=x>' }),
          { type: 'software-catalog', document: { title: 'not docs', location: '/catalog/default/component/invoicing' } },
          ...Array.from({ length: 500 }, (_, i) => result({ title: `page ${i}`, location: `/docs/default/component/invoicing/page-${i}/` })),
        ],
      }),
    );
    const hits = await search(client, 'anything', 10);
    assert.equal(hits.length, 10, 'no more than asked for');
    const [first, second, third] = hits;
    assert.equal(first.title.length, 200, 'the title is cut');
    assert.ok(first.title.endsWith('…'));
    assert.ok(first.text.length <= 300, 'the text is cut');
    assert.match(first.text, /^line one line two x+…$/, 'on one line, without control or direction characters');
    assert.equal(first.page, 'guide/getting-started/index.html');
    assert.equal(first.anchor, 'run-it-locally');
    assert.deepEqual([second.title, second.text, second.page], ['index.html', '', 'index.html'], 'what is not a string is not shown');
    assert.deepEqual([third.title, third.page, third.anchor], ['a strange anchor', 'guide/hostile/index.html', undefined], 'the page opens at its top');
    assert.deepEqual(
      hits.slice(3).map((hit) => hit.page),
      Array.from({ length: 7 }, (_, i) => `page-${i}/index.html`),
    );
    for (const hit of hits) assert.equal(hit.ref, REF);

    // An answer past the size cap is refused whole; a slow one is not waited for.
    proxy.answer('/api/search/query', JSON.stringify({ results: [result({ title: 'x'.repeat(3 * 1024 * 1024), location: '/docs/default/component/invoicing/' })] }));
    assert.deepEqual(await search(client, 'anything'), []);
    proxy.reset();
    proxy.setDelay(15_000);
    const started = Date.now();
    assert.deepEqual(await search(client, 'credit'), []);
    assert.ok(Date.now() - started < 6_000, `answered in ${Date.now() - started} ms, without waiting for Backstage`);
  });
});
