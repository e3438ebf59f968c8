// TechDocs in the editor: the playground's docs opened from the tree, its nav, a relative link, an admonition
// and a Mermaid diagram, the preview following the Markdown as it is typed, light and dark themes; a
// hostile page that runs nothing and requests nothing outside the webview; and a heading found by search.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, chooseFromContextMenu, openByQuickOpen, runCommand, screenshot } from '../../../scripts/vscode/workbench.mjs';

describe('TechDocs in the editor', function () {
  this.timeout(240_000);
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession & { workspace: string } | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {import('node:http').Server} */
  let beacon;
  /** Requests that reached the loopback server the hostile page names. */
  const hits = /** @type {string[]} */ ([]);
  const docs = () => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  before(async () => {
    beacon = createServer((request, response) => {
      hits.push(request.url ?? '');
      response.end('');
    });
    await new Promise((resolve) => beacon.listen(0, '127.0.0.1', () => resolve(undefined)));
    const port = /** @type {import('node:net').AddressInfo} */ (beacon.address()).port;
    // The hostile page joins the playground's site before VS Code opens the workspace.
    const prepare = (/** @type {string} */ workspace) => {
      const playground = path.join(workspace, 'playground');
      const config = readFileSync(path.join(playground, 'mkdocs.yml'), 'utf8').replace('  - Running it: running.md\n', '  - Running it: running.md\n  - Hostile: hostile.md\n');
      writeFileSync(path.join(playground, 'mkdocs.yml'), config);
      writeFileSync(path.join(playground, 'docs', 'hostile.md'), hostilePage(`http://127.0.0.1:${port}`));
    };
    session = await startUiSessionOnCopy({ name: 'greenroom-docs', waitForCatalog: true, prepare });
    page = session.page;
  });
  after(async () => {
    await session?.close();
    beacon?.close();
  });

  it('opens from the tree beside the editor, with the nav, an admonition and a Mermaid diagram', async () => {
    await activityBarItem(page, 'Greenroom').click();
    const components = page.locator('.part.sidebar .monaco-list-row[aria-level="1"]', { hasText: 'Components' }).first();
    await components.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await components.getAttribute('aria-expanded')) !== 'true') await components.click();
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: 'playground service' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await chooseFromContextMenu(page, row, 'Open Docs');
    await docs()
      .locator('article h1', { hasText: 'Playground service' })
      .waitFor({ state: 'visible', timeout: 30_000 })
      .catch(async (error) => {
        const shown = await docs().locator('body').innerText({ timeout: 1000 }).catch(() => '(no docs page)');
        throw new Error(`${error.message}\nThe docs tab shows: ${shown.slice(0, 500)}`);
      });
    assert.match(await page.locator('.tabs-container .tab.active', { hasText: 'Docs:' }).innerText(), /^Docs: Playground service/);
    assert.deepEqual(await docs().locator('.site-nav a').allInnerTexts(), ['Overview', 'Running it', 'Hostile']);
    assert.equal(await docs().locator('.site-nav a.current').innerText(), 'Overview');
    assert.equal(await docs().locator('.admonition.tip .admonition-title').innerText(), 'Try it');
    await docs().locator('figure.diagram svg').waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await docs().locator('figure.diagram svg').textContent()) ?? '', /Browser\s*playground service\s*artists-db/, "the diagram's labels");
    assert.deepEqual(await docs().locator('.toc a').allInnerTexts(), ['How it fits together', 'Next']);
    // Away from the tree, whose hover card would cover the picture.
    await page.locator('.part.statusbar').hover();
    await page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'component:default' }).waitFor({ state: 'hidden' });
    await screenshot(page, 'docs-light');
  });

  it('follows a relative link and the nav, and shows previous and next', async () => {
    await docs().locator('article a', { hasText: 'Running it' }).click();
    await docs().locator('article h1', { hasText: 'Running it' }).waitFor({ state: 'visible' });
    assert.equal(await docs().locator('details summary').innerText(), 'Where do the logs go?');
    // Code in its language's colours: a YAML key is marked as one, in a colour of its own.
    const key = docs().locator('pre code.language-yaml .hljs-attr', { hasText: 'port' });
    await key.waitFor({ state: 'visible' });
    assert.notEqual(await key.evaluate((span) => getComputedStyle(span).color), await key.evaluate((span) => getComputedStyle(span.closest('code')).color));
    assert.deepEqual(await docs().locator('.task-box').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('aria-label'))), ['done', 'to do']);
    assert.equal(await docs().locator('.pager .previous').innerText(), '← Overview');
    await docs().locator('.site-nav a', { hasText: 'Overview' }).click();
    await docs().locator('article h1', { hasText: 'Playground service' }).waitFor({ state: 'visible' });
  });

  it('follows the Markdown as it is typed, before it is saved, and jumps to the source', async () => {
    await docs().locator('.edit-source').click();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await page.locator('.tabs-container .tab.active', { hasText: 'index.md' }).waitFor({ state: 'visible' });
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n## Typed just now\n');
    await docs().locator('article h2', { hasText: 'Typed just now' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.doesNotMatch(readFileSync(path.join(session.workspace, 'playground', 'docs', 'index.md'), 'utf8'), /Typed just now/, 'not saved yet');
  });

  it('follows the dark theme', async () => {
    const background = () => docs().locator('body').evaluate((body) => getComputedStyle(body).backgroundColor);
    const light = await background();
    await runCommand(page, 'Preferences: Color Theme', { asks: true });
    const widget = page.locator('.quick-input-widget');
    await widget.locator('input.input').fill('Dark Modern');
    await widget.locator('.monaco-list-row', { hasText: /^Dark Modern/ }).first().click();
    await docs().locator('body').evaluate(
      (body, before) => new Promise((resolve) => {
        const check = () => (getComputedStyle(body).backgroundColor !== before ? resolve(undefined) : requestAnimationFrame(check));
        check();
      }),
      light,
    );
    // The diagram is drawn again in the dark theme's colours.
    await docs().locator('figure.diagram[data-dark="true"] svg').waitFor({ state: 'visible', timeout: 30_000 });
    await docs().locator('article h1', { hasText: 'Playground service' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'docs-dark');
  });

  it("opens from mkdocs.yml's CodeLens and from the status bar's owner of a docs page", async () => {
    const docsTab = page.locator('.tabs-container .tab', { hasText: 'Docs:' });
    const closeDocs = async () => {
      await docsTab.click();
      await page.keyboard.press('Control+W');
      await docsTab.waitFor({ state: 'detached' });
    };
    await closeDocs();
    await openByQuickOpen(page, 'playground/mkdocs.yml');
    const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Open Docs · playground service' });
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    await lens.click();
    await docs().locator('article h1', { hasText: 'Playground service' }).waitFor({ state: 'visible', timeout: 30_000 });

    await closeDocs();
    await openByQuickOpen(page, 'playground/docs/running.md');
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'playground service' }).click();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: "Open playground service's Docs" }).click();
    await docs().locator('article h1', { hasText: 'Playground service' }).waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('runs nothing and requests nothing outside the webview on a hostile page', async () => {
    await docs().locator('.site-nav a', { hasText: 'Hostile' }).click();
    await docs().locator('article h1', { hasText: 'Hostile page' }).waitFor({ state: 'visible' });
    // A javascript: link, clicked, does not run either.
    await docs().locator('article a', { hasText: 'html link' }).click();
    const ran = await docs().locator('body').evaluate((body) => ({ pwned: body.dataset.pwned ?? null, scripts: body.querySelectorAll('article script, article iframe, article object, article embed').length, handlers: [...body.querySelectorAll('article *')].filter((node) => [...node.attributes].some((attribute) => attribute.name.startsWith('on'))).length }));
    assert.deepEqual(ran, { pwned: null, scripts: 0, handlers: 0 });
    assert.equal(await docs().locator('.blocked-image').count(), 2, 'remote images are named, not loaded');
    // Nothing to wait for when nothing may happen: a second, many times a loopback request's time, for any
    // request that slipped past the policy to arrive.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1000)));
    assert.deepEqual(hits, []);
  });

  it('opens local docs from search, at the heading found', async () => {
    await runCommand(page, 'Greenroom: Search Catalog', { asks: true });
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('input.input[placeholder^="Entities, people"]');
    await input.waitFor({ state: 'visible' });
    await input.pressSequentially('fits togther', { delay: 30 });
    const hit = widget.locator('.monaco-list-row', { hasText: 'How it fits together' }).first();
    await hit.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await hit.innerText(), /How it fits together[\s\S]*Overview · Playground service/, 'the heading, under its page and site');
    await hit.click();
    const heading = docs().locator('article h2', { hasText: 'How it fits together' });
    await heading.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await docs().locator('.site-nav a.current').innerText(), 'Overview');
    const inView = await heading.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    assert.ok(inView, 'the viewer is scrolled to the heading');

    // By the words under a heading, the last one half typed: shown with the words around them.
    await page.locator('.part.sidebar .composite.title .title-label').first().click();
    await runCommand(page, 'Greenroom: Search Catalog', { asks: true });
    await input.waitFor({ state: 'visible' });
    await input.pressSequentially('service local', { delay: 30 });
    const byWords = widget.locator('.monaco-list-row', { hasText: 'start the service locally' }).first();
    await byWords.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await byWords.innerText(), /^Next[\s\S]*Overview · Playground service[\s\S]*Read Running it to start the service locally\./);
    await screenshot(page, 'search-docs-words');
    await byWords.click();
    await docs().locator('article h2', { hasText: 'Next' }).waitFor({ state: 'visible', timeout: 15_000 });
  });
});

/** A docs page trying every way to run code or reach a host: script tags, handlers, javascript: links, remote images, styles and frames. */
function hostilePage(origin) {
  return `# Hostile page

<script>document.body.dataset.pwned = 'script'</script>

<img src="x" onerror="document.body.dataset.pwned = 'onerror'">

<svg><script>document.body.dataset.pwned = 'svg'</script><circle r="4" onload="document.body.dataset.pwned = 'svg-onload'"/></svg>

[click me](javascript:document.body.dataset.pwned='link')

<a href="javascript:document.body.dataset.pwned='html-link'">html link</a>

![beacon](${origin}/markdown-image.png)

<img src="${origin}/html-image.png">

<iframe src="${origin}/frame"></iframe>

<link rel="stylesheet" href="${origin}/style.css">

<style>@import url("${origin}/import.css"); body { background: url("${origin}/background.png"); }</style>

<div style="background-image: url('${origin}/inline.png')">styled</div>

<form action="${origin}/form"><input name="q" value="x"><button>Send</button></form>

<object data="${origin}/object"></object>
`;
}
