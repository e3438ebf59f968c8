// The catalog: entities read from files and from Backstage, linked into one store with their relations and problems.
import * as path from 'node:path';
import type { CatalogProblem } from './catalogProblem';
import { packRanges, readCatalogFile, unreadableFile, type CatalogFile, type EntityRecord, type LocationTarget, type ReadOptions } from './catalogFile';
import { refusalReason, type CatalogSource, type FileRead, type GlobMatches, type ResolvedPath } from './catalogSource';
import type { YamlChunkCache } from '../language/yamlDocuments';
import { CatalogIndex, type CatalogChanges, type ReferenceSite } from './catalogIndex';
import { fileFailure, markLocationFailures, registeredRoots, type FollowedTarget } from './locationFailures';
import { AI_MODEL_MODULE } from './entityValidation';
import { readRulesFile, type OrganisationRule, type RulesFile } from './organisationRules';
import { FILE_START } from './textRange';
import { refKey, type EntityRelation } from './entityRelations';
import { backstageProblems, backstageQuestions, type BackstageQuestion, type BackstageRejection, type LocationRefsOf } from '../backstage/backstageVerdicts';

export type { ReferenceSite } from './catalogIndex';

export type FileChangeType = 'created' | 'changed' | 'deleted';

export interface FileChange {
  path: string;
  type: FileChangeType;
}

/** Reads one catalog file through a source: `readCatalogFile`, or a caller's way of running it elsewhere. */
export type CatalogFileReader = (source: CatalogSource, file: string, options: ReadOptions) => Promise<CatalogFile>;

/**
 * A catalog as read, for a warm start: its files with what they hold, the roots, where Location targets led, and
 * the modification stamp of every file read (`mtime:size`, or `missing`), so that what changed since is read again.
 */
export interface CatalogSnapshot {
  roots: string[];
  /** The files read from disk, and the Backstage instances' pseudo-files. */
  files: CatalogFile[];
  stamps: [string, string][];
  globs: [string, GlobMatches][];
  resolved: [string, ResolvedPath][];
  /** The organisation's rules the files were checked against, as JSON: other rules now mean reading every file. */
  rules: string;
}

/** How far a load has got: files read of those found so far, and the entities they hold. */
export interface LoadProgress {
  filesRead: number;
  filesFound: number;
  entities: number;
}

/**
 * Shows a load as it goes: at the end of each turn of the event loop in which files were read, those read so far are
 * linked (refs unchecked) and `onProgress` told, with the entities of the files read since it was last told.
 */
export interface LoadWatcher {
  onProgress(progress: LoadProgress, arrived: readonly EntityRecord[]): void;
}

export interface CatalogOptions {
  /** How files are read and parsed; by default on the calling thread. */
  readCatalogFile?: CatalogFileReader;
  /** Unsaved text of an open document past this many UTF-8 bytes is refused, as a file on disk past the source's limit is. */
  maxOpenBytes?: number;
  /** Backstage catalog modules the organisation runs (`greenroom.catalog.backstageModules`). */
  backstageModules?: readonly string[];
  /** The organisation's rules file (`.greenroom/rules.yaml`), read through the source like a catalog file; no rules while it is absent. */
  rulesFile?: string;
  /** How Backstage's location refs name a workspace file, for Backstage's verdicts on it; `file:<path>` by default. */
  locationRefsOf?: LocationRefsOf;
}

/**
 * The catalog of a workspace: every file its globs select, every file their Locations reach, the
 * entities in them, the relations between those entities, and every problem found on the way.
 *
 * Files are read once and kept; a change re-reads only the changed file (and the files that
 * `$text`-include it), then re-links in memory. All mutations run one at a time, in call order.
 */
export class Catalog {
  private readonly files = new Map<string, CatalogFile>();
  private readonly overlays = new Map<string, string>();
  /** Parsed chunks of the files open in editors: a keystroke re-parses one entity, not the whole file. */
  private readonly parseCaches = new Map<string, YamlChunkCache>();
  /** Where each Location target leads, by referring file and target: links change only when paths appear or go. */
  private readonly globCache = new Map<string, GlobMatches>();
  private readonly resolveCache = new Map<string, ResolvedPath>();
  private roots = new Set<string>();
  /** Backstage instances' entities by base URL, each as one pseudo-file; linked after the workspace's files. */
  private readonly remotes = new Map<string, CatalogFile>();
  /** Files no glob selects but which are open in an editor and hold entities: checked while open. */
  private readonly openRoots = new Set<string>();
  /** Paths that appeared since the last settle: files or whole folders to look for new roots in. */
  private readonly appeared = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Reads under way, so that targets read side by side never read one file twice. */
  private readonly reading = new Map<string, Promise<CatalogFile>>();
  private readonly index: CatalogIndex;
  private readonly source: CatalogSource;
  /** Each file's modification stamp as last read from disk (not an editor's text). */
  private readonly stamps = new Map<string, string>();
  /** How many files have been read from the source since creation: lets tests prove an edit re-reads one file. */
  fileReads = 0;

  private readonly readCatalogFile: CatalogFileReader;
  private readonly rulesFile?: string;
  private rules: RulesFile = { rules: [], problems: [] };
  private rejections: readonly BackstageRejection[] = [];
  /** Where each file's Location targets led at the last settle. */
  private followed: ReadonlyMap<string, readonly FollowedTarget[]> = new Map();
  /** Files read at the last full settle, and those of them a Location named (read with skeletons). */
  private linked: { seen: ReadonlySet<string>; named: ReadonlySet<string> } | undefined;
  /** Files `invalidate` dropped since the last settle, with their last reading. */
  private readonly invalidated = new Map<string, CatalogFile>();
  /** Set by a change that may alter which files are read or how they link (a path created or deleted, roots, rules, Backstage): the next settle follows every Location again. */
  private relinkAll = true;
  private readonly locationRefsOf?: LocationRefsOf;
  /** Between `restore` and `reconcile`: refs are left unchecked, so that the saved catalog shows at once. */
  private refsDeferred = false;
  /** Whether `rules` holds the rules file as it is now: a change to it, or a load, sets this back. */
  private rulesRead = false;
  private configuredModules: readonly string[];
  /** The configured modules, plus the AI model module while a connected Backstage serves AiResource entities. */
  private modules: readonly string[];

  constructor(source: CatalogSource, options: CatalogOptions = {}) {
    this.readCatalogFile = options.readCatalogFile ?? readCatalogFile;
    this.configuredModules = this.modules = options.backstageModules ?? [];
    this.rulesFile = options.rulesFile;
    this.locationRefsOf = options.locationRefsOf;
    this.index = new CatalogIndex((file) => source.displayPath?.(file) ?? file);
    const maxOpenBytes = options.maxOpenBytes ?? Infinity;
    // Every read goes through here: open editors' unsaved text wins over the disk.
    this.source = {
      listRoots: (under, found) => source.listRoots(under, found),
      resolve: (referrer, target) => source.resolve(referrer, target),
      glob: (referrer, pattern) => source.glob(referrer, pattern),
      stampOf: (file) => source.stampOf?.(file) ?? Promise.resolve(undefined),
      onDisk: async (file) => (this.overlays.has(file) ? undefined : source.onDisk?.(file)),
      readElsewhere: (file, stamp) => {
        this.fileReads++;
        this.stamps.set(file, stamp);
      },
      readFile: async (file): Promise<FileRead> => {
        this.fileReads++;
        const open = this.overlays.get(file);
        if (open === undefined) {
          const read = await source.readFile(file);
          const stamp = read.ok ? read.stamp : read.reason === 'missing' ? 'missing' : undefined;
          if (stamp === undefined) this.stamps.delete(file);
          else this.stamps.set(file, stamp);
          return read;
        }
        const bytes = bytesOver(open, maxOpenBytes);
        if (bytes === undefined) return { ok: true, text: open };
        const mb = 1024 * 1024;
        return { ok: false, reason: 'too-large', message: `This document is ${(bytes / mb).toFixed(1)} MB; catalog files over ${maxOpenBytes / mb} MB are not read. Split it with a Location entity.` };
      },
    };
  }

  /**
   * Discovers the roots and reads everything from scratch. With a `watcher`, the catalog answers from the files read so
   * far while the load goes on (the index gains them as they come; duplicates, Location failures and ref problems wait
   * for the end).
   */
  load(watcher?: LoadWatcher): Promise<void> {
    return this.enqueue(async () => {
      this.files.clear();
      this.globCache.clear();
      this.resolveCache.clear();
      this.rulesRead = false;
      this.relinkAll = true;
      // The rules first: the roots are read with them as they are found, while the rest of the workspace is walked.
      await this.readRules();
      const early = readingAhead((root) => this.read(root, true));
      try {
        this.roots = new Set(await this.source.listRoots(undefined, early.add));
      } finally {
        early.stop();
      }
      await this.settle(watcher);
    });
  }

  /**
   * Shows a saved catalog without reading its files: each is taken as saved, unless an editor holds its text.
   * Its refs are checked by the next update: `reconcile`, which also reads what changed since.
   */
  restore(saved: CatalogSnapshot): Promise<void> {
    return this.enqueue(async () => {
      const open = (file: CatalogFile) => this.overlays.has(file.path) || file.dependencies.some((dependency) => this.overlays.has(dependency));
      // Backstage's first: the modules its entities call for are those the saved files were checked with.
      for (const file of saved.files) if (file.remote) this.remotes.set(file.remote.baseUrl, file);
      this.updateModules();
      for (const file of saved.files) if (!file.remote && !open(file)) this.files.set(file.path, file);
      for (const [file, stamp] of saved.stamps) this.stamps.set(file, stamp);
      for (const [key, matches] of saved.globs) this.globCache.set(key, matches);
      for (const [key, resolved] of saved.resolved) this.resolveCache.set(key, resolved);
      this.roots = new Set(saved.roots);
      this.relinkAll = true;
      // Texts an editor held before the restore have read the rules already: the saved rules still need comparing.
      this.rulesRead = false;
      await this.readRules(saved.rules);
      this.refsDeferred = true;
      await this.settle();
    });
  }

  /**
   * After `restore`: finds the roots again and reads every file whose stamp changed (and the files that
   * include it), and whatever is new; files that did not change keep their saved reading. Resolves to whether
   * any file was read again, came or went.
   */
  async reconcile(): Promise<boolean> {
    let changed = false;
    await this.enqueue(async () => {
      // Refs are checked from here on, even if reading the stamps or the roots fails.
      this.refsDeferred = false;
      const restored = new Map(this.files);
      const saved = [...this.stamps];
      const now = await sideBySide(saved, ([file]) => this.source.stampOf!(file));
      saved.forEach(([file, stamp], index) => {
        if (now[index] === stamp) return;
        this.stamps.delete(file);
        this.invalidate({ path: file, type: 'changed' });
      });
      this.globCache.clear();
      this.resolveCache.clear();
      this.rulesRead = false;
      this.relinkAll = true;
      this.roots = new Set(await this.source.listRoots());
      await this.settle();
      changed = this.files.size !== restored.size || [...this.files].some(([file, read]) => restored.get(file) !== read);
    });
    return changed;
  }

  /**
   * The catalog's files as read from disk, for `restore` at the next start, once the work queued before is done (a
   * snapshot taken halfway through an update would pair new files with an index of the old); files an editor holds are
   * left out.
   */
  async snapshot(): Promise<CatalogSnapshot> {
    let taken: CatalogSnapshot | undefined;
    await this.enqueue(() => {
      taken = this.snapshotNow();
      return Promise.resolve();
    });
    return taken!;
  }

  private snapshotNow(): CatalogSnapshot {
    const stamped = (file: string) => this.stamps.has(file) && !this.overlays.has(file);
    const files = [...this.files.values()].filter((file) => stamped(file.path) && file.dependencies.every(stamped));
    const kept = new Set(files.flatMap((file) => [file.path, ...file.dependencies]));
    return {
      roots: [...this.roots],
      // Backstage's entities too: a start shows them with the workspace's, and their instance's sync confirms them against its cache.
      files: [...files, ...this.remoteFiles()],
      stamps: [...this.stamps].filter(([file]) => kept.has(file)),
      globs: [...this.globCache],
      resolved: [...this.resolveCache],
      rules: JSON.stringify(this.rules.rules),
    };
  }

  /** Applies file-system events (from a watcher) and re-links. */
  applyChanges(changes: readonly FileChange[]): Promise<void> {
    return this.enqueue(async () => {
      for (const change of changes) this.invalidate(change);
      await this.settle();
    });
  }

  /** Sets (or, with undefined, clears) the unsaved text of a file open in an editor. */
  setOpenText(file: string, text: string | undefined): Promise<void> {
    return this.enqueue(async () => {
      if (text === undefined) {
        this.overlays.delete(file);
        this.parseCaches.delete(file);
      } else {
        this.overlays.set(file, text);
        if (!this.parseCaches.has(file)) this.parseCaches.set(file, new Map());
      }
      const openRoot = text !== undefined && looksLikeCatalogFile(text);
      if (openRoot !== this.openRoots.has(file)) this.relinkAll = true;
      if (openRoot) this.openRoots.add(file);
      else this.openRoots.delete(file);
      this.invalidate({ path: file, type: 'changed' });
      await this.settle();
    });
  }

  /**
   * Sets (or, with undefined, removes) the entities read from a Backstage instance. A ref defined in
   * the workspace too counts as the workspace's: that copy is the one being edited.
   */
  setRemote(baseUrl: string, file: CatalogFile | undefined): Promise<void> {
    return this.enqueue(async () => {
      if (file) this.remotes.set(baseUrl, file);
      else this.remotes.delete(baseUrl);
      this.relinkAll = true;
      this.updateModules();
      await this.settle();
    });
  }

  /** Sets what Backstage's validate-entity endpoint refused of the workspace's entities; shown while those versions stand. */
  setBackstageRejections(rejections: readonly BackstageRejection[]): Promise<void> {
    return this.enqueue(async () => {
      this.rejections = rejections;
      this.relinkAll = true;
      await this.settle();
    });
  }

  /** The workspace's entities a connected Backstage reads but does not have: what to ask its validate-entity endpoint. */
  backstageQuestions(): BackstageQuestion[] {
    return backstageQuestions(this.files.values(), this.remotes.values(), this.locationRefsOf);
  }

  /** Sets the Backstage catalog modules in use; entities are validated again when that changes what is known. */
  setBackstageModules(modules: readonly string[]): Promise<void> {
    return this.enqueue(async () => {
      this.configuredModules = modules;
      this.updateModules();
      await this.settle();
    });
  }

  private updateModules(): void {
    const served = [...this.remotes.values()].some((file) => file.entities.some((record) => record.entity.kind === 'AiResource'));
    const modules = [...new Set([...this.configuredModules, ...(served ? [AI_MODEL_MODULE] : [])])].sort();
    if (modules.join('\n') === [...this.modules].sort().join('\n')) return;
    this.modules = modules;
    // Every entity is validated again: the files are read anew.
    this.files.clear();
    this.relinkAll = true;
  }

  /** The organisation's rules in force (those of the rules file that could be read). */
  organisationRules(): readonly OrganisationRule[] {
    return this.rules.rules;
  }

  /** Each entity once: every workspace definition (duplicates included), and remote ones no workspace file defines. */
  shownEntities(): readonly EntityRecord[] {
    return this.entities().filter((record) => !record.remote || this.index.entity(record.key) === record);
  }

  /** The Backstage instances' pseudo-files the catalog holds, each with the time of its load (what a snapshot saves). */
  remoteFiles(): readonly CatalogFile[] {
    return [...this.remotes.values()].filter((file) => file.fetchedAt !== undefined);
  }

  /** The copies of a ref read from Backstage instances. */
  remoteCopies(ref: string): readonly EntityRecord[] {
    return this.index.definitionsOf(refKey(ref)).filter((record) => record.remote);
  }

  /** Every entity read, valid or not, duplicates included, in discovery order. */
  entities(): readonly EntityRecord[] {
    return this.index.entities();
  }

  /** The definition that counts for a ref (the first one found when it is defined twice). */
  entity(ref: string): EntityRecord | undefined {
    return this.index.entity(refKey(ref));
  }

  /**
   * What a workspace Location's targets led to at the last reading: each target as written, the refs the
   * files it matched define, and why it failed if it did. Empty for a Location only Backstage has.
   */
  locationTargets(record: EntityRecord): { written: string; refs: string[]; failure?: string }[] {
    return (this.followed.get(record.path) ?? [])
      .filter(({ target }) => target.documentIndex === record.documentIndex)
      .map(({ target, matches, failure }) => ({ written: target.written, refs: matches.flatMap((file) => this.files.get(file)?.entities.map((entity) => entity.ref) ?? []), failure }));
  }

  /** The catalog files that read `file` through `$text`, `$json` or `$yaml` (an API's definition, say). */
  filesIncluding(file: string): string[] {
    return [...this.files.values()].filter((read) => read.dependencies.includes(file)).map((read) => read.path);
  }

  /** Relations whose source is `ref`, from every entity that emits one. */
  relationsOf(ref: string): readonly EntityRelation[] {
    return this.index.relationsOf(refKey(ref));
  }

  /** Indexes the relations ahead of the first question, `pause` between slices (see CatalogIndex.prepareRelations). */
  prepareRelations(pause: () => Promise<void>): Promise<void> {
    return this.index.prepareRelations(pause);
  }

  /** Problems by file, for every catalog file and every file a Location names. */
  problems(): ReadonlyMap<string, readonly CatalogProblem[]> {
    return this.index.problems();
  }

  /** See CatalogIndex.changeCursor: a cursor for `changesSince` covering what is linked so far, cheap enough to take during a load. */
  get changeCursor(): number {
    return this.index.changeCursor;
  }

  /** See CatalogIndex.changesSince: the files to look at again since an earlier call, for consumers that keep something per file. */
  changesSince(cursor: number | undefined): CatalogChanges {
    return this.index.changesSince(cursor);
  }

  /** How many problems of each severity `problems` holds, counted as they change. */
  problemCounts(): Readonly<Record<CatalogProblem['severity'], number>> {
    return this.index.problemCounts();
  }

  /** The entities read from one catalog file or Backstage instance's pseudo-file, in document order. */
  entitiesOf(file: string): readonly EntityRecord[] {
    return this.index.entitiesOf(file);
  }

  /** Entities that count, of one kind (case-insensitive), for completion and suggestions. */
  entitiesOfKind(kind: string): readonly EntityRecord[] {
    return this.index.entitiesOfKind(kind.toLowerCase());
  }

  /** Every place a spec field refers to `ref`: who owns, depends on, consumes it. */
  referencesTo(ref: string): readonly ReferenceSite[] {
    return this.index.referencesTo(refKey(ref));
  }

  /** How many entities `shownEntities` holds, without listing them. */
  get shownCount(): number {
    return this.index.shownSize;
  }

  /** How many entities were read, valid or not, duplicates included. */
  get entityCount(): number {
    return this.index.size;
  }

  /** The parsed chunks of a file open in an editor: its editor features read the parse its diagnostics came from. */
  openParseCache(file: string): YamlChunkCache | undefined {
    return this.parseCaches.get(file);
  }

  /** The unsaved text of a file open in an editor, which its records' lines count in. */
  openText(file: string): string | undefined {
    return this.overlays.get(file);
  }

  /** Whether a file is one of the catalog's files. */
  isCatalogFile(file: string): boolean {
    return this.index.hasFile(file);
  }

  /** Catalog files currently read, in discovery order (Backstage instances' pseudo-files last). */
  catalogFiles(): readonly string[] {
    return this.index.catalogFiles();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private invalidate(change: FileChange): void {
    const changed = change.path;
    // A created or deleted path may be a folder: everything below it is affected too.
    const affects = (file: string) => file === changed || (change.type !== 'changed' && file.startsWith(changed + path.sep));
    if (change.type !== 'changed') {
      this.globCache.clear();
      this.resolveCache.clear();
      this.relinkAll = true;
    }
    if (this.rulesFile && affects(this.rulesFile)) this.rulesRead = false;
    if (change.type === 'created') this.appeared.add(changed);
    if (change.type === 'deleted') for (const root of [...this.roots]) if (affects(root)) this.roots.delete(root);
    for (const record of [...this.files.values()]) {
      if (!affects(record.path) && !record.dependencies.some(affects)) continue;
      this.files.delete(record.path);
      if (!this.invalidated.has(record.path)) this.invalidated.set(record.path, record);
    }
  }

  /** Reads whatever is reachable and not yet read, then rebuilds the in-memory links; a `watcher` sees the files as they are read. */
  private async settle(watcher?: LoadWatcher): Promise<void> {
    await this.readRules();
    if (!this.relinkAll && this.appeared.size === 0 && !watcher && (await this.relinkInPlace())) return;
    for (const under of this.appeared) for (const root of await this.source.listRoots(under)) this.roots.add(root);
    this.appeared.clear();
    const reached: string[] = [];
    const seen = new Set<string>();
    const graphProblems: CatalogProblem[] = [];
    const followed = new Map<string, FollowedTarget[]>();

    // The files being read, from a root down to the current one: a target among them is a cycle.
    const chain: string[] = [];
    const onChain = new Set<string>();
    /** Files known to be read in this settle (roots, and targets met so far): the watcher's "of N files". */
    const found = new Set<string>();
    let shownFiles = 0;
    let showing = false;
    /** Set once this settle is over, linked or failed: progress shown later would link its files into the next. */
    let over = false;
    let showFailure: { error: unknown } | undefined;
    const showProgress = () => {
      if (!watcher || showing) return;
      // At the end of the turn: the files a parse worker's job brought together are shown together.
      showing = true;
      setImmediate(show);
    };
    const show = () => {
      showing = false;
      if (!watcher || over) return;
      try {
        // Files are only added, in the order they were reached: each time, what came since the last is linked.
        const files = reached.slice(shownFiles).map((file) => this.files.get(file)!);
        this.index.append(files);
        const arrived = files.flatMap((file) => file.entities);
        shownFiles = reached.length;
        watcher.onProgress({ filesRead: reached.length, filesFound: found.size, entities: this.index.shownSize }, arrived);
      } catch (error) {
        // The load fails, as when progress was shown on the spot: the next file visited throws it.
        showFailure ??= { error };
      }
    };

    const named = new Set<string>();
    /** Roots visited as template skeletons and skipped: a Location naming one later follows it after all. */
    const skipped = new Set<string>();
    const visit = async (file: string, skipSkeletons: boolean): Promise<void> => {
      if (showFailure) throw showFailure.error;
      seen.add(file);
      skipped.delete(file);
      if (!skipSkeletons) named.add(file);
      // Most files are already read: skipping the await keeps a re-link of thousands of files quick.
      let record = this.files.get(file) ?? (await this.read(file, skipSkeletons));
      // A root read ahead as a skeleton that a Location names after all is read as the Location reads it.
      if (record.isSkeleton && !skipSkeletons) {
        this.files.delete(file);
        record = await this.read(file, false);
      }
      if (record.isSkeleton) skipped.add(file);
      if (record.isSkeleton || record.readFailure === 'missing') return;
      reached.push(file);
      showProgress();
      chain.push(file);
      onChain.add(file);
      // A Location may name thousands of files: they are found and read side by side (READ_AHEAD at a time), and followed
      // in order, each as soon as it is read, so that what is shown grows as they arrive. A read that fails fails the
      // update through the visit that waits for it.
      const reads = readingAhead((match) => this.read(match, false).catch(() => undefined));
      const unread = (match: string) => !seen.has(match) && !onChain.has(match) && !this.files.has(match);
      const located = await sideBySide(record.targets, async (target) => {
        const reached = await this.locate(file, target).catch((error: unknown) => ({ matches: [], problems: [unfollowed(file, target, error)] }));
        // A file named outright is read as soon as it is found; a glob's files once all are found.
        if (!target.isGlob) reached.matches.filter(unread).forEach(reads.add);
        return reached;
      });
      for (const { matches } of located) for (const match of matches) found.add(match);
      new Set(located.flatMap(({ matches }, index) => (record.targets[index].isGlob ? matches.filter(unread) : []))).forEach(reads.add);
      const expanded: { matches: string[]; problems: CatalogProblem[] }[] = [];
      try {
        for (const [index, target] of record.targets.entries()) {
          const { matches, problems } = (expanded[index] = await this.exists(file, target, located[index]));
          // A file named outright that turned out missing is no file found.
          if (matches.length === 0) for (const match of located[index].matches) found.delete(match);
          graphProblems.push(...problems);
          for (const match of matches) {
            if (onChain.has(match)) {
              const loop = [...chain.slice(chain.indexOf(match)), match].map((p) => path.basename(p)).join(' → ');
              graphProblems.push({
                path: file,
                range: target.range,
                severity: 'warning',
                code: 'location-cycle',
                message: `Location target ${target.written} leads back to a file already being read (${loop}); it is not followed again`,
              });
              continue;
            }
            if (seen.has(match) && !skipped.has(match)) continue;
            await visit(match, false);
          }
        }
      } finally {
        reads.stop();
      }
      followed.set(
        file,
        record.targets.map((target, index) => ({ target, matches: expanded[index].matches, failure: expanded[index].problems.find((p) => p.severity === 'error')?.message })),
      );
      chain.pop();
      onChain.delete(file);
    };

    const roots = new Set([...this.roots, ...this.openRoots]);
    for (const root of roots) found.add(root);
    const ordered = [...roots].sort();
    let ahead = 0;
    try {
      for (const [position, root] of ordered.entries()) {
        // Roots are read ahead, side by side, while they are followed in order: the disk works while the parser does.
        for (; ahead < Math.min(ordered.length, position + READ_AHEAD); ahead++) if (!this.files.has(ordered[ahead])) void this.read(ordered[ahead], true);
        if (!seen.has(root)) await visit(root, true);
      }
      if (showFailure) throw showFailure.error;
    } finally {
      over = true;
    }
    for (const file of [...this.files.keys()]) {
      if (!seen.has(file)) this.files.delete(file);
    }
    if (this.rulesFile) graphProblems.push(...this.rules.problems.map((problem) => ({ ...problem, path: this.rulesFile! })));
    const reachedSet = new Set(reached);
    const { registered, depth } = registeredRoots(new Set([...roots].filter((root) => reachedSet.has(root))), followed);
    // Nearer files first: Backstage ingests them first, so their definition of a duplicated ref stays.
    const byDepth = reached.map((file, index) => ({ file, index, depth: depth.get(file) ?? Infinity })).sort((a, b) => a.depth - b.depth || a.index - b.index);
    const reachedFiles = new Map(byDepth.map(({ file }) => [file, this.files.get(file)!]));
    graphProblems.push(...markLocationFailures(reachedFiles, registered, followed));
    graphProblems.push(...backstageProblems(reachedFiles.values(), this.remotes.values(), this.rejections, this.locationRefsOf));
    this.index.update([...reachedFiles.values(), ...this.remotes.values()], graphProblems, !this.refsDeferred);
    this.followed = followed;
    this.linked = { seen, named };
    this.invalidated.clear();
    this.relinkAll = false;
  }

  /**
   * Re-reads the files an edit dropped and swaps them into the index in place, when their new readings link as the old
   * ones did: neither holds a Location, each is read (no skeleton, no missing file) and fails Backstage's parser the same
   * way. Which files are read, in which order, and what every Location does then stay as the last full settle found
   * them, so an edit costs its files, not the catalog. False when the links may have changed: the full settle follows.
   */
  private async relinkInPlace(): Promise<boolean> {
    if (!this.linked) return false;
    const changed: { old: CatalogFile; next: CatalogFile }[] = [];
    for (const [file, old] of this.invalidated) {
      if (!this.linked.seen.has(file) || file === this.rulesFile || !linksAlone(old)) return false;
      const next = await this.read(file, !this.linked.named.has(file));
      if (!linksAlone(next) || next.readFailure !== old.readFailure || fileFailure(next) !== fileFailure(old)) return false;
      // A file that held no entities may have been left out of a failing Location's ingestion: nothing says why.
      if (old.entities.length === 0 && next.entities.length > 0) return false;
      changed.push({ old, next });
    }
    for (const { old, next } of changed) {
      keepUnchanged(old, next);
      // What markLocationFailures says of a file without Locations is said of all its entities alike.
      const reason = old.entities[0]?.notIngested?.reason;
      for (const record of next.entities) {
        if (reason) record.notIngested = { reason, failedLocation: false };
        else if (record.notIngested) delete record.notIngested;
      }
    }
    const files = changed.map(({ next }) => next);
    this.index.replace(files, backstageProblems(files, this.remotes.values(), this.rejections, this.locationRefsOf), !this.refsDeferred);
    this.invalidated.clear();
    return true;
  }

  /** Reads the rules file when it changed; when its rules changed, every file is checked again. */
  private async readRules(previous = JSON.stringify(this.rules.rules)): Promise<void> {
    if (!this.rulesFile || this.rulesRead) return;
    this.rulesRead = true;
    // The rules file's own problems are the graph's: the full settle places them.
    this.relinkAll = true;
    const read = await this.source.readFile(this.rulesFile);
    const unreadable = !read.ok && read.reason !== 'missing' ? [{ range: FILE_START, severity: 'error' as const, code: 'rules-file-invalid' as const, message: read.message }] : [];
    const next = read.ok ? readRulesFile(read.text) : { rules: [], problems: unreadable };
    if (JSON.stringify(next.rules) !== previous) this.files.clear();
    this.rules = next;
  }

  /** Reads a file once, however many targets ask for it at the same time. */
  private read(file: string, skipSkeletons: boolean): Promise<CatalogFile> {
    const record = this.files.get(file);
    if (record) return Promise.resolve(record);
    let reading = this.reading.get(file);
    if (!reading) {
      // Whatever goes wrong in one file is a problem on it: the update goes on with the others.
      const attempt = this.readCatalogFile(this.source, file, { skipSkeletons, parseCache: this.parseCaches.get(file), modules: this.modules, rules: this.rules.rules }).catch((error: unknown) =>
        unreadableFile(file, error),
      );
      reading = attempt.then((read) => {
        this.reading.delete(file);
        this.files.set(file, packRanges(read));
        return read;
      });
      this.reading.set(file, reading);
    }
    return reading;
  }

  /**
   * The files a Location target reaches inside its file's workspace folder, and the problems on the target's line. A file
   * named outright may still be missing: `exists` tells once it is read.
   */
  private async locate(file: string, target: LocationTarget): Promise<{ matches: string[]; problems: CatalogProblem[] }> {
    const problem = targetProblem(file, target);
    const key = `${file}\n${target.pattern}`;
    if (!target.isGlob) {
      let resolved = this.resolveCache.get(key);
      if (!resolved) {
        resolved = await this.source.resolve(file, target.pattern);
        this.resolveCache.set(key, resolved);
      }
      if (!resolved.ok) return { matches: [], problems: [problem('error', 'location-outside-workspace', `Location target ${target.written} is not read: ${refusalReason(resolved.refusal)}`)] };
      return { matches: [resolved.path], problems: [] };
    }
    let globbed = this.globCache.get(key);
    if (!globbed) {
      globbed = await this.source.glob(file, target.pattern);
      this.globCache.set(key, globbed);
    }
    const problems: CatalogProblem[] = [];
    if (globbed.refusal) problems.push(problem('error', 'location-outside-workspace', `Location target ${target.written} is not read: ${refusalReason(globbed.refusal)}`));
    else if (globbed.files.length === 0 && globbed.linksOutside.length === 0) problems.push(missingTarget(file, target));
    if (globbed.linksOutside.length > 0) {
      const links = globbed.linksOutside.slice(0, 3).join(', ') + (globbed.linksOutside.length > 3 ? ', …' : '');
      problems.push(
        problem('error', 'location-outside-workspace', `Location target ${target.written} reaches symbolic links that lead outside the workspace folder (${links}); they are not followed`),
      );
    }
    if (globbed.cappedAt !== undefined) {
      problems.push(problem('warning', 'location-too-many-files', `Location target ${target.written} matches more than ${globbed.cappedAt} files; only the first ${globbed.cappedAt} are read`));
    }
    return { matches: globbed.files, problems };
  }

  /** What a target located reaches once its file named outright is read: nothing, with a problem, when that file is missing. */
  private async exists(file: string, target: LocationTarget, located: { matches: string[]; problems: CatalogProblem[] }): Promise<{ matches: string[]; problems: CatalogProblem[] }> {
    if (target.isGlob || located.matches.length !== 1) return located;
    const [match] = located.matches;
    const record = this.files.get(match) ?? (await this.read(match, false));
    return record.readFailure === 'missing' ? { matches: [], problems: [missingTarget(file, target)] } : located;
  }
}

function targetProblem(file: string, target: LocationTarget): (severity: CatalogProblem['severity'], code: CatalogProblem['code'], message: string) => CatalogProblem {
  return (severity, code, message) => ({ path: file, range: target.range, severity, code, message });
}

function missingTarget(file: string, target: LocationTarget): CatalogProblem {
  return targetProblem(file, target)('error', 'location-missing-target', `file ${target.pattern} does not exist`);
}

/** A read file that no Location's outcome hangs on but its own failure: it holds no Location and is no skeleton, missing file or Backstage page. */
function linksAlone(file: CatalogFile): boolean {
  return file.targets.length === 0 && !file.isSkeleton && file.readFailure !== 'missing' && !file.remote && !file.entities.some((record) => record.entity.kind === 'Location');
}

/** What a record says, for telling one an edit left as it was; kept per record, as an edited file's records are compared at every edit. */
const fingerprints = new WeakMap<EntityRecord, string>();

function fingerprint(record: EntityRecord): string {
  let found = fingerprints.get(record);
  if (found === undefined) {
    found = JSON.stringify([record.ref, record.documentIndex, record.range, record.selectionRange, record.failure, record.refs, record.entity]);
    fingerprints.set(record, found);
  }
  return found;
}

/**
 * Puts back, in a file's new reading, the old record of each entity that reads exactly as before: the index then
 * links only the entities an edit changed, and the search re-indexes only those, rather than the whole file.
 */
function keepUnchanged(old: CatalogFile, next: CatalogFile): void {
  const before = new Map(old.entities.map((record) => [fingerprint(record), record]));
  next.entities = next.entities.map((record) => before.get(fingerprint(record)) ?? record);
}

/** A target that could not be followed, whatever the reason: a problem on its line, not the end of the update. */
function unfollowed(file: string, target: LocationTarget, error: unknown): CatalogProblem {
  const reason = error instanceof Error ? error.message : String(error);
  return { path: file, range: target.range, severity: 'error', code: 'location-invalid-target', message: `Location target ${target.written} could not be followed: ${reason}` };
}

/** Files resolved or read side by side: enough to keep the disk busy, few enough to bound what is held at once. */
const READ_BATCH = 64;
/** How many roots past the one being followed are read already. */
const READ_AHEAD = 64;

/** Reads files as they are named, at most READ_AHEAD at a time, until stopped: then the settle reads ahead in its own order. */
function readingAhead(read: (file: string) => Promise<unknown>): { add: (file: string) => void; stop: () => void } {
  const queue: string[] = [];
  let next = 0;
  let running = 0;
  let stopped = false;
  const start = () => {
    for (; !stopped && running < READ_AHEAD && next < queue.length; running++) {
      void read(queue[next++]).finally(() => {
        running--;
        start();
      });
    }
  };
  return {
    add: (file) => {
      queue.push(file);
      start();
    },
    stop: () => {
      stopped = true;
    },
  };
}

/** `task` over every item, READ_BATCH at a time, the next starting as one ends (not a batch after a batch: the parse workers would wait for its slowest); results in the items' order. */
async function sideBySide<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  // Once one fails the update does: the other lanes start nothing more, which would land in the next one.
  let failed = false;
  const lane = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await task(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_BATCH, items.length) }, lane));
  return results;
}

/** The text's size in UTF-8 bytes when it is over `limit`, else undefined. */
export function bytesOver(text: string, limit: number): number | undefined {
  // Cheap first: a string has at most three UTF-8 bytes per UTF-16 unit.
  if (text.length * 3 <= limit) return undefined;
  const bytes = Buffer.byteLength(text);
  return bytes > limit ? bytes : undefined;
}

/** Any YAML whose first document is a Backstage entity, whatever the file is called and whatever comments precede it. */
export function looksLikeCatalogFile(text: string): boolean {
  // Part by part rather than split whole: the text may be a huge document.
  const separator = /^---/gm;
  for (let start = 0; ;) {
    const found = separator.exec(text);
    const part = text.slice(start, found?.index ?? text.length);
    // A header of comments (or a `%YAML` directive) before the first `---` is no document.
    if (/^\s*[^\s#%]/m.test(part)) return /^apiVersion:\s*['"]?(backstage\.io|scaffolder\.backstage\.io)\//m.test(part);
    if (!found) return false;
    start = found.index + 3;
  }
}
