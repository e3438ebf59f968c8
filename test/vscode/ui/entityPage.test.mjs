// The entity page: opened from the command palette, a link on another page, the tree, a hover card;
// one tab per entity; following an edit of its file; back after a window reload; and hostile
// entity text that neither runs script nor reaches outside hosts.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSessionOnCopy } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, chooseFromContextMenu, notificationToasts, openVsCodeUrl, runCommand, screenshot } from '../../../scripts/vscode/workbench.mjs';
import { updateWorkspaceSettings } from './templateWizardPage.mjs';

const HOSTILE = path.join(REPO_ROOT, 'test', 'fixtures', 'hostile-entities', 'catalog-info.yaml');

describe('the entity page', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startUiSessionOnCopy>> | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  /** Calls of hostileScriptRan from any frame: each is a payload that ran. */
  const scriptsRan = /** @type {string[]} */ ([]);
  /** Requests the page made to any host but code-server's and the webviews' own resources. */
  const outsideRequests = /** @type {string[]} */ ([]);
  /** Requests for webview resources: VS Code's service worker answers them from the extension's folder. */
  const webviewResources = /** @type {string[]} */ ([]);

  /** The visible entity page, inside the webview's two iframes. */
  const entityPage = () => page.locator('iframe.webview.ready').filter({ visible: true }).contentFrame().locator('iframe#active-frame').contentFrame();
  const activeTab = () => page.locator('.tabs-container .tab.active');
  const tabsTitled = (title) => page.locator('.tabs-container .tab').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${title}$`) }) });
  const sidebarRow = (label) =>
    page
      .locator('.part.sidebar .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
      .first();
  /** "Title: entry, entry" of each section of the visible page. */
  const sections = () =>
    entityPage()
      .locator('.sections section')
      .evaluateAll((all) => all.map((s) => `${s.querySelector('h2')?.firstChild?.textContent}: ${[...s.querySelectorAll('.entity-link')].map((e) => e.textContent).join(', ') || s.querySelector('.empty')?.textContent}`));

  /** Runs "Greenroom: Open Entity…" and picks the entity titled `title` (or ending so) that `query` finds. */
  async function openEntity(query, title) {
    // Keys typed into a webview page stay there: the side bar's title takes the focus first, once
    // any quick input still closing has gone.
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('input.input').filter({ visible: true });
    const row = widget.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`${title}$`) }) }).first();
    // A file just added joins the catalog a moment later: each new query asks the server again. A page
    // still loading can take the focus, which closes the search: then it is opened again.
    for (let attempt = 0; attempt < 10 && !(await row.isVisible()); attempt++) {
      if (!(await input.isVisible())) {
        await page.locator('.part.sidebar .composite.title .title-label').first().click();
        await runCommand(page, 'Greenroom: Open Entity…', { asks: true });
      }
      await input.fill(attempt % 2 ? `${query} ` : query, { timeout: 3_000 }).catch(() => undefined);
      await row.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    }
    await row.click();
    await activeTab().filter({ hasText: title }).waitFor({ state: 'visible' });
    await entityPage().locator('h1', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Shows the Greenroom view (its activity bar item hides the side bar when the view already shows). */
  async function showGreenroomView() {
    if (!(await sidebarRow('Components').isVisible())) await activityBarItem(page, 'Greenroom').click();
    await sidebarRow('Components').waitFor({ state: 'visible', timeout: 30_000 });
  }

  before(async () => {
    session = await startUiSessionOnCopy({ name: 'greenroom-entity-page', waitForCatalog: true });
    page = session.page;
    await page.exposeFunction('hostileScriptRan', (/** @type {string} */ what) => void scriptsRan.push(what));
    page.on('request', (request) => {
      const { hostname, protocol } = new URL(request.url());
      if (hostname.endsWith('.vscode-resource.vscode-cdn.net')) webviewResources.push(request.url());
      else if (/^(https?|wss?):$/.test(protocol) && hostname !== '127.0.0.1' && hostname !== 'localhost') outsideRequests.push(request.url());
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(page, `entity-page-failed-${this.currentTest.title.slice(0, 24).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await session?.close();
  });

  it("opens a component's page from Open Entity…, with its About and relations", async () => {
    await openEntity('artist-lookup', 'artist-lookup');
    const about = entityPage().locator('.about');
    assert.equal(await entityPage().locator('.ref code').innerText(), 'component:default/artist-lookup');
    assert.deepEqual(await entityPage().locator('.ref .chip').allInnerTexts(), ['Component', 'service', 'experimental']);
    assert.deepEqual(await about.locator('.fact').allInnerTexts(), ['OWNER\nteam-a', 'SYSTEM\nArtist Engagement Portal', 'DOMAIN\nArtists', 'TAGS\njava\ndata']);
    assert.deepEqual(await about.locator('.links button').allInnerTexts(), ['Examples Users', 'Example Group', 'Link with Cloud Icon', 'Dashboard', 'Support', 'Website', 'Alerts']);
    assert.deepEqual(await sections(), [
      'Provided APIs: Provides no APIs',
      'Consumed APIs: Consumes no APIs',
      'Depends on: artists-db',
      'Dependency of: Nothing depends on it',
      'Subcomponents: Has no subcomponents',
    ]);
    assert.deepEqual(await entityPage().getByRole('toolbar', { name: 'Entity actions' }).getByRole('button').allInnerTexts(), ['Go to Definition', 'Copy Ref']);
  });

  it('follows an edit of the catalog file, Markdown and all', async () => {
    const file = path.join(session.workspace, 'backstage', 'components', 'artist-lookup-component.yaml');
    const description = '  description: |\n    Looks up **artists** by name for the portal.\n    Owned by the artists team; see the [runbook](https://example.com/runbook).\n';
    writeFileSync(file, readFileSync(file, 'utf8').replace('  description: Artist Lookup\n', description));
    await entityPage().locator('.about .markdown strong', { hasText: 'artists' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await entityPage().locator('.about .markdown').innerText(), 'Looks up artists by name for the portal. Owned by the artists team; see the runbook.');
    await showGreenroomView();
    await screenshot(page, 'entity-page');
  });

  it('draws the relations graph, filters it, and opens a node by mouse and keyboard', async () => {
    const nodes = () => entityPage().locator('.graph-node');
    const labels = () => nodes().evaluateAll((all) => all.map((node) => node.getAttribute('aria-label')));
    await entityPage().locator('.graph-node.root').waitFor({ state: 'visible', timeout: 30_000 });
    const near = await labels();
    for (const label of ['artist-lookup, Component, this entity', 'team-a, Group', 'Artist Engagement Portal, System', 'artists-db, Resource']) assert.ok(near.includes(label), `${label} in ${near.join(' | ')}`);
    assert.ok((await entityPage().locator('.graph-edge text').evaluateAll((all) => all.map((text) => text.textContent))).includes('owned by'));

    await entityPage().getByLabel('Depth').selectOption('2');
    await entityPage().locator('.graph-node[aria-label="Artists, Domain"]').waitFor({ state: 'visible' });
    assert.ok((await nodes().count()) > near.length, 'depth 2 reaches further');
    await entityPage().getByLabel('Depth').selectOption('1');
    await entityPage().locator('.graph-node[aria-label="Artists, Domain"]').waitFor({ state: 'detached' });

    await entityPage().getByRole('checkbox', { name: 'owned by' }).uncheck();
    await entityPage().locator('.graph-node[aria-label="team-a, Group"]').waitFor({ state: 'detached' });
    await entityPage().getByRole('checkbox', { name: 'owned by' }).check();
    await entityPage().locator('.graph-node[aria-label="team-a, Group"]').waitFor({ state: 'visible' });
    // Which way the graph runs: the owner lies right of the entity, then below it.
    const centre = (label) => entityPage().locator(`.graph-node[aria-label="${label}"] rect`).evaluate((rect) => {
      const box = rect.getBoundingClientRect();
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    });
    const [root, owner] = [await centre('artist-lookup, Component, this entity'), await centre('team-a, Group')];
    assert.ok(owner.x > root.x, 'left to right');
    await entityPage().getByLabel('Direction').selectOption('Top to bottom');
    await entityPage().locator('.graph-canvas').scrollIntoViewIfNeeded();
    const [rootBelow, ownerBelow] = [await centre('artist-lookup, Component, this entity'), await centre('team-a, Group')];
    assert.ok(ownerBelow.y > rootBelow.y, 'top to bottom');
    await screenshot(page, 'entity-page-graph');
    await entityPage().getByLabel('Direction').selectOption('Left to right');

    // The keyboard: from the entity itself, an arrow key moves to a neighbour, Enter opens its page.
    await entityPage().locator('.graph-node.root').focus();
    await page.keyboard.press('ArrowRight');
    const focused = await entityPage().locator('.graph-node:focus').getAttribute('aria-label');
    assert.ok(focused && !focused.endsWith('this entity'), `focus moved to a neighbour: ${focused}`);
    await page.keyboard.press('Enter');
    const title = focused.split(', ')[0];
    await activeTab().filter({ hasText: title }).waitFor({ state: 'visible' });
    await entityPage().locator('h1', { hasText: title }).waitFor({ state: 'visible', timeout: 30_000 });

    // The mouse: a node of that page opens artist-lookup's page again, in its tab.
    await entityPage().locator('.graph-node[aria-label="artist-lookup, Component"]').click();
    await activeTab().filter({ hasText: 'artist-lookup' }).waitFor({ state: 'visible' });
    assert.equal(await tabsTitled('artist-lookup').count(), 1);
  });

  it("opens the owner's page from a link, and shows an open page's tab again", async () => {
    await entityPage().locator('.about').getByRole('button', { name: 'team-a' }).click();
    await activeTab().filter({ hasText: 'team-a' }).waitFor({ state: 'visible' });
    await entityPage().locator('h1', { hasText: 'team-a' }).waitFor({ state: 'visible', timeout: 30_000 });
    const members = await sections();
    assert.match(members[0], /^Members: breanna\.davison, /);
    assert.ok(members.some((line) => line.startsWith('Owns · Components: ') && line.includes('artist-lookup')), members.join('\n'));
    assert.match(await entityPage().locator('.sections li', { hasText: 'breanna.davison' }).first().innerText(), /breanna-davison@example\.com/);
    await screenshot(page, 'entity-page-group');

    // Back leads to the page the link was on, Forward to the group again; Alt+Left goes back from the keyboard.
    await entityPage().getByRole('button', { name: 'Back to artist-lookup' }).click();
    await activeTab().filter({ hasText: 'artist-lookup' }).waitFor({ state: 'visible' });
    await entityPage().locator('h1', { hasText: 'artist-lookup' }).waitFor({ state: 'visible' });
    await entityPage().getByRole('button', { name: 'Forward to team-a' }).click();
    await activeTab().filter({ hasText: 'team-a' }).waitFor({ state: 'visible' });
    await entityPage().locator('h1', { hasText: 'team-a' }).waitFor({ state: 'visible' });
    await entityPage().locator('h1').click();
    await page.keyboard.press('Alt+ArrowLeft');
    await activeTab().filter({ hasText: 'artist-lookup' }).waitFor({ state: 'visible' });

    await openEntity('artist-lookup', 'artist-lookup');
    assert.equal(await tabsTitled('artist-lookup').count(), 1, 'the open page is shown, not a second one');
  });

  it('opens from the catalog tree, whose click still goes to the definition', async () => {
    await showGreenroomView();
    if ((await sidebarRow('Components').getAttribute('aria-expanded')) !== 'true') await sidebarRow('Components').click();
    await chooseFromContextMenu(page, sidebarRow('wayback-search'), 'Open Entity Page');
    await activeTab().filter({ hasText: 'wayback-search' }).waitFor({ state: 'visible' });
    await entityPage().locator('h1', { hasText: 'wayback-search' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual((await sections()).slice(0, 2), ['Provided APIs: wayback-search', 'Consumed APIs: wayback-archive']);

    await entityPage().getByRole('button', { name: 'Go to Definition' }).click();
    await activeTab().filter({ hasText: 'wayback-search-component.yaml' }).waitFor({ state: 'visible' });
  });

  it("opens from a ref's hover card", async () => {
    // The definition just opened: wayback-search's owner ref, `owner: team-a`, on line 9.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input.input').fill(':9:12');
    await page.keyboard.press('Enter');
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Ln 9, Col 12' }).waitFor({ state: 'visible' });
    const hover = page.locator('.monaco-hover').filter({ hasText: 'group:default/team-a' });
    // "Show Hover" (Ctrl+K Ctrl+I); the first press can land before the language client has the document.
    for (let attempt = 0; attempt < 5 && !(await hover.isVisible()); attempt++) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
    }
    await hover.locator('a', { hasText: 'Open Entity Page' }).click();
    await activeTab().filter({ hasText: 'team-a' }).waitFor({ state: 'visible' });
    assert.equal(await tabsTitled('team-a').count(), 1);
  });

  it('comes back after the window reloads', async () => {
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await tabsTitled('artist-lookup').first().click();
    await entityPage().locator('h1', { hasText: 'artist-lookup' }).waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await entityPage().locator('.ref code').innerText(), 'component:default/artist-lookup');
  });

  it("shows an API's operations from its OpenAPI definition, and the definition as written", async () => {
    await openEntity('kind:api petstore', 'petstore');
    assert.equal(await entityPage().locator('.ref code').innerText(), 'api:default/petstore');
    const rows = await entityPage().locator('table.operations tbody tr').evaluateAll((all) => all.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent).join(' | ')));
    assert.deepEqual(rows.slice(0, 3), ['GET | /pets | List all pets | limit (query)', 'POST | /pets | Create a pet | ', 'GET | /pets/{petId} | Info for a specific pet | petId* (path)']);
    await entityPage().getByText('The definition as written').click();
    await entityPage().locator('.definition pre', { hasText: 'openapi: "3.0.0"' }).waitFor({ state: 'visible' });
    await screenshot(page, 'entity-page-api');
  });

  it("shows a GraphQL API's schema highlighted, and an OpenAPI definition's schemas", async () => {
    await entityPage().locator('.schema summary', { hasText: 'Pet' }).first().click();
    assert.deepEqual(await entityPage().getByRole('table', { name: 'Properties of Pet' }).locator('tr').allInnerTexts(), ['id*\tinteger', 'name*\tstring', 'tag\tstring']);
    await openEntity('kind:api starwars', 'starwars-graphql');
    const code = entityPage().locator('.definition pre code.language-graphql');
    await code.waitFor({ state: 'visible' });
    assert.ok((await code.locator('.hljs-keyword').allInnerTexts()).includes('type'), 'GraphQL keywords are marked');
    const keyword = await code.locator('.hljs-keyword').first().evaluate((span) => getComputedStyle(span).color);
    const plain = await code.evaluate((element) => getComputedStyle(element).color);
    assert.notEqual(keyword, plain, 'a keyword has a colour of its own');
    const transform = await entityPage().locator('.graph-canvas > g').getAttribute('transform');
    await entityPage().locator('.graph-node.root').waitFor({ state: 'visible', timeout: 10_000 }).catch((error) => {
      throw new Error(`${error.message}\nthe graph's transform: ${transform}`);
    });
    await screenshot(page, 'entity-page-graphql');
  });

  it("lists a Location's targets with the entities each produced", async () => {
    await openEntity('kind:location example-all', 'example-all');
    const targets = entityPage().locator('.targets .target');
    assert.deepEqual((await targets.locator('h3').allInnerTexts()).slice(0, 2), ['./all-apis.yaml', './all-components.yaml']);
    assert.deepEqual(await targets.first().locator('.entity-link').allInnerTexts(), ['example-apis']);
    await screenshot(page, 'entity-page-location');
    // The Location that file defines: each of its targets produced one API.
    await targets.first().getByRole('button', { name: 'example-apis' }).click();
    await entityPage().locator('h1', { hasText: 'example-apis' }).waitFor({ state: 'visible', timeout: 30_000 });
    const graphql = entityPage().locator('.targets .target', { has: page.locator('h3', { hasText: './apis/swapi-graphql.yaml' }) });
    assert.deepEqual(await graphql.locator('.entity-link').allInnerTexts(), ['starwars-graphql']);
  });

  it('opens from a vscode:// link, as a Backstage entity card writes it', async () => {
    // VS Code asks before an extension opens a link that came from outside.
    await openVsCodeUrl(page, 'vscode://greenroom.greenroom/entity/resource/default/artists-db', activeTab().filter({ hasText: 'artists-db' }), 'entity-link-allow');
    await entityPage().locator('h1', { hasText: 'artists-db' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual((await sections())[0], 'Dependents: artist-lookup');
  });

  it('shows hostile entity text as text: no script runs, nothing is fetched from outside', async () => {
    cpSync(HOSTILE, path.join(session.workspace, 'hostile', 'catalog-info.yaml'));
    updateWorkspaceSettings(session.workspace, { 'greenroom.catalog.include': ['backstage/all.yaml', 'backstage/acme-corp.yaml', 'hostile/catalog-info.yaml'] });
    await openEntity('hostile-html', 'Hostile');
    const markdown = entityPage().locator('.about .markdown');
    assert.deepEqual(await markdown.locator('.image-placeholder').allInnerTexts(), ['[image: tracking pixel]', '[image: svg image]', '[image: linked image]']);
    assert.equal(await markdown.locator('img, script, iframe, svg, style, object, embed').count(), 0, 'no element from the description but text and links');
    // Links to javascript: and data: lose their target; the others are buttons that ask the host.
    assert.deepEqual(await markdown.locator('button.link').allInnerTexts(), ['[image: linked image]', 'https://beacon.example/autolink']);
    assert.match(await markdown.innerText(), /A javascript link and a data link\./);
    assert.equal(await entityPage().locator('h1').innerText(), '<img src="https://beacon.example/title.gif" onerror="hostileScriptRan(\'title\')">Hostile');

    // A tool link the host will not open: it says so, and nothing runs.
    await entityPage().locator('.about .links').getByRole('button', { name: /Run me/ }).click();
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'does not open javascript: links' }).waitFor({ state: 'visible' });
    assert.ok((await notificationToasts(page)).some((text) => text.includes('does not open javascript: links')));

    await openEntity('hostile-api', 'hostile-api');
    assert.match(await entityPage().locator('.definition pre').innerText(), /^<script>hostileScriptRan\('definition'\)<\/script>/);
    // A round trip through the host after both pages rendered: anything they would load was asked for by now.
    await entityPage().getByRole('button', { name: 'Copy Ref' }).click();
    await page.locator('.part.statusbar', { hasText: 'Copied api:default/hostile-api' }).waitFor({ state: 'visible' });
    await screenshot(page, 'entity-page-hostile');
    assert.deepEqual(scriptsRan, [], 'no payload ran');
    assert.deepEqual(outsideRequests, [], 'no request left for an outside host');
    const foreign = webviewResources.filter((url) => !/\/extensions\/greenroom\.greenroom-[^/]+\/(dist|media)\//.test(new URL(url).pathname));
    assert.deepEqual(foreign, [], "the webviews load only the extension's own files");
  });

  it('follows the dark and high-contrast themes', async () => {
    await tabsTitled('artist-lookup').first().click();
    await entityPage().locator('h1', { hasText: 'artist-lookup' }).waitFor({ state: 'visible', timeout: 30_000 });
    /** The page's background and text colours, as the theme's variables give them. */
    const colours = () => entityPage().locator('body').evaluate((body) => [getComputedStyle(body).backgroundColor, getComputedStyle(body).color].join(' on '));
    const light = await colours();
    for (const [theme, name] of [['Default Dark Modern', 'dark'], ['Default High Contrast', 'high-contrast']]) {
      const before = await colours();
      updateWorkspaceSettings(session.workspace, { 'workbench.colorTheme': theme });
      await expectChange(before);
      await screenshot(page, `entity-page-${name}`);
      // Each kind of page in this theme too: a group, an API, a Location.
      // Opened from the palette: which of them have tabs of their own depends on how earlier tests walked the links.
      for (const [query, title] of [['kind:group team-a', 'team-a'], ['kind:api starwars', 'starwars-graphql'], ['kind:location example-all', 'example-all']]) {
        await openEntity(query, title);
        // A page shown again is loaded again: its icons' font too.
        await entityPage().locator('body').evaluate(() => document.fonts.ready.then(() => undefined));
        await entityPage().locator('.graph-node.root').waitFor({ state: 'visible', timeout: 30_000 });
        await screenshot(page, `entity-page-${name}-${title}`);
      }
      await tabsTitled('artist-lookup').first().click();
      await entityPage().locator('h1', { hasText: 'artist-lookup' }).waitFor({ state: 'visible', timeout: 30_000 });
    }
    assert.equal(await colours(), 'rgb(0, 0, 0) on rgb(255, 255, 255)', 'high contrast: white on black');
    assert.notEqual(light, await colours());
  });

  /** Waits until the page's colours are other than `before`: the page has followed the theme. */
  async function expectChange(before) {
    const frame = await (await entityPage().locator('body').elementHandle())?.ownerFrame();
    assert.ok(frame, 'the page has a frame');
    await frame.waitForFunction((was) => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color].join(' on ') !== was, before, { timeout: 30_000 });
  }
});
