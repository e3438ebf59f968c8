// Opens code-server's workbench in Debian's headless Chromium through
// playwright-core, the way a person would see it, and collects what an
// extension test run reports through the smoke-test driver hooks.
import { chromium } from 'playwright-core';
import { artifactPath } from './artifacts.mjs';
import { ensureChromium } from './installCache.mjs';
import { onInterrupt } from './processTree.mjs';

/** Flags that keep Chromium quiet, offline and runnable as root in a container. */
export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Only loopback names resolve: the page can reach code-server and nothing else.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
]);

/**
 * @typedef {object} TestResult
 * @property {number} exitCode extension host's exit code (0 when the test module succeeded)
 * @property {string[]} log every message the workbench sent to codeAutomationLog
 * @property {{ relativePath: string, contents: string }[]} vscodeLogs VS Code's own log files at exit
 */

/**
 * @typedef {object} Workbench
 * @property {import('playwright-core').Page} page
 * @property {import('playwright-core').Browser} browser
 * @property {Promise<TestResult>} testResult settles when the extension host exits (test runs only)
 * @property {string[]} browserConsole the page's console errors and uncaught exceptions
 * @property {number} readyMs milliseconds from navigation until the workbench was visible
 * @property {() => Promise<void>} close
 */

/**
 * Launches Chromium, opens the workbench of `server` and waits until it is
 * visible.
 * @param {Pick<import('./codeServer.mjs').CodeServer, 'url'>} server
 * @param {object} [options]
 * @param {string} [options.workspace] folder to open (default: the server's)
 * @param {string} [options.extensionDevelopmentPath]
 * @param {string} [options.extensionTestsPath]
 * @param {{ width: number, height: number }} [options.viewport]
 * @param {(type: string, message: string) => void} [options.onLog] called for each codeAutomationLog message
 * @param {number} [options.readyTimeoutMs]
 * @returns {Promise<Workbench>}
 */
export async function openWorkbench(server, {
  workspace,
  extensionDevelopmentPath,
  extensionTestsPath,
  viewport = { width: 1280, height: 800 },
  onLog,
  readyTimeoutMs = 90_000,
} = {}) {
  // launch() gives every browser a fresh temporary profile and deletes it on close.
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  const unregister = onInterrupt(() => browser.close());
  const close = async () => {
    unregister();
    await browser.close();
  };
  try {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();

    /** @type {string[]} */
    const log = [];
    /** @type {string[]} */
    const browserConsole = [];
    page.on('console', (m) => {
      if (m.type() === 'error') browserConsole.push(`console.error: ${m.text()}`);
    });
    page.on('pageerror', (e) => browserConsole.push(`pageerror: ${e.message}`));

    /** @type {(r: TestResult) => void} */
    let resolveResult = () => {};
    /** @type {Promise<TestResult>} */
    const testResult = new Promise((resolve) => (resolveResult = resolve));
    // Must exist before the workbench script runs: it looks these up on window.
    await page.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {unknown} */ args) => {
      // args are the parts of one log message
      const parts = Array.isArray(args) ? args : [args];
      const message = parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      log.push(message);
      onLog?.(type, message);
    });
    await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code, /** @type {any} */ logs) => {
      resolveResult({ exitCode: code, log, vscodeLogs: Array.isArray(logs) ? logs : [] });
    });

    const url = server.url({ folder: workspace, extensionDevelopmentPath, extensionTestsPath });
    const started = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: readyTimeoutMs });
    const readyMs = Date.now() - started;

    return {
      page,
      browser,
      testResult,
      browserConsole,
      readyMs,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Runs a command by its palette title ("Greenroom: Refresh Catalog"), as a
 * person would: F1, type, pick the exact entry.
 * @param {import('playwright-core').Page} page
 * @param {string} title
 * @param {{ timeoutMs?: number, asks?: boolean }} [options] `asks`: the command asks a question of its
 *   own in the quick input, which stays open
 */
export async function runCommand(page, title, { timeoutMs = 15_000, asks = false } = {}) {
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('F1');
  await widget.waitFor({ state: 'visible', timeout: timeoutMs });
  // Once a tree pick (such as chat's Configure Tools) has been shown, the widget holds a hidden input of its own.
  const input = widget.locator('input.input').filter({ visible: true }).first();
  await input.fill(`>${title}`, { timeout: timeoutMs });
  const exact = exactly(title);
  const row = widget
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
  if (!asks) await widget.waitFor({ state: 'hidden', timeout: timeoutMs });
}

/**
 * Opens a vscode:// link with Developer: Open URL, as a link clicked outside VS Code arrives, and
 * answers Open when VS Code asks whether the extension may open it.
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @param {import('playwright-core').Locator} opened what shows once the link is handled
 * @param {string} [allowShot] a screenshot's name for VS Code's question, when it asks
 */
export async function openVsCodeUrl(page, url, opened, allowShot) {
  // The focus out of any webview first, so that F1 reaches the workbench.
  await page.locator('.part.sidebar .composite.title .title-label').first().click();
  await runCommand(page, 'Developer: Open URL', { asks: true });
  await page.locator('.quick-input-widget input.input').fill(url);
  await page.keyboard.press('Enter');
  const allow = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
  // `opened` may be inside a webview's frames, which a composite locator cannot reach: both are polled.
  const deadline = Date.now() + 30_000;
  while (!(await opened.isVisible())) {
    if (await allow.isVisible()) {
      if (allowShot) await screenshot(page, allowShot);
      await allow.click();
    }
    if (Date.now() > deadline) {
      await screenshot(page, 'open-url-failed');
      throw new Error(`${url} opened nothing in 30 s`);
    }
    await page.waitForTimeout(100);
  }
  await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
}

/**
 * Opens a workspace file by Quick Open, as a person would.
 * @param {import('playwright-core').Page} page
 * @param {string} relative the file's path in the workspace, with forward slashes
 */
export async function openByQuickOpen(page, relative) {
  const widget = page.locator('.quick-input-widget');
  const name = relative.slice(relative.lastIndexOf('/') + 1);
  // A quick pick still closing would take the keystrokes meant for Quick Open.
  await widget.waitFor({ state: 'hidden' });
  // Keys typed into a webview page stay there: the side bar's title takes the focus first.
  await page.locator('.part.sidebar .composite.title .title-label').first().click();
  await page.keyboard.press('Control+P');
  await widget.locator('input.input[placeholder^="Search files"]').waitFor({ state: 'visible' });
  // Enter opens the focused row: wait until the list has caught up with what was typed. File search
  // can answer before it has indexed a file; a query typed again asks it again.
  const row = widget.locator('.monaco-list-row.focused', { hasText: name });
  for (let attempt = 0; attempt < 10 && !(await row.isVisible()); attempt++) {
    await widget.locator('input.input').fill(attempt % 2 ? `${relative} ` : relative);
    await row.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
  }
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
}

/** A pattern matching `text` whole, and nothing else. */
/** @param {string} text */
function exactly(text) {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Right-clicks `target` and chooses `label` from its context menu. A click can land while the menu is still
 * settling under the pointer, and then the menu stays open; it is clicked again until the menu closes.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} target
 * @param {string} label
 */
export async function chooseFromContextMenu(page, target, label) {
  await target.click({ button: 'right' });
  const choice = page.locator('.context-view .action-label', { hasText: exactly(label) });
  await choice.waitFor({ state: 'visible' });
  for (let attempt = 0; attempt < 3 && (await choice.isVisible()); attempt++) {
    await choice.hover();
    await choice.click();
    await choice.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
  }
}

/**
 * The activity bar entry whose title starts with `title` (VS Code appends
 * a keybinding to some titles).
 * @param {import('playwright-core').Page} page
 * @param {string} title
 */
export function activityBarItem(page, title) {
  return page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${title.replace(/"/g, '\\"')}"]`);
}

/**
 * Texts of the notification toasts on screen.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export function notificationToasts(page) {
  return page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
}

/**
 * Saves a screenshot of the page as test/artifacts/<name>.png.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @returns {Promise<string>} the file written
 */
export async function screenshot(page, name) {
  const file = await artifactPath(`${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
