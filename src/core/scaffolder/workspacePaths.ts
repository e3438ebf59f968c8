// Paths inside a scaffolder task's workspace: relative, `/`-separated, never leaving it.

/** A template asked for something it may not do: a path outside the workspace, a bad combination of options. */
export class SkeletonError extends Error {}

/** Normalises `.` and `..` and refuses a path that leaves the output directory. */
export function safeRelativePath(path: string): string {
  if (/^[a-zA-Z]:|\\/.test(path) || path.startsWith('/')) throw new SkeletonError(`Output path is not a relative POSIX path: ${path}`);
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '.' || part === '') continue;
    if (part !== '..') parts.push(part);
    else if (!parts.pop()) throw new SkeletonError(`Output path leaves the target directory: ${path}`);
  }
  return parts.join('/');
}
