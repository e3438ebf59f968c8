import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import type { CatalogSource, FileRead } from '../core/catalogSource';

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

export interface WorkspaceFolderSettings {
  /** Absolute path of the workspace folder. */
  folder: string;
  include: readonly string[];
  exclude: readonly string[];
}

/** Catalog files on disk: the workspace folders' globs as roots, node's file system for reads. */
export class WorkspaceFiles implements CatalogSource {
  private readonly matchers: { folder: string; isIncluded: (relative: string) => boolean; isExcluded: (relative: string) => boolean }[];

  constructor(private readonly folders: readonly WorkspaceFolderSettings[]) {
    this.matchers = folders.map((settings) => ({
      folder: settings.folder,
      isIncluded: picomatch([...DEFAULT_CATALOG_GLOBS, ...settings.include], { dot: true }),
      isExcluded: picomatch([...ALWAYS_EXCLUDED, ...settings.exclude], { dot: true }),
    }));
  }

  async listRoots(under?: string): Promise<string[]> {
    if (under !== undefined) return this.rootsUnder(under);
    const lists = await Promise.all(
      this.folders.map((settings) =>
        glob([...DEFAULT_CATALOG_GLOBS, ...settings.include], {
          cwd: settings.folder,
          ignore: [...ALWAYS_EXCLUDED, ...settings.exclude],
          absolute: true,
          dot: true,
          onlyFiles: true,
        }),
      ),
    );
    return [...new Set(lists.flat().map((file) => path.normalize(file)))].sort();
  }

  /** Roots at or below a path that just appeared: globs only that folder, not the workspace. */
  private async rootsUnder(under: string): Promise<string[]> {
    const stat = await fs.stat(under).catch(() => undefined);
    if (!stat) return [];
    if (!stat.isDirectory()) return this.isRoot(under) ? [under] : [];
    const files = await glob(['**/*.yaml', '**/*.yml'], { cwd: under, absolute: true, dot: true, onlyFiles: true, ignore: ALWAYS_EXCLUDED });
    return files.map((file) => path.normalize(file)).filter((file) => this.isRoot(file)).sort();
  }

  private isRoot(file: string): boolean {
    return this.matchers.some(({ folder, isIncluded, isExcluded }) => {
      const relative = path.relative(folder, file);
      if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
      const posix = relative.split(path.sep).join('/');
      return isIncluded(posix) && !isExcluded(posix);
    });
  }

  async readFile(file: string): Promise<FileRead> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return { ok: false, reason: 'unreadable', message: `${file} is not a file` };
      if (stat.size > MAX_CATALOG_FILE_BYTES) {
        const mb = (stat.size / (1024 * 1024)).toFixed(1);
        return { ok: false, reason: 'too-large', message: `This file is ${mb} MB; catalog files over ${MAX_CATALOG_FILE_BYTES / (1024 * 1024)} MB are not read. Split it with a Location entity.` };
      }
      const buffer = await fs.readFile(file);
      if (buffer.includes(0)) return { ok: false, reason: 'unreadable', message: 'This file is binary, not YAML text' };
      return { ok: true, text: buffer.toString('utf8') };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', message: `file ${file} does not exist` };
      return { ok: false, reason: 'unreadable', message: `file ${file} could not be read, ${String(error)}` };
    }
  }

  async glob(pattern: string): Promise<string[]> {
    const files = await glob(pattern.split(path.sep).join('/'), { absolute: true, dot: true, onlyFiles: true, ignore: ALWAYS_EXCLUDED });
    return files.map((file) => path.normalize(file)).sort();
  }
}
