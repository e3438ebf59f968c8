// Starts code-server (VS Code 1.139 served to a browser) on 127.0.0.1 with the
// extension under test installed from its packaged .vsix, so tests exercise
// exactly what a user would install.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { artifactPath } from './artifacts.mjs';
import { ensureCodeServer } from './installCache.mjs';
import { killTree, onInterrupt } from './processTree.mjs';

const HOST = '127.0.0.1';

/** User settings every run starts with: no welcome page, trust prompt,
 * telemetry, update checks or AI side panels, and a fixed theme so
 * screenshots are comparable: the one VS Code in a browser paints before it
 * has read any settings, so that the workbench does not change theme once it has. */
export const DEFAULT_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Light Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.openRepositoryInParentFolders': 'never',
});

/**
 * @typedef {object} UrlOptions
 * @property {string} [folder] absolute folder to open (default: the server's workspace)
 * @property {string} [extensionDevelopmentPath] absolute folder of an extension to load in development mode
 * @property {string} [extensionTestsPath] absolute path of the module whose `run()` the extension host calls
 */

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {(options?: string | UrlOptions) => string} url address of the workbench; a string is a folder
 * @property {() => Promise<void>} stop kills code-server and its children, removes temp folders
 * @property {string} workspace
 * @property {string} userDataDir
 * @property {string} extensionsDir
 * @property {string} logFile
 * @property {number} startMs milliseconds from spawn until /healthz answered
 * @property {Promise<number | null>} exited settles with the exit code when code-server ends
 */

/**
 * Starts code-server.
 * @param {object} options
 * @param {string} options.workspace folder code-server opens
 * @param {string[]} [options.vsixPaths] packaged extensions installed before start
 * @param {Record<string, unknown>} [options.settings] merged over DEFAULT_SETTINGS into the user settings.json
 * @param {string} [options.extensionDevelopmentPath] default for url()
 * @param {string} [options.extensionTestsPath] default for url()
 * @param {NodeJS.ProcessEnv} [options.env] extra environment (reaches the extension host)
 * @param {number} [options.port] preferred port; the next free one is used when taken (default: any free port)
 * @param {string} [options.userDataDir] persistent user-data-dir (default: a fresh temp one, removed by stop)
 * @param {string} [options.extensionsDir] persistent extensions-dir (default: a fresh temp one, removed by stop)
 * @param {string} [options.logName] log file name under test/artifacts, without extension
 * @param {boolean} [options.workspaceTrust] keep workspace trust on: the workspace opens in
 *   Restricted Mode, without the prompt (default: off, every workspace trusted)
 * @param {boolean} [options.smokeTestDriver] let the page receive test output through
 *   window.codeAutomationLog/Exit (default: when extensionTestsPath is given). It also hides
 *   notification toasts, so UI tests leave it off.
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer({
  workspace,
  vsixPaths = [],
  settings = {},
  extensionDevelopmentPath,
  extensionTestsPath,
  env = {},
  port: preferredPort,
  userDataDir,
  extensionsDir,
  logName = 'code-server',
  workspaceTrust = false,
  smokeTestDriver = Boolean(extensionTestsPath),
}) {
  const { codeServerEntry, nodeBin } = await ensureCodeServer();
  workspace = path.resolve(workspace);
  if (!existsSync(workspace)) throw new Error(`workspace folder not found: ${workspace}`);

  const tempRoot = await mkdtemp(path.join(tmpdir(), 'greenroom-code-server-'));
  const dirs = {
    userData: userDataDir ? path.resolve(userDataDir) : path.join(tempRoot, 'user-data'),
    extensions: extensionsDir ? path.resolve(extensionsDir) : path.join(tempRoot, 'extensions'),
    // code-server reads and writes config.yaml there; keep the user's out of it.
    xdgConfig: path.join(tempRoot, 'config'),
    // VS Code leaves IPC sockets in the temp folder; this one goes away with stop().
    tmp: path.join(tempRoot, 'tmp'),
  };
  for (const d of Object.values(dirs)) await mkdir(d, { recursive: true });
  const trust = workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  await writeUserSettings(dirs.userData, { ...trust, ...settings });

  const logFile = await artifactPath(`${logName}.log`);
  const log = createWriteStream(logFile);
  const childEnv = cleanEnv({
    ...process.env,
    // An empty gallery: no marketplace queries leave the machine.
    EXTENSIONS_GALLERY: '{}',
    ...env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    TMPDIR: dirs.tmp,
  });
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {Promise<void> | undefined} */
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      unregister();
      if (child?.pid) await killTree(child.pid);
      log.end();
      await rm(tempRoot, { recursive: true, force: true });
    })());
  const unregister = onInterrupt(stop);

  try {
    if (vsixPaths.length) {
      const args = [codeServerEntry, ...common, '--force'];
      for (const v of vsixPaths) {
        const abs = path.resolve(v);
        if (!existsSync(abs)) throw new Error(`.vsix not found: ${abs}`);
        args.push('--install-extension', abs);
      }
      await runLogged(nodeBin, args, childEnv, log, 'code-server --install-extension');
    }

    const port = await freePort(preferredPort);
    const started = Date.now();
    child = spawn(
      nodeBin,
      [
        codeServerEntry,
        ...common,
        '--auth', 'none',
        '--bind-addr', `${HOST}:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
        '--disable-getting-started-override',
        '--ignore-last-opened',
        ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
        workspace,
      ],
      // Own process group, so stop() can signal the whole tree at once.
      { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const running = child;
    /** @type {Promise<number | null>} */
    const exited = new Promise((resolve) => running.once('exit', (code) => resolve(code)));
    await waitForHealth(port, child, logFile);
    const startMs = Date.now() - started;

    /** @param {string | UrlOptions} [options] */
    const url = (options = {}) => {
      const o = typeof options === 'string' ? { folder: options } : options;
      return workbenchUrl(port, {
        folder: o.folder ?? workspace,
        extensionDevelopmentPath: o.extensionDevelopmentPath ?? extensionDevelopmentPath,
        extensionTestsPath: o.extensionTestsPath ?? extensionTestsPath,
      });
    };
    return { port, url, stop, exited, workspace, userDataDir: dirs.userData, extensionsDir: dirs.extensions, logFile, startMs };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Workbench address. Development and test paths travel in `payload` as
 * vscode-remote URIs, because the extension host runs on the server side.
 * @param {number} port @param {UrlOptions} options
 */
export function workbenchUrl(port, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (/** @type {string} */ p) => `vscode-remote://${HOST}:${port}${path.resolve(p)}`;
  /** @type {[string, string][]} */
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = new URLSearchParams();
  if (folder) query.set('folder', path.resolve(folder));
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `http://${HOST}:${port}/?${query}`;
}

/**
 * Writes the user settings.json: DEFAULT_SETTINGS, then what a persistent
 * folder already holds (a person's own changes survive), then `settings`.
 * @param {string} userDataDir @param {Record<string, unknown>} settings
 */
async function writeUserSettings(userDataDir, settings) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  await mkdir(path.dirname(file), { recursive: true });
  let existing = {};
  try {
    existing = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    // fresh folder, or a file with comments we replace
  }
  await writeFile(file, JSON.stringify({ ...DEFAULT_SETTINGS, ...existing, ...settings }, null, 2) + '\n');
}

/**
 * The environment without variables of a VS Code this script may itself run
 * in (they would make code-server talk to that instance).
 * @param {NodeJS.ProcessEnv} env
 */
function cleanEnv(env) {
  const out = { ...env };
  for (const k of Object.keys(out)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete out[k];
  return out;
}

/**
 * A free port on 127.0.0.1: `preferred` or the next free one above it, or
 * any free port when none is preferred.
 * @param {number} [preferred]
 * @returns {Promise<number>}
 */
export async function freePort(preferred) {
  if (!preferred) return listenOnce(0);
  for (let p = preferred; p < preferred + 100; p++) {
    try {
      return await listenOnce(p);
    } catch {
      // taken: try the next
    }
  }
  throw new Error(`no free port in ${preferred}–${preferred + 99}`);
}

/** @param {number} port @returns {Promise<number>} */
function listenOnce(port) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(port, HOST, () => {
      const addr = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(addr.port));
    });
  });
}

/**
 * @param {number} port @param {import('node:child_process').ChildProcess} child
 * @param {string} logFile @param {number} [timeoutMs]
 */
async function waitForHealth(port, child, logFile, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering; see ${logFile}`);
    }
    try {
      const res = await fetch(`http://${HOST}:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * @param {string} cmd @param {string[]} args @param {NodeJS.ProcessEnv} env
 * @param {import('node:fs').WriteStream} log @param {string} what
 * @returns {Promise<void>}
 */
function runLogged(cmd, args, env, log, what) {
  return new Promise((resolve, reject) => {
    log.write(`$ ${what}\n`);
    const c = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout.pipe(log, { end: false });
    c.stderr.pipe(log, { end: false });
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${what} failed (exit ${code}); see ${String(log.path)}`))));
  });
}
