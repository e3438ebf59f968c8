/** The outcome of reading one file: its text, or why there is none. */
export type FileRead =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'too-large' | 'unreadable'; message: string };

/**
 * What the catalog needs from the outside world, injected so that the core does no I/O of its own.
 * Paths are absolute file-system paths.
 */
export interface CatalogSource {
  /**
   * Every file the workspace's globs select as a catalog root; with `under`, only those at or
   * below that path (a file or a folder that just appeared).
   */
  listRoots(under?: string): Promise<string[]>;
  readFile(path: string): Promise<FileRead>;
  /** Existing files matching an absolute glob pattern, sorted. */
  glob(pattern: string): Promise<string[]>;
}
