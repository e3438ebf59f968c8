import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type { DocsPageResult, DocsSearchHit, DocsSiteResult } from '../../src/protocol/docsProtocol';
import { LspClient } from './lspClient';

// TechDocs over stdio: an entity's docs site and pages as the docs viewer asks for them, and what mkdocs would
// warn about as diagnostics on the right line of mkdocs.yml, the page or the catalog file.

const SITE = path.resolve(__dirname, '../fixtures/techdocs/everything');
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  annotations:
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: production
  owner: team-payments
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
  annotations:
    backstage.io/techdocs-ref: dir:./ledger-docs
spec:
  type: service
  lifecycle: production
  owner: team-payments
`;

describe('TechDocs over stdio', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspClient;

  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'greenroom-docs-'));
    cpSync(SITE, root, { recursive: true });
    writeFileSync(path.join(root, 'catalog-info.yaml'), CATALOG);
    client = new LspClient();
    await client.initialize(root);
  });
  afterEach(async () => {
    await client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  const diagnostics = (file: string, code: string) => (client.diagnostics.get(path.join(root, file)) ?? []).filter((d) => d.code === code);
  function changed(file: string, text: string): Promise<void> {
    writeFileSync(path.join(root, file), text);
    return client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: URI.file(path.join(root, file)).toString(), type: 2 }] });
  }

  it("answers an entity's site with mkdocs' nav, and its pages rendered with previous and next", async () => {
    // Each with the folder its mkdocs.yml is looked for in: the CodeLens on mkdocs.yml matches by it.
    assert.deepEqual(await client.request('greenroom/docsEntities'), [
      { ref: 'component:default/payments', title: 'payments', docsDir: root },
      { ref: 'component:default/ledger', title: 'ledger', docsDir: path.join(root, 'ledger-docs') },
    ]);
    const site = await client.request<DocsSiteResult>('greenroom/docsSite', { ref: 'component:default/payments' });
    assert.ok(site.ok);
    assert.equal(site.siteName, 'Payments platform');
    assert.deepEqual(site.nav.map((item) => item.title), ['Home', 'Getting started', 'Guides', 'API reference', 'Status page']);
    assert.deepEqual(site.nav[2].children?.map((item) => item.title), ['Guides', 'Deploying', 'Tuning']);
    assert.deepEqual(site.pages, ['index.md', 'getting-started.md', 'guides/index.md', 'guides/deploy.md', 'guides/advanced/tuning.md', 'reference/api.md']);

    const home = await client.request<DocsPageResult>('greenroom/docsPage', { ref: 'component:default/payments', page: '' });
    assert.ok(home.ok);
    assert.equal(home.page, 'index.md');
    assert.equal(home.title, 'Home');
    assert.deepEqual(home.next, { page: 'getting-started.md', title: 'Getting started' });
    assert.equal(home.previous, undefined);
    assert.match(home.html, /<div class="admonition warning">\n<p class="admonition-title">Read before deploying<\/p>/);
    assert.match(home.html, /<pre class="mermaid">graph LR/);
    assert.deepEqual(home.headings.filter((h) => h.level === 2).map((h) => h.id).slice(0, 3), ['overview', 'details-and-tabs', 'task-list']);

    // An open page's unsaved text is what is rendered.
    const typed = await client.request<DocsPageResult>('greenroom/docsPage', { ref: 'component:default/payments', page: 'reference/api.md', text: '# API reference\n\n## Webhooks\n' });
    assert.ok(typed.ok);
    assert.deepEqual(typed.headings.map((h) => h.id), ['api-reference', 'webhooks']);
    assert.deepEqual(typed.previous, { page: 'guides/advanced/tuning.md', title: 'Tuning' });

    // A page name is never a path: one outside the docs folder is refused, with or without text.
    for (const page of ['../catalog-info.yaml', '../../etc/passwd', 'missing.md']) {
      const outside = await client.request<DocsPageResult>('greenroom/docsPage', { ref: 'component:default/payments', page, text: '# Injected' });
      assert.deepEqual(outside, { ok: false, message: `The docs folder has no page ${page}.` }, page);
    }

    const none = await client.request<DocsSiteResult>('greenroom/docsSite', { ref: 'component:default/ledger' });
    assert.deepEqual(none, { ok: false, message: 'dir:./ledger-docs names a folder with no mkdocs.yml (ledger-docs); TechDocs cannot build these docs' });
  });

  it("finds docs pages by title and headings by their text, even misspelt, and follows the docs as they change", async () => {
    const search = (query: string) => client.request<DocsSearchHit[]>('greenroom/docsSearch', { query, limit: 5 });
    const [heading] = await search('rolling bak');
    assert.deepEqual(
      { ...heading, score: undefined },
      { ref: 'component:default/payments', siteName: 'Payments platform', page: 'guides/deploy.md', pageTitle: 'Deploying', heading: { text: 'Rolling back', id: 'rolling-back' }, score: undefined },
      'a heading, with the page and site it is on',
    );
    const [page] = await search('Getting started');
    assert.deepEqual([page.page, page.pageTitle, page.heading], ['getting-started.md', 'Getting started', undefined], "a page by its nav title");
    assert.deepEqual(await search('   '), []);

    // By the words of a section, the last one half typed: the section's heading, with the words around them.
    const [byText] = await search('last green bui');
    assert.deepEqual([byText?.page, byText?.heading?.id], ['guides/deploy.md', 'rolling-back']);
    assert.match(byText?.snippet ?? '', /pipeline's last green build/);
    assert.deepEqual(await search('green pipelinex'), [], 'every word must be there');

    await changed('docs/guides/deploy.md', '# Deploying\n\n## Canary releases\n');
    const [added] = await search('canary');
    assert.deepEqual([added?.page, added?.heading?.id], ['guides/deploy.md', 'canary-releases']);
    assert.equal((await search('rolling back')).some((hit) => hit.heading?.id === 'rolling-back'), false, 'a heading removed is no longer found');
  });

  it('reports a techdocs-ref naming no site, a nav entry naming a missing page and a broken link, each on its line', async () => {
    await client.waitFor(() => diagnostics('catalog-info.yaml', 'docs-site-missing').length === 1, 'the missing site on the catalog file');
    const [missing] = diagnostics('catalog-info.yaml', 'docs-site-missing');
    // The second document of the file: found by parsing that document alone, its lines counted from the file's start.
    const line = '    backstage.io/techdocs-ref: dir:./ledger-docs';
    assert.deepEqual(missing.range.start, { line: CATALOG.split('\n').indexOf(line), character: line.indexOf('dir:') });
    assert.equal(missing.severity, 2);
    // Unsaved lines above it, in an editor: the warning follows the text being edited, not the file on disk.
    await client.open(path.join(root, 'catalog-info.yaml'), `# Payments\n# and the ledger\n${CATALOG}`);
    const moved = { line: CATALOG.split('\n').indexOf(line) + 2, character: line.indexOf('dir:') };
    await client.waitFor(() => diagnostics('catalog-info.yaml', 'docs-site-missing')[0]?.range.start.line === moved.line, 'the warning on the unsaved line');
    assert.deepEqual(diagnostics('catalog-info.yaml', 'docs-site-missing')[0].range.start, moved);
    assert.deepEqual(diagnostics('mkdocs.yml', 'docs-missing-page'), [], 'the fixture site is sound');

    const config = readFileSync(path.join(root, 'mkdocs.yml'), 'utf8').replace('  - reference/api.md\n', '  - reference/api.md\n  - Runbook: runbook.md\n');
    await changed('mkdocs.yml', config);
    await client.waitFor(() => diagnostics('mkdocs.yml', 'docs-missing-page').length === 1, 'the missing nav page');
    const [nav] = diagnostics('mkdocs.yml', 'docs-missing-page');
    assert.equal(nav.range.start.line, config.split('\n').indexOf('  - Runbook: runbook.md'));
    assert.match(nav.message, /^The nav names runbook\.md, which is not in the docs folder docs\//);

    const page = '# Deploying\n\nSee the [runbook](../runbook.md#paging) and ![graph](graph.png).\n';
    await changed('docs/guides/deploy.md', page);
    await client.waitFor(() => diagnostics('docs/guides/deploy.md', 'docs-broken-link').length === 2, 'the broken link and image');
    const [link, image] = diagnostics('docs/guides/deploy.md', 'docs-broken-link');
    assert.deepEqual([link.range.start, image.range.start], [
      { line: 2, character: page.split('\n')[2].indexOf('../runbook.md') },
      { line: 2, character: page.split('\n')[2].indexOf('graph.png') },
    ]);
    assert.match(link.message, /^The link \.\.\/runbook\.md#paging names runbook\.md, which is not in the docs folder docs\//);
    assert.match(image.message, /^The image graph\.png names guides\/graph\.png/);

    // Fixed: the page is written, and the problems go.
    await changed('docs/runbook.md', '# Runbook\n\n## Paging\n');
    await changed('docs/guides/deploy.md', '# Deploying\n\nSee the [runbook](../runbook.md#paging).\n');
    await client.waitFor(() => diagnostics('mkdocs.yml', 'docs-missing-page').length === 0 && diagnostics('docs/guides/deploy.md', 'docs-broken-link').length === 0, 'the problems to go');
  });
});
