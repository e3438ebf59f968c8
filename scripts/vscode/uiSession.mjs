// What a Playwright UI test (test/vscode/ui/*.test.mjs) starts with: code-server
// with the packaged extension installed, and the workbench open on the test
// workspace. runVsCodeTests.mjs tells it which .vsix and workspace to use.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './artifacts.mjs';
import { startCodeServer } from './codeServer.mjs';
import { openWorkbench } from './workbench.mjs';

/** Environment variables the UI level reads its inputs from. */
export const UI_ENV = Object.freeze({ vsix: 'GREENROOM_VSIX', workspace: 'GREENROOM_WORKSPACE' });

/** The .vsix under test: $GREENROOM_VSIX or dist/greenroom.vsix. */
export function vsixUnderTest() {
  return path.resolve(process.env[UI_ENV.vsix] ?? path.join(REPO_ROOT, 'dist', 'greenroom.vsix'));
}

/** The workspace tests open: $GREENROOM_WORKSPACE, else test/fixtures/workspace, else the repo root. */
export function testWorkspace() {
  const fromEnv = process.env[UI_ENV.workspace];
  if (fromEnv) return path.resolve(fromEnv);
  const fixture = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
  return existsSync(fixture) ? fixture : REPO_ROOT;
}

/**
 * @typedef {object} UiSession
 * @property {import('./codeServer.mjs').CodeServer} server
 * @property {import('./workbench.mjs').Workbench} workbench
 * @property {import('playwright-core').Page} page
 * @property {() => Promise<void>} close stops the browser and code-server
 */

/**
 * Starts code-server with the extension under test and opens its workbench.
 * @param {object} [options]
 * @param {string} [options.workspace]
 * @param {Record<string, unknown>} [options.settings] user settings for this session
 * @param {{ width: number, height: number }} [options.viewport]
 * @param {string} [options.name] names the code-server log in test/artifacts
 * @param {boolean} [options.workspaceTrust] open the workspace untrusted, in Restricted Mode
 * @param {string[]} [options.otherVsixPaths] more extensions to install next to Greenroom
 * @returns {Promise<UiSession>}
 */
export async function startUiSession({ workspace = testWorkspace(), settings, viewport, name = 'code-server-ui', workspaceTrust = false, otherVsixPaths = [] } = {}) {
  const vsix = vsixUnderTest();
  if (!existsSync(vsix)) throw new Error(`${vsix} not found: build it with npm run package`);
  const server = await startCodeServer({ workspace, vsixPaths: [vsix, ...otherVsixPaths], settings, logName: name, workspaceTrust });
  try {
    const workbench = await openWorkbench(server, { viewport });
    return {
      server,
      workbench,
      page: workbench.page,
      close: async () => {
        await workbench.close();
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/**
 * A UI session on a throw-away copy of the example workspace (in a folder named `acme-catalog`), so a
 * test may edit and add files; `close()` also removes the copy. With `waitForCatalog`, it returns once
 * the Problems count in the status bar shows the example catalog's problems, i.e. the catalog server is up.
 * @param {object} [options]
 * @param {string} [options.name] prefix of the scratch folder
 * @param {boolean} [options.waitForCatalog]
 * @param {boolean} [options.workspaceTrust] open the copy untrusted, in Restricted Mode
 * @param {(workspace: string) => void} [options.prepare] changes the copy before VS Code opens it, so that no
 *   test races the catalog server's reading of its own edits
 * @returns {Promise<UiSession & { workspace: string }>}
 */
export async function startUiSessionOnCopy({ name = 'greenroom-ui', waitForCatalog = false, workspaceTrust = false, prepare } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), `${name}-`));
  const workspace = path.join(scratch, 'acme-catalog');
  cpSync(testWorkspace(), workspace, { recursive: true });
  prepare?.(workspace);
  const session = await startUiSession({ workspace, viewport: { width: 1280, height: 800 }, workspaceTrust }).catch((error) => {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  });
  const close = async () => {
    await session.close();
    rmSync(scratch, { recursive: true, force: true });
  };
  if (waitForCatalog) {
    // 1 error and 3 notes: the example catalog's, published by the catalog server once it has loaded.
    await session.page.locator('.part.statusbar .statusbar-item', { hasText: /^\s*1\s+0\s+3\s*$/ }).first().waitFor({ state: 'visible', timeout: 60_000 }).catch(async (error) => {
      await close();
      throw error;
    });
  }
  return { ...session, workspace, close };
}
