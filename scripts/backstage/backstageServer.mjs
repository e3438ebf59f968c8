// Starts the real Backstage backend of test/backstage/ on 127.0.0.1 for a
// test: a free port, a fresh config (static external-access token, guest
// auth, the given catalog files as catalog.locations, in-memory SQLite) and
// its log under test/artifacts/. Resolves once the backend is ready and the
// catalog has ingested the locations.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { artifactPath, REPO_ROOT } from '../vscode/artifacts.mjs';
import { killTree, onInterrupt } from '../vscode/processTree.mjs';
import { ensureBackstageBackend } from './installBackend.mjs';

const BACKEND_DIR = path.join(REPO_ROOT, 'test', 'backstage');

/**
 * @typedef {object} BackstageServer
 * @property {string} baseUrl for example http://127.0.0.1:40123 (APIs under /api/<plugin>)
 * @property {string} token static external-access token (send as `Authorization: Bearer <token>`)
 * @property {string} logFile the backend's stdout and stderr
 * @property {number} pid
 * @property {{ readyMs: number, ingestMs: number, entities: number }} timings from spawn to readiness, then to a settled catalog
 * @property {() => number} rssBytes resident memory of the backend process now
 * @property {() => Promise<void>} stop kills the backend's process tree and removes its config
 */

/** @type {Set<BackstageServer>} */
const running = new Set();

/**
 * @param {{
 *   catalogFiles: string[],
 *   token?: string,
 *   port?: number,
 *   expectedEntities?: number,
 *   processingIntervalSeconds?: number,
 *   readyTimeoutMs?: number,
 *   ingestTimeoutMs?: number,
 *   config?: Record<string, unknown>,
 *   locations?: { type: string, target: string }[],
 *   env?: Record<string, string>,
 * }} options catalogFiles are absolute YAML paths registered as `file`
 *   catalog.locations; locations are registered after them as given (for example `url` targets).
 *   env adds environment variables of the backend process. config adds top-level keys other than catalog (for
 *   example integrations). processingIntervalSeconds replaces the template's 3 s
 *   (a benchmark wants a backend that is not re-processing everything). Without expectedEntities, ingestion counts as done when
 *   the entity count is above zero and has not changed for a few seconds.
 * @returns {Promise<BackstageServer>}
 */
export async function startBackstage({ catalogFiles, token, port, expectedEntities, processingIntervalSeconds, readyTimeoutMs = 90_000, ingestTimeoutMs = 60_000, config = {}, locations = [], env = {} }) {
  for (const f of catalogFiles) if (!path.isAbsolute(f)) throw new Error(`catalog file must be absolute: ${f}`);
  const modulesDir = await ensureBackstageBackend();
  token ??= randomBytes(24).toString('hex');
  port ??= await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const configDir = await mkdtemp(path.join(tmpdir(), 'greenroom-backstage-'));
  const locationsConfig = path.join(configDir, 'app-config.locations.yaml');
  // JSON is YAML; this second config adds to the template's.
  const catalog = {
    .../** @type {Record<string, unknown>} */ (config.catalog ?? {}),
    locations: [...catalogFiles.map((target) => ({ type: 'file', target })), ...locations],
    ...(processingIntervalSeconds ? { processingInterval: { seconds: processingIntervalSeconds } } : {}),
  };
  await writeFile(locationsConfig, JSON.stringify({ ...config, catalog }, null, 2));

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const logFile = await artifactPath(`backstage-${stamp}-${port}.log`);
  const out = openSync(logFile, 'a');
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [path.join(BACKEND_DIR, 'index.js'), '--config', path.join(BACKEND_DIR, 'app-config.yaml'), '--config', locationsConfig],
    {
      cwd: modulesDir,
      env: {
        ...process.env,
        NODE_PATH: path.join(modulesDir, 'node_modules'),
        GREENROOM_BACKSTAGE_PORT: String(port),
        GREENROOM_BACKSTAGE_TOKEN: token,
        GREENROOM_BACKSTAGE_TECHDOCS_DIR: path.join(REPO_ROOT, 'test', 'fixtures', 'techdocs', 'published', 'site'),
        ...env,
      },
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  closeSync(out);
  const pid = /** @type {number} */ (child.pid);
  /** @type {string | undefined} */
  let exited;
  child.on('exit', (code, signal) => (exited = `exit ${code ?? signal}`));

  let stopped = false;
  /** @type {BackstageServer} */
  const server = {
    baseUrl,
    token,
    logFile,
    pid,
    timings: { readyMs: 0, ingestMs: 0, entities: 0 },
    rssBytes: () => rssOf(pid),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      running.delete(server);
      unregister();
      if (!exited) await killTree(pid, { graceMs: 5000 });
      await rm(configDir, { recursive: true, force: true });
    },
  };
  running.add(server);
  const unregister = onInterrupt(server.stop);

  try {
    const fail = (/** @type {string} */ what) => new Error(`Backstage backend ${what}; log: ${logFile}\n${tail(logFile, 30)}`);
    await poll(readyTimeoutMs, async () => {
      if (exited) throw fail(`stopped (${exited}) before it was ready`);
      const res = await get(`${baseUrl}/.backstage/health/v1/readiness`);
      return res?.status === 200;
    }).catch((err) => {
      throw err instanceof Error && err.message.startsWith('timed out') ? fail(`not ready after ${readyTimeoutMs} ms`) : err;
    });
    server.timings.readyMs = Date.now() - started;

    const readyAt = Date.now();
    let last = -1;
    let lastChange = Date.now();
    await poll(ingestTimeoutMs, async () => {
      if (exited) throw fail(`stopped (${exited}) while ingesting`);
      const res = await get(`${baseUrl}/api/catalog/entities/by-query?limit=1`, token);
      if (res?.status !== 200) return false;
      // A busy machine can outlast the request's timeout while the body arrives: ask again.
      const body = /** @type {{ totalItems: number } | undefined} */ (await res.json().catch(() => undefined));
      if (!body) return false;
      const count = body.totalItems;
      if (count !== last) {
        last = count;
        lastChange = Date.now();
      }
      server.timings.entities = count;
      if (expectedEntities !== undefined) return count >= expectedEntities;
      return count > 0 && Date.now() - lastChange >= 4000;
    }, 250).catch((err) => {
      throw err instanceof Error && err.message.startsWith('timed out')
        ? fail(`ingested ${last} entities in ${ingestTimeoutMs} ms (expected ${expectedEntities ?? 'a settled count'})`)
        : err;
    });
    // time to ingest excludes the settling wait of the no-expectation case
    server.timings.ingestMs = (expectedEntities !== undefined ? Date.now() : lastChange) - readyAt;
    return server;
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Stops every backend this process started. */
export async function stopAll() {
  await Promise.allSettled([...running].map((s) => s.stop()));
}

// A test run that ends without stop() (a crash, a forgotten after hook) must
// not leave a backend behind; 'exit' allows synchronous work only.
process.on('exit', () => {
  for (const s of running) {
    try {
      process.kill(-s.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** @returns {Promise<number>} a port free on 127.0.0.1 right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/** @param {string} url @param {string} [token] @returns {Promise<Response | undefined>} undefined while nothing listens */
async function get(url, token) {
  try {
    return await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(5000) });
  } catch {
    return undefined;
  }
}

/**
 * Calls `check` until it returns true; rejects with "timed out" after `timeoutMs`.
 * @param {number} timeoutMs @param {() => Promise<boolean>} check @param {number} [everyMs]
 */
async function poll(timeoutMs, check, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** @param {number} pid */
function rssOf(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** @param {string} file @param {number} n */
function tail(file, n) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}
