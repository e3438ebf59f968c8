// What a Playwright UI test (test/vscode/ui/*.test.mjs) starts with: code-server
// with the packaged extension installed, and the workbench open on the test
// workspace. runVsCodeTests.mjs tells it which .vsix and workspace to use.
import { existsSync } from 'node:fs';
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
 * @returns {Promise<UiSession>}
 */
export async function startUiSession({ workspace = testWorkspace(), settings, viewport, name = 'code-server-ui' } = {}) {
  const vsix = vsixUnderTest();
  if (!existsSync(vsix)) throw new Error(`${vsix} not found: build it with npm run package`);
  const server = await startCodeServer({ workspace, vsixPaths: [vsix], settings, logName: name });
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
