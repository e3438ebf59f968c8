import { randomBytes } from 'node:crypto';
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { TaskFiles } from '../core/scaffolder/taskFiles';

/** Of `files` (relative, `/`-separated), those that exist in `target` already. */
export async function existingFiles(target: string, files: Iterable<string>): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    try {
      await lstat(path.join(target, ...file.split('/')));
      found.push(file);
    } catch {
      // not there
    }
  }
  return found;
}

/**
 * Writes a template's files into `target`, all or nothing: every file is written into a staging folder
 * inside the target first, then moved into place; files it replaces are kept aside, and if a move
 * fails, what was moved is taken back and they are restored. An existing file is replaced only when
 * `overwrite` names it. Executable files are written executable.
 */
export async function writeTemplateOutput(
  target: string,
  files: TaskFiles,
  overwrite: ReadonlySet<string>,
  /** The move; a test makes one fail to see everything taken back. */
  move: (from: string, to: string) => Promise<void> = rename,
): Promise<string[]> {
  const conflicts = (await existingFiles(target, files.keys())).filter((file) => !overwrite.has(file));
  if (conflicts.length > 0) throw new Error(`These files exist in ${target} already: ${conflicts.join(', ')}`);
  if (files.size === 0) return [];
  await refuseBlockedPaths(target, [...files.keys()]);
  await mkdir(target, { recursive: true });
  const staging = path.join(target, `.greenroom-${randomBytes(6).toString('hex')}`);
  const moved: { destination: string; backup?: string }[] = [];
  try {
    for (const [file, contents] of files) {
      const staged = path.join(staging, 'new', ...file.split('/'));
      await mkdir(path.dirname(staged), { recursive: true });
      // Executable files as Backstage's fetch actions leave a skeleton's executables; others by the umask.
      await writeFile(staged, contents, files.executable.has(file) ? { mode: 0o755 } : {});
    }
    for (const file of files.keys()) {
      const destination = path.join(target, ...file.split('/'));
      let backup: string | undefined;
      if (overwrite.has(file) && (await exists(destination))) {
        backup = path.join(staging, 'old', ...file.split('/'));
        await mkdir(path.dirname(backup), { recursive: true });
        await rename(destination, backup);
      }
      moved.push({ destination, backup });
      await mkdir(path.dirname(destination), { recursive: true });
      await move(path.join(staging, 'new', ...file.split('/')), destination);
    }
    return [...files.keys()];
  } catch (error) {
    for (const { destination, backup } of moved.reverse()) {
      await rm(destination, { force: true });
      if (backup) await rename(backup, destination);
    }
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** A file where a folder must go, or a folder where a file must go, would stop the moves halfway: refused first. */
async function refuseBlockedPaths(target: string, files: string[]): Promise<void> {
  for (const file of files) {
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = path.join(target, ...parts.slice(0, depth));
      const stat = await lstat(folder).catch(() => undefined);
      if (stat && !stat.isDirectory()) throw new Error(`${file} cannot be written: ${parts.slice(0, depth).join('/')} is a file in ${target}`);
    }
    const stat = await lstat(path.join(target, ...parts)).catch(() => undefined);
    if (stat?.isDirectory()) throw new Error(`${file} cannot be written: it is a folder in ${target}`);
  }
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}
