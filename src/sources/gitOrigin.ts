// Where a workspace folder's files live in their Git host: the folder's `origin` remote, read from its Git config.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { LocationRefsOf } from '../core/backstage/backstageVerdicts';

/** Git config files are small; a larger one is not read. */
const MAX_CONFIG_BYTES = 256 * 1024;

/**
 * The folder's `origin` as `host/owner/repository` (`github.com/acme/payments`), or undefined when the folder
 * is not the top of a Git clone or has no origin. Reads `.git/config` only; Git is not run.
 */
export async function gitOrigin(folder: string): Promise<string | undefined> {
  const config = path.join(folder, '.git', 'config');
  try {
    const info = await stat(config);
    if (!info.isFile() || info.size > MAX_CONFIG_BYTES) return undefined;
    return originOf(await readFile(config, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The `origin` remote's URL of a Git config's text, as `host/owner/repository`. */
export function originOf(config: string): string | undefined {
  let inOrigin = false;
  for (const raw of config.split(/\r?\n/)) {
    const line = raw.trim();
    const section = /^\[\s*remote\s+"([^"]*)"\s*\]$/.exec(line);
    if (section || line.startsWith('[')) {
      inOrigin = section?.[1] === 'origin';
      continue;
    }
    const url = inOrigin ? /^url\s*=\s*(.+)$/.exec(line)?.[1] : undefined;
    if (url) return repositoryOf(url.trim());
  }
  return undefined;
}

/** `git@github.com:acme/payments.git`, `https://github.com/acme/payments` and `ssh://git@host/acme/payments.git` alike → `github.com/acme/payments`. */
export function repositoryOf(url: string): string | undefined {
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(url);
  let host: string;
  let repoPath: string;
  if (scp) {
    [, host, repoPath] = scp;
  } else {
    try {
      const parsed = new URL(url);
      if (!['https:', 'http:', 'ssh:', 'git:'].includes(parsed.protocol)) return undefined;
      host = parsed.hostname;
      repoPath = parsed.pathname;
    } catch {
      return undefined;
    }
  }
  const trimmed = repoPath.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return trimmed.includes('/') ? `${host.toLowerCase()}/${trimmed}` : undefined;
}

/**
 * How Backstage's location refs may name the files of these workspace folders: `file:<path>`, and for a folder
 * that is a Git clone with an origin, `repo:<host>/<owner>/<repository>:<path in the clone>` (see `locationKey`).
 */
export async function locationRefsIn(folders: readonly string[]): Promise<LocationRefsOf> {
  const origins = (await Promise.all(folders.map(async (folder) => ({ folder, origin: await gitOrigin(folder) })))).filter(
    (entry): entry is { folder: string; origin: string } => entry.origin !== undefined,
  );
  return (file) => {
    const refs = [`file:${file}`];
    for (const { folder, origin } of origins) {
      const relative = path.relative(folder, file);
      if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) refs.push(`repo:${origin}:${relative.split(path.sep).join('/')}`);
    }
    return refs;
  };
}
