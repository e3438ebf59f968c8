/** The outcome of reading one file: its text, or why there is none. */
export type FileRead =
  /** `stamp`: the file's modification time and size as read (`mtime:size`), when the source knows them. */
  | { ok: true; text: string; stamp?: string }
  | { ok: false; reason: 'missing' | 'too-large' | 'unreadable'; message: string };

/**
 * Why a path a catalog file names may not be read: it is outside the workspace folder that holds the
 * catalog file (`outside`), a symbolic link inside the folder leads out of it (`link-outside`), or
 * the catalog file is in no workspace folder (`no-folder`).
 */
export type Refusal = 'outside' | 'link-outside' | 'no-folder';

/** Where a path named by a catalog file leads: its canonical path (symbolic links resolved), or a refusal. */
export type ResolvedPath = { ok: true; path: string } | { ok: false; refusal: Refusal };

export interface GlobMatches {
  /** Canonical paths of the matching files, each once, sorted. */
  files: string[];
  /** Set when the pattern's folder is not one the catalog file may read: nothing was listed. */
  refusal?: Refusal;
  /** Symbolic links the pattern reached that lead outside the workspace folder, not followed (relative to the pattern's folder). */
  linksOutside: string[];
  /** Set to the cap when more files matched than it: `files` holds the first ones. */
  cappedAt?: number;
}

/**
 * A catalog file as the disk holds it, for a reader on another thread: its canonical path, and the real paths of the
 * workspace folders a read of it must stay inside.
 */
export interface DiskFile {
  path: string;
  within: readonly string[];
}

/**
 * What the catalog needs from the outside world, injected so that the core does no I/O of its own.
 * Paths are absolute file-system paths. A catalog file reads only inside the workspace folder that
 * holds it, after symbolic links are resolved; paths the catalog keeps are canonical, so that a
 * file reached twice (through a link, or a link loop) is read once.
 */
export interface CatalogSource {
  /**
   * Every file the workspace's globs select as a catalog root, canonical; with `under`, only those
   * at or below that path (a file or a folder that just appeared). `found`, when the source can, hears of each root as it
   * is found, before the list is complete.
   */
  listRoots(under?: string, found?: (root: string) => void): Promise<string[]>;
  /** Where `target`, an absolute path named by the catalog file `referrer`, leads; nothing is read. */
  resolve(referrer: string, target: string): Promise<ResolvedPath>;
  readFile(path: string): Promise<FileRead>;
  /** Files matching an absolute glob pattern named by the catalog file `referrer`, inside its workspace folder. */
  glob(referrer: string, pattern: string): Promise<GlobMatches>;
  /** A file as a person finds it: its path relative to the workspace folder that holds it. */
  displayPath?(file: string): string;
  /** The file's modification stamp now, as `readFile` gives it (`missing` for no file): how a saved catalog is checked. */
  stampOf?(file: string): Promise<string | undefined>;
  /** Where the file's text is on disk, when `readFile` would read it from there (no editor holds it): another thread may read it. */
  onDisk?(file: string): Promise<DiskFile | undefined>;
  /** Takes note of a file read elsewhere through `onDisk`, with the stamp it was read at, as its `readFile` would have. */
  readElsewhere?(file: string, stamp: string): void;
}

/** Why a refused path is not read, said after what the catalog file wrote. */
export function refusalReason(refusal: Refusal): string {
  switch (refusal) {
    case 'outside':
      return 'it is outside the workspace folder that holds this file, and catalog files read nothing outside their folder';
    case 'link-outside':
      return 'a symbolic link leads it outside the workspace folder that holds this file, and catalog files read nothing outside their folder';
    case 'no-folder':
      return 'this file is in no workspace folder, so it reads no other file';
  }
}
