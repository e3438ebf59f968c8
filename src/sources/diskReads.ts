// Reading a catalog file from disk on a parse worker: that thread may block on the disk, the server's may not. The common
// case only (a regular file of known size inside the workspace); `WorkspaceFiles.readFile` says why for any other.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { DiskFile } from '../core/catalog/catalogSource';

/** Read-only, without blocking and not through a link: a device or FIFO, whose read may never end, is refused unread. */
export const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0);

/** What a saved catalog compares: a file rewritten in the same millisecond with the same size is the one case it misses. */
export function stampOf(stat: { mtimeMs: number; size: number }): string {
  return `${stat.mtimeMs}:${stat.size}`;
}

export function isInside(file: string, folder: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

/**
 * The file's text and stamp, read with the checks `WorkspaceFiles.readFile` makes; undefined when that read has more to say
 * (a missing file, a link leading out, no regular file, an empty or binary one, one that grew while read) or the file is
 * over `maxBytes`.
 */
export function readOnDisk(file: DiskFile, maxBytes: number): { text: string; stamp: string } | undefined {
  let fd: number | undefined;
  try {
    const real = realpathSync.native(file.path);
    if (!file.within.some((folder) => isInside(real, folder))) return undefined;
    fd = openSync(real, OPEN_FLAGS);
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size === 0 || stat.size > maxBytes) return undefined;
    // One byte more than reported shows whether the file grew since; a short read of a regular file is its end.
    const buffer = Buffer.allocUnsafe(stat.size + 1);
    const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
    const bytes = buffer.subarray(0, bytesRead);
    if (bytesRead > stat.size || bytes.includes(0)) return undefined;
    return { text: bytes.toString('utf8'), stamp: stampOf(stat) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
