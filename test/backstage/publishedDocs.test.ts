import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EntityDetails } from '../../src/protocol/catalogProtocol';
import type { DocsPageResult, DocsSiteResult } from '../../src/protocol/docsProtocol';
import { LspClient } from '../server/lspClient';
import { startBackstage, type BackstageServer } from './backstageFixture';

// Docs Backstage publishes, read by the catalog server from the real TechDocs backend (builder external, local
// publisher holding test/fixtures/techdocs/published/site) for an entity the workspace does not have.

const PUBLISHED = path.resolve(__dirname, '../fixtures/techdocs/published');
const SITE = path.join(PUBLISHED, 'site/default/component/invoicing');
const REF = 'component:default/invoicing';

describe('docs Backstage publishes, from a real TechDocs backend', function () {
  this.timeout(2 * 60_000);
  let backstage: BackstageServer;
  let dir: string;
  const clients: LspClient[] = [];

  before(async function () {
    this.timeout(10 * 60_000);
    dir = await mkdtemp(path.join(tmpdir(), 'greenroom-published-docs-'));
    await writeFile(path.join(dir, 'catalog-info.yaml'), 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n');
    backstage = await startBackstage({ catalogFiles: [path.join(PUBLISHED, 'catalog-info.yaml')], expectedEntities: 1 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
  });
  after(async () => {
    await backstage?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A server on the workspace reading the backend; the client hands out `token` for Backstage's origin only. */
  async function serve(token: string, storage = `storage-${clients.length}`): Promise<LspClient> {
    const client = new LspClient();
    clients.push(client);
    client.tokens.set(new URL(backstage.baseUrl).origin, token);
    await client.initialize(dir, {}, { backstage: { baseUrl: backstage.baseUrl, refreshIntervalMinutes: 0 }, storagePath: path.join(dir, storage), firstRetryMs: 60_000 });
    await client.waitFor(() => ['ready', 'stale', 'failed'].includes(client.backstage[0]?.state ?? ''), 'the Backstage catalog');
    return client;
  }
  const page = async (client: LspClient, name: string) => {
    const result = await client.request<DocsPageResult>('greenroom/docsPage', { ref: REF, page: name });
    assert.ok(result.ok, `page ${name}: ${result.ok ? '' : result.message}`);
    return result;
  };

  it("opens a Backstage-only entity's published site with its nav, pages, headings and images", async () => {
    const client = await serve(backstage.token);
    const details = await client.request<EntityDetails>('greenroom/entityDetails', { ref: REF });
    assert.deepEqual(details.entity.origins, ['backstage'], 'the workspace does not have it');
    assert.equal(details.entity.hasPublishedDocs, true, 'the tree offers Open Docs');
    assert.ok((await client.request<{ ref: string }[]>('greenroom/docsEntities')).some((entity) => entity.ref === REF), "Open Docs' picker lists it");

    const site = await client.request<DocsSiteResult>('greenroom/docsSite', { ref: REF });
    assert.ok(site.ok && 'publishedBy' in site, site.ok ? 'a published site' : site.message);
    assert.equal(site.siteName, 'Billing Docs');
    assert.equal(site.publishedBy, backstage.baseUrl);
    assert.deepEqual(site.nav, [
      { title: 'Home', page: 'index.html' },
      {
        title: 'Guide',
        children: [
          { title: 'Getting started', page: 'guide/getting-started/index.html' },
          { title: 'Hostile page', page: 'guide/hostile/index.html' },
        ],
      },
    ]);
    assert.deepEqual(site.pages, ['index.html', 'guide/getting-started/index.html', 'guide/hostile/index.html']);

    const home = await page(client, '');
    assert.equal(home.page, 'index.html');
    assert.equal(home.title, 'Home', "the nav's title, as mkdocs gives it");
    assert.deepEqual(
      home.headings.map((heading) => [heading.level, heading.text, heading.id]),
      [
        [1, 'Billing', 'billing'],
        [2, 'Invoices', 'invoices'],
      ],
    );
    assert.match(home.html, /<div class="admonition note">/);
    assert.equal(home.path, undefined, 'no Markdown in the workspace to edit');
    const png = await readFile(path.join(SITE, 'images/flow.png'));
    assert.deepEqual(home.images, { 'images/flow.png': `data:image/png;base64,${png.toString('base64')}` }, "the image comes through the server, from the site's own files");
    assert.deepEqual(home.next, { page: 'guide/getting-started/index.html', title: 'Getting started' });

    const guide = await page(client, 'guide/getting-started/index.html');
    assert.deepEqual(guide.previous, { page: 'index.html', title: 'Home' });
    assert.match(guide.html, /<a href="\.\.\/\.\.\/#invoices">the overview<\/a>/, 'links stay as written, for the viewer to follow inside the site');

    assert.deepEqual(new Set(client.tokenRequests), new Set([new URL(backstage.baseUrl).origin]), "the token was asked for Backstage's origin only");
  });

  it('neutralises a hostile published page and fetches nothing it names', async () => {
    const client = await serve(backstage.token);
    await client.request<DocsSiteResult>('greenroom/docsSite', { ref: REF });
    const hostile = await page(client, 'guide/hostile/index.html');
    assert.match(hostile.html, /The text of a hostile page is shown\./);
    for (const pattern of [/<script/i, /\son\w+=/i, /javascript:/i, /<iframe/i, /\sstyle=/i, /<link/i, /<meta/i]) assert.doesNotMatch(hostile.html, pattern);
    assert.deepEqual(hostile.images, {}, 'a remote image is not fetched: the viewer names it instead');
    assert.deepEqual(
      hostile.headings.map((heading) => heading.id),
      ['hostile-page', 'still-readable'],
    );

    // A page the site does not list is not fetched, wherever its name leads.
    for (const name of ['../../../../etc/passwd', 'guide/secret.html', 'techdocs_metadata.json']) {
      const result = await client.request<DocsPageResult>('greenroom/docsPage', { ref: REF, page: name });
      assert.equal(result.ok, false, name);
    }
  });

  it('says why when Backstage refuses the token', async () => {
    // The catalog cached by a signed-in session still knows the entity; its docs need a token Backstage accepts.
    const first = await serve(backstage.token, 'storage-cached');
    await first.request('greenroom/refreshBackstage', {});
    await first.dispose();
    const client = await serve('not-the-token', 'storage-cached');
    assert.equal(client.backstage[0].state, 'stale', 'the cached catalog is shown');
    const site = await client.request<DocsSiteResult>('greenroom/docsSite', { ref: REF });
    assert.ok(!site.ok);
    assert.match(site.message, /answered 401 .*sign in again/);
  });
});
