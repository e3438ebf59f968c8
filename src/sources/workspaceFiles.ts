import { close, fstat, open, promises as fs, read, realpath } from 'node:fs';
import { promisify } from 'node:util';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { CatalogSource, DiskFile, FileRead, GlobMatches, Refusal, ResolvedPath } from '../core/catalog/catalogSource';
import { isInside, OPEN_FLAGS, stampOf } from './diskReads';

export const DEFAULT_CATALOG_GLOBS = ['**/catalog-info.yaml', '**/catalog-info.yml'];
// `.greenroom-*`: a template run's staging folder, there only while its files move into place.
const ALWAYS_EXCLUDED_FOLDERS = ['node_modules', '.git', '.greenroom-*'];
const ALWAYS_EXCLUDED = ALWAYS_EXCLUDED_FOLDERS.map((folder) => `**/${folder}/**`);
/** Whether a path is, or is inside, a folder whose files are never catalog files. */
export const isAlwaysExcluded: (file: string) => boolean = picomatch(
  ALWAYS_EXCLUDED_FOLDERS.flatMap((folder) => [`**/${folder}`, `**/${folder}/**`]),
  { dot: true },
);
/** Far beyond any real catalog file; past it, parsing would stall every feature for seconds. */
export const MAX_CATALOG_FILE_BYTES = 10 * 1024 * 1024;
/** Far beyond any real Location glob; past it, a pattern such as `**` would hold the catalog for minutes. */
export const MAX_GLOB_MATCHES = 10_000;
// Small enough that reading thousands of small files allocates little; a multiple of the page size.
const READ_CHUNK_BYTES = 64 * 1024;

export interface WorkspaceFolderSettings {
  /** Absolute path of the workspace folder. */
  folder: string;
  include: readonly string[];
  exclude: readonly string[];
}

interface Folder {
  /** As the editor names it: canonical paths are given under it. */
  path: string;
  /** With symbolic links resolved: what confinement compares against. */
  real: string;
  isIncluded: (relative: string) => boolean;
  isExcluded: (relative: string) => boolean;
}

/**
 * Catalog files on disk: the workspace folders' globs as roots, node's file system for reads.
 * Nothing outside the workspace folders is listed, followed or read.
 */
export class WorkspaceFiles implements CatalogSource {
  private known?: Promise<Folder[]>;

  constructor(private readonly settings: readonly WorkspaceFolderSettings[]) {}

  displayPath(file: string): string {
    const holder = this.settings.filter((setting) => isInside(file, setting.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
    return holder ? toPosix(path.relative(holder.folder, file)) : file;
  }

  async listRoots(under?: string, found?: (root: string) => void): Promise<string[]> {
    const folders = await this.folders();
    if (under !== undefined) return this.rootsUnder(folders, under);
    const lists = await Promise.all(folders.map((folder) => this.rootsBelow(folder, folder.real, found)));
    return [...new Set(lists.flat())].sort();
  }

  /** Roots at or below a path that just appeared: walks only that folder, not the workspace. */
  private async rootsUnder(folders: Folder[], under: string): Promise<string[]> {
    const real = await realPathOf(under);
    const stat = await fs.stat(real).catch(() => undefined);
    if (!stat) return [];
    const roots: string[] = [];
    for (const folder of folders.filter((candidate) => isInside(real, candidate.real))) {
      const relative = toPosix(path.relative(folder.real, real));
      if (stat.isFile() && isRoot(folder, relative)) roots.push(canonical(folder, real));
      if (stat.isDirectory() && !folder.isExcluded(relative)) roots.push(...(await this.rootsBelow(folder, real)));
    }
    return [...new Set(roots)].sort();
  }

  private async rootsBelow(folder: Folder, start: string, found?: (root: string) => void): Promise<string[]> {
    const walked = await walk(start, {
      found: found && ((real) => found(canonical(folder, real))),
      boundary: folder.real,
      startRelative: toPosix(path.relative(folder.real, start)),
      maxDepth: Infinity,
      limit: Infinity,
      skipFolder: folder.isExcluded,
      accept: (relative) => isRoot(folder, relative),
    });
    return walked.files.map((real) => canonical(folder, real));
  }

  async resolve(referrer: string, target: string): Promise<ResolvedPath> {
    const holders = await this.holdersOf(referrer);
    if (holders.length === 0) return { ok: false, refusal: 'no-folder' };
    const real = await realPathOf(target);
    const folder = holders.find((candidate) => isInside(real, candidate.real));
    return folder ? { ok: true, path: canonical(folder, real) } : { ok: false, refusal: refusalOf(holders, target) };
  }

  async readFile(file: string): Promise<FileRead> {
    const real = await realPathOf(file);
    // Callers resolve first; this keeps any path that skipped it from reading outside.
    if (!(await this.folders()).some((folder) => isInside(real, folder.real))) {
      return { ok: false, reason: 'unreadable', message: `file ${file} is outside the workspace folders` };
    }
    let fd: number | undefined;
    try {
      // Checked before anything is read: a device or FIFO is refused unread.
      fd = await openFile(real, OPEN_FLAGS);
      const stat = await fstatFile(fd);
      if (!stat.isFile()) return { ok: false, reason: 'unreadable', message: `${file} is not a regular file` };
      if (stat.size > MAX_CATALOG_FILE_BYTES) {
        const mb = (stat.size / (1024 * 1024)).toFixed(1);
        return { ok: false, reason: 'too-large', message: `This file is ${mb} MB; ${TOO_LARGE}` };
      }
      const buffer = await readAtMost(fd, stat.size, MAX_CATALOG_FILE_BYTES);
      if (!buffer) return { ok: false, reason: 'too-large', message: `This file is over ${MAX_CATALOG_FILE_BYTES / (1024 * 1024)} MB; ${TOO_LARGE}` };
      if (buffer.includes(0)) return { ok: false, reason: 'unreadable', message: 'This file is binary, not YAML text' };
      return { ok: true, text: buffer.toString('utf8'), stamp: stampOf(stat) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', message: `file ${file} does not exist` };
      return { ok: false, reason: 'unreadable', message: `file ${file} could not be read, ${code ?? String(error)}` };
    } finally {
      if (fd !== undefined) await closeFile(fd);
    }
  }

  async onDisk(file: string): Promise<DiskFile> {
    return { path: file, within: (await this.folders()).map((folder) => folder.real) };
  }

  async stampOf(file: string): Promise<string | undefined> {
    const real = await realPathOf(file);
    if (!(await this.folders()).some((folder) => isInside(real, folder.real))) return undefined;
    try {
      const stat = await fs.stat(real);
      return stat.isFile() ? stampOf(stat) : undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : undefined;
    }
  }

  async glob(referrer: string, pattern: string): Promise<GlobMatches> {
    const holders = await this.holdersOf(referrer);
    if (holders.length === 0) return { files: [], linksOutside: [], refusal: 'no-folder' };
    const { base, glob } = picomatch.scan(toPosix(pattern));
    const start = await realPathOf(path.resolve(base));
    // The outermost folder that holds both: nested workspace folders do not narrow each other.
    const folder = holders.find((candidate) => isInside(start, candidate.real));
    if (!folder) return { files: [], linksOutside: [], refusal: refusalOf(holders, path.resolve(base)) };
    const walked = await walk(start, {
      boundary: folder.real,
      startRelative: '',
      // Without `**`, a pattern matches no deeper than its own segments (braces add none).
      maxDepth: glob.includes('**') ? Infinity : glob.split('/').length,
      limit: MAX_GLOB_MATCHES,
      skipFolder: isAlwaysExcluded,
      accept: picomatch(glob, { dot: true }),
    });
    return {
      files: walked.files.map((real) => canonical(folder, real)).sort(),
      linksOutside: walked.linksOutside,
      cappedAt: walked.capped ? MAX_GLOB_MATCHES : undefined,
    };
  }

  /**
   * The workspace folders holding a catalog file, outermost first. Judged by its path as named (the
   * catalog's own paths are canonical): what it may read is judged by the target's real path.
   */
  private async holdersOf(file: string): Promise<Folder[]> {
    const named = path.resolve(file);
    return (await this.folders()).filter((folder) => isInside(named, folder.path) || isInside(named, folder.real)).sort((a, b) => a.real.length - b.real.length);
  }

  private folders(): Promise<Folder[]> {
    this.known ??= Promise.all(
      this.settings.map(async (settings) => {
        const isIncluded = picomatch([...DEFAULT_CATALOG_GLOBS, ...settings.include], { dot: true });
        const isExcluded = picomatch([...ALWAYS_EXCLUDED, ...settings.exclude], { dot: true });
        const folder = path.resolve(settings.folder);
        return { path: folder, real: await realPathOf(folder), isIncluded, isExcluded };
      }),
    );
    return this.known;
  }
}

// File descriptors with callbacks rather than FileHandle promises: reading thousands of small files
// costs about half the time.
const openFile = promisify(open);
const fstatFile = promisify(fstat);
const readFromFile = promisify(read);
const closeFile = promisify(close);
const realPath = promisify(realpath.native);

const TOO_LARGE = `catalog files over ${MAX_CATALOG_FILE_BYTES / (1024 * 1024)} MB are not read. Split it with a Location entity.`;

function isRoot(folder: Folder, relative: string): boolean {
  return folder.isIncluded(relative) && !folder.isExcluded(relative);
}

/** A path named through a link inside a folder is refused as a link; any other as outside. */
function refusalOf(holders: readonly Folder[], target: string): Refusal {
  const named = path.resolve(target);
  return holders.some((folder) => isInside(named, folder.path) || isInside(named, folder.real)) ? 'link-outside' : 'outside';
}

/**
 * The real path of a file, or for one that does not exist, the real path of its nearest existing
 * folder joined with the rest: a missing file behind a link is judged by where the link leads.
 */
async function realPathOf(file: string): Promise<string> {
  const rest: string[] = [];
  let at = path.resolve(file);
  for (;;) {
    try {
      return path.join(await realPath(at), ...rest);
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return path.resolve(file);
      rest.unshift(path.basename(at));
      at = parent;
    }
  }
}

/** A real path inside a folder, named under the folder's path as the editor knows it. */
function canonical(folder: Folder, real: string): string {
  return path.join(folder.path, path.relative(folder.real, real));
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/**
 * The file's bytes, or undefined past `limit`. The size a file reports is only a hint: /proc files
 * report 0 and hold gigabytes, so those are read in chunks up to the limit.
 */
async function readAtMost(fd: number, size: number, limit: number): Promise<Buffer | undefined> {
  if (size > 0) {
    // One byte more than reported shows whether the file grew since; a short read of a regular file is its end.
    const buffer = Buffer.allocUnsafe(Math.min(size, limit) + 1);
    const { bytesRead } = await readFromFile(fd, buffer, 0, buffer.length, null);
    if (bytesRead < buffer.length) return buffer.subarray(0, bytesRead);
    if (bytesRead > limit) return undefined;
    const rest = await readAtMost(fd, 0, limit - bytesRead);
    return rest && Buffer.concat([buffer, rest]);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // Whole chunks: some /proc files refuse reads of odd sizes.
    const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const { bytesRead } = await readFromFile(fd, chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > limit) return undefined;
  }
}

interface WalkOptions {
  /** Real path of the folder nothing may be listed or followed outside of. */
  boundary: string;
  /** The start folder relative to what `accept` and `skipFolder` match against. */
  startRelative: string;
  /** How many path segments below the start a match may have. */
  maxDepth: number;
  limit: number;
  skipFolder: (relative: string) => boolean;
  accept: (relative: string) => boolean;
  /** Told of each match as it is found. */
  found?: (real: string) => void;
}

interface Walked {
  /** Real paths, each once. */
  files: string[];
  /** Links leading outside the boundary where a match could have been, relative to the start. */
  linksOutside: string[];
  capped: boolean;
}

type EntryKind = 'file' | 'folder' | 'outside' | 'other';

/** Folders listed side by side in a walk. */
const LISTINGS_AHEAD = 32;

/**
 * Lists matching files below a real folder, level by level. Links are followed only while they
 * stay inside the boundary, and each real folder is entered once, so link loops end.
 */
async function walk(start: string, options: WalkOptions): Promise<Walked> {
  const files = new Set<string>();
  const linksOutside: string[] = [];
  const entered = new Set([start]);
  const named = (relative: string) => (options.startRelative ? `${options.startRelative}/${relative}` : relative);
  let level = [{ real: start, relative: '', depth: 0 }];
  while (level.length > 0) {
    // A level's folders are listed LISTINGS_AHEAD side by side and taken in the level's order, each as soon as it and
    // those before it are in: the first matches are told of while the rest is listed, and reads of them are not queued
    // behind thousands of listings.
    const folders = level;
    const listings: (Promise<Entry[]> | undefined)[] = [];
    const list = (index: number) => {
      if (index < folders.length) listings[index] = entriesOf(folders[index].real, options.boundary);
    };
    for (let index = 0; index < LISTINGS_AHEAD; index++) list(index);
    level = [];
    for (const [index, folder] of folders.entries()) {
      const entries = await listings[index]!;
      listings[index] = undefined;
      list(index + LISTINGS_AHEAD);
      for (const entry of entries) {
        const relative = folder.relative ? `${folder.relative}/${entry.name}` : entry.name;
        const depth = folder.depth + 1;
        const mayDescend = depth < options.maxDepth && !options.skipFolder(named(relative));
        if (entry.kind === 'outside') {
          if (entry.leadsTo === 'folder' ? mayDescend : options.accept(named(relative))) linksOutside.push(relative);
        } else if (entry.kind === 'folder') {
          if (mayDescend && !entered.has(entry.real)) {
            entered.add(entry.real);
            level.push({ real: entry.real, relative, depth });
          }
        } else if (entry.kind === 'file' && options.accept(named(relative))) {
          if (files.size >= options.limit) return { files: [...files], linksOutside, capped: true };
          if (!files.has(entry.real)) options.found?.(entry.real);
          files.add(entry.real);
        }
      }
    }
  }
  return { files: [...files], linksOutside, capped: false };
}

interface Entry {
  name: string;
  real: string;
  kind: EntryKind;
  /** For a link outside: what it leads to, so that it is reported only where a match could have been. */
  leadsTo?: EntryKind;
}

async function entriesOf(folder: string, boundary: string): Promise<Entry[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return Promise.all(
    entries.map(async (entry): Promise<Entry> => {
      const at = path.join(folder, entry.name);
      if (!entry.isSymbolicLink()) return { name: entry.name, real: at, kind: kindOf(entry) };
      const real = await fs.realpath(at).catch(() => undefined);
      // Dangling links and link loops lead nowhere.
      if (real === undefined) return { name: entry.name, real: at, kind: 'other' };
      const stat = await fs.stat(real).catch(() => undefined);
      const kind = stat ? kindOf(stat) : 'other';
      return isInside(real, boundary) ? { name: entry.name, real, kind } : { name: entry.name, real, kind: 'outside', leadsTo: kind };
    }),
  );
}

function kindOf(entry: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return entry.isFile() ? 'file' : entry.isDirectory() ? 'folder' : 'other';
}
