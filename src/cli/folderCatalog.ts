import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { ToolContext } from '../agents/toolKit';
import { Catalog } from '../core/catalog';
import { CatalogSearchIndex } from '../core/catalogSearch';
import { remoteCatalogFile, REMOTE_FIELDS } from '../core/remoteCatalog';
import { searchDocumentOf } from '../core/searchDocument';
import { loadBackstageCatalog } from '../sources/backstageCatalog';
import { WorkspaceFiles } from '../sources/workspaceFiles';
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

  constructor(options: FolderCatalogOptions) {
    this.folder = path.resolve(options.folder);
    const settings = readFolderSettings(this.folder);
    this.modules = settings.backstageModules;
    this.files = new WorkspaceFiles([{ folder: this.folder, include: settings.include, exclude: settings.exclude }]);
    this.current = new Catalog(this.files, { backstageModules: settings.backstageModules });
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
    this.readAt.set(file, Date.now());
    const before = this.current.entities().filter((record) => record.path === file);
    await this.current.applyChanges([{ path: file, type: 'changed' }]);
    if (!this.index) return;
    // Only the file's entities change: the index follows them rather than being built again.
    const index = await this.index;
    const after = this.current.entities().filter((record) => record.path === file);
    index.removeMany(before.map((record) => record.ref));
    for (const { ref } of [...before, ...after]) {
      const winner = this.current.entity(ref);
      if (winner) index.set(searchDocumentOf(winner.entity));
    }
  }
}
