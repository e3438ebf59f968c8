// How Backstage's location refs may name a workspace folder's files: by path, and through the repository the
// folder is a clone of (read by GitRemotes from its .git/config; Git is not run).
import * as path from 'node:path';
import type { LocationRefsOf } from '../core/backstage/backstageVerdicts';
import { GitRemotes } from './gitRemotes';

/**
 * `file:<path>`, and for a folder that is a Git clone, `repo:<host>/<owner>/<repository>:<path in the clone>`
 * (see `locationKey`).
 */
export function locationRefsIn(folders: readonly string[], remotes = new GitRemotes()): LocationRefsOf {
  const clones = folders.flatMap((folder) => {
    const repository = remotes.repositoryOf(folder);
    return repository ? [{ folder, repository }] : [];
  });
  return (file) => {
    const refs = [`file:${file}`];
    for (const { folder, repository } of clones) {
      const relative = path.relative(folder, file);
      if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) refs.push(`repo:${repository}:${relative.split(path.sep).join('/')}`);
    }
    return refs;
  };
}
