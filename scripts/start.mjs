// npm start: builds the extension, installs its .vsix into code-server (VS Code
// in the browser) and serves it on 127.0.0.1 until Ctrl+C, so anyone can try
// Greenroom without a desktop VS Code. `npm start -- --no-build` reuses the
// last dist/greenroom.vsix.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PORT = Number(process.env.GREENROOM_PORT) || 8080;
const VSIX = path.join(REPO_ROOT, 'dist', 'greenroom.vsix');

/** @param {string[]} args */
function npm(args) {
  process.stderr.write(`npm ${args.join(' ')}…\n`);
  const r = spawnSync('npm', args, { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    process.stderr.write(`npm ${args.join(' ')} failed\n`);
    process.exit(r.status ?? 1);
  }
}

if (!existsSync(path.join(REPO_ROOT, 'node_modules'))) npm(['install']);
if (!process.argv.includes('--no-build') || !existsSync(VSIX)) npm(['run', 'package']);
// Imported only now: on a fresh clone the packages they use arrive with the install above.
const { startCodeServer } = await import('./vscode/codeServer.mjs');
const { cacheRoot, ensureCodeServer } = await import('./vscode/installCache.mjs');
const { onInterrupt } = await import('./vscode/processTree.mjs');
await ensureCodeServer();

// Unlike the tests, keep settings, open editors, extensions and the workspace between runs. The
// workspace is a copy of the example, made once, so that trying things out never edits the repository.
const home = path.join(cacheRoot(), 'start');
const workspace = path.join(home, 'acme-catalog');
if (!existsSync(workspace)) cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
// A template that runs entirely on this machine, to try Greenroom: Create from Template… with.
const template = path.join(workspace, 'templates', 'node-service');
if (!existsSync(template)) cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'templates', 'greenroom-node-service'), template, { recursive: true });
const server = await startCodeServer({
  workspace,
  vsixPaths: [VSIX],
  port: PORT,
  userDataDir: path.join(home, 'user-data'),
  extensionsDir: path.join(home, 'extensions'),
  logName: 'code-server-start',
});
process.stdout.write(
  `\nGreenroom is running in VS Code (code-server) on ${server.workspace}\n` +
    `  open ${server.url()}\n` +
    `  log  ${path.relative(process.cwd(), server.logFile)}\n` +
    `  stop with Ctrl+C\n\n`,
);
let interrupted = false;
onInterrupt(() => {
  interrupted = true;
});
const code = await server.exited;
// After Ctrl+C the interrupt handler finishes the cleanup and exits.
if (!interrupted) {
  process.stderr.write(`code-server exited (${code}); see ${server.logFile}\n`);
  await server.stop();
  process.exitCode = 1;
}
