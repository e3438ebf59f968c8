/**
 * Where an entity's source lives, read from `backstage.io/source-location` (or, failing that,
 * `backstage.io/managed-by-location`): a repository (`host/owner/repo`, lower-case) and a folder in
 * it (`/`-separated, no leading or trailing slash; '' for the root).
 */
export interface SourceFolder {
  repository: string;
  folder: string;
}

/** A source or managed-by location as a repository and folder; undefined for one that names no known repository URL. */
export function sourceFolderOf(location: string): SourceFolder | undefined {
  const match = /^url:(https?:\/\/.+)$/i.exec(location.trim());
  if (!match) return undefined;
  let url: URL;
  try {
    url = new URL(match[1]);
  } catch {
    return undefined;
  }
  const parts = url.pathname.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
  if (parts.length < 2) return undefined;
  const repository = `${url.hostname}/${parts[0]}/${parts[1].replace(/\.git$/, '')}`.toLowerCase();
  // GitHub: /tree/<ref>/… or /blob/<ref>/…; GitLab: /-/tree/<ref>/… or /-/blob/<ref>/….
  let rest = parts.slice(2);
  if (rest[0] === '-') rest = rest.slice(1);
  if (rest[0] === 'tree' || rest[0] === 'blob') rest = rest.slice(2);
  else if (rest.length > 0) return undefined;
  // A managed-by location names a file: its folder is where the entity's source is.
  if (rest.length > 0 && /\.ya?ml$/i.test(rest[rest.length - 1])) rest = rest.slice(0, -1);
  if (rest.some((part) => part === '..' || part === '.')) return undefined;
  return { repository, folder: rest.join('/') };
}

/** A git remote URL (`git@host:owner/repo.git`, `https://host/owner/repo`, `ssh://git@host/owner/repo`) as `host/owner/repo`. */
export function repositoryOfRemote(remote: string): string | undefined {
  const scp = /^[\w.-]+@([\w.-]+):\/?([^/\s]+)\/([^/\s]+?)(\.git)?\/?$/.exec(remote.trim());
  if (scp) return `${scp[1]}/${scp[2]}/${scp[3]}`.toLowerCase();
  try {
    const url = new URL(remote.trim());
    const parts = url.pathname.split('/').filter(Boolean);
    return parts.length >= 2 ? `${url.hostname}/${parts[0]}/${parts[1].replace(/\.git$/, '')}`.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
