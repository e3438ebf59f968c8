// Installs code-server (VS Code in a browser) and the Node it needs into a
// per-user cache outside the clone: the install takes minutes, and CI runs in
// a fresh clone on the same machine, so the cache is what makes reruns fast.
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureAptPackages } from './aptPackages.mjs';
import { execLogged, nestedNpmEnv } from './processTree.mjs';
import { isInstalled, stagedInstall } from './stagedInstall.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
/** code-server's postinstall refuses any Node but this major. */
const NODE_MAJOR = '24';
const CHROMIUM = '/usr/bin/chromium';

/** Root of Greenroom's test caches: `$GREENROOM_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/greenroom-test`. */
export function cacheRoot() {
  if (process.env.GREENROOM_CACHE) return path.resolve(process.env.GREENROOM_CACHE);
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'greenroom-test');
}

/** The folder that holds code-server of the pinned version and its Node. */
export function codeServerCacheDir() {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/**
 * Layout inside a cache folder. The npm package `node` fetches the real
 * binary (with headers, needed to build native addons) as a platform
 * package nested below it.
 * @param {string} dir
 */
function layout(dir) {
  const nodeHome = path.join(dir, 'node', 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  return {
    nodeHome,
    nodeBin: path.join(nodeHome, 'bin', 'node'),
    codeServerRoot: path.join(dir, 'app', 'node_modules', 'code-server'),
    codeServerEntry: path.join(dir, 'app', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/**
 * Returns code-server's entry script and the Node 24 binary to run it with,
 * installing both into the cache first when they are not there yet.
 * @returns {Promise<{ codeServerEntry: string, nodeBin: string }>}
 */
export async function ensureCodeServer() {
  const dir = codeServerCacheDir();
  if (isInstalled(dir)) {
    const { codeServerEntry, nodeBin } = layout(dir);
    if (existsSync(codeServerEntry) && existsSync(nodeBin)) return { codeServerEntry, nodeBin };
  }
  // kerberos, one of VS Code's native modules, builds against the krb5 headers.
  ensureAptPackages(['libkrb5-dev', 'pkg-config', 'python3', 'make', 'g++']);

  process.stderr.write(`installing code-server ${CODE_SERVER_VERSION} into cache (about 3 minutes)…\n`);
  await stagedInstall(dir, { label: `code-server ${CODE_SERVER_VERSION}`, record: { codeServer: CODE_SERVER_VERSION }, install: installInto });
  const { codeServerEntry, nodeBin } = layout(dir);
  return { codeServerEntry, nodeBin };
}


/**
 * @param {string} dir
 * @param {string} logFile receives the (very chatty) npm and compiler output
 */
async function installInto(dir, logFile) {
  const { nodeHome, nodeBin, codeServerRoot } = layout(dir);
  const log = createWriteStream(logFile);
  await new Promise((resolve) => log.on('open', resolve));
  /** @type {(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, what: string) => Promise<void>} */
  const exec = (cmd, args, cwd, env, what) => execLogged(cmd, args, cwd, env, what, log);
  /** @type {(args: string[], cwd: string, env: NodeJS.ProcessEnv) => Promise<void>} */
  const npm = (args, cwd, env) =>
    exec('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier', '--foreground-scripts'], cwd, env, `npm ${args.join(' ')}`);

  // npm 11 gates dependencies' install scripts by an allowScripts policy;
  // both packages need theirs (node fetches its binary, code-server builds
  // VS Code's native modules, whose own package.json allows their scripts).
  await mkdir(path.join(dir, 'node'), { recursive: true });
  await writeManifest(path.join(dir, 'node'), { node: true });
  process.stderr.write(`  node@${NODE_MAJOR}…\n`);
  await npm(['install', `node@${NODE_MAJOR}`], path.join(dir, 'node'), nestedNpmEnv());
  if (!existsSync(nodeBin)) throw new Error(`npm install node@${NODE_MAJOR} did not produce ${nodeBin}`);

  await mkdir(path.join(dir, 'app'), { recursive: true });
  await writeManifest(path.join(dir, 'app'), { 'code-server': true, argon2: true });
  // npm must itself run on Node 24 (the postinstall reads the version from
  // npm's user agent), and node-gyp must build against Node 24's headers,
  // not the machine Node's that a user npmrc may point nodedir at.
  const env = nestedNpmEnv({
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeHome,
  });
  process.stderr.write(`  code-server@${CODE_SERVER_VERSION} and VS Code's native modules…\n`);
  await npm(['install', `code-server@${CODE_SERVER_VERSION}`], path.join(dir, 'app'), env);

  // A skipped install script leaves code-server looking installed but
  // unable to start: load every native module VS Code's server needs.
  const natives = ['kerberos', '@vscode/spdlog', 'node-pty', '@parcel/watcher', '@vscode/native-watchdog', '@vscode/sqlite3'];
  const check = `for (const m of ${JSON.stringify(natives)}) require(m);`;
  await exec(nodeBin, ['-e', check], path.join(codeServerRoot, 'lib', 'vscode'), env, 'native module check');
  // code-server writes a default config on any start: keep it in the cache.
  const checkEnv = { ...env, XDG_CONFIG_HOME: path.join(dir, 'config-check') };
  await exec(nodeBin, [path.join(codeServerRoot, 'out', 'node', 'entry.js'), '--version'], dir, checkEnv, 'code-server --version');
  await rm(checkEnv.XDG_CONFIG_HOME, { recursive: true, force: true });
  log.end();
}

/**
 * A private package.json whose allowScripts names the packages whose
 * install scripts may run.
 * @param {string} dir @param {Record<string, boolean>} allowScripts
 */
async function writeManifest(dir, allowScripts) {
  const manifest = { name: 'greenroom-test-cache', private: true, allowScripts };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
}

/**
 * Path of Debian's Chromium, installed with apt-get when missing. Test
 * tools must never download a browser of their own.
 * @returns {string}
 */
export function ensureChromium() {
  if (!existsSync(CHROMIUM)) ensureAptPackages(['chromium']);
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
  return CHROMIUM;
}

// `node scripts/vscode/installCache.mjs` fills the cache ahead of time.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t0 = Date.now();
  const result = await ensureCodeServer();
  const chromium = ensureChromium();
  process.stdout.write(`${JSON.stringify({ ...result, chromium, seconds: (Date.now() - t0) / 1000 })}\n`);
}
