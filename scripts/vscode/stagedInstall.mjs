// Installs into a cache folder the safe way: into a staging folder renamed into
// place at the end, with a marker written last, so an interrupted install never
// looks like a finished one and is cleaned up by the next attempt.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tail } from './processTree.mjs';

const MARKER = 'installed.json';

/** Whether `dir` holds a finished install. @param {string} dir */
export function isInstalled(dir) {
  return existsSync(path.join(dir, MARKER));
}

/**
 * Runs `install(staging, logFile)` and moves its result to `dir`.
 * @param {string} dir
 * @param {{ label: string, record: Record<string, unknown>, install: (staging: string, logFile: string) => Promise<void> }} options
 *   `label` names what is installed in progress lines; `record` goes into the marker.
 */
export async function stagedInstall(dir, { label, record, install }) {
  await mkdir(path.dirname(dir), { recursive: true });
  await removeAbandonedInstalls(dir);
  const staging = `${dir}.partial-${process.pid}`;
  const logFile = `${staging}.log`;
  const started = Date.now();
  try {
    await install(staging, logFile);
    await writeFile(path.join(staging, MARKER), JSON.stringify({ ...record, installedAt: new Date().toISOString() }, null, 2) + '\n');
    if (isInstalled(dir)) {
      // another process finished first and may be using its copy
      await rm(staging, { recursive: true, force: true });
    } else {
      await rm(dir, { recursive: true, force: true });
      await rename(staging, dir);
    }
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    process.stderr.write(`install output: ${logFile}\n${await tail(logFile, 40)}\n`);
    throw err;
  }
  await rm(logFile, { force: true });
  process.stderr.write(`${label} installed in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

/** Deletes staging folders (and their logs) of installs whose process is gone. @param {string} dir */
async function removeAbandonedInstalls(dir) {
  const prefix = `${path.basename(dir)}.partial-`;
  for (const name of await readdir(path.dirname(dir))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (pid === process.pid || !isAlive(pid)) await rm(path.join(path.dirname(dir), name), { recursive: true, force: true });
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
