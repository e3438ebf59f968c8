// Installs the real Backstage backend that the tests run against (the
// packages pinned in test/backstage/package.json) into a per-user cache
// outside the clone: the install takes minutes, with better-sqlite3 built
// from source, so reruns and fresh clones reuse the cached copy.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheRoot } from '../vscode/installCache.mjs';
import { execLogged, nestedNpmEnv } from '../vscode/processTree.mjs';
import { isInstalled, stagedInstall } from '../vscode/stagedInstall.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The project's own statement of what the test backend is. */
export const BACKEND_MANIFEST = path.join(REPO_ROOT, 'test', 'backstage', 'package.json');

/** The cache folder for the current test/backstage/package.json. */
export async function backendCacheDir() {
  const hash = createHash('sha256').update(await readFile(BACKEND_MANIFEST)).digest('hex').slice(0, 12);
  return path.join(cacheRoot(), `backstage-${hash}`);
}

/**
 * Returns the folder whose node_modules holds the pinned Backstage backend
 * packages, installing them first when the cache does not have them yet.
 * @returns {Promise<string>}
 */
export async function ensureBackstageBackend() {
  const dir = await backendCacheDir();
  if (isInstalled(dir)) return dir;

  process.stderr.write(`installing the Backstage test backend into ${dir} (about 3-4 minutes)…\n`);
  await stagedInstall(dir, { label: 'Backstage test backend', record: { manifest: BACKEND_MANIFEST, node: process.version }, install: installInto });
  return dir;
}

/**
 * @param {string} dir
 * @param {string} logFile receives the npm and compiler output
 */
async function installInto(dir, logFile) {
  await mkdir(dir, { recursive: true });
  // The manifest's allowScripts lets npm 11 run better-sqlite3's install
  // script (its native build); without it the package installs but cannot load.
  await copyFile(BACKEND_MANIFEST, path.join(dir, 'package.json'));
  const log = createWriteStream(logFile);
  await new Promise((resolve) => log.on('open', resolve));
  const env = nestedNpmEnv({ npm_config_build_from_source: 'true' });
  // node-gyp must build against the headers of the Node that will run the
  // backend; use the ones installed next to it instead of downloading them.
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && existsSync(path.join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix;

  process.stderr.write('  npm install (Backstage packages, better-sqlite3 from source)…\n');
  const npmArgs = ['--no-audit', '--no-fund', '--no-update-notifier', '--foreground-scripts', '--omit=dev'];
  await execLogged('npm', ['install', ...npmArgs], dir, env, 'npm install', log);

  // A skipped install script leaves better-sqlite3 looking installed but
  // without its native binding: open a database to be sure.
  const check = "const D = require('better-sqlite3'); new D(':memory:').prepare('select 1').get();";
  try {
    await execLogged(process.execPath, ['-e', check], dir, env, 'better-sqlite3 check', log);
  } catch {
    process.stderr.write('  better-sqlite3 has no native binding yet: npm rebuild better-sqlite3…\n');
    await execLogged('npm', ['rebuild', 'better-sqlite3', ...npmArgs], dir, env, 'npm rebuild better-sqlite3', log);
    await execLogged(process.execPath, ['-e', check], dir, env, 'better-sqlite3 check', log);
  }
  await new Promise((resolve) => log.end(resolve));
}



// `node scripts/backstage/installBackend.mjs` fills the cache ahead of time.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const t0 = Date.now();
  const dir = await ensureBackstageBackend();
  process.stdout.write(`${JSON.stringify({ dir, seconds: (Date.now() - t0) / 1000 })}\n`);
}
