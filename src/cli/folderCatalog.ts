import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { ToolContext } from '../agents/toolKit';
import { Catalog } from '../core/catalog/catalog';
import { CatalogSearchIndex } from '../core/search/catalogSearch';
import { remoteCatalogFile, REMOTE_FIELDS } from '../core/backstage/remoteCatalog';
import { searchDocumentOf } from '../core/search/searchDocument';
import { loadBackstageCatalog } from '../sources/backstageCatalog';
import { isAlwaysExcluded, WorkspaceFiles } from '../sources/workspaceFiles';
import { readFolderSettings } from './folderSettings';

export interface FolderCatalogOptions {
  folder: string;
  backstage?: { baseUrl: string; token?: string };
}

/**
 * A folder's catalog, read as the editor reads it (its .vscode/settings.json standing in for the editor's
 * settings), with a search index over it: what `greenroom mcp` answers from.
 */
export class FolderCatalog implements ToolContext {
  private readonly folder: string;
  private readonly files: WorkspaceFiles;
  private readonly modules: readonly string[];
  private readonly current: Catalog;
  private readonly loaded: Promise<void>;
  private index: Promise<CatalogSearchIndex> | undefined;
  /** When the catalog was read, and when files were read again since: a file not modified after that is current. */
  private readonly loadedAt = Date.now();
  private readonly readAt = new Map<string, number>();
  private watcher: FSWatcher | undefined;
  /** Paths changed on disk since the catalog last caught up, read again after a short pause. */
  private readonly changed = new Set<string>();
  private pause: NodeJS.Timeout | undefined;

  constructor(options: FolderCatalogOptions) {
    this.folder = path.resolve(options.folder);
    const settings = readFolderSettings(this.folder);
    this.modules = settings.backstageModules;
    this.files = new WorkspaceFiles([{ folder: this.folder, include: settings.include, exclude: settings.exclude }]);
    // The organisation's rules as `greenroom validate` and the editor read them.
    this.current = new Catalog(this.files, { backstageModules: settings.backstageModules, rulesFile: path.resolve(this.folder, settings.rulesFile ?? '.greenroom/rules.yaml') });
    this.loaded = this.load(options.backstage);
  }

  private async load(backstage: FolderCatalogOptions['backstage']): Promise<void> {
    if (backstage) {
      const entities = await loadBackstageCatalog({ baseUrl: backstage.baseUrl, token: backstage.token, fields: [...REMOTE_FIELDS] });
      await this.current.setRemote(backstage.baseUrl, remoteCatalogFile({ baseUrl: backstage.baseUrl, appUrl: backstage.baseUrl }, entities));
    }
    await this.current.load();
  }

  async catalog(): Promise<Catalog> {
    await this.loaded;
    return this.current;
  }

  search(): Promise<CatalogSearchIndex> {
    this.index ??= this.catalog().then((catalog) => {
      const index = new CatalogSearchIndex();
      for (const record of catalog.entities()) if (catalog.entity(record.ref) === record) index.set(searchDocumentOf(record.entity));
      return index;
    });
    return this.index;
  }

  folders(): readonly string[] {
    return [this.folder];
  }

  source(): WorkspaceFiles {
    return this.files;
  }

  backstageModules(): readonly string[] {
    return this.modules;
  }

  /** The folder was named by the person who started the server: its templates may render. */
  workspaceTrusted(): boolean {
    return true;
  }

  /** Reads a file again before a tool answers about it: an agent may just have written it. */
  async refresh(file: string): Promise<void> {
    await this.loaded;
    // Read again only what changed on disk since it was read: re-linking costs more than a stat.
    const modified = (await stat(file).catch(() => undefined))?.mtimeMs ?? Infinity;
    if (modified < (this.readAt.get(file) ?? this.loadedAt)) return;
    await this.update([file]);
  }

  /**
   * Follows the folder's files as an agent edits them, so that a catalog-info.yaml it writes is answered
   * for. Where the system cannot watch the folder (too many folders for inotify), refresh still re-reads
   * a file validate_catalog is asked about.
   */
  watch(): void {
    try {
      this.watcher = watch(this.folder, { recursive: true }, (_event, name) => {
        if (!name || isAlwaysExcluded(name)) return;
        this.changed.add(path.join(this.folder, name));
        clearTimeout(this.pause);
        // A failed catch-up leaves the last catalog; the next change tries again.
        this.pause = setTimeout(() => void this.catchUp().catch(() => undefined), 100);
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // Not watched: see above.
    }
  }

  private async catchUp(): Promise<void> {
    const files = [...this.changed];
    this.changed.clear();
    await this.loaded;
    await this.update(files);
  }

  private async update(files: readonly string[]): Promise<void> {
    const now = Date.now();
    for (const file of files) this.readAt.set(file, now);
    const paths = new Set(files);
    const before = this.current.entities().filter((record) => paths.has(record.path));
    const changes = await Promise.all(
      files.map(async (file) => {
        const exists = (await stat(file).catch(() => undefined)) !== undefined;
        return { path: file, type: !exists ? ('deleted' as const) : this.current.isCatalogFile(file) ? ('changed' as const) : ('created' as const) };
      }),
    );
    await this.current.applyChanges(changes);
    if (!this.index) return;
    // Only these files' entities change: the index follows them rather than being built again.
    const index = await this.index;
    const after = this.current.entities().filter((record) => paths.has(record.path));
    index.removeMany(before.map((record) => record.ref));
    for (const { ref } of [...before, ...after]) {
      const winner = this.current.entity(ref);
      if (winner) index.set(searchDocumentOf(winner.entity));
    }
  }

  close(): void {
    this.watcher?.close();
    clearTimeout(this.pause);
  }
}
