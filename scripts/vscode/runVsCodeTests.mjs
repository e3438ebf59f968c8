// Runs Greenroom's tests in real VS Code, with the extension installed from its
// packaged .vsix:
//  - extension-host level: mocha suites (test/vscode/suite) inside VS Code's
//    extension host, through the runner extension in test/vscode/runner,
//    launched by @vscode/test-electron's runTests. Its VS Code is
//    codeServerExecutable.mjs (code-server 1.139 in headless Chromium), or with
//    --desktop the desktop VS Code that test-electron downloads;
//  - UI level (--ui): Playwright tests (test/vscode/ui) that use the workbench
//    as a person does.
//
// node scripts/vscode/runVsCodeTests.mjs [--vsix dist/greenroom.vsix]
//   [--workspace test/fixtures/workspace] [--ui | --all | --desktop]
//   [--grep TEXT] [--files smoke,catalogTree] [--timeout 300]
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runTests, runVSCodeCommand } from '@vscode/test-electron';
import Mocha from 'mocha';
import { REPO_ROOT } from './artifacts.mjs';
import { RUNNER_EXTENSION_DIR, RUNNER_MODULE, buildSuites } from './buildSuites.mjs';
import { ensureChromium, ensureCodeServer } from './installCache.mjs';
import { UI_ENV, testWorkspace } from './uiSession.mjs';

/** The VS Code executable runTests launches for the code-server route. */
const CODE_SERVER_EXECUTABLE = fileURLToPath(new URL('./codeServerExecutable.mjs', import.meta.url));
const UI_DIR = path.join(REPO_ROOT, 'test', 'vscode', 'ui');

/**
 * @typedef {object} Counts
 * @property {number} passed
 * @property {number} failed
 * @property {number} [pending]
 */

/**
 * @typedef {object} RunOptions
 * @property {string} vsix packaged extension to install
 * @property {string} [workspace] folder VS Code opens (default: test/fixtures/workspace, else the repo root)
 * @property {string} [grep] only tests whose full title contains this
 * @property {string[]} [files] only suite files whose path contains one of these
 * @property {number} [timeoutMs] whole extension-host run (default 5 minutes)
 */

/**
 * Extension-host level through code-server: builds the suites and has
 * runTests launch codeServerExecutable.mjs, which prints the test output and
 * leaves its counts in a result file.
 * @param {RunOptions} options
 * @returns {Promise<Counts & { timings: Record<string, number> }>} counts from the runner's result line;
 *   a run that crashed or timed out counts at least one failure
 */
export async function runExtensionHostTests({ vsix, workspace = testWorkspace(), grep, files, timeoutMs = 5 * 60_000 }) {
  const t0 = Date.now();
  /** @type {Record<string, number>} */
  const timings = {};
  assertVsix(vsix);
  await buildTestSuites();
  const tCache = Date.now();
  await ensureCodeServer();
  ensureChromium();
  timings.cacheMs = Date.now() - tCache;

  const temp = await mkdtemp(path.join(tmpdir(), 'greenroom-vscode-test-'));
  const resultFile = path.join(temp, 'result.json');
  try {
    const failure = await launch({
      vscodeExecutablePath: CODE_SERVER_EXECUTABLE,
      launchArgs: [...profileArgs(workspace, temp), `--install-extension=${vsix}`],
      env: { ...testEnv(grep, files), GREENROOM_VSCODE_RUN_TIMEOUT_MS: String(timeoutMs), GREENROOM_VSCODE_RESULT_FILE: resultFile },
    });
    /** @type {{ exitCode: number | null, counts: Required<Counts> | null, timings: Record<string, number> } | null} */
    const run = existsSync(resultFile) ? JSON.parse(await readFile(resultFile, 'utf8')) : null;
    if (!run) {
      process.stdout.write(`the code-server route ended without a result (${failure ?? 'no error'}); see test/artifacts/code-server-tests.log\n`);
      return { passed: 0, failed: 1, pending: 0, timings: done() };
    }
    Object.assign(timings, run.timings);
    const counts = run.counts ?? { passed: 0, failed: 0, pending: 0 };
    if (run.exitCode !== 0 || !run.counts) counts.failed = Math.max(1, counts.failed);
    return { ...counts, timings: done() };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }

  function done() {
    timings.totalMs = Date.now() - t0;
    return timings;
  }
}

/**
 * Extension-host level in the desktop VS Code that test-electron downloads
 * (stable, cached in .vscode-test/): the .vsix goes in with VS Code's CLI, as
 * test-electron documents, then runTests runs the same suites. Needs internet
 * and a display.
 * @param {RunOptions} options
 * @returns {Promise<boolean>} whether every test passed
 */
export async function runDesktopTests({ vsix, workspace = testWorkspace(), grep, files }) {
  assertVsix(vsix);
  await buildTestSuites();
  const temp = await mkdtemp(path.join(tmpdir(), 'greenroom-vscode-test-'));
  try {
    const profile = profileArgs(workspace, temp);
    // Profile folders are given explicitly, so the machine's own stay untouched.
    await runVSCodeCommand(['--install-extension', vsix, ...profile.slice(1)], { reuseMachineInstall: true });
    const failure = await launch({ launchArgs: profile, env: testEnv(grep, files) });
    return failure === undefined;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function buildTestSuites() {
  const { suites } = await buildSuites();
  if (suites.length === 0) throw new Error('no test/vscode/suite/**/*.test.ts files');
}

/**
 * The workspace to open, then fresh user-data and extensions folders.
 * @param {string} workspace @param {string} temp
 */
function profileArgs(workspace, temp) {
  return [workspace, `--user-data-dir=${path.join(temp, 'user-data')}`, `--extensions-dir=${path.join(temp, 'extensions')}`];
}

/**
 * What test/vscode/runner reads to select tests.
 * @param {string} [grep] @param {string[]} [files]
 * @returns {Record<string, string>}
 */
function testEnv(grep, files) {
  /** @type {Record<string, string>} */
  const env = {};
  if (grep) env.GREENROOM_VSCODE_GREP = grep;
  if (files?.length) env.GREENROOM_VSCODE_FILES = files.join(',');
  return env;
}

/**
 * runTests with the runner extension; without vscodeExecutablePath it
 * downloads desktop VS Code.
 * @param {{ vscodeExecutablePath?: string, launchArgs: string[], env: Record<string, string> }} options
 * @returns {Promise<string | undefined>} why the run failed, undefined when it passed
 */
async function launch({ vscodeExecutablePath, launchArgs, env }) {
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: RUNNER_EXTENSION_DIR,
      extensionTestsPath: RUNNER_MODULE,
      launchArgs,
      extensionTestsEnv: env,
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * UI level: runs test/vscode/ui/**\/*.test.mjs with mocha in this process;
 * each test starts its own code-server and browser (see uiSession.mjs).
 * @param {Omit<RunOptions, 'timeoutMs'> & { timeoutMs?: number }} options timeoutMs is per test (default 3 minutes)
 * @returns {Promise<Counts>}
 */
export async function runUiTests({ vsix, workspace = testWorkspace(), grep, files, timeoutMs = 3 * 60_000 }) {
  assertVsix(vsix);
  const tests = existsSync(UI_DIR)
    ? readdirSync(UI_DIR, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.test.mjs'))
        .filter((f) => !files?.length || files.some((o) => f.includes(o)))
        .map((f) => path.join(UI_DIR, f))
        .sort()
    : [];
  if (tests.length === 0) throw new Error(`no UI tests in ${path.relative(REPO_ROOT, UI_DIR)}`);
  await ensureCodeServer();
  ensureChromium();
  process.env[UI_ENV.vsix] = path.resolve(vsix);
  process.env[UI_ENV.workspace] = path.resolve(workspace);
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: timeoutMs, grep });
  for (const t of tests) mocha.addFile(t);
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      const s = runner.stats;
      resolve({ passed: s?.passes ?? 0, failed: s?.failures ?? 0, pending: s?.pending ?? 0 });
    });
  });
}

/**
 * Both levels, counts summed.
 * @param {RunOptions} options
 * @returns {Promise<Counts>}
 */
export async function runAllVsCodeTests(options) {
  const host = await runExtensionHostTests(options);
  const ui = await runUiTests({ ...options, timeoutMs: undefined });
  return {
    passed: host.passed + ui.passed,
    failed: host.failed + ui.failed,
    pending: (host.pending ?? 0) + (ui.pending ?? 0),
  };
}

/** @param {string} vsix */
function assertVsix(vsix) {
  if (!existsSync(vsix)) throw new Error(`${vsix} not found: build it with npm run package`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string', default: path.join('dist', 'greenroom.vsix') },
      workspace: { type: 'string' },
      ui: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      desktop: { type: 'boolean', default: false },
      grep: { type: 'string' },
      files: { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const options = {
    vsix: path.resolve(values.vsix),
    workspace: values.workspace ? path.resolve(values.workspace) : testWorkspace(),
    grep: values.grep,
    files: values.files?.split(',').filter(Boolean),
  };
  const started = Date.now();
  /** @type {Counts} */
  let counts;
  if (values.desktop) {
    const passed = await runDesktopTests(options);
    process.stdout.write(`desktop VS Code: ${passed ? 'every test passed' : 'tests failed'}\n`);
    process.exitCode = passed ? 0 : 1;
    return;
  }
  if (values.ui) {
    counts = await runUiTests(options);
  } else {
    const host = await runExtensionHostTests({
      ...options,
      timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined,
    });
    const t = host.timings;
    process.stderr.write(
      `timings: cache ${t.cacheMs} ms, code-server start ${t.serverStartMs} ms, workbench ready ${t.workbenchReadyMs} ms, ` +
        `tests ${t.testsMs} ms, extension-host level ${t.totalMs} ms\n`,
    );
    counts = host;
    if (values.all) {
      const ui = await runUiTests(options);
      process.stdout.write(`extension host: ${host.passed} passed, ${host.failed} failed\n`);
      process.stdout.write(`ui: ${ui.passed} passed, ${ui.failed} failed\n`);
      counts = { passed: host.passed + ui.passed, failed: host.failed + ui.failed };
    }
  }
  process.stderr.write(`VS Code tests took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`vscode: ${counts.passed} passed, ${counts.failed} failed\n`);
  process.exitCode = counts.failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.stdout.write('vscode: 0 passed, 1 failed\n');
    process.exitCode = 1;
  });
}
