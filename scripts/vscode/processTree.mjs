// Process helpers of the test tooling. killTree stops a process and everything
// it started: code-server forks a server, extension hosts, a pty host and file
// watchers; killing only the top process would leave those running.
import { execFileSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/**
 * Pids of every descendant of `pid`, read from `ps` (children first found
 * by parent pid, so processes that started their own session are included).
 * @param {number} pid
 * @returns {number[]}
 */
export function descendants(pid) {
  let table;
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const line of table.split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (!p) continue;
    if (!children.has(pp)) children.set(pp, []);
    children.get(pp)?.push(p);
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(/** @type {number} */ (queue.shift())) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** @param {number} pid @param {NodeJS.Signals} signal */
function signal(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * SIGTERM to `pid`, its process group (when it leads one) and all its
 * descendants; SIGKILL to whatever is still alive after `graceMs`.
 * @param {number} pid
 * @param {{ graceMs?: number, group?: boolean }} [options]
 */
export async function killTree(pid, { graceMs = 5000, group = true } = {}) {
  // Snapshot before signalling: once the parent dies its children are
  // re-parented and can no longer be found through it.
  const all = [pid, ...descendants(pid)];
  if (group) signal(-pid, 'SIGTERM');
  for (const p of all) signal(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && all.some(alive)) await new Promise((r) => setTimeout(r, 100));
  const late = [...all, ...all.flatMap(descendants)];
  if (group) signal(-pid, 'SIGKILL');
  for (const p of late) if (alive(p)) signal(p, 'SIGKILL');
}

/** @type {Set<() => void | Promise<void>>} */
const cleanups = new Set();

/**
 * Registers `fn` to run when this process is interrupted (Ctrl+C, SIGTERM),
 * so no code-server or Chromium outlives the script that started it.
 * @param {() => void | Promise<void>} fn
 * @returns {() => void} unregisters it
 */
export function onInterrupt(fn) {
  if (cleanups.size === 0 && !installed) installHandlers();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

let installed = false;
function installHandlers() {
  installed = true;
  for (const sig of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.once(sig, () => {
      process.stderr.write(`\n${sig}: stopping…\n`);
      void Promise.allSettled([...cleanups].map(async (f) => f())).then(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    });
  }
}

/**
 * The environment for an npm run inside another project: without the `npm_*`
 * variables an outer `npm run` exports. Those carry the outer npm's settings
 * and its user agent, which names the outer Node (code-server's postinstall
 * reads its Node version from there and refuses Node 20).
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function nestedNpmEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
  return { ...env, ...extra };
}

/**
 * Runs a command with its output appended to `log`, rejecting on a non-zero
 * exit.
 * @param {string} cmd @param {string[]} args @param {string} cwd
 * @param {NodeJS.ProcessEnv} env @param {string} what
 * @param {import('node:fs').WriteStream} log
 * @returns {Promise<void>}
 */
export function execLogged(cmd, args, cwd, env, what, log) {
  return new Promise((resolve, reject) => {
    log.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    // Own process group: an interrupted install must not leave npm and
    // compilers running on.
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const unregister = onInterrupt(async () => {
      if (child.pid) await killTree(child.pid);
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      unregister();
      if (code === 0) resolve();
      else reject(new Error(`${what} failed (exit ${code ?? signal})`));
    });
  });
}

/** Last `n` lines of a file, or '' when it cannot be read. @param {string} file @param {number} n */
export async function tail(file, n) {
  try {
    return (await readFile(file, 'utf8')).split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}
