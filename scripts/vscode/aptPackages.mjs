// Debian packages the VS Code test levels need (Chromium, kerberos headers).
// CI may run on a fresh machine, so missing ones are installed here rather
// than assumed.
import { spawnSync } from 'node:child_process';

/**
 * True when dpkg reports the package as installed.
 * @param {string} name
 * @returns {boolean}
 */
export function isAptPackageInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}

/**
 * Installs whichever of `names` are missing, with apt-get (needs root).
 * @param {string[]} names
 */
export function ensureAptPackages(names) {
  const missing = names.filter((n) => !isAptPackageInstalled(n));
  if (missing.length === 0) return;
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`missing Debian packages ${missing.join(', ')}: install them with apt-get (needs root)`);
  }
  process.stderr.write(`installing Debian packages: ${missing.join(' ')}…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], env);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], env);
}

/** @param {string} cmd @param {string[]} args @param {NodeJS.ProcessEnv} env */
function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}
