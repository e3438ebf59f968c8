// A saved catalog is read back as untrusted input: these checks admit only the shapes the catalog itself writes.
import type { CatalogSnapshot } from './catalog';
import type { CatalogFile, EntityRecord } from './catalogFile';
import type { SearchIndexSnapshot } from '../search/catalogSearch';
import type { SearchDocument } from '../search/searchDocument';
import { packedRange, type TextRange } from './textRange';
import { RELATION_FIELDS, refKey, type EntityRelation } from './entityRelations';
import type { BackstageInstance } from '../backstage/backstageInstance';
import { entityPageUrl, remotePath } from '../backstage/remoteCatalog';
import { stringifyEntityRef } from '@backstage/catalog-model';

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf =
  (item: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(item);
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
const oneOf =
  (...allowed: string[]): Check =>
  (value) =>
    typeof value === 'string' && allowed.includes(value);
/** An object with these fields of these shapes (others are allowed: they are never read). */
const shape = (fields: Record<string, Check>): Check => {
  const entries = Object.entries(fields);
  return (value) => {
    if (!isObject(value)) return false;
    for (const [name, check] of entries) if (!check(Object.hasOwn(value, name) ? value[name] : undefined)) return false;
    return true;
  };
};

const isPosition = shape({ line: isCount, character: isCount });
const isRange = shape({ start: isPosition, end: isPosition });
const isYamlPath = listOf((part) => typeof part === 'string' || isCount(part));
const isProblem = shape({
  path: isString,
  range: isRange,
  severity: oneOf('error', 'warning', 'info'),
  message: isString,
  code: isString,
  fixes: optional(listOf(shape({ title: isString, range: isRange, newText: isString }))),
});
/** The relation fields the catalog knows, by the name a saved ref gives: `Kind.field`. */
const RELATION_FIELD_NAMES = new Map(RELATION_FIELDS.map((rule) => [`${rule.kind}.${rule.field}`, rule]));
const isRelationField: Check = (value) => typeof value === 'string' && RELATION_FIELD_NAMES.has(value);

/** A range saved as `[startLine, startCharacter, endLine, endCharacter]`: a quarter of the text, one object instead of three. */
type SavedRange = [number, number, number, number];
const isSavedRange: Check = (value) => Array.isArray(value) && value.length === 4 && value.every(isCount);
const savedRange = (range: TextRange): SavedRange => [range.start.line, range.start.character, range.end.line, range.end.character];
const rangeOf = (saved: SavedRange): TextRange => packedRange(saved[0], saved[1], saved[2], saved[3]);

/** An entity record as saved: its key, path and (when the refs give them) relations are derived again; ranges are quads. */
interface SavedRecord extends Omit<EntityRecord, 'key' | 'path' | 'range' | 'selectionRange' | 'relations' | 'refs'> {
  range: SavedRange;
  selectionRange: SavedRange;
  relations?: EntityRelation[];
  refs: (Omit<EntityRecord['refs'][number], 'field' | 'range'> & { field: string; range: SavedRange })[];
}
export interface SavedFile extends Omit<CatalogFile, 'entities'> {
  entities: SavedRecord[];
}
/** The form a catalog snapshot is saved in: its files as `savedFile` gives them. */
interface SavedSnapshot extends Omit<CatalogSnapshot, 'files'> {
  files: SavedFile[];
}

/** A file as saved: a ref's relation field by name, and nothing the reading derives again. */
export function savedFile({ entities, ...file }: CatalogFile): SavedFile {
  return {
    ...file,
    entities: entities.map(({ key: _key, path: _path, range, selectionRange, relations, refs, ...record }) => ({
      ...record,
      range: savedRange(range),
      selectionRange: savedRange(selectionRange),
      // Relations are saved only when they are not those of the refs (never, as files are read today).
      ...(relations ? { relations } : {}),
      refs: refs.map((ref) => ({ ...ref, field: `${ref.field.kind}.${ref.field.field}`, range: savedRange(ref.range) })),
    })),
  };
}

/** A saved record read back, once checked: built field by field, in the order a file's reading gives them. */
function recordOf(saved: SavedRecord, file: string): EntityRecord {
  const refs = saved.refs.map((ref) => ({ path: ref.path, written: ref.written, target: ref.target, field: RELATION_FIELD_NAMES.get(ref.field)!, range: rangeOf(ref.range) }));
  const record: EntityRecord = {
    ref: saved.ref,
    key: refKey(saved.ref),
    entity: saved.entity,
    path: file,
    documentIndex: saved.documentIndex,
    range: rangeOf(saved.range),
    selectionRange: rangeOf(saved.selectionRange),
    failure: saved.failure,
    refs,
  };
  if (saved.relations) record.relations = saved.relations;
  if (saved.notIngested) record.notIngested = saved.notIngested;
  if (saved.remote) record.remote = saved.remote;
  return record;
}

const isRecord = shape({
  ref: isString,
  // Read by JSON.parse: JSON data all through.
  entity: isObject,
  documentIndex: isCount,
  range: isSavedRange,
  selectionRange: isSavedRange,
  failure: optional(shape({ message: isString, reason: isString, path: isYamlPath, unknownKind: isBoolean })),
  notIngested: optional(shape({ reason: isString, failedLocation: isBoolean })),
  relations: optional(listOf(shape({ type: isString, source: isString, target: isString }))),
  refs: listOf(shape({ path: isYamlPath, written: isString, target: isString, field: isRelationField, range: isSavedRange })),
  remote: (value) => value === undefined,
});
const isCatalogFile = shape({
  path: isString,
  entities: listOf(isRecord),
  problems: listOf(isProblem),
  targets: listOf(shape({ pattern: isString, isGlob: isBoolean, written: isString, range: isRange, documentIndex: isCount })),
  dependencies: listOf(isString),
  isSkeleton: isBoolean,
  readFailure: optional(oneOf('missing', 'too-large', 'unreadable')),
  remote: (value) => value === undefined,
});
const isEmpty: Check = (value) => Array.isArray(value) && value.length === 0;
/** A Backstage entity as `RemoteCatalogBuilder` keeps it: its relations are Backstage's, and it names no file. */
const isRemoteRecord = shape({
  ref: isString,
  entity: shape({ kind: isString, metadata: shape({ name: isString, namespace: optional(isString) }) }),
  documentIndex: isCount,
  range: isSavedRange,
  selectionRange: isSavedRange,
  relations: listOf(shape({ type: isString, source: isString, target: isString })),
  refs: isEmpty,
  remote: shape({ baseUrl: isString, pageUrl: isString, readAt: isString }),
  failure: (value) => value === undefined,
  notIngested: (value) => value === undefined,
});
const isRemoteFile = shape({
  path: isString,
  entities: listOf(isRemoteRecord),
  problems: isEmpty,
  targets: isEmpty,
  dependencies: isEmpty,
  isSkeleton: (value) => value === false,
  readFailure: (value) => value === undefined,
  remote: shape({ baseUrl: isString, appUrl: isString }),
  fetchedAt: isString,
});

/**
 * Whether a saved Backstage pseudo-file is one of `instance`'s as the catalog builds it now: its path, and each entity's
 * instance and page in the app, as they would be made from its entity (a link is not taken from the saved file).
 */
function isInstanceFile(file: SavedFile, instance: BackstageInstance): boolean {
  if (file.path !== remotePath(instance.baseUrl) || file.remote?.appUrl !== instance.appUrl) return false;
  return file.entities.every(({ ref, entity, remote, relations }) => {
    if (remote?.baseUrl !== instance.baseUrl || remote.pageUrl !== entityPageUrl(instance.appUrl, entity) || ref !== stringifyEntityRef(entity)) return false;
    // Relations are the entity's own, as Backstage reported them.
    const key = refKey(ref);
    return (relations ?? []).every((relation) => relation.source === key);
  });
}
const isPair =
  (second: Check): Check =>
  (value) =>
    Array.isArray(value) && value.length === 2 && isString(value[0]) && second(value[1]);
const isRefusal = oneOf('outside', 'link-outside', 'no-folder');
const isGlobMatches = shape({ files: listOf(isString), refusal: optional(isRefusal), linksOutside: listOf(isString), cappedAt: optional(isCount) });
const isResolved = (value: unknown) => (isObject(value) && value.ok === true ? shape({ path: isString })(value) : shape({ ok: (ok) => ok === false, refusal: isRefusal })(value));

/** More entities of the file saved just before it (of the same path): a file of many entities is saved in parts of `size`. */
interface SavedPart {
  path: string;
  continues: true;
  entities: SavedRecord[];
}
const isPart = (value: unknown): value is SavedPart => isObject(value) && value.continues === true && isString(value.path) && Array.isArray(value.entities);

/** A file as `savedFile` gives it, its entities past the first `size` in parts of their own: no one part is much JSON to parse. */
export function savedParts(file: CatalogFile, size: number): (SavedFile | SavedPart)[] {
  const saved = savedFile(file);
  if (saved.entities.length <= size) return [saved];
  const parts: (SavedFile | SavedPart)[] = [{ ...saved, entities: saved.entities.slice(0, size) }];
  for (let at = size; at < saved.entities.length; at += size) parts.push({ path: saved.path, continues: true, entities: saved.entities.slice(at, at + size) });
  return parts;
}

/**
 * Files as `savedParts` gives them, read back, when `value` has that shape, every path is inside `isInsideFolders` and
 * every Backstage pseudo-file is one of an instance of `instances` (the configured ones) as it would be built now; else
 * undefined. A part that continues `previous` (the last file of the slice before) adds its entities to it.
 */
export function savedFilesOf(value: unknown, isInsideFolders: (file: string) => boolean, instances: readonly BackstageInstance[] = [], previous?: CatalogFile): CatalogFile[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const files: CatalogFile[] = [];
  let last = previous;
  for (const item of value as unknown[]) {
    const part = isPart(item) ? item : undefined;
    // A part names the file it continues and holds entities of its kind; a file holds the rest.
    const file = (part ? last && { ...last, entities: part.entities } : item) as SavedFile | undefined;
    if (!file || (part && part.path !== file.path)) return undefined;
    if (file.remote) {
      const instance = instances.find((candidate) => candidate.baseUrl === file.remote!.baseUrl);
      if (!isRemoteFile(file) || !instance || !isInstanceFile(file, instance)) return undefined;
    } else if (!isCatalogFile(file) || !isInsideFolders(file.path) || !file.dependencies.every(isInsideFolders) || !file.problems.every((problem) => isInsideFolders(problem.path))) {
      return undefined;
    }
    const records = file.entities.map((record) => recordOf(record, file.path));
    if (part) for (const record of records) last!.entities.push(record);
    else files.push((last = { ...file, entities: records }));
  }
  return files;
}

/**
 * The catalog snapshot a saved one holds: `value` the rest of it (files aside, already read back by `savedFilesOf`),
 * when it has the shape the catalog writes and every path is inside one of the folders (a path compare, nothing read).
 */
export function catalogSnapshotOf(value: unknown, files: CatalogFile[], isInsideFolders: (file: string) => boolean): CatalogSnapshot | undefined {
  const valid = shape({
    roots: listOf(isString),
    stamps: listOf(isPair(isString)),
    globs: listOf(isPair(isGlobMatches)),
    resolved: listOf(isPair(isResolved)),
    rules: isString,
  })(value);
  if (!valid) return undefined;
  const saved = value as Omit<SavedSnapshot, 'files'>;
  // Each path once: a file's path is also its root's and its stamp's.
  const paths = new Set([
    ...saved.roots,
    ...saved.stamps.map(([file]) => file),
    ...saved.globs.flatMap(([, matches]) => matches.files),
    ...saved.resolved.flatMap(([, resolved]) => (resolved.ok ? [resolved.path] : [])),
  ]);
  for (const file of paths) if (!isInsideFolders(file)) return undefined;
  return { roots: saved.roots, files, stamps: saved.stamps, globs: saved.globs, resolved: saved.resolved, rules: saved.rules };
}

/** Whether `value` has the shape of a search document as the index saves it. */
export const isSearchDocument = shape({
  ref: isString,
  kind: isString,
  name: isString,
  title: optional(isString),
  description: optional(isString),
  tags: listOf(isString),
  type: optional(isString),
  owner: optional(isString),
  system: optional(isString),
  annotationValues: listOf(isString),
  linkTitles: listOf(isString),
  email: optional(isString),
  memberOf: listOf(isString),
}) as (value: unknown) => value is SearchDocument;

/** Whether `value` has the shape of a saved search index: refs, free ids and arrays (its documents are checked as they are decoded; the index checks that its parts fit together). */
export function isSearchIndexSnapshot(value: unknown): value is SearchIndexSnapshot {
  return shape({
    refs: listOf((ref) => ref === null || isString(ref)),
    freeIds: listOf(isCount),
    trigrams: shape({
      itemCounts: (array) => array instanceof Uint8Array,
      lengths: (array) => array instanceof Uint8Array,
      weights: (array) => array instanceof Float32Array,
      keys: (array) => array instanceof Uint32Array,
      sizes: (array) => array instanceof Uint32Array,
      postings: (array) => array instanceof Uint32Array,
    }),
  })(value);
}
