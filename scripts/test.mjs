// `npm test`: every test level, in order, summed into one closing line "N passed, N failed".
// Static checks count as one test each; a level that cannot run at all counts as one failure.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const results = { passed: 0, failed: 0 };
const failures = [];

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'] });
    let output = '';
    if (capture) {
      for (const stream of [child.stdout, child.stderr]) {
        stream.on('data', (chunk) => {
          output += chunk;
          process.stdout.write(chunk);
        });
      }
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function record(name, passed, failed) {
  results.passed += passed;
  results.failed += failed;
  if (failed > 0) failures.push(name);
}

async function check(name, command, args) {
  console.log(`\n── ${name}`);
  const { code } = await run(command, args);
  record(name, code === 0 ? 1 : 0, code === 0 ? 0 : 1);
  return code === 0;
}

/** Runs mocha and counts its own "N passing / N failing" lines. */
async function mocha(name, args) {
  console.log(`\n── ${name}`);
  const { code, output } = await run('npx', ['mocha', ...args], { capture: true });
  const passed = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
  const failed = Number(/(\d+) failing/.exec(output)?.[1] ?? 0);
  record(name, passed, code !== 0 && failed === 0 ? 1 : failed);
}

if (!existsSync('node_modules')) await run('npm', ['install', '--no-audit', '--no-fund']);

await check('typecheck (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', '.']);
await check('typecheck of the webviews (tsc --noEmit, DOM)', 'npx', ['tsc', '--noEmit', '-p', 'src/webview']);
await check('lint, including the layer rule (eslint)', 'npx', ['eslint', 'src', 'test']);
await check('every contributed command is registered', 'node', ['scripts/checkCommands.mjs']);
const packaged = await check('package the .vsix', 'npm', ['run', '--silent', 'package']);

await mocha('unit tests (core, sources)', ['test/unit/**/*.test.ts']);
if (packaged) {
  await mocha('language server over stdio', ['test/server/**/*.test.ts']);
  await mocha('command line (greenroom validate)', ['test/cli/**/*.test.ts']);
  await mocha('agents (greenroom mcp, driven by the MCP SDK client)', ['test/agents/**/*.test.ts']);
  await mocha('real Backstage backend', ['test/backstage/**/*.test.ts']);
  console.log('\n── real VS Code (code-server + headless Chromium)');
  const { runAllVsCodeTests } = await import('./vscode/runVsCodeTests.mjs');
  try {
    const counts = await runAllVsCodeTests({ vsix: path.resolve('dist/greenroom.vsix'), workspace: path.resolve('test/fixtures/workspace') });
    record('real VS Code', counts.passed, counts.failed);
  } catch (error) {
    console.error(error);
    record('real VS Code', 0, 1);
  }
}

// Last, and on its own: it installs everything anew, and must not slow the levels above.
console.log('\n── fresh clone: npm start from an empty cache, as the README says');
{
  const { runFreshClone } = await import('../test/coldstart/freshClone.mjs');
  try {
    const counts = await runFreshClone();
    record('fresh clone', counts.passed, counts.failed);
  } catch (error) {
    console.error(error);
    record('fresh clone', 0, 1);
  }
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`\n${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed > 0 ? 1 : 0);
