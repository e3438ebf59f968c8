import * as path from 'node:path';

/** Whether `file` is `folder` or lies below it, by their paths as given (links are not followed). */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
