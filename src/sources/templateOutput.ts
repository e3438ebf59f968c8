import { randomBytes } from 'node:crypto';
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

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
 * Writes a template's files into `target`: first all of them into a staging folder beside it, then
 * each moved into place, so that a failure while writing leaves the target as it was. An existing
 * file is replaced only when `overwrite` names it.
 */
export async function writeTemplateOutput(target: string, files: ReadonlyMap<string, Buffer>, overwrite: ReadonlySet<string>): Promise<string[]> {
  const conflicts = (await existingFiles(target, files.keys())).filter((file) => !overwrite.has(file));
  if (conflicts.length > 0) throw new Error(`These files exist in ${target} already: ${conflicts.join(', ')}`);
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = path.join(parent, `.greenroom-${randomBytes(6).toString('hex')}`);
  try {
    for (const [file, contents] of files) {
      const staged = path.join(staging, ...file.split('/'));
      await mkdir(path.dirname(staged), { recursive: true });
      await writeFile(staged, contents);
    }
    const written: string[] = [];
    for (const file of files.keys()) {
      const destination = path.join(target, ...file.split('/'));
      await mkdir(path.dirname(destination), { recursive: true });
      await rename(path.join(staging, ...file.split('/')), destination);
      written.push(file);
    }
    return written;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
