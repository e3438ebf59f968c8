// `npm test`: every test level, in order. Static checks are reported on a line of their own; the
// closing line "N passed, N failed" counts tests only, and every test that a failed build, packaging
// step or setup hook kept from running counts as failed, by name.
// GREENROOM_TEST_ONLY (comma-separated: static, unit, package, server, cli, agents, docs, backstage, vscode, fresh)
// runs some levels only.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const only = process.env.GREENROOM_TEST_ONLY?.split(',');
const want = (/** @type {string} */ level) => !only || only.includes(level);
const scratch = mkdtempSync(path.join(tmpdir(), 'greenroom-test-'));

const checks = { passed: 0, /** @type {string[]} */ failed: [] };
const tests = { passed: 0, /** @type {string[]} */ failed: [] };

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ capture?: boolean, quiet?: boolean, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(command, args, { capture = false, quiet = false, env } = {}) {
  return new Promise((resolve) => {
    const piped = capture || quiet;
    const child = spawn(command, args, { stdio: ['ignore', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'], env: { ...process.env, ...env } });
    let output = '';
    for (const stream of piped ? [child.stdout, child.stderr] : []) {
      stream?.on('data', (/** @type {Buffer} */ chunk) => {
        output += chunk.toString();
        if (!quiet) process.stdout.write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A static check: counted on its own line, not as a test. */
async function check(/** @type {string} */ name, /** @type {string} */ command, /** @type {string[]} */ args) {
  console.log(`\n── ${name}`);
  const { code } = await run(command, args);
  if (code === 0) checks.passed++;
  else checks.failed.push(name);
  return code === 0;
}

/** The full titles of the tests in `files`, as mocha's dry run lists them. */
async function listTests(/** @type {string[]} */ files) {
  const output = path.join(scratch, `list-${Math.random().toString(36).slice(2)}.json`);
  await run('npx', ['mocha', '--dry-run', '--reporter', 'json', '--reporter-option', `output=${output}`, ...files], { quiet: true });
  if (!existsSync(output)) return [];
  return /** @type {{ tests: { fullTitle: string }[] }} */ (JSON.parse(readFileSync(output, 'utf8'))).tests.map((test) => test.fullTitle);
}

/** Counts every test of `expected` as failed, because `reason` kept it from running. */
function notRun(/** @type {string} */ level, /** @type {string[]} */ expected, /** @type {string} */ reason) {
  console.log(`\n── ${level}: ${expected.length} tests not run (${reason})`);
  tests.failed.push(...expected.map((title) => `${title} (not run: ${reason})`));
}

/**
 * Runs a mocha level and counts each test by name; a test its setup kept from running counts as
 * failed. With `blockedBy`, nothing runs and every test the level has counts as failed.
 * @param {string} level
 * @param {string[]} files
 * @param {string} [blockedBy]
 */
async function mocha(level, files, blockedBy) {
  const expected = await listTests(files);
  if (blockedBy) return notRun(level, expected, blockedBy);
  console.log(`\n── ${level}`);
  const results = path.join(scratch, `${level.replace(/\W+/g, '-')}.json`);
  const { code } = await run('npx', ['mocha', '--reporter', path.resolve('scripts/namedTestReporter.cjs'), ...files], { env: { GREENROOM_TEST_RESULTS: results } });
  /** @type {{ passed: string[], failed: string[], pending: string[], failedHooks: string[] }} */
  const outcome = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : { passed: [], failed: [], pending: [], failedHooks: [] };
  const seen = new Set([...outcome.passed, ...outcome.failed, ...outcome.pending]);
  const prevented = expected.filter((title) => !seen.has(title));
  tests.passed += outcome.passed.length;
  tests.failed.push(...outcome.failed, ...prevented.map((title) => `${title} (not run: ${outcome.failedHooks[0] ?? `mocha exited with ${code}`} failed)`));
  // A failed hook that kept no test from running (an after hook) is a failure of its own.
  if (prevented.length === 0) tests.failed.push(...outcome.failedHooks);
  if (code !== 0 && outcome.failed.length + prevented.length + outcome.failedHooks.length === 0) tests.failed.push(`${level} (mocha exited with ${code})`);
}

/** The VS Code level's tests: the UI suites by mocha's dry run, the extension host's by their titles in the source (they load only inside VS Code). */
async function vsCodeTests() {
  const ui = await listTests(['test/vscode/ui/**/*.test.mjs']);
  const suite = readdirSync('test/vscode/suite')
    .filter((file) => file.endsWith('.test.ts'))
    .flatMap((file) => [...readFileSync(path.join('test/vscode/suite', file), 'utf8').matchAll(/\bit\(\s*(['"`])(.*?)\1/g)].map((match) => `${file}: ${match[2]}`));
  return [...suite, ...ui];
}

if (!existsSync('node_modules')) await run('npm', ['install', '--no-audit', '--no-fund']);

if (want('static')) {
  await check('typecheck (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', '.']);
  await check('typecheck of the webviews (tsc --noEmit, DOM)', 'npx', ['tsc', '--noEmit', '-p', 'src/webview']);
  await check('typecheck of scripts and UI tests (tsc, checkJs)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.scripts.json']);
  await check('lint, including the layer rule (eslint)', 'npx', ['eslint', '.']);
  await check('every contributed command is registered', 'node', ['scripts/checkCommands.mjs']);
}
let packaged = true;
if (want('package')) {
  // A test of this script breaks packaging on purpose, to see the count stay honest.
  const [command, args] = process.env.GREENROOM_TEST_BREAK_PACKAGING ? ['node', ['-e', 'process.exit(1)']] : ['npm', ['run', '--silent', 'package']];
  packaged = await check('package the .vsix', command, args);
}
const blocked = packaged ? undefined : 'packaging the .vsix failed';

if (want('unit')) await mocha('unit tests (core, sources)', ['test/unit/**/*.test.ts']);
if (want('server')) await mocha('language server over stdio', ['test/server/**/*.test.ts'], blocked);
if (want('cli')) await mocha('command line (greenroom validate)', ['test/cli/**/*.test.ts'], blocked);
if (want('agents')) await mocha('agents (greenroom mcp, driven by the MCP SDK client)', ['test/agents/**/*.test.ts'], blocked);
if (want('docs')) await mocha('TechDocs conformance with real mkdocs', ['test/docs/**/*.test.ts']);
if (want('backstage')) await mocha('real Backstage backend', ['test/backstage/**/*.test.ts'], blocked);
if (want('vscode')) {
  const expected = await vsCodeTests();
  if (blocked) notRun('real VS Code', expected, blocked);
  else {
    console.log('\n── real VS Code (code-server + headless Chromium)');
    const { runAllVsCodeTests } = await import('./vscode/runVsCodeTests.mjs');
    try {
      const counts = await runAllVsCodeTests({ vsix: path.resolve('dist/greenroom.vsix'), workspace: path.resolve('test/fixtures/workspace') });
      tests.passed += counts.passed;
      for (let i = 0; i < counts.failed; i++) tests.failed.push(`real VS Code: failed test ${i + 1} (named above)`);
      const missing = expected.length - counts.passed - counts.failed - (counts.pending ?? 0);
      for (let i = 0; i < missing; i++) tests.failed.push(`real VS Code: test ${i + 1} of ${missing} kept from running (see above)`);
    } catch (error) {
      console.error(error);
      notRun('real VS Code', expected, `the level failed to start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
}

// Last, and on its own: it installs everything anew, and must not slow the levels above.
if (want('fresh')) {
  console.log('\n── fresh clone: npm start from an empty cache, as the README says');
  const { runFreshClone } = await import('../test/coldstart/freshClone.mjs');
  try {
    const counts = await runFreshClone();
    tests.passed += counts.passed;
    for (let i = 0; i < counts.failed; i++) tests.failed.push(`fresh clone: failed check ${i + 1} (named above)`);
  } catch (error) {
    console.error(error);
    tests.failed.push('fresh clone (it could not run)');
  }
}

rmSync(scratch, { recursive: true, force: true });
console.log(`\nStatic checks: ${checks.passed} passed, ${checks.failed.length} failed${checks.failed.length > 0 ? ` (${checks.failed.join('; ')})` : ''}`);
if (tests.failed.length > 0) console.log(`\nFailed tests:\n${tests.failed.map((title) => `  ${title}`).join('\n')}`);
console.log(`\n${tests.passed} passed, ${tests.failed.length} failed`);
process.exit(checks.failed.length + tests.failed.length > 0 ? 1 : 0);
