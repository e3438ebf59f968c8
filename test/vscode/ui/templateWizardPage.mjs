// What the template wizard's UI tests share: a template added to the session's workspace, the wizard
// opened from the command palette, the page inside the webview, workspace settings changed as a
// person would change them.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { activityBarItem, runCommand } from '../../../scripts/vscode/workbench.mjs';

/**
 * The wizard's page, inside the webview's two iframes.
 * @param {import('playwright-core').Page} page
 */
export function wizardFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/**
 * Copies a template (its folder, or its one file) to `to` in the workspace and waits until the
 * Greenroom view lists Templates.
 * @param {{ page: import('playwright-core').Page, workspace: string }} session
 * @param {string} from
 * @param {string} to relative to the workspace
 */
export async function addTemplate(session, from, to) {
  cpSync(from, path.join(session.workspace, to), { recursive: true });
  await showTemplates(session.page);
}

/**
 * Opens the Greenroom view and waits until it lists Templates.
 * @param {import('playwright-core').Page} page
 */
export async function showTemplates(page) {
  await activityBarItem(page, 'Greenroom').click();
  await page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^Templates$/ }).waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * Runs "Greenroom: Create from Template…", types `query`, and returns the row of the template titled `title`.
 * @param {import('playwright-core').Page} page
 * @param {string} query
 * @param {string} title
 */
export async function findTemplate(page, query, title) {
  await runCommand(page, 'Greenroom: Create from Template…', { asks: true });
  const widget = page.locator('.quick-input-widget');
  await widget.locator('input.input[placeholder^="Search templates"]').waitFor({ state: 'visible' });
  await widget.locator('input.input').fill(query);
  const row = widget.locator('.monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  return row;
}

/**
 * Opens the wizard of the template `query` finds, titled `title`, and returns its page.
 * @param {import('playwright-core').Page} page
 * @param {string} query
 * @param {string} title
 */
export async function openTemplateWizard(page, query, title) {
  await (await findTemplate(page, query, title)).click();
  return wizardFrame(page);
}

/**
 * Merges `changes` into the workspace's .vscode/settings.json; VS Code applies them as the file changes.
 * @param {string} workspace
 * @param {Record<string, unknown>} changes
 */
export function updateWorkspaceSettings(workspace, changes) {
  const file = path.join(workspace, '.vscode', 'settings.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...changes }, null, 2));
}
