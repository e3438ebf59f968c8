// The server's catalog: the workspace's files and Backstage's entities, loaded, watched, searched and published.
import { Catalog, type CatalogOptions, type FileChange, type LoadProgress } from '../../core/catalog/catalog';
import type { CatalogFile, EntityRecord } from '../../core/catalog/catalogFile';
import type { BackstageRejection } from '../../core/backstage/backstageVerdicts';
import type { BackstageInstance } from '../../core/backstage/backstageInstance';
import { WorkspaceFiles, type WorkspaceFolderSettings } from '../../sources/workspaceFiles';
import { locationRefsIn } from '../../sources/gitOrigin';
import type { CatalogStatus } from '../../protocol/catalogProtocol';
import { CatalogSearchIndex, type SearchIndexSnapshot } from '../../core/search/catalogSearch';
import { CatalogSnapshotStore } from '../../sources/catalogSnapshotStore';
import { isInside } from '../../core/catalog/pathInside';
import { CatalogPreview, previewOf } from './catalogPreview';

/** Where a warm start keeps the catalog, and the search index it saves and restores with it. */
export interface WarmStart {
  folder: string;
  /** Names the code that wrote a saved catalog: another build reads everything again. */
  version: string;
  /** Hands the saved index to the search, which decodes it with `load` when first needed. */
  restoreSearch(load: () => CatalogSearchIndex | undefined, catalog: Catalog): void;
  searchSnapshot(): Promise<SearchIndexSnapshot>;
}

/**
 * After file changes, the saved catalog is written again once they pause this long — or, past SMALL_CATALOG entities, at
 * most every RESAVE_INTERVAL_MS: writing it serialises about 36 MB at 10,000 entities on the server's thread (in slices,
 * but the work is there), and a warm start reads changed files again anyway. A small catalog is kept fresh, so that a window reloaded
 * soon after a file was added starts with it (a reopened template wizard asks for its template at once).
 */
const SAVE_DELAY_MS = 5_000;
const SMALL_CATALOG = 5_000;
const RESAVE_INTERVAL_MS = 10 * 60_000;
/** Past this many entities no catalog is saved: serialising it would stall the server (and near 100,000 it may not fit one string). */
const MAX_SAVED_ENTITIES = 25_000;
/** A warm start's preview decodes the saved search index this soon if the tree does not ask first. */
const INDEX_FIRST_MS = 250;
/** While the first load reads files, the client hears this often of what it has read: the tree fills in as they arrive. */
const PROGRESS_EVERY_MS = 250;

/**
 * The catalog of the open workspace folders. Settings changes rebuild it; file events and edits
 * update it in place. `onChange` runs after every update that finished.
 */
export class WorkspaceCatalog {
  private current: Catalog;
  private currentFiles: WorkspaceFiles = new WorkspaceFiles([]);
  /** Backstage instances' entities: kept across reloads, which rebuild only the workspace's part. */
  private readonly remotes = new Map<string, CatalogFile>();
  /** What Backstage's validate-entity endpoint refused: kept across reloads like the remotes. */
  private rejections: readonly BackstageRejection[] = [];
  private loaded = false;
  private generation = 0;
  /** Counts the changes reported, so that a client can tell statuses apart. */
  private changes = 0;
  private markLoaded!: () => void;
  /** The organisation's rules file of the last reload. */
  rulesFile?: string;
  private warmStart?: WarmStart;
  private store?: CatalogSnapshotStore;
  private saveTimer?: NodeJS.Timeout;
  private lastSave = 0;
  private saveDue = 0;
  private saveStore?: CatalogSnapshotStore;
  /** Resolves once the first load finished: requests wait for it rather than answer from an empty catalog. */
  readonly firstLoad = new Promise<void>((resolve) => (this.markLoaded = resolve));
  private markShown!: () => void;
  /** Resolves once the first load has shown some of what it read (or has finished): the tree and search answer from then on. */
  readonly firstShown = new Promise<void>((resolve) => (this.markShown = resolve));
  private markPreviewOrShown!: () => void;
  /** Resolves once a warm start's preview answers, or the catalog shows: the tree's groups and search answer from then on. */
  readonly previewOrShown = new Promise<void>((resolve) => (this.markPreviewOrShown = resolve));
  private shownPreview?: CatalogPreview;
  private markHeldKnown!: () => void;
  /** Resolves once the first reload has restored the saved catalog, or found none to restore: Backstage's entities it held are known. */
  private readonly heldKnown = new Promise<void>((resolve) => (this.markHeldKnown = resolve));
  /** The Backstage instances whose entities the saved catalog holds, as last saved or restored. */
  private savedInstances = new Set<string>();
  /** The catalog of the first load while it reads: requests see what it has read so far. */
  private loading?: { catalog: Catalog; files: WorkspaceFiles; progress: LoadProgress };
  /** Every editor's latest text (undefined once closed), as set: what a reload's catalog is given before it is shown. */
  private readonly openTexts = new Map<string, string | undefined>();
  /** The file events that came while the latest reload read, for its catalog to take before it is shown. */
  private reloadEvents?: FileChange[];

  /**
   * `options` apply to every catalog built: how files are parsed, the limit on open documents. `onProgress` runs while
   * the first load reads files, with the entities read since it last ran; `tell` when the client is due news of it.
   */
  constructor(
    private readonly listener: (catalog: Catalog) => void,
    private readonly options: CatalogOptions = {},
    private readonly onProgress: (catalog: Catalog, arrived: readonly EntityRecord[], tell: boolean) => void = () => undefined,
    /** Runs when a warm start's preview answers, before its catalog is decoded. */
    private readonly onPreview: () => void = () => undefined,
  ) {
    this.current = new Catalog(new WorkspaceFiles([]), options);
  }

  private onChange(catalog: Catalog): void {
    this.changes++;
    // While the first load reads, requests see its catalog: a change to the one it replaces (a Backstage cache applied
    // to it) would publish the loading catalog's unfinished problems and drop what the search index has taken in.
    if (this.loading && catalog !== this.loading.catalog) return;
    // Before the first load shows anything, the catalog changed is the empty one it replaces: nothing to tell (on a warm
    // start, an editor restored early would blank the tree until the saved catalog is shown).
    if (!this.loaded && !this.loading) return;
    this.listener(catalog);
  }

  /** The catalog requests read: the first load's files read so far, until it ends. */
  get catalog(): Catalog {
    return this.loading?.catalog ?? this.current;
  }

  /** The workspace folders' files as the catalog reads them: inside their folder only. */
  get files(): WorkspaceFiles {
    return this.loading?.files ?? this.currentFiles;
  }

  /**
   * A warm start's saved preview, while the saved catalog is decoded: the tree's groups, search and the status answer
   * from it. It holds until the catalog shows, or anything changes (a file, an editor's text, Backstage's entities).
   */
  get preview(): CatalogPreview | undefined {
    return this.shownPreview;
  }

  /** Saves the catalog in `folder` after each load, and starts from the saved one at the first load. */
  enableWarmStart(warmStart: WarmStart): void {
    this.warmStart = warmStart;
  }

  /**
   * `backstageModules`: the Backstage catalog modules the organisation runs (`greenroom.catalog.backstageModules`); `rulesFile`: the
   * organisation's rules; `instances`: the Backstage instances configured, whose entities a warm start may show from the saved catalog.
   */
  async reload(
    folders: readonly WorkspaceFolderSettings[],
    openTexts: ReadonlyMap<string, string>,
    backstageModules: readonly string[] = [],
    rulesFile?: string,
    instances: readonly BackstageInstance[] = [],
  ): Promise<void> {
    // `reloadNow` counts this reload before it first waits.
    const generation = this.generation + 1;
    try {
      await this.reloadNow(folders, openTexts, backstageModules, rulesFile, instances);
    } finally {
      // A reload that failed collects no more file events (a newer one collects its own).
      if (generation === this.generation) this.reloadEvents = undefined;
      // Whatever became of the first reload: Backstage's syncs wait for this before showing their caches.
      this.markHeldKnown();
    }
  }

  /** Called once the server's first reload is over, whatever became of it: Backstage's syncs no longer wait for a restore. */
  restoreSettled(): void {
    this.markHeldKnown();
  }

  /**
   * The entities of the Backstage instance at `baseUrl` that the catalog holds, once the first reload has restored the saved
   * catalog or found none: its instance's sync shows its cache only when the cache holds a later load.
   */
  async remoteHeld(baseUrl: string): Promise<CatalogFile | undefined> {
    await this.heldKnown;
    return this.remotes.get(baseUrl);
  }

  private async reloadNow(
    folders: readonly WorkspaceFolderSettings[],
    openTexts: ReadonlyMap<string, string>,
    backstageModules: readonly string[],
    rulesFile: string | undefined,
    instances: readonly BackstageInstance[],
  ): Promise<void> {
    const generation = ++this.generation;
    // A reload for other folders or settings: the preview of the saved catalog no longer holds.
    this.shownPreview = undefined;
    this.rulesFile = rulesFile;
    const locationRefsOf = locationRefsIn(folders.map((folder) => folder.folder));
    const files = new WorkspaceFiles(folders);
    const inFolders = insideFolders(folders);
    const catalog = new Catalog(files, { ...this.options, backstageModules, rulesFile, locationRefsOf });
    const given = { texts: new Map<string, string | undefined>(openTexts), rejections: this.rejections, events: (this.reloadEvents = []) };
    for (const [file, text] of openTexts) await catalog.setOpenText(file, text);
    if (this.rejections.length > 0) await catalog.setBackstageRejections(this.rejections);
    const store =
      this.warmStart &&
      new CatalogSnapshotStore(
        this.warmStart.folder,
        JSON.stringify(folders.map((folder) => folder.folder)),
        JSON.stringify({ version: this.warmStart.version, folders, backstageModules, rulesFile }),
        inFolders,
        instances,
      );
    // A window opened again starts from the last session's catalog; a reload later in the session reads afresh.
    const saved = !this.loaded && generation === 1 ? await store?.read() : undefined;
    // The saved index, decoded once the file is read: by the preview's first search or by the search, whichever comes first.
    let index: CatalogSearchIndex | undefined | null = null;
    const savedIndex = () => (index === null ? (index = indexOf(saved!.search())) : index);
    // The preview holds what the saved catalog shows as saved: not with an editor's text or Backstage's entities on top.
    const preview =
      saved?.preview && openTexts.size === 0 && this.remotes.size === 0 && this.rejections.length === 0
        ? CatalogPreview.of(saved.preview, async () => ((await saved.searchable) ? savedIndex() : undefined), inFolders, instances)
        : undefined;
    if (preview) {
      this.shownPreview = preview;
      this.changes++;
      this.markPreviewOrShown();
      this.onPreview();
      // The search index first, once the tree has its answer (or soon anyway): the catalog's slices would hold up the
      // first search, and nothing else waits for them meanwhile.
      preview.decodeIndexIn(INDEX_FIRST_MS);
      await preview.indexed;
    }
    const snapshot = await saved?.catalog();
    if (snapshot) {
      await catalog.restore(snapshot);
      // A newer reload started meanwhile (settings changed, an instance removed perhaps): nothing of this one is adopted.
      if (generation !== this.generation) return;
      // Backstage's entities as the last session showed them: their instances' syncs confirm them against their caches.
      for (const file of catalog.remoteFiles()) if (!this.remotes.has(file.remote!.baseUrl)) this.remotes.set(file.remote!.baseUrl, file);
      this.savedInstances = new Set(catalog.remoteFiles().map((file) => file.remote!.baseUrl));
      await this.applyRemotes(catalog);
      await this.takeChangesMeanwhile(catalog, given);
      if (generation !== this.generation) return;
      this.warmStart!.restoreSearch(savedIndex, catalog);
      this.publish(catalog, files, store);
      // Once published: a sync that then takes an instance out finds the store to remove the saved catalog from.
      this.markHeldKnown();
      const changed = await catalog.reconcile();
      if (catalog !== this.current) return;
      this.onChange(catalog);
      // The saved file still holds what the files hold: writing it again would only stall the server.
      if (changed) this.scheduleSave(0);
      return;
    }
    // A saved catalog that does not check out past its preview: the files are read.
    this.shownPreview = undefined;
    this.markHeldKnown();
    // The first load shows what it reads as it goes; a later one keeps the catalog shown until it is done. The files read
    // are linked as they come, a worker's job at a time, and the search indexes them meanwhile: at the end only the last
    // few are left to it. The client hears at most every PROGRESS_EVERY_MS, and of the last progress within as long.
    let toldAt = performance.now();
    let telling: NodeJS.Timeout | undefined;
    const current = () => generation === this.generation && !this.loaded;
    const told = () => {
      clearTimeout(telling);
      telling = undefined;
      toldAt = performance.now();
    };
    try {
      await catalog.load(
        this.loaded
          ? undefined
          : {
              onProgress: (progress, arrived) => {
                if (!current()) return;
                this.loading = { catalog, files, progress };
                this.shownPreview = undefined;
                this.changes++;
                this.markShown();
                this.markPreviewOrShown();
                const due = performance.now() - toldAt >= PROGRESS_EVERY_MS;
                if (due) told();
                else
                  telling ??= setTimeout(
                    () => {
                      told();
                      if (current()) this.onProgress(catalog, [], true);
                    },
                    PROGRESS_EVERY_MS - (performance.now() - toldAt),
                  );
                this.onProgress(catalog, arrived, due);
              },
            },
      );
    } finally {
      clearTimeout(telling);
    }
    await this.applyRemotes(catalog);
    await this.takeChangesMeanwhile(catalog, given);
    // A newer reload started meanwhile: its result wins.
    if (generation !== this.generation) return;
    this.publish(catalog, files, store);
    this.scheduleSave(0);
  }

  /**
   * Gives a reload's catalog, before it is shown, what changed while it read: each editor's latest text that differs from
   * what it was given, the file events, Backstage's verdicts. The latest of each, once: typing meanwhile costs the reload
   * one update per file, not one per pause, and the shown catalog took each change at once. Ends with nothing left, so
   * that the catalog is shown in the same turn.
   */
  private async takeChangesMeanwhile(catalog: Catalog, given: { texts: Map<string, string | undefined>; rejections: readonly BackstageRejection[]; events: FileChange[] }): Promise<void> {
    for (;;) {
      const texts = [...this.openTexts].filter(([file, text]) => given.texts.get(file) !== text && (text !== undefined || given.texts.has(file)));
      if (texts.length === 0 && given.events.length === 0 && given.rejections === this.rejections) return;
      for (const [file, text] of texts) {
        given.texts.set(file, text);
        await catalog.setOpenText(file, text);
      }
      if (given.events.length > 0) await catalog.applyChanges(given.events.splice(0));
      if (given.rejections !== this.rejections) {
        given.rejections = this.rejections;
        await catalog.setBackstageRejections(given.rejections);
      }
    }
  }

  private publish(catalog: Catalog, files: WorkspaceFiles, store: CatalogSnapshotStore | undefined): void {
    this.current = catalog;
    this.reloadEvents = undefined;
    this.currentFiles = files;
    this.store = store;
    this.loaded = true;
    this.loading = undefined;
    this.shownPreview = undefined;
    this.markLoaded();
    this.markShown();
    this.markPreviewOrShown();
    this.onChange(catalog);
  }

  /**
   * Writes the saved catalog after `delay`: the catalog's snapshot once its pending work is done, then the search
   * index brought up to date with it; a change meanwhile would pair them wrongly, so the save waits for the next turn.
   */
  private scheduleSave(delay: number): void {
    const store = this.store;
    if (!store) return;
    // A save already due sooner, for the same store, stands.
    const due = Date.now() + delay;
    if (this.saveTimer && this.saveDue <= due && this.saveStore === store) return;
    clearTimeout(this.saveTimer);
    this.saveDue = due;
    this.saveStore = store;
    this.saveTimer = setTimeout(() => void this.save(store), delay);
    this.saveTimer.unref();
  }

  private async save(store: CatalogSnapshotStore): Promise<void> {
    this.saveTimer = undefined;
    const catalog = this.current;
    if (catalog.entities().length > MAX_SAVED_ENTITIES) return store.remove().catch(() => undefined);
    // A change reported meanwhile (a file event, an edit) would pair the two snapshots wrongly.
    const changes = this.changes;
    try {
      const saved = await catalog.snapshot();
      const search = await this.warmStart!.searchSnapshot();
      // A preview only of a snapshot that holds every entity the catalog shows (none left out for an editor's text).
      const whole = saved.files.reduce((count, file) => count + file.entities.length, 0) === catalog.entities().length;
      const preview = whole ? await previewOf(catalog, this.status()) : undefined;
      if (catalog !== this.current || store !== this.store) return;
      if (changes !== this.changes) return this.scheduleSave(catalog.entities().length <= SMALL_CATALOG ? SAVE_DELAY_MS : RESAVE_INTERVAL_MS);
      this.lastSave = Date.now();
      // Before the write is queued: an instance taken out meanwhile removes the file after it.
      this.savedInstances = new Set(saved.files.flatMap((file) => (file.remote ? [file.remote.baseUrl] : [])));
      await store.write({ catalog: saved, search, preview });
    } catch {
      // A catalog that cannot be saved is read from disk at the next start.
      this.savedInstances = new Set();
      await store.remove().catch(() => undefined);
    }
  }

  private async applyRemotes(catalog: Catalog): Promise<void> {
    // Backstage entities may arrive while the workspace loads: apply until the new catalog has the latest (a restored catalog holds some already).
    const applied = new Map(catalog.remoteFiles().map((file) => [file.remote!.baseUrl, file]));
    for (let pending = [...this.remotes]; pending.length > 0; pending = [...this.remotes].filter(([url, file]) => applied.get(url) !== file)) {
      for (const [baseUrl, file] of pending) {
        applied.set(baseUrl, file);
        await catalog.setRemote(baseUrl, file);
      }
    }
    // …and without an instance removed meanwhile.
    for (const baseUrl of applied.keys()) if (!this.remotes.has(baseUrl)) await catalog.setRemote(baseUrl, undefined);
  }

  async applyChanges(changes: readonly FileChange[]): Promise<void> {
    this.shownPreview = undefined;
    this.reloadEvents?.push(...changes);
    const catalog = this.current;
    await catalog.applyChanges(changes);
    if (catalog !== this.current) return;
    this.onChange(catalog);
    this.scheduleResave(catalog);
  }

  /** A save after a change: soon for a small catalog, at most every RESAVE_INTERVAL_MS for a large one. */
  private scheduleResave(catalog: Catalog): void {
    this.scheduleSave(catalog.entities().length <= SMALL_CATALOG ? SAVE_DELAY_MS : Math.max(SAVE_DELAY_MS, this.lastSave + RESAVE_INTERVAL_MS - Date.now()));
  }

  async setOpenText(file: string, text: string | undefined): Promise<void> {
    this.shownPreview = undefined;
    this.openTexts.set(file, text);
    const catalog = this.current;
    await catalog.setOpenText(file, text);
    if (catalog === this.current) this.onChange(catalog);
  }

  /** Sets (or, with undefined, removes) a Backstage instance's entities. */
  async setRemote(baseUrl: string, file: CatalogFile | undefined): Promise<void> {
    this.shownPreview = undefined;
    // A save whose snapshot was taken before this does not write it (see `save`).
    this.changes++;
    if (file) this.remotes.set(baseUrl, file);
    else this.remotes.delete(baseUrl);
    // An instance signed out of, or no longer configured: its entities leave the disk now (the saved catalog with them), not at the next save.
    const removed = !file && this.savedInstances.has(baseUrl);
    if (removed) {
      this.savedInstances = new Set();
      await this.store?.remove().catch(() => undefined);
    }
    const catalog = this.current;
    await catalog.setRemote(baseUrl, file);
    if (catalog !== this.current) return;
    this.onChange(catalog);
    // Saved again soon when the disk lacks the instance (its first load) or any saved catalog (removed above).
    if (removed || (file && !this.savedInstances.has(baseUrl))) this.scheduleSave(SAVE_DELAY_MS);
    else this.scheduleResave(catalog);
  }

  async setBackstageRejections(rejections: readonly BackstageRejection[]): Promise<void> {
    this.rejections = rejections;
    this.shownPreview = undefined;
    const catalog = this.current;
    await catalog.setBackstageRejections(rejections);
    if (catalog === this.current) this.onChange(catalog);
  }

  status(): CatalogStatus {
    if (this.loading) {
      // Problems are known once every file is read: a status while reading counts what has arrived.
      const { catalog, progress } = this.loading;
      return {
        loaded: false,
        entityCount: progress.entities,
        fileCount: progress.filesRead,
        errorCount: 0,
        warningCount: 0,
        ruleCount: catalog.organisationRules().length,
        version: this.changes,
        progress,
      };
    }
    if (this.shownPreview) return this.shownPreview.status(this.changes);
    const { error: errorCount, warning: warningCount } = this.current.problemCounts();
    return {
      loaded: this.loaded,
      entityCount: this.current.shownCount,
      fileCount: this.current.catalogFiles().length,
      errorCount,
      warningCount,
      ruleCount: this.current.organisationRules().length,
      version: this.changes,
    };
  }
}

/**
 * Whether a path lies inside the folders. Made outside `reload`: a closure made there shares its scope, and the store, kept
 * for the session, would keep the whole saved file `reload` read alive with it.
 */
function insideFolders(folders: readonly WorkspaceFolderSettings[]): (file: string) => boolean {
  return (file) => folders.some((folder) => isInside(file, folder.folder));
}

function indexOf(saved: SearchIndexSnapshot | undefined): CatalogSearchIndex | undefined {
  const index = new CatalogSearchIndex();
  try {
    return saved && index.restore(saved) ? index : undefined;
  } catch {
    return undefined;
  }
}
