import * as path from 'node:path';
import { relationsOfRecord, type CatalogFile, type EntityRecord } from './catalogFile';
import type { CatalogProblem } from './catalogProblem';
import { refKey, type EntityRelation } from './entityRelations';
import { fieldText } from './fieldText';
import { caseProblem, nameOf, unresolvedProblem } from './refProblems';
import { entityDifferences } from '../backstage/remoteCatalog';
import { RefSuggestions } from './refSuggestions';

/** One ref written in one entity's spec. */
export interface ReferenceSite {
  from: EntityRecord;
  ref: EntityRecord['refs'][number];
}

/** Where the order of Backstage instances' pseudo-files starts: past any workspace's file count. */
const REMOTE_ORDER = 1e9;

/** Changes kept in the journal (see `changesSince`): many edits' worth; a consumer behind by more (after a load) looks at everything. */
const JOURNAL_LIMIT = 20_000;

/** See CatalogIndex.changesSince. */
export interface CatalogChanges {
  files: readonly string[] | undefined;
  keys: readonly string[] | undefined;
  cursor: number;
}

/** Entities whose relations are indexed between two calls of `prepareRelations`'s pause (about a millisecond's work; the pause decides whether to yield). */
const RELATIONS_SLICE = 100;
/** Past this many relations from one source (a team owning hundreds of entities), they are also looked up by type and target. */
const SCANNED_RELATIONS = 16;

/**
 * The relations from one source, each once however many entities emit it, in the order they came, with how many
 * emit each. One flat list rather than a map keyed by `type target` or an object per relation: most sources have a
 * few relations, and a map, a key string and an object per relation each cost more than them.
 */
class SourceRelations {
  /** Four slots per relation: its type, source and target as first emitted, and how many entities emit it (0 once gone). */
  private slots: Slots = [];
  private gone = 0;
  /** Where each relation's slots start, by type, then by target key: the target is mostly lower-case already, so the key is no new string. */
  private byTarget?: Map<string, Map<string, number>>;

  get size(): number {
    return this.slots.length / 4 - this.gone;
  }

  /** The relations, made anew for the caller. */
  list(): EntityRelation[] {
    const relations: EntityRelation[] = [];
    const slots = this.slots;
    for (let at = 0; at < slots.length; at += 4) if (slots[at + 3] !== 0) relations.push({ type: slots[at] as string, source: slots[at + 1] as string, target: slots[at + 2] as string });
    return relations;
  }

  /** Counts one more emitter of `relation`. */
  add(relation: EntityRelation): void {
    const at = this.find(relation);
    if (at >= 0) {
      (this.slots[at + 3] as number)++;
      return;
    }
    const next = this.slots.length;
    // Short lists are copied to size: an array grown by push keeps room for a dozen more.
    if (this.size < SCANNED_RELATIONS) this.slots = this.slots.concat(relation.type, relation.source, relation.target, 1);
    else this.slots.push(relation.type, relation.source, relation.target, 1);
    if (this.byTarget) this.file(next);
    else if (this.size > SCANNED_RELATIONS) this.fileAll();
  }

  /** Counts one emitter fewer of `relation`; true when no relation is left. */
  remove(relation: EntityRelation): boolean {
    const at = this.find(relation);
    if (at >= 0 && --(this.slots[at + 3] as number) === 0) {
      this.gone++;
      this.byTarget?.get(relation.type)?.delete(refKey(this.slots[at + 2] as string));
      // Gone relations are dropped once they are half the list, in one pass, so that removals cost no shifting each.
      if (this.gone * 2 > this.slots.length / 4) this.compact();
    }
    return this.size === 0;
  }

  /** A source's relations past SCANNED_RELATIONS, from their slots. */
  static of(slots: Slots): SourceRelations {
    const relations = new SourceRelations();
    relations.slots = slots;
    relations.fileAll();
    return relations;
  }

  private find(relation: EntityRelation): number {
    if (this.byTarget) return this.byTarget.get(relation.type)?.get(refKey(relation.target)) ?? -1;
    return findSlot(this.slots, relation);
  }

  private compact(): void {
    const kept: (string | number)[] = [];
    for (let at = 0; at < this.slots.length; at += 4) if (this.slots[at + 3] !== 0) kept.push(...this.slots.slice(at, at + 4));
    this.slots = kept.slice();
    this.gone = 0;
    if (this.byTarget) this.fileAll();
  }

  private fileAll(): void {
    this.byTarget = new Map();
    for (let at = 0; at < this.slots.length; at += 4) if (this.slots[at + 3] !== 0) this.file(at);
  }

  private file(at: number): void {
    const type = this.slots[at] as string;
    let ofType = this.byTarget!.get(type);
    if (!ofType) this.byTarget!.set(type, (ofType = new Map<string, number>()));
    ofType.set(refKey(this.slots[at + 2] as string), at);
  }
}

/** Four slots per relation: its type, source and target as first emitted, and how many entities emit it. */
type Slots = (string | number)[];

function findSlot(slots: Slots, relation: EntityRelation): number {
  for (let at = 0; at < slots.length; at += 4) {
    if (slots[at + 3] === 0 || slots[at] !== relation.type) continue;
    const target = slots[at + 2] as string;
    if (target === relation.target || refKey(target) === refKey(relation.target)) return at;
  }
  return -1;
}

/**
 * Relations by source key. A source with few relations, as most are, holds them as a bare list of slots cut to size
 * (an object per source cost some 50 bytes an entity); past SCANNED_RELATIONS they move into a SourceRelations.
 */
class RelationsBySource {
  private readonly bySource = new Map<string, Slots | SourceRelations>();

  /** The relations from `key`, made anew for the caller. */
  list(key: string): EntityRelation[] {
    const held = this.bySource.get(key);
    if (held === undefined || held instanceof SourceRelations) return held?.list() ?? [];
    const relations: EntityRelation[] = [];
    for (let at = 0; at < held.length; at += 4) relations.push({ type: held[at] as string, source: held[at + 1] as string, target: held[at + 2] as string });
    return relations;
  }

  /** Counts one more emitter of `relation`. */
  add(relation: EntityRelation): void {
    const source = refKey(relation.source);
    const held = this.bySource.get(source);
    if (held instanceof SourceRelations) return held.add(relation);
    const at = held ? findSlot(held, relation) : -1;
    if (at >= 0) {
      (held![at + 3] as number)++;
      return;
    }
    // Copied to size: an array grown by push keeps room for a dozen more.
    const slots = (held ?? []).concat(relation.type, relation.source, relation.target, 1);
    this.bySource.set(source, slots.length / 4 > SCANNED_RELATIONS ? SourceRelations.of(slots) : slots);
  }

  /** Counts one emitter fewer of `relation`; a relation no entity emits any more is dropped, in place. */
  remove(relation: EntityRelation): void {
    const source = refKey(relation.source);
    const held = this.bySource.get(source);
    if (held instanceof SourceRelations) {
      if (held.remove(relation)) this.bySource.delete(source);
      return;
    }
    const at = held ? findSlot(held, relation) : -1;
    if (at < 0 || --(held![at + 3] as number) > 0) return;
    if (held!.length === 4) this.bySource.delete(source);
    else this.bySource.set(source, held!.slice(0, at).concat(held!.slice(at + 4)));
  }
}

/**
 * The links between the catalog's files: which definition of a ref counts, entities by kind, who refers
 * to whom, relations by source, and the problems that depend on other files (refs to nothing,
 * duplicates). It is updated file by file: a changed file is taken out and put back, and only the
 * entities whose refs it affects are looked at again, so an edit costs the size of the edit, not of
 * the catalog.
 */
export class CatalogIndex {
  /** Every file, with the place it was found in: the first found of two definitions counts. */
  private readonly files = new Map<string, { file: CatalogFile; order: number }>();
  /** Every definition of a ref, the one that counts first; a ref defined once, as most are, holds its record without an array. */
  private readonly definitions = new Map<string, EntityRecord | EntityRecord[]>();
  private readonly byKind = new Map<string, Set<EntityRecord>>();
  /**
   * The entities whose spec names a ref, by the ref's key (their sites are read from their refs when asked for): built at
   * the first need, then kept up to date. A ref named by one entity, as most are, holds its record without a set.
   */
  private references: Map<string, EntityRecord | Set<EntityRecord>> | undefined;
  /**
   * The relations Backstage gave (its entities' own `relations`) by source key, each counted once however many entities
   * emit it: not while a catalog loads, but in slices after it (`prepareRelations`) or at the first question, then kept
   * up to date. A file's entity's relations are those of its refs and are not kept: `relationsOf` reads them from the
   * references index (kept, they cost some 380 bytes an entity at 100,000 entities).
   */
  private relations: RelationsBySource | undefined;
  /** Counts `append`, `update` and `replace` calls: a relations index built in slices is thrown away when one came meanwhile. */
  private changes = 0;
  private preparing: Promise<void> | undefined;
  /** A build of the relations in slices under way: what it has added, up to which entity, for which count of changes. */
  private partial: { relations: RelationsBySource; entities: readonly EntityRecord[]; at: number; changes: number } | undefined;
  private readonly refProblems = new Map<EntityRecord, CatalogProblem[]>();
  /** Broken refs by lower-case target name, so that a new near name updates their hints. */
  private readonly unresolved = new Map<string, Set<EntityRecord>>();
  private readonly suggestions = new RefSuggestions((kind) => [...(this.byKind.get(kind) ?? [])].map((record) => fieldText(record.entity.metadata?.name)));
  private graphProblems = new Map<string, CatalogProblem[]>();
  private readonly dirty = new Set<string>();
  /** During an update: entities whose ref problems must be looked at again, and the names that came and went. */
  private readonly pending = new Set<EntityRecord>();
  private readonly addedNames: [string, string][] = [];
  /** Refs whose definition an update touched, with the counting definition's name before it (undefined: none). */
  private readonly touched = new Map<string, string | undefined>();
  private readonly removedNames: [string, string][] = [];
  /** Problems by file, assembled again only for files an update touched; a file untouched keeps its list object. */
  private readonly problemMap = new Map<string, CatalogProblem[]>();
  /** Errors and warnings in `problemMap`, counted as its lists are replaced. */
  private readonly counts = { error: 0, warning: 0, info: 0 };
  /**
   * What changed, in order: the files assembled again and the refs whose definitions came or went, the first entry the
   * `journalStart`th ever. A consumer that keeps something per file or per ref looks at these since it last looked.
   */
  private journal: { file?: string; key?: string }[] = [];
  private journalStart = 0;
  /** `catalogFiles`, until the files or their order change. */
  private catalogFileList: readonly string[] | undefined;
  private entityCount = 0;
  /** Records read from Backstage, and those of them that count: what a tree shows is derived from these. */
  private remoteCount = 0;
  private remoteWinners = 0;
  private ordered: string[] = [];
  /** Files `append` linked since the last `update`, in the order they were read rather than the final one. */
  private readonly appended = new Set<string>();
  private entityList: EntityRecord[] | undefined;

  /** `displayPath` names a file in messages as a person finds it in the workspace. */
  constructor(private readonly displayPath: (file: string) => string = (file) => path.basename(file)) {}

  /**
   * Adds files a load under way has just read, after those the index holds, so that it can be shown before it ends; refs
   * are checked once, at the load's `update`, not at each of these.
   */
  append(files: readonly CatalogFile[]): void {
    this.changes++;
    for (const file of files) {
      if (this.files.has(file.path)) continue;
      this.addFile(file, this.ordered.length);
      this.ordered.push(file.path);
      this.catalogFileList = undefined;
      this.appended.add(file.path);
    }
  }

  /**
   * Makes the index hold exactly `files` (in discovery order) and the graph's problems. With `checkRefs` false the
   * refs are left unchecked (their problems and hints missing) until an update that checks them: a warm start shows
   * its tree first.
   */
  update(files: readonly CatalogFile[], graphProblems: readonly CatalogProblem[], checkRefs = true): void {
    this.changes++;
    // A Backstage instance's definitions rank after every workspace file's, however many files come and go.
    const wanted = new Map(files.map((file, order) => [file.path, { file, order: file.remote ? REMOTE_ORDER + order : order }]));
    for (const [file, entry] of [...this.files]) {
      const next = wanted.get(file);
      if (!next) this.removeFile(entry.file);
      else if (next.file !== entry.file) this.replaceFile(entry.file, next.file, next.order);
      // A file appended while loading that the final order puts elsewhere (nearer Locations first): its definitions rank anew.
      else if (next.order !== entry.order && this.appended.has(file)) {
        this.removeFile(entry.file);
        this.addFile(next.file, next.order);
      }
      // Any other file keeps its place among the others (roots stay sorted; a file added before it shifts them all alike).
      else entry.order = next.order;
    }
    this.appended.clear();
    for (const [file, entry] of wanted) {
      if (!this.files.has(file)) this.addFile(entry.file, entry.order);
    }
    const byFile = new Map<string, CatalogProblem[]>();
    for (const problem of graphProblems) {
      let list = byFile.get(problem.path);
      if (!list) byFile.set(problem.path, (list = []));
      list.push(problem);
    }
    for (const file of new Set([...this.graphProblems.keys(), ...byFile.keys()])) {
      if (JSON.stringify(this.graphProblems.get(file) ?? []) !== JSON.stringify(byFile.get(file) ?? [])) this.dirty.add(file);
    }
    this.graphProblems = byFile;
    this.ordered = files.map((file) => file.path);
    this.catalogFileList = undefined;
    if (checkRefs) this.settleRefs();
  }

  /**
   * Swaps files the index holds for their new readings, each keeping its place, with the graph's problems on them: an
   * update that changed no links between files (see Catalog's `relinkInPlace`). Costs the files, not the catalog.
   */
  replace(files: readonly CatalogFile[], graphProblems: readonly CatalogProblem[], checkRefs = true): void {
    this.changes++;
    for (const file of files) {
      const entry = this.files.get(file.path)!;
      if (entry.file !== file) this.replaceFile(entry.file, file, entry.order);
      const found = graphProblems.filter((problem) => problem.path === file.path);
      if (JSON.stringify(this.graphProblems.get(file.path) ?? []) !== JSON.stringify(found)) this.dirty.add(file.path);
      if (found.length > 0) this.graphProblems.set(file.path, found);
      else this.graphProblems.delete(file.path);
    }
    if (checkRefs) this.settleRefs();
  }

  /** Re-checks, once, every entity an update touched, and those whose "did you mean" changed. */
  private settleRefs(): void {
    // Entities naming a ref need a new look only if the ref came or went, or its name's spelling changed.
    for (const [key, before] of this.touched) {
      if (this.winnerName(key) === before) continue;
      for (const record of this.referrers(key)) this.pending.add(record);
    }
    this.touched.clear();
    const changed = this.suggestions.change(this.addedNames.splice(0), this.removedNames.splice(0));
    const names = changed === 'all' ? [...this.unresolved.keys()] : changed;
    for (const name of names) for (const record of this.unresolved.get(name) ?? []) this.pending.add(record);
    // Every definition is checked, a duplicate too: the person editing it needs its problems most.
    for (const record of this.pending) {
      if (this.definitionsOf(record.key).includes(record)) this.checkRefs(record);
    }
    this.pending.clear();
    this.suggestions.settled();
  }

  catalogFiles(): readonly string[] {
    this.catalogFileList ??= this.ordered.filter((file) => !this.files.get(file)?.file.remote);
    return this.catalogFileList;
  }

  hasFile(file: string): boolean {
    return this.files.has(file);
  }

  entities(): readonly EntityRecord[] {
    this.entityList ??= this.ordered.flatMap((file) => this.files.get(file)?.file.entities ?? []);
    return this.entityList;
  }

  entity(key: string): EntityRecord | undefined {
    const found = this.definitions.get(key);
    return Array.isArray(found) ? found[0] : found;
  }

  /** Every definition of a ref, the one that counts first. */
  definitionsOf(key: string): readonly EntityRecord[] {
    const found = this.definitions.get(key);
    return found === undefined ? [] : Array.isArray(found) ? found : [found];
  }

  entitiesOfKind(kind: string): readonly EntityRecord[] {
    return [...(this.byKind.get(kind) ?? [])];
  }

  referencesTo(key: string): readonly ReferenceSite[] {
    return [...this.referrers(key)].flatMap((from) => from.refs.filter((ref) => refKey(ref.target) === key).map((ref) => ({ from, ref })));
  }

  /**
   * The relations from `key` that the definitions that count emit, each once (as first written), in the order of their
   * emitters in the catalog (in file order, the first `childOf` is the parent shown), Backstage's relations last.
   */
  relationsOf(key: string): readonly EntityRelation[] {
    if (!this.relations) {
      // A question during a build in slices finishes it: only the entities it has not reached are left.
      const partial = this.currentPartial();
      for (; partial.at < partial.entities.length; partial.at++) this.addCounted(partial.relations, partial.entities[partial.at]);
      this.relations = partial.relations;
      this.partial = undefined;
    }
    const seen = new Set<string>();
    const relations: EntityRelation[] = [];
    const keep = (relation: EntityRelation) => {
      const id = `${relation.type} ${refKey(relation.target)}`;
      if (seen.has(id)) return;
      seen.add(id);
      relations.push(relation);
    };
    // Those of its own refs, and of the refs naming it: the emitters of relations from it whose relations are their refs'.
    const counts = (record: EntityRecord) => record.relations === undefined && this.entity(record.key) === record;
    const emitters = [...this.referrers(key)].filter(counts);
    const own = this.entity(key);
    if (own && counts(own) && !emitters.includes(own)) emitters.push(own);
    emitters.sort((a, b) => this.orderOf(a) - this.orderOf(b) || a.documentIndex - b.documentIndex);
    for (const record of emitters) for (const relation of relationsOfRecord(record)) if (refKey(relation.source) === key) keep(relation);
    for (const relation of this.relations.list(key)) keep(relation);
    return relations;
  }

  /**
   * Builds the index of Backstage's relations before anything asks, `pause` between slices of entities: it looks at every
   * entity, and at 100,000 entities building an index of every relation at the first question held that answer for a
   * second. Starts over when the index changed during a pause; a question meanwhile finishes it at once.
   */
  prepareRelations(pause: () => Promise<void>): Promise<void> {
    this.preparing ??= (async () => {
      while (!this.relations) {
        const partial = this.currentPartial();
        while (partial.at < partial.entities.length && !this.relations && this.changes === partial.changes) {
          this.addCounted(partial.relations, partial.entities[partial.at++]);
          if (partial.at % RELATIONS_SLICE === 0) await pause();
        }
        if (!this.relations && this.partial === partial && this.changes === partial.changes) {
          this.relations = partial.relations;
          this.partial = undefined;
        }
      }
    })().finally(() => (this.preparing = undefined));
    return this.preparing;
  }

  /** The build of the relations under way, or a new one when the index changed since it began. */
  private currentPartial(): NonNullable<CatalogIndex['partial']> {
    if (this.partial?.changes !== this.changes) this.partial = { relations: new RelationsBySource(), entities: this.entities(), at: 0, changes: this.changes };
    return this.partial;
  }

  /** Adds the relations Backstage gave a record, if it is the definition that counts. */
  private addCounted(relations: RelationsBySource, record: EntityRecord): void {
    if (record.relations === undefined || this.definitionsOf(record.key)[0] !== record) return;
    for (const relation of record.relations) relations.add(relation);
  }

  /** Problems by file; only files touched since the last call are assembled again. */
  problems(): ReadonlyMap<string, readonly CatalogProblem[]> {
    for (const file of this.dirty) {
      this.count(this.problemMap.get(file), -1);
      const list = this.assemble(file);
      if (list) this.problemMap.set(file, list);
      else this.problemMap.delete(file);
      this.count(list, 1);
      this.note({ file });
    }
    this.dirty.clear();
    return this.problemMap;
  }

  /**
   * What may have changed since `cursor` (a cursor from an earlier call; undefined for none): the files whose problems or
   * entities, and the keys of the refs whose definitions; with the cursor to pass next time. Undefined lists when that
   * is too long ago to tell (a load): look at everything.
   */
  changesSince(cursor: number | undefined): CatalogChanges {
    this.problems();
    const end = this.journalStart + this.journal.length;
    if (cursor === undefined || cursor < this.journalStart) return { files: undefined, keys: undefined, cursor: end };
    const files: string[] = [];
    const keys: string[] = [];
    for (let at = cursor - this.journalStart; at < this.journal.length; at++) {
      const { file, key } = this.journal[at];
      if (file !== undefined) files.push(file);
      if (key !== undefined) keys.push(key);
    }
    return { files, keys, cursor: end };
  }

  /** Where the journal is now, without settling problems as `changesSince` does: a cursor for later, taken while a load goes on. */
  get changeCursor(): number {
    return this.journalStart + this.journal.length;
  }

  private note(change: { file?: string; key?: string }): void {
    this.journal.push(change);
    // Consumers far behind (after a load) look at everything instead.
    if (this.journal.length > JOURNAL_LIMIT) {
      const dropped = this.journal.length - JOURNAL_LIMIT / 2;
      this.journal = this.journal.slice(dropped);
      this.journalStart += dropped;
    }
  }

  /** How many problems of each severity `problems` holds. */
  problemCounts(): Readonly<Record<CatalogProblem['severity'], number>> {
    this.problems();
    return this.counts;
  }

  private assemble(file: string): CatalogProblem[] | undefined {
    const entry = this.files.get(file);
    // A Backstage instance's entities were accepted there; there is no file to show problems in.
    if (entry?.file.remote) return undefined;
    // A file that is no catalog file (the rules file) has only the problems found about it.
    if (!entry) {
      const found = this.graphProblems.get(file);
      return found?.length ? [...found] : undefined;
    }
    const list = [...entry.file.problems];
    for (const record of entry.file.entities) {
      list.push(...this.duplicateProblems(record), ...(this.refProblems.get(record) ?? []));
    }
    list.push(...(this.graphProblems.get(file) ?? []));
    return list;
  }

  private count(list: readonly CatalogProblem[] | undefined, sign: 1 | -1): void {
    for (const problem of list ?? []) this.counts[problem.severity] += sign;
  }

  /** The entities read from one file (or Backstage instance), in document order; none for a file the index does not hold. */
  entitiesOf(file: string): readonly EntityRecord[] {
    return this.files.get(file)?.file.entities ?? [];
  }

  /** Entities shown once each: every workspace definition, and the remote ones no workspace file defines. */
  get shownSize(): number {
    return this.entityCount - this.remoteCount + this.remoteWinners;
  }

  get size(): number {
    return this.entityCount;
  }

  private addFile(file: CatalogFile, order: number): void {
    this.files.set(file.path, { file, order });
    this.fileChanged(file, file.entities.length);
    for (const record of file.entities) this.addRecord(record);
  }

  private removeFile(file: CatalogFile): void {
    this.files.delete(file.path);
    this.fileChanged(file, -file.entities.length);
    for (const record of file.entities) this.removeRecord(record);
  }

  /**
   * Swaps a file's old version for its new one record by record: a record kept from the old version (a
   * Backstage entity whose etag did not change) stays linked as it is, so a refresh costs what changed.
   */
  private replaceFile(old: CatalogFile, next: CatalogFile, order: number): void {
    const kept = new Set(next.entities);
    const before = new Set(old.entities);
    this.files.set(next.path, { file: next, order });
    this.fileChanged(next, next.entities.length - old.entities.length);
    for (const record of old.entities) if (!kept.has(record)) this.removeRecord(record);
    for (const record of next.entities) {
      if (!before.has(record)) this.addRecord(record);
    }
  }

  private fileChanged(file: CatalogFile, entityDelta: number): void {
    this.entityCount += entityDelta;
    if (file.remote) this.remoteCount += entityDelta;
    this.dirty.add(file.path);
    this.entityList = undefined;
  }

  private addRecord(record: EntityRecord): void {
    this.touch(record.key);
    const before = this.definitionsOf(record.key);
    const previous = before[0];
    // Backstage stores a file's entities by ref: of two documents of one file, the later replaces the earlier.
    const definitions = [...before, record].sort((a, b) => this.orderOf(a) - this.orderOf(b) || (a.path === b.path ? b.documentIndex - a.documentIndex : 0));
    this.definitions.set(record.key, definitions.length === 1 ? record : definitions);
    for (const other of definitions) this.dirty.add(other.path);
    if (this.references) this.addSites(record);
    this.pending.add(record);
    if (definitions[0] === record) {
      if (previous) this.demote(previous);
      this.promote(record);
    }
  }

  private removeRecord(record: EntityRecord): void {
    this.touch(record.key);
    const before = this.definitionsOf(record.key);
    const wasWinner = before[0] === record;
    const definitions = before.filter((definition) => definition !== record);
    for (const other of definitions) this.dirty.add(other.path);
    if (definitions.length === 0) this.definitions.delete(record.key);
    else this.definitions.set(record.key, definitions.length === 1 ? definitions[0] : definitions);
    if (this.references) this.removeSites(record);
    this.forgetRefProblems(record);
    if (wasWinner) {
      this.demote(record);
      if (definitions[0]) this.promote(definitions[0]);
    }
  }

  /** `record` becomes the definition that counts for its ref. */
  private promote(record: EntityRecord): void {
    if (record.remote) this.remoteWinners++;
    const kind = kindOf(record);
    let ofKind = this.byKind.get(kind);
    if (!ofKind) this.byKind.set(kind, (ofKind = new Set()));
    ofKind.add(record);
    if (this.relations) this.addRelations(record);
    this.addedNames.push([kind, fieldText(record.entity.metadata?.name)]);
  }

  private addRelations(record: EntityRecord): void {
    for (const relation of record.relations ?? []) this.relations!.add(relation);
  }

  /** `record` no longer counts for its ref (its file changed, or an earlier definition appeared). */
  private demote(record: EntityRecord): void {
    if (record.remote) this.remoteWinners--;
    const kind = kindOf(record);
    this.byKind.get(kind)?.delete(record);
    for (const relation of this.relations ? (record.relations ?? []) : []) this.relations!.remove(relation);
    this.removedNames.push([kind, fieldText(record.entity.metadata?.name)]);
  }

  /** The entities whose spec names `key`. */
  private referrers(key: string): Iterable<EntityRecord> {
    if (!this.references) {
      this.references = new Map();
      for (const ref of this.definitions.keys()) for (const record of this.definitionsOf(ref)) this.addSites(record);
    }
    const held = this.references.get(key);
    return held === undefined ? [] : held instanceof Set ? held : [held];
  }

  /** Where a definition's refs are written, duplicates' included: Find All References lists them all. */
  private addSites(record: EntityRecord): void {
    for (const ref of record.refs) {
      const key = refKey(ref.target);
      const held = this.references!.get(key);
      if (held === undefined) this.references!.set(key, record);
      else if (held instanceof Set) held.add(record);
      else if (held !== record) this.references!.set(key, new Set([held, record]));
    }
  }

  private removeSites(record: EntityRecord): void {
    for (const ref of record.refs) {
      const key = refKey(ref.target);
      const held = this.references!.get(key);
      if (held === record || (held instanceof Set && held.delete(record) && held.size === 0)) this.references!.delete(key);
    }
  }

  /** Ref problems of one definition: refs to nothing, and refs written in another case. */
  private checkRefs(record: EntityRecord): void {
    this.forgetRefProblems(record);
    if (record.remote) return;
    const problems: CatalogProblem[] = [];
    for (const ref of record.refs) {
      const target = this.entity(refKey(ref.target));
      if (target) {
        const problem = caseProblem(record, ref, target);
        if (problem) problems.push(problem);
        continue;
      }
      problems.push(unresolvedProblem(record, ref, this.suggestions));
      const name = nameOf(ref.target).toLowerCase();
      let records = this.unresolved.get(name);
      if (!records) this.unresolved.set(name, (records = new Set()));
      records.add(record);
    }
    if (problems.length > 0) this.refProblems.set(record, problems);
    this.dirty.add(record.path);
  }

  private forgetRefProblems(record: EntityRecord): void {
    if (this.refProblems.delete(record)) this.dirty.add(record.path);
    for (const ref of record.refs) this.unresolved.get(nameOf(ref.target).toLowerCase())?.delete(record);
  }

  /** A record ranks by its file's place: read from the file, not kept per record. */
  private orderOf(record: EntityRecord): number {
    return this.files.get(record.path)!.order;
  }

  private touch(key: string): void {
    if (!this.touched.has(key)) this.touched.set(key, this.winnerName(key));
    this.note({ key });
  }

  private winnerName(key: string): string | undefined {
    const winner = this.entity(key);
    return winner ? fieldText(winner.entity.metadata?.name) : undefined;
  }

  private duplicateProblems(record: EntityRecord): CatalogProblem[] {
    if (record.remote) return [];
    const definitions = this.definitionsOf(record.key);
    // Files are added before Backstage instances, so a workspace definition always counts over a remote one.
    const local = definitions.filter((definition) => !definition.remote);
    const problems: CatalogProblem[] = [];
    const [first] = local;
    if (record !== first && first.path === record.path) {
      problems.push({
        path: record.path,
        range: record.selectionRange,
        severity: 'error',
        code: 'duplicate-entity',
        message: `${record.ref} is defined again later in this file, on line ${first.selectionRange.start.line + 1}; Backstage keeps only the later document and ingests nothing of this one`,
      });
      return problems;
    }
    if (record !== first) {
      problems.push({
        path: record.path,
        range: record.selectionRange,
        severity: 'error',
        code: 'duplicate-entity',
        message: `${record.ref} is already defined in ${this.describe(first)}; a Backstage catalog rejects a second definition of the same entity ref (conflicting entityRef)`,
      });
      return problems;
    }
    for (const other of local.slice(1)) {
      problems.push({ path: record.path, range: record.selectionRange, severity: 'warning', code: 'duplicate-entity', message: `${record.ref} is defined again in ${this.describe(other)}` });
    }
    const copy = definitions.find((definition) => definition.remote);
    const differences = copy ? entityDifferences(record.entity, copy.entity) : [];
    if (copy && differences.length > 0) {
      problems.push({
        path: record.path,
        range: record.selectionRange,
        severity: 'info',
        code: 'differs-from-backstage',
        message: `${record.ref} differs from its copy in Backstage at ${copy.remote!.baseUrl} (${differences.join(', ')}): Backstage has not ingested this version yet`,
      });
    }
    return problems;
  }

  private describe(record: EntityRecord): string {
    return `${this.displayPath(record.path)}:${record.selectionRange.start.line + 1}`;
  }
}

function kindOf(record: EntityRecord): string {
  return fieldText(record.entity.kind).toLowerCase();
}
