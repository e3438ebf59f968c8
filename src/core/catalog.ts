import * as path from 'node:path';
import type { CatalogProblem } from './catalogProblem';
import { readCatalogFile, type CatalogFile, type EntityRecord, type LocationTarget } from './catalogFile';
import type { CatalogSource, FileRead } from './catalogSource';
import { refKey, type EntityRelation } from './entityRelations';
import { RefSuggestions } from './refSuggestions';

export type FileChangeType = 'created' | 'changed' | 'deleted';

export interface FileChange {
  path: string;
  type: FileChangeType;
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
  private readonly globCache = new Map<string, string[]>();
  private roots = new Set<string>();
  /** Files no glob selects but which are open in an editor and hold entities: checked while open. */
  private readonly openRoots = new Set<string>();
  /** Paths that appeared since the last settle: files or whole folders to look for new roots in. */
  private readonly appeared = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private linked: Linked = emptyLinked();
  private readonly suggestions = new RefSuggestions();
  private readonly source: CatalogSource;
  /** How many files have been read from the source since creation: lets tests prove an edit re-reads one file. */
  fileReads = 0;
  /** Bumped on every completed update, so that callers can tell snapshots apart. */
  version = 0;

  constructor(source: CatalogSource) {
    // Every read goes through here: open editors' unsaved text wins over the disk.
    this.source = {
      listRoots: (under) => source.listRoots(under),
      glob: (pattern) => source.glob(pattern),
      readFile: async (file): Promise<FileRead> => {
        this.fileReads++;
        const open = this.overlays.get(file);
        return open !== undefined ? { ok: true, text: open } : source.readFile(file);
      },
    };
  }

  /** Discovers the roots and reads everything from scratch. */
  load(): Promise<void> {
    return this.enqueue(async () => {
      this.files.clear();
      this.globCache.clear();
      this.roots = new Set(await this.source.listRoots());
      await this.settle();
    });
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
      if (text === undefined) this.overlays.delete(file);
      else this.overlays.set(file, text);
      if (text !== undefined && looksLikeCatalogFile(text)) this.openRoots.add(file);
      else this.openRoots.delete(file);
      this.invalidate({ path: file, type: 'changed' });
      await this.settle();
    });
  }

  /** Every entity read, valid or not, duplicates included, in discovery order. */
  entities(): readonly EntityRecord[] {
    return this.linked.entities;
  }

  /** The definition that counts for a ref (the first one found when it is defined twice). */
  entity(ref: string): EntityRecord | undefined {
    return this.linked.byKey.get(refKey(ref));
  }

  /** Relations whose source is `ref`, from every entity that emits one. */
  relationsOf(ref: string): readonly EntityRelation[] {
    return this.linked.relations.get(refKey(ref)) ?? [];
  }

  /** Problems by file, for every catalog file and every file a Location names. */
  problems(): ReadonlyMap<string, readonly CatalogProblem[]> {
    return this.linked.problems;
  }

  /** Entities that count, of one kind (case-insensitive), for completion and suggestions. */
  entitiesOfKind(kind: string): readonly EntityRecord[] {
    return this.linked.byKind.get(kind.toLowerCase()) ?? [];
  }

  /** Every place a spec field refers to `ref`: who owns, depends on, consumes it. */
  referencesTo(ref: string): readonly ReferenceSite[] {
    return this.linked.references.get(refKey(ref)) ?? [];
  }

  /** Catalog files currently read, in discovery order. */
  catalogFiles(): readonly string[] {
    return this.linked.files;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run.then(() => {
      this.version++;
    });
  }

  private invalidate(change: FileChange): void {
    const changed = change.path;
    // A created or deleted path may be a folder: everything below it is affected too.
    const affects = (file: string) => file === changed || (change.type !== 'changed' && file.startsWith(changed + path.sep));
    if (change.type !== 'changed') this.globCache.clear();
    if (change.type === 'created') this.appeared.add(changed);
    if (change.type === 'deleted') for (const root of [...this.roots]) if (affects(root)) this.roots.delete(root);
    for (const record of [...this.files.values()]) {
      if (affects(record.path) || record.dependencies.some(affects)) this.files.delete(record.path);
    }
  }

  /** Reads whatever is reachable and not yet read, then rebuilds the in-memory links. */
  private async settle(): Promise<void> {
    for (const under of this.appeared) for (const root of await this.source.listRoots(under)) this.roots.add(root);
    this.appeared.clear();
    const reached: string[] = [];
    const seen = new Set<string>();
    const graphProblems: CatalogProblem[] = [];

    const visit = async (file: string, chain: string[], skipSkeletons: boolean): Promise<void> => {
      seen.add(file);
      const record = await this.read(file, skipSkeletons);
      if (record.isSkeleton || record.readFailure === 'missing') return;
      reached.push(file);
      for (const target of record.targets) {
        const matches = await this.expand(target);
        if (matches.length === 0) {
          graphProblems.push({ path: file, range: target.range, severity: 'error', code: 'location-missing-target', message: `file ${target.pattern} does not exist` });
          continue;
        }
        for (const match of matches) {
          const next = [...chain, file];
          if (next.includes(match)) {
            const loop = [...next.slice(next.indexOf(match)), match].map((p) => path.basename(p)).join(' → ');
            graphProblems.push({ path: file, range: target.range, severity: 'warning', code: 'location-cycle', message: `Location target ${target.written} leads back to a file already being read (${loop}); it is not followed again` });
            continue;
          }
          if (seen.has(match)) continue;
          await visit(match, next, false);
        }
      }
    };

    for (const root of [...new Set([...this.roots, ...this.openRoots])].sort()) {
      if (!seen.has(root)) await visit(root, [], true);
    }
    for (const file of [...this.files.keys()]) {
      if (!seen.has(file)) this.files.delete(file);
    }
    this.linked = link(reached.map((file) => this.files.get(file)!), graphProblems, this.suggestions);
  }

  private async read(file: string, skipSkeletons: boolean): Promise<CatalogFile> {
    let record = this.files.get(file);
    if (!record) {
      record = await readCatalogFile(this.source, file, { skipSkeletons });
      this.files.set(file, record);
    }
    return record;
  }

  private async expand(target: LocationTarget): Promise<string[]> {
    if (!target.isGlob) {
      const record = this.files.get(target.pattern);
      if (record) return record.readFailure === 'missing' ? [] : [target.pattern];
      const read = await this.read(target.pattern, false);
      return read.readFailure === 'missing' ? [] : [target.pattern];
    }
    let matches = this.globCache.get(target.pattern);
    if (!matches) {
      matches = await this.source.glob(target.pattern);
      this.globCache.set(target.pattern, matches);
    }
    return matches;
  }
}

/** One ref written in one entity's spec. */
export interface ReferenceSite {
  from: EntityRecord;
  ref: EntityRecord['refs'][number];
}

/** Any YAML whose first document is a Backstage entity, whatever the file is called. */
export function looksLikeCatalogFile(text: string): boolean {
  const first = text.split(/^---/m).find((part) => part.trim() !== '') ?? '';
  return /^apiVersion:\s*['"]?(backstage\.io|scaffolder\.backstage\.io)\//m.test(first);
}

interface Linked {
  files: string[];
  entities: EntityRecord[];
  byKey: Map<string, EntityRecord>;
  byKind: Map<string, EntityRecord[]>;
  references: Map<string, ReferenceSite[]>;
  relations: Map<string, EntityRelation[]>;
  problems: Map<string, CatalogProblem[]>;
}

function emptyLinked(): Linked {
  return { files: [], entities: [], byKey: new Map(), byKind: new Map(), references: new Map(), relations: new Map(), problems: new Map() };
}

/** Indexes entities by ref, finds duplicates, and gathers every valid entity's relations by source. */
function link(files: CatalogFile[], graphProblems: CatalogProblem[], suggestions: RefSuggestions): Linked {
  const linked = emptyLinked();
  const problemsOf = (file: string) => {
    let list = linked.problems.get(file);
    if (!list) linked.problems.set(file, (list = []));
    return list;
  };
  for (const file of files) {
    linked.files.push(file.path);
    problemsOf(file.path).push(...file.problems);
    for (const record of file.entities) {
      linked.entities.push(record);
      const first = linked.byKey.get(record.key);
      if (!first) {
        linked.byKey.set(record.key, record);
        continue;
      }
      problemsOf(record.path).push({ path: record.path, range: record.selectionRange, severity: 'error', code: 'duplicate-entity', message: `${record.ref} is already defined in ${describe(first)}; a Backstage catalog rejects a second definition of the same entity ref (conflicting entityRef)` });
      problemsOf(first.path).push({ path: first.path, range: first.selectionRange, severity: 'warning', code: 'duplicate-entity', message: `${first.ref} is defined again in ${describe(record)}` });
    }
  }
  for (const problem of graphProblems) problemsOf(problem.path).push(problem);
  const namesByKind = new Map<string, Set<string>>();
  for (const record of linked.byKey.values()) {
    const kind = String(record.entity.kind).toLowerCase();
    let list = linked.byKind.get(kind);
    if (!list) linked.byKind.set(kind, (list = []));
    list.push(record);
    let names = namesByKind.get(kind);
    if (!names) namesByKind.set(kind, (names = new Set()));
    names.add(String(record.entity.metadata?.name));
  }
  suggestions.update(namesByKind);
  const seenRelations = new Set<string>();
  for (const record of linked.byKey.values()) {
    for (const ref of record.refs) {
      const key = refKey(ref.target);
      let sites = linked.references.get(key);
      if (!sites) linked.references.set(key, (sites = []));
      sites.push({ from: record, ref });
      const target = linked.byKey.get(key);
      if (!target) problemsOf(record.path).push(unresolvedProblem(record, ref, suggestions));
      else if (nameOf(writtenRef(record, ref)) !== target.entity.metadata.name) problemsOf(record.path).push(caseProblem(record, ref, target));
    }
    for (const relation of record.relations) {
      const key = refKey(relation.source);
      // Two entities can emit the same relation (each side of a memberOf/hasMember pair): keep one.
      const identity = `${key} ${relation.type} ${refKey(relation.target)}`;
      if (seenRelations.has(identity)) continue;
      seenRelations.add(identity);
      let list = linked.relations.get(key);
      if (!list) linked.relations.set(key, (list = []));
      list.push(relation);
    }
  }
  return linked;
}

/** A ref to nothing: Backstage accepts it (the relation dangles), so it is a warning, with the nearest names. */
function unresolvedProblem(record: EntityRecord, ref: EntityRecord['refs'][number], suggestions: RefSuggestions): CatalogProblem {
  const near = suggestions.suggest(nameOf(ref.target), ref.field.accepts.map((kind) => kind.toLowerCase()));
  const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : '';
  const written = writtenRef(record, ref);
  return {
    path: record.path,
    range: ref.range,
    severity: 'warning',
    code: 'unresolved-ref',
    message: `${ref.target} is not in the catalog.${hint}`,
    fixes: near.map((name) => ({ title: `Change to '${name}'`, range: ref.range, newText: withName(written, name) })),
  };
}

/** Refs match regardless of case, but a name written differently from its definition reads as a different thing. */
function caseProblem(record: EntityRecord, ref: EntityRecord['refs'][number], target: EntityRecord): CatalogProblem {
  const name = String(target.entity.metadata.name);
  return {
    path: record.path,
    range: ref.range,
    severity: 'info',
    code: 'ref-case',
    message: `${target.ref} is written '${nameOf(writtenRef(record, ref))}' here; it is defined as '${name}'.`,
    fixes: [{ title: `Write '${name}' as defined`, range: ref.range, newText: withName(writtenRef(record, ref), name) }],
  };
}

/** The name part of a ref, full (`kind:ns/name`) or short (`name`, `kind:name`). */
function nameOf(ref: string): string {
  return ref.replace(/^.*[:/]/, '');
}

function writtenRef(record: EntityRecord, ref: EntityRecord['refs'][number]): string {
  let value: unknown = record.entity;
  for (const segment of ref.path) value = (value as Record<string | number, unknown>)[segment];
  return String(value);
}

/** Keeps what was written before the name (`group:`, `default/`) and swaps the name. */
function withName(written: string, name: string): string {
  return written.replace(/[^:/]*$/, name);
}

function describe(record: EntityRecord): string {
  return `${path.basename(record.path)}:${record.selectionRange.start.line + 1}`;
}
