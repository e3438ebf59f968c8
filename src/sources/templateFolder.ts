import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { SkeletonFiles } from '../core/scaffolder/skeletonRenderer';
import type { TemplateSource } from '../core/scaffolder/templateRunner';
import { SkeletonError } from '../core/scaffolder/workspacePaths';

/**
 * A Template's own folder on disk, as its steps fetch from it: `./skeleton` and other relative URLs,
 * never a path outside the folder, and no symbolic links (a skeleton's link could point anywhere).
 */
export function templateFolder(root: string): TemplateSource {
  const realRoot = realpathSync(root);
  const resolve = (url: string): string => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) throw new SkeletonError(`${url} is not in the template's folder; Greenroom fetches only relative URLs locally`);
    const target = path.resolve(root, url);
    // Where the path really leads, links in any of its folders followed.
    const real = realpathSync(target);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new SkeletonError(`${url} leaves the template's folder`);
    return target;
  };
  const noLink = (file: string): string => {
    if (lstatSync(file).isSymbolicLink()) throw new SkeletonError(`${path.relative(root, file)} is a symbolic link; templates may not contain links`);
    return file;
  };
  return {
    folder(url: string): SkeletonFiles {
      const base = noLink(resolve(url));
      return {
        list: (dir) => readdirSync(noLink(path.join(base, dir)), { withFileTypes: true }).map((entry) => {
          if (entry.isSymbolicLink()) throw new SkeletonError(`${path.relative(root, path.join(base, dir, entry.name))} is a symbolic link; templates may not contain links`);
          return entry.isDirectory() ? `${entry.name}/` : entry.name;
        }),
        read: (file) => readFileSync(noLink(path.join(base, file))),
        executable: (file) => isExecutable(path.join(base, file)),
      };
    },
    file: (url) => {
      const file = noLink(resolve(url));
      return { contents: readFileSync(file), executable: isExecutable(file) };
    },
  };
}

/** Executable for its owner, as git records it (100755). */
function isExecutable(file: string): boolean {
  return (statSync(file).mode & 0o100) !== 0;
}
