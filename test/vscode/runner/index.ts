// Test module VS Code loads in its extension host (extensionTestsPath): runs
// the compiled suites with mocha and reports through console.log, which the
// smoke-test driver forwards to the page's codeAutomationLog.
import * as fs from 'node:fs';
import { findSourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
// CommonJS mocha, left external by the bundler and resolved from the repo's
// node_modules at run time.
import Mocha from 'mocha';

/** Starts every report line, so the harness can tell them from the workbench's own log. */
export const LINE_PREFIX = '[vscode-test] ';
/** Starts the one line the harness parses for the counts. */
export const RESULT_PREFIX = 'GREENROOM_VSCODE_RESULT ';

function report(text: string): void {
  for (const line of text.split('\n')) console.log(LINE_PREFIX + line);
}

interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

/** The runner is also this folder's extension `main`; it has nothing to activate. */
export function activate(): void {}
export function deactivate(): void {}

/**
 * Called by VS Code. Calls `done(null, failures)` so that the extension host
 * exits non-zero when a test failed, and also resolves with the failures.
 */
export async function run(_testsRoot?: string, done?: (error: unknown, failures?: number) => void): Promise<number> {
  try {
    const failures = await runSuites();
    done?.(null, failures);
    return failures;
  } catch (error) {
    report(`test runner failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    done?.(error);
    throw error;
  }
}

async function runSuites(): Promise<number> {
  // Suites are bundled with inline source maps: stack traces then name the .ts lines.
  process.setSourceMapsEnabled(true);
  const suiteDir = process.env.GREENROOM_VSCODE_SUITES ?? path.resolve(__dirname, '..', 'suite');
  const files = findTestFiles(suiteDir);
  if (files.length === 0) throw new Error(`no *.test.js files in ${suiteDir}`);

  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: ConsoleLineReporter,
    timeout: Number(process.env.GREENROOM_VSCODE_TIMEOUT ?? 30_000),
    grep: process.env.GREENROOM_VSCODE_GREP,
  });
  for (const f of files) mocha.addFile(f);
  // a synchronous throw (a suite file that fails to load) rejects this promise
  return new Promise((resolve) => mocha.run(resolve));
}

/** Compiled suites, optionally only those whose path contains one of GREENROOM_VSCODE_FILES (comma-separated). */
function findTestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const only = (process.env.GREENROOM_VSCODE_FILES ?? '').split(',').filter(Boolean);
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .map((f) => path.join(dir, f))
    .sort();
}

/**
 * One console line per test, then one machine-readable result line. The
 * extension host's stdout does not reach the page, console does.
 */
class ConsoleLineReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const counts: Counts = { passed: 0, failed: 0, pending: 0 };
    const { EVENT_SUITE_BEGIN, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } =
      Mocha.Runner.constants;
    runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) report(`${'  '.repeat(depth(suite) - 1)}${suite.title}`);
    });
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      counts.passed++;
      report(`${indent(test)}✔ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      counts.pending++;
      report(`${indent(test)}- ${test.title} (pending)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
      counts.failed++;
      report(`${indent(test)}✘ ${test.title}`);
      report(mapStack(err.stack ?? err.message).replace(/^/gm, `${indent(test)}  `));
    });
    runner.once(EVENT_RUN_END, () => {
      report(`${counts.passed} passing, ${counts.failed} failing, ${counts.pending} pending`);
      console.log(RESULT_PREFIX + JSON.stringify(counts));
    });
  }
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Points stack frames of the bundled suites at their TypeScript lines. The
 * extension host formats stacks itself, so Node's own source-map support
 * does not apply; the maps are still loaded (setSourceMapsEnabled) and
 * queried here.
 */
function mapStack(stack: string): string {
  return stack.replace(/([^\s(]+\.js):(\d+):(\d+)/g, (frame, file: string, line: string, column: string) => {
    const abs = path.isAbsolute(file) ? file : path.resolve(repoRoot, file);
    const entry = findSourceMap(abs)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return frame;
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : path.resolve(path.dirname(abs), entry.originalSource);
    return `${path.relative(repoRoot, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function depth(suite: Mocha.Suite): number {
  let d = 0;
  for (let s: Mocha.Suite | undefined = suite; s && !s.root; s = s.parent) d++;
  return d;
}

function indent(test: Mocha.Test): string {
  return '  '.repeat(test.parent ? depth(test.parent) : 0);
}
