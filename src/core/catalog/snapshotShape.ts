// A saved catalog is read back as untrusted input: these checks admit only the shapes the catalog itself writes.
import type { CatalogSnapshot } from './catalog';
import type { SearchIndexSnapshot } from '../search/catalogSearch';
import { RELATION_FIELDS, type RelationField } from './entityRelations';

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
const shape =
  (fields: Record<string, Check>): Check =>
  (value) =>
    isObject(value) && Object.entries(fields).every(([name, check]) => check(Object.hasOwn(value, name) ? value[name] : undefined));
/** JSON data: what an entity is once parsed. */
const isJson: Check = (value) =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) ? value.every(isJson) : isObject(value) && Object.values(value).every(isJson));

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
/** A relation field the catalog knows, saved as `Kind.field`: `isCatalogSnapshot` puts the table's own entry back. */
const relationField = (value: unknown) => RELATION_FIELDS.find((rule) => `${rule.kind}.${rule.field}` === value);
const isRelationField: Check = (value) => relationField(value) !== undefined;

/** The snapshot as saved: a ref's relation field by name rather than a copy of the table's entry. */
export function savedForm(snapshot: CatalogSnapshot): CatalogSnapshot {
  const files = snapshot.files.map((file) => ({
    ...file,
    entities: file.entities.map((record) => ({ ...record, refs: record.refs.map((ref) => ({ ...ref, field: `${ref.field.kind}.${ref.field.field}` as unknown as RelationField })) })),
  }));
  return { ...snapshot, files };
}
const isRecord = shape({
  ref: isString,
  key: isString,
  entity: (value) => isObject(value) && isJson(value),
  path: isString,
  documentIndex: isCount,
  range: isRange,
  selectionRange: isRange,
  failure: optional(shape({ message: isString, reason: isString, path: isYamlPath, unknownKind: isBoolean })),
  notIngested: optional(shape({ reason: isString, failedLocation: isBoolean })),
  relations: listOf(shape({ type: isString, source: isString, target: isString })),
  refs: listOf(shape({ path: isYamlPath, written: isString, target: isString, field: isRelationField, range: isRange })),
  links: listOf(shape({ title: isString, url: isString, icon: optional(isString), origin: isString })),
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
const isPair =
  (second: Check): Check =>
  (value) =>
    Array.isArray(value) && value.length === 2 && isString(value[0]) && second(value[1]);
const isRefusal = oneOf('outside', 'link-outside', 'no-folder');
const isGlobMatches = shape({ files: listOf(isString), refusal: optional(isRefusal), linksOutside: listOf(isString), cappedAt: optional(isCount) });
const isResolved = (value: unknown) => (isObject(value) && value.ok === true ? shape({ path: isString })(value) : shape({ ok: (ok) => ok === false, refusal: isRefusal })(value));

/** Whether `value` has the shape `Catalog.snapshot` gives, every path inside one of `folders` (a path compare, nothing read). */
export function isCatalogSnapshot(value: unknown, isInsideFolders: (file: string) => boolean): value is CatalogSnapshot {
  const valid = shape({
    roots: listOf(isString),
    files: listOf(isCatalogFile),
    stamps: listOf(isPair(isString)),
    globs: listOf(isPair(isGlobMatches)),
    resolved: listOf(isPair(isResolved)),
    rules: isString,
  })(value);
  if (!valid) return false;
  const snapshot = value as CatalogSnapshot;
  const paths = [
    ...snapshot.roots,
    ...snapshot.stamps.map(([file]) => file),
    ...snapshot.files.flatMap((file) => [file.path, ...file.dependencies, ...file.entities.map((record) => record.path), ...file.problems.map((problem) => problem.path)]),
    ...snapshot.globs.flatMap(([, matches]) => matches.files),
    ...snapshot.resolved.flatMap(([, resolved]) => (resolved.ok ? [resolved.path] : [])),
  ];
  if (!paths.every(isInsideFolders)) return false;
  for (const file of snapshot.files) for (const record of file.entities) for (const ref of record.refs) ref.field = relationField(ref.field)!;
  return true;
}

const isDocument = shape({
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
});

/** Whether `value` has the shape `CatalogSearchIndex.snapshot` gives (the index checks that its parts fit together). */
export function isSearchIndexSnapshot(value: unknown): value is SearchIndexSnapshot {
  return shape({
    documents: listOf((doc) => doc === null || isDocument(doc)),
    freeIds: listOf(isCount),
    trigrams: shape({
      items: listOf((items) => items === null || isString(items)),
      lengths: (array) => array instanceof Uint8Array,
      weights: (array) => array instanceof Float32Array,
      keys: (array) => array instanceof Uint32Array,
      sizes: (array) => array instanceof Uint32Array,
      postings: (array) => array instanceof Uint32Array,
    }),
  })(value);
}
