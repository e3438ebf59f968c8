/** The outcome of reading one file: its text, or why there is none. */
export type FileRead =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'too-large' | 'unreadable'; message: string };

/**
 * What the catalog needs from the outside world, injected so that the core does no I/O of its own.
 * Paths are absolute file-system paths.
 */
export interface CatalogSource {
  /** Every file the workspace's globs select as a catalog root. */
  listRoots(): Promise<string[]>;
  /** Whether a (new) file is selected by the workspace's globs. */
  isRoot(path: string): boolean;
  readFile(path: string): Promise<FileRead>;
  /** Existing files matching an absolute glob pattern, sorted. */
  glob(pattern: string): Promise<string[]>;
}
