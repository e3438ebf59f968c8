// The README's first command on a fresh machine: a fresh copy of the repository (no node_modules,
// no dist) and an empty Greenroom cache, `npm start` typed as a person types it, the printed URL
// opened in Chromium, the Greenroom view showing the example catalog, then Ctrl+C. Everything that
// command installs (the project's packages, code-server and its Node) is installed here anew.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../scripts/vscode/artifacts.mjs';
import { nestedNpmEnv } from '../../scripts/vscode/processTree.mjs';
import { activityBarItem, openWorkbench, screenshot } from '../../scripts/vscode/workbench.mjs';

const URL_TIMEOUT_MS = 30 * 60_000;
const STOP_TIMEOUT_MS = 60_000;

/** A free loopback port. @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The files a clone has: tracked ones and new ones not ignored, as in the working tree. @param {string} target */
function copyRepository(target) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    cpSync(path.join(REPO_ROOT, file), path.join(target, file), { errorOnExist: false, force: true });
  }
  return files.length;
}

/**
 * Runs the cold start and reports each check as a test.
 * @returns {Promise<{ passed: number, failed: number }>}
 */
export async function runFreshClone() {
  const root = mkdtempSync(path.join(tmpdir(), 'greenroom-fresh-'));
  const clone = path.join(root, 'greenroom');
  const cache = path.join(root, 'cache');
  const counts = { passed: 0, failed: 0 };
  /** @param {string} name @param {boolean} ok @param {string} [detail] */
  const check = (name, ok, detail = '') => {
    counts[ok ? 'passed' : 'failed']++;
    console.log(`  ${ok ? '✔' : '✘'} ${name}${detail ? ` (${detail})` : ''}`);
  };
  const started = Date.now();
  const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const copied = copyRepository(clone);
  const port = await freePort();
  console.log(`  ${copied} files copied to a fresh folder; Greenroom's cache is an empty folder; npm start on port ${port}`);

  // A terminal's environment: none of the variables the outer `npm test` exports.
  const child = spawn('npm', ['start'], {
    cwd: clone,
    env: nestedNpmEnv({ GREENROOM_CACHE: cache, GREENROOM_PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  /** @type {(url: string) => void} */
  let gotUrl = () => {};
  const urlPrinted = new Promise((resolve) => (gotUrl = resolve));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const collect = (/** @type {Buffer} */ chunk) => {
    output += chunk.toString();
    const url = /open (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output)?.[1];
    if (url) gotUrl(url);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const timeout = new Promise((resolve) => setTimeout(() => resolve(undefined), URL_TIMEOUT_MS).unref());
  const url = await Promise.race([urlPrinted, exited.then(() => undefined), timeout]);
  check('npm start installs what is missing and prints the URL', typeof url === 'string', `after ${seconds()}`);
  // The install steps it went through, with their times, for the CI log.
  for (const line of output.split('\n').filter((l) => /installed in|installing|^npm (install|run)/.test(l))) console.log(`    ${line.trim()}`);

  if (typeof url === 'string') {
    /** @type {import('../../scripts/vscode/workbench.mjs').Workbench | undefined} */
    let workbench;
    try {
      workbench = await openWorkbench({ url: () => url });
      const { page } = workbench;
      const item = activityBarItem(page, 'Greenroom');
      await item.waitFor({ state: 'visible', timeout: 60_000 });
      await item.click();
      const row = (/** @type {string} */ label) => page.locator('.part.sidebar .monaco-list-row', { hasText: label }).first();
      await row('Components').waitFor({ state: 'visible', timeout: 60_000 });
      await screenshot(page, 'fresh-clone-npm-start');
      check('the Greenroom view shows the example catalog', true, `after ${seconds()}`);
    } catch (error) {
      if (workbench) await screenshot(workbench.page, 'fresh-clone-npm-start').catch(() => undefined);
      check('the Greenroom view shows the example catalog', false, error instanceof Error ? error.message.split('\n')[0] : String(error));
    } finally {
      await workbench?.close();
    }
  } else {
    console.log(output.split('\n').slice(-40).join('\n'));
    check('the Greenroom view shows the example catalog', false, 'no URL to open');
  }

  // Ctrl+C in a terminal signals the whole foreground process group.
  try {
    if (child.pid) process.kill(-child.pid, 'SIGINT');
  } catch {
    // already gone
  }
  const stopped = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve(undefined), STOP_TIMEOUT_MS).unref())]);
  check('Ctrl+C stops it', stopped !== undefined);
  if (stopped === undefined && child.pid) process.kill(-child.pid, 'SIGKILL');
  const portFree = await new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => (socket.destroy(), resolve(false)));
    socket.on('error', () => resolve(true));
  });
  check('nothing is left listening on its port', portFree === true);
  console.log(`  cold start took ${seconds()} in all`);
  rmSync(root, { recursive: true, force: true });
  return counts;
}
