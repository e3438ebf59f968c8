// test/artifacts/ holds screenshots and logs of the VS Code test levels.
// It ignores itself, so nothing there is committed by accident.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test', 'artifacts');

/**
 * Creates `dir` with a `.gitignore` of `*` inside, so the folder never
 * shows up in git whatever the root .gitignore says.
 * @param {string} dir
 * @returns {Promise<string>} dir
 */
export async function ensureIgnoredDir(dir) {
  await mkdir(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!existsSync(ignore)) await writeFile(ignore, '*\n');
  return dir;
}

/**
 * Absolute path of an artifact file, creating test/artifacts/ as needed.
 * @param {string} fileName
 */
export async function artifactPath(fileName) {
  await ensureIgnoredDir(ARTIFACTS_DIR);
  return path.join(ARTIFACTS_DIR, fileName);
}
