// Runs Greenroom's tests in real VS Code (code-server 1.139 in headless
// Chromium), with the extension installed from its packaged .vsix:
//  - extension-host level: mocha suites (test/vscode/suite) inside VS Code's
//    extension host, through the runner extension in test/vscode/runner;
//  - UI level (--ui): Playwright tests (test/vscode/ui) that use the workbench
//    as a person does.
//
// node scripts/vscode/runVsCodeTests.mjs [--vsix dist/greenroom.vsix]
//   [--workspace test/fixtures/workspace] [--ui | --all] [--grep TEXT]
//   [--files smoke,catalogTree] [--timeout 300]
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Mocha from 'mocha';
import { ARTIFACTS_DIR, REPO_ROOT, artifactPath } from './artifacts.mjs';
import { RUNNER_EXTENSION_DIR, RUNNER_MODULE, buildSuites } from './buildSuites.mjs';
import { startCodeServer } from './codeServer.mjs';
import { ensureChromium, ensureCodeServer } from './installCache.mjs';
import { UI_ENV, testWorkspace } from './uiSession.mjs';
import { openWorkbench, screenshot } from './workbench.mjs';

/** Must match test/vscode/runner/index.ts. */
const LINE_PREFIX = '[vscode-test] ';
const RESULT_PREFIX = 'GREENROOM_VSCODE_RESULT ';
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
 * @property {(line: string) => void} [print] where test output goes (default: stdout)
 */

/**
 * Extension-host level: builds the suites, starts code-server with the .vsix
 * and the runner extension, and waits for the run to end.
 * @param {RunOptions} options
 * @returns {Promise<Counts & { timings: Record<string, number> }>} counts from the runner's result line;
 *   a run that crashed or timed out counts at least one failure
 */
export async function runExtensionHostTests({
  vsix,
  workspace = testWorkspace(),
  grep,
  files,
  timeoutMs = 5 * 60_000,
  print = (line) => process.stdout.write(`${line}\n`),
}) {
  const t0 = Date.now();
  /** @type {Record<string, number>} */
  const timings = {};
  assertVsix(vsix);
  const { suites } = await buildSuites();
  if (suites.length === 0) throw new Error('no test/vscode/suite/**/*.test.ts files');
  const tCache = Date.now();
  await ensureCodeServer();
  ensureChromium();
  timings.cacheMs = Date.now() - tCache;

  /** @type {Record<string, string>} */
  const env = {};
  if (grep) env.GREENROOM_VSCODE_GREP = grep;
  if (files?.length) env.GREENROOM_VSCODE_FILES = files.join(',');
  const server = await startCodeServer({
    workspace,
    vsixPaths: [vsix],
    extensionDevelopmentPath: RUNNER_EXTENSION_DIR,
    extensionTestsPath: RUNNER_MODULE,
    env,
    logName: 'code-server-tests',
  });
  timings.serverStartMs = server.startMs;
  /** @type {import('./workbench.mjs').Workbench | undefined} */
  let workbench;
  try {
    workbench = await openWorkbench(server, {
      onLog: (_type, message) => {
        if (message.startsWith(LINE_PREFIX)) print(message.slice(LINE_PREFIX.length));
      },
    });
    timings.workbenchReadyMs = workbench.readyMs;

    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    const tTests = Date.now();
    const result = /** @type {import('./workbench.mjs').TestResult | null} */ (
      await Promise.race([workbench.testResult, timedOut])
    );
    clearTimeout(timer);
    timings.testsMs = Date.now() - tTests;
    await screenshot(workbench.page, 'vscode-tests').catch(() => {});

    const log = result?.log ?? [];
    await writeFile(await artifactPath('vscode-tests.log'), log.join('\n') + '\n');
    if (result) await saveVsCodeLogs(result.vscodeLogs);
    const counts = parseCounts(log);
    if (!result) {
      print(`VS Code tests did not finish within ${timeoutMs / 1000} s (codeAutomationExit never came); ` +
        `see ${path.relative(REPO_ROOT, ARTIFACTS_DIR)}/vscode-tests.png and code-server-tests.log`);
      return { ...(counts ?? { passed: 0, pending: 0 }), failed: Math.max(1, counts?.failed ?? 0), timings: done() };
    }
    if (!counts) {
      print(`the extension host exited (code ${result.exitCode}) without a test result; ` +
        `see ${path.relative(REPO_ROOT, ARTIFACTS_DIR)}/vscode-tests.log and vscode-logs/`);
      for (const line of workbench.browserConsole.slice(-10)) print(`  ${line}`);
      return { passed: 0, failed: 1, pending: 0, timings: done() };
    }
    if (result.exitCode !== 0 && counts.failed === 0) counts.failed = 1;
    return { ...counts, timings: done() };
  } finally {
    await workbench?.close();
    await server.stop();
  }

  function done() {
    timings.totalMs = Date.now() - t0;
    return timings;
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

/**
 * The runner's own result line, if it printed one.
 * @param {string[]} log
 * @returns {Counts | null}
 */
export function parseCounts(log) {
  const line = log.findLast((l) => l.startsWith(RESULT_PREFIX));
  if (!line) return null;
  const { passed, failed, pending } = JSON.parse(line.slice(RESULT_PREFIX.length));
  return { passed, failed, pending };
}

/** @param {{ relativePath: string, contents: string }[]} logs */
async function saveVsCodeLogs(logs) {
  const dir = path.join(ARTIFACTS_DIR, 'vscode-logs');
  for (const { relativePath, contents } of logs) {
    const file = path.join(dir, relativePath);
    if (!file.startsWith(dir + path.sep)) continue;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
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
