import * as path from 'node:path';

/** Matches a path's part holding a `.` or `..` segment or an empty one: such a path is resolved to be compared. */
const PLAIN_SEGMENTS_NOT = /[\\/](?:\.\.?)?(?:[\\/]|$)/;

/** Whether `file` is `folder` or lies below it, by their paths as given (links are not followed). */
export function isInside(file: string, folder: string): boolean {
  // The common case, a plain path below the folder, without resolving both (a saved catalog checks thousands).
  if (file.length > folder.length + 1 && file.startsWith(folder) && file[folder.length] === path.sep && !PLAIN_SEGMENTS_NOT.test(file.slice(folder.length))) return true;
  const relative = path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
