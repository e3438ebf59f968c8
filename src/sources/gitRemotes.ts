// The repository a workspace folder is a clone of, read from its .git/config (origin first).
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repositoryOfRemote } from '../core/catalog/sourceLocations';

/** Each folder's repository (`host/owner/repo`), read again only when its .git/config changes. */
export class GitRemotes {
  private readonly cache = new Map<string, { mtimeMs: number; repository: string | undefined }>();

  repositoryOf(root: string): string | undefined {
    const file = path.join(root, '.git', 'config');
    let mtimeMs: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile() || stat.size > 1_000_000) return undefined;
      mtimeMs = stat.mtimeMs;
    } catch {
      return undefined;
    }
    const known = this.cache.get(file);
    if (known?.mtimeMs === mtimeMs) return known.repository;
    let repository: string | undefined;
    try {
      repository = originOf(readFileSync(file, 'utf8'));
    } catch {
      repository = undefined;
    }
    this.cache.set(file, { mtimeMs, repository });
    return repository;
  }
}

/** The `url` of `[remote "origin"]`, else of the first remote, as a repository. */
function originOf(config: string): string | undefined {
  const remotes: { name: string; url: string }[] = [];
  let current: string | undefined;
  for (const line of config.split(/\r?\n/)) {
    const section = /^\s*\[\s*remote\s+"([^"]+)"\s*\]/.exec(line);
    if (section) current = section[1];
    else if (/^\s*\[/.test(line)) current = undefined;
    else if (current) {
      const url = /^\s*url\s*=\s*(.+?)\s*$/.exec(line);
      if (url) remotes.push({ name: current, url: url[1] });
    }
  }
  const chosen = remotes.find((remote) => remote.name === 'origin') ?? remotes[0];
  return chosen ? repositoryOfRemote(chosen.url) : undefined;
}
