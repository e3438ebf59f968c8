// Greenroom for agents in VS Code's own chat: @greenroom answering from Greenroom's tools, and the
// connected Backstage's MCP actions server, which Greenroom offers to VS Code, started by VS Code with
// the stored token, its actions becoming chat tools. No language model is available here: a
// placeholder model (test/vscode/placeholderModel) is installed only because VS Code's chat hands
// every request a model; @greenroom answers without using it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBackstage } from '../../../scripts/backstage/backstageServer.mjs';
import { REPO_ROOT } from '../../../scripts/vscode/artifacts.mjs';
import { startUiSession } from '../../../scripts/vscode/uiSession.mjs';
import { activityBarItem, runCommand, screenshot } from '../../../scripts/vscode/workbench.mjs';

const EXAMPLES = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'backstage');
const PLACEHOLDER_MODEL = path.join(REPO_ROOT, 'test', 'vscode', 'placeholderModel');
/** An MCP server the organisation's catalog describes (the definition is for Backstage's API validator, which has no mcp-server type without the AI model module). */
const CATALOG_MCP_SERVER = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: docs-search-mcp
  title: Docs search MCP
spec:
  type: mcp-server
  lifecycle: experimental
  owner: team-a
  definition: Searches the organisation's docs.
  remotes:
    - type: streamable-http
      url: https://mcp.example.com/docs-search
`;

/**
 * Calls `check` until it returns true, failing with `what` after `timeoutMs`; a check that throws counts as false.
 * @param {() => Promise<boolean>} check @param {number} timeoutMs @param {string} what
 */
async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Packages the placeholder model extension into `dir`. */
function packagePlaceholderModel(dir) {
  const vsix = path.join(dir, 'placeholder-model.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: PLACEHOLDER_MODEL, stdio: 'pipe' });
  return vsix;
}

describe('Greenroom for agents in VS Code\'s chat', function () {
  this.timeout(180_000);
  /** @type {Awaited<ReturnType<typeof startBackstage>> | undefined} */
  let backstage;
  /** @type {import('../../../scripts/vscode/uiSession.mjs').UiSession | undefined} */
  let session;
  /** @type {import('playwright-core').Page} */
  let page;
  let scratch = '';
  let serverLabel = '';
  const widget = () => page.locator('.quick-input-widget');
  const input = () => widget().locator('input.input').filter({ visible: true }).first();
  const chat = () => page.locator('.interactive-session').first();
  const pickRow = (text) => widget().locator('.monaco-list-row', { hasText: text }).first();

  before(async function () {
    this.timeout(10 * 60_000);
    scratch = mkdtempSync(path.join(tmpdir(), 'greenroom-ui-agents-'));
    const placeholderModel = packagePlaceholderModel(scratch);
    const catalogMcpServer = path.join(scratch, 'docs-search-mcp.yaml');
    writeFileSync(catalogMcpServer, CATALOG_MCP_SERVER);
    backstage = await startBackstage({ catalogFiles: [path.join(EXAMPLES, 'all.yaml'), path.join(EXAMPLES, 'acme-corp.yaml'), catalogMcpServer], expectedEntities: 61 });
    serverLabel = `Backstage actions (${new URL(backstage.baseUrl).host})`;
    session = await startUiSession({
      name: 'code-server-agents',
      viewport: { width: 1400, height: 860 },
      // The runs' default turns VS Code's AI features off; this test is about them.
      settings: { 'chat.disableAIFeatures': false },
      otherVsixPaths: [placeholderModel],
    });
    page = session.page;
    // 1 error and 3 notes: the example catalog's, published once the catalog server has loaded.
    await page.locator('.part.statusbar .statusbar-item', { hasText: /^\s*1\s+0\s+3\s*$/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(page, `agents-failed-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}`);
  });

  after(async () => {
    await session?.close();
    await backstage?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  /** Drags the sash left of the chat so that the chat is `width` pixels wide. */
  async function widenChat(width) {
    const sash = page.locator('.monaco-sash.vertical').filter({ visible: true });
    const viewport = page.viewportSize();
    for (const candidate of await sash.all()) {
      const box = await candidate.boundingBox();
      const chatBox = await chat().boundingBox();
      if (!box || !chatBox || !viewport || Math.abs(box.x + box.width / 2 - chatBox.x) > 8) continue;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(viewport.width - width, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      return;
    }
  }

  it('@greenroom /owner answers in the chat from Greenroom\'s who_owns tool, with a link that opens the file defining the entity', async () => {
    await activityBarItem(page, 'Greenroom').click();
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Components' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await runCommand(page, 'Placeholder Model: Use in Chat');
    await widenChat(520);
    const editor = chat().locator('.interactive-input-part .monaco-editor').first();
    await editor.waitFor({ state: 'visible' });
    await editor.click();
    await page.keyboard.type('@greenroom /owner api:petstore');
    await page.keyboard.press('Enter');

    const response = chat().locator('.interactive-item-container.interactive-response').last();
    await response.getByText('owns petstore', { exact: false }).waitFor({ state: 'visible', timeout: 60_000 });
    const answer = await response.innerText();
    assert.match(answer, /Team C \(group:default\/team-c\), team-c@example\.com owns petstore \(api:default\/petstore\)\./);
    assert.match(answer, /api:default\/petstore names its owner in spec\.owner\./);
    // The look-ups show as the chat's steps; opened, they name the tool's invocation message.
    await response.getByText(/Completed \d+ steps?/).click();
    await response.getByText('Looking up who owns api:petstore', { exact: false }).first().waitFor({ state: 'visible', timeout: 15_000 });

    await response.getByText('petstore-api.yaml', { exact: false }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'petstore-api.yaml' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.monaco-editor .view-line', { hasText: 'petstore' }).first().waitFor({ state: 'visible' });
    await screenshot(page, 'chat-greenroom-owner');
  });

  it('connected to Backstage, VS Code lists its MCP actions server and starts it with the stored token: the catalog\'s actions become chat tools', async () => {
    await page.keyboard.press('Escape');
    await runCommand(page, 'Greenroom: Connect to Backstage…', { asks: true });
    await widget().locator('.quick-input-title', { hasText: 'Connect to Backstage (1/2): URL' }).waitFor({ state: 'visible' });
    await input().fill(backstage.baseUrl);
    await page.keyboard.press('Enter');
    await widget().locator('.quick-input-title', { hasText: 'Connect to Backstage (2/2)' }).waitFor({ state: 'visible' });
    await input().fill(backstage.token);
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts .notification-list-item', { hasText: 'Connected to Backstage' }).first().waitFor({ state: 'visible', timeout: 30_000 });

    await runCommand(page, 'MCP: List Servers', { asks: true });
    await pickRow(serverLabel).waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await pickRow(serverLabel).innerText(), /Backstage actions \(Greenroom\)/, 'offered by Greenroom\'s provider');
    assert.equal(await widget().locator('.monaco-list-row', { hasText: 'Docs search MCP' }).count(), 0, 'a catalog MCP server waits until the user enables it');
    await pickRow(serverLabel).click();
    await pickRow('Start Server').click();
    await widget().waitFor({ state: 'hidden' });
    // When the server's tools arrive VS Code may open its log, which closes a pick open at that moment:
    // look again until the list shows it running.
    await until(async () => {
      await runCommand(page, 'MCP: List Servers', { asks: true, timeoutMs: 3000 });
      const running = widget().locator('.monaco-list-row', { hasText: serverLabel }).filter({ hasText: 'Running' });
      const seen = await running.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
      await page.keyboard.press('Escape');
      return seen;
    }, 45_000, `${serverLabel} running`);
    // VS Code opens the server's log when it warns, which may close the palette as it opens: ask again until it runs.
    await until(
      () => runCommand(page, 'View: Hide Panel', { timeoutMs: 3000 }).then(() => true, async () => (await page.keyboard.press('Escape'), false)),
      30_000,
      'the panel hidden',
    );

    // The chat's tool picker: Backstage's actions next to Greenroom's tools.
    await chat().locator('[aria-label^="Configure Tools"]').first().click();
    const backstageTools = pickRow(serverLabel);
    await backstageTools.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(await pickRow('Greenroom').isVisible(), 'Greenroom\'s own tools are listed too');
    await backstageTools.locator('.monaco-tl-twistie, .codicon-chevron-right, .quick-input-tree-twistie').first().click();
    // VS Code replaces the dot of Backstage's namespaced names (catalog.get-catalog-entity) with _.
    await pickRow('catalog_get-catalog-entity').waitFor({ state: 'visible', timeout: 15_000 });
    await pickRow('catalog_query-catalog-entities').waitFor({ state: 'visible' });
    await screenshot(page, 'chat-backstage-mcp-tools');
    await page.keyboard.press('Escape');
  });

  it('offers an MCP server the catalog describes once the user enables it', async () => {
    await runCommand(page, 'Greenroom: Choose Catalog MCP Servers for Agents…', { asks: true });
    const choice = pickRow('Docs search MCP');
    await choice.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await choice.innerText(), /api:default\/docs-search-mcp[\s\S]*https:\/\/mcp\.example\.com\/docs-search/);
    await choice.locator('input[type="checkbox"], .monaco-checkbox, .quick-input-list-checkbox').first().click();
    await widget().getByRole('button', { name: 'OK' }).click();
    await widget().waitFor({ state: 'hidden' });
    await until(async () => {
      await runCommand(page, 'MCP: List Servers', { asks: true, timeoutMs: 3000 });
      const seen = await pickRow('Docs search MCP (catalog)').waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
      const text = seen ? await pickRow('Docs search MCP (catalog)').innerText() : '';
      await page.keyboard.press('Escape');
      return seen && /MCP servers from the catalog \(Greenroom\)/.test(text);
    }, 30_000, 'the catalog MCP server in the list');
  });

  it('signing out of Backstage takes its MCP actions server, and the MCP server its catalog described, off VS Code\'s list', async () => {
    await runCommand(page, 'Greenroom: Sign Out of Backstage');
    await page.locator('.notifications-toasts .notification-list-item', { hasText: 'Signed out of Backstage' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The catalog's reload without a token opens Greenroom's log, which may close a pick open at that moment.
    await until(async () => {
      await runCommand(page, 'MCP: List Servers', { asks: true, timeoutMs: 3000 });
      const listed = await pickRow('Add Server').waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
      // The catalog MCP server was Backstage's entity: it goes with the catalog read with the token.
      const gone = listed && (await widget().locator('.monaco-list-row', { hasText: serverLabel }).count()) === 0 && (await widget().locator('.monaco-list-row', { hasText: 'Docs search MCP' }).count()) === 0;
      await page.keyboard.press('Escape');
      return gone;
    }, 90_000, `${serverLabel} to leave the list`);
  });
});
