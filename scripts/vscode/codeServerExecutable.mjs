#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests
// launches (its vscodeExecutablePath), where no desktop VS Code can be
// downloaded: it takes the arguments runTests passes, runs the extension tests
// in code-server inside headless Chromium, prints the test output and exits
// with the extension host's exit code.
//
// codeServerExecutable.mjs FOLDER --extensionDevelopmentPath=DIR
//   --extensionTestsPath=MODULE [--user-data-dir=DIR] [--extensions-dir=DIR]
//   [--install-extension=VSIX ...]
// --install-extension installs a .vsix before the start (desktop VS Code's CLI
// does that as a separate call). The desktop-only flags runTests always adds
// are accepted and have no effect.
//
// Environment: GREENROOM_VSCODE_RUN_TIMEOUT_MS bounds the whole run (default 5
// minutes); GREENROOM_VSCODE_RESULT_FILE, when set, receives the run as JSON
// ({ exitCode, counts, timings }) for runVsCodeTests.mjs. The rest of the
// environment reaches the extension host.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT, artifactPath } from './artifacts.mjs';
import { startCodeServer } from './codeServer.mjs';
import { openWorkbench, screenshot } from './workbench.mjs';

/** Must match test/vscode/runner/index.ts. */
const LINE_PREFIX = '[vscode-test] ';
const RESULT_PREFIX = 'GREENROOM_VSCODE_RESULT ';

/** Flags runTests passes for the desktop app; code-server has no use for them. */
const DESKTOP_FLAGS = new Set([
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-updates',
  '--skip-welcome',
  '--skip-release-notes',
  '--disable-workspace-trust',
]);
const VALUE_FLAGS = ['--extensionDevelopmentPath', '--extensionTestsPath', '--user-data-dir', '--extensions-dir', '--install-extension'];

/**
 * @typedef {object} Launch
 * @property {string} [folder]
 * @property {string[]} extensionDevelopmentPath
 * @property {string} [extensionTestsPath]
 * @property {string} [userDataDir]
 * @property {string} [extensionsDir]
 * @property {string[]} vsixPaths
 */

/**
 * @param {string[]} argv
 * @returns {Launch}
 */
function parseLaunchArgs(argv) {
  /** @type {Launch} */
  const launch = { extensionDevelopmentPath: [], vsixPaths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (DESKTOP_FLAGS.has(arg)) continue;
    if (!arg.startsWith('--')) {
      if (launch.folder) throw new Error(`one folder only: ${launch.folder}, ${arg}`);
      launch.folder = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (!VALUE_FLAGS.includes(flag)) throw new Error(`unsupported argument: ${arg}`);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (!value) throw new Error(`${flag} needs a value`);
    if (flag === '--extensionDevelopmentPath') launch.extensionDevelopmentPath.push(value);
    else if (flag === '--extensionTestsPath') launch.extensionTestsPath = value;
    else if (flag === '--user-data-dir') launch.userDataDir = value;
    else if (flag === '--extensions-dir') launch.extensionsDir = value;
    else launch.vsixPaths.push(value);
  }
  return launch;
}

/**
 * @typedef {object} RunResult
 * @property {number | null} exitCode the extension host's, null when it never reported one
 * @property {{ passed: number, failed: number, pending: number } | null} counts from the runner's result line
 * @property {Record<string, number>} timings
 */

/**
 * Runs the extension tests in code-server and Chromium.
 * @param {Launch} launch
 * @param {number} timeoutMs
 * @returns {Promise<RunResult>}
 */
async function runInCodeServer(launch, timeoutMs) {
  if (!launch.extensionTestsPath) throw new Error('--extensionTestsPath is required');
  // The workbench URL carries one development extension.
  if (launch.extensionDevelopmentPath.length !== 1) throw new Error('exactly one --extensionDevelopmentPath is supported');
  /** @type {Record<string, number>} */
  const timings = {};
  const server = await startCodeServer({
    workspace: launch.folder ?? REPO_ROOT,
    vsixPaths: launch.vsixPaths,
    extensionDevelopmentPath: launch.extensionDevelopmentPath[0],
    extensionTestsPath: launch.extensionTestsPath,
    userDataDir: launch.userDataDir,
    extensionsDir: launch.extensionsDir,
    logName: 'code-server-tests',
  });
  timings.serverStartMs = server.startMs;
  /** @type {import('./workbench.mjs').Workbench | undefined} */
  let workbench;
  try {
    workbench = await openWorkbench(server, {
      onLog: (_type, message) => {
        if (message.startsWith(LINE_PREFIX)) process.stdout.write(`${message.slice(LINE_PREFIX.length)}\n`);
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
    const artifacts = path.relative(REPO_ROOT, ARTIFACTS_DIR);
    if (!result) {
      process.stdout.write(`VS Code tests did not finish within ${timeoutMs / 1000} s (codeAutomationExit never came); ` +
        `see ${artifacts}/vscode-tests.png and code-server-tests.log\n`);
    } else if (!counts) {
      process.stdout.write(`the extension host exited (code ${result.exitCode}) without a test result; ` +
        `see ${artifacts}/vscode-tests.log and vscode-logs/\n`);
      for (const line of workbench.browserConsole.slice(-10)) process.stdout.write(`  ${line}\n`);
    }
    return { exitCode: result?.exitCode ?? null, counts, timings };
  } finally {
    await workbench?.close();
    await server.stop();
  }
}

/**
 * The runner's own result line, if it printed one.
 * @param {string[]} log
 */
function parseCounts(log) {
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

async function main() {
  const launch = parseLaunchArgs(process.argv.slice(2));
  const timeoutMs = Number(process.env.GREENROOM_VSCODE_RUN_TIMEOUT_MS) || 5 * 60_000;
  const run = await runInCodeServer(launch, timeoutMs);
  const resultFile = process.env.GREENROOM_VSCODE_RESULT_FILE;
  if (resultFile) await writeFile(resultFile, JSON.stringify(run));
  process.exitCode = run.exitCode ?? 1;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
