import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import * as path from 'node:path';
import type { CatalogProblem, ProblemCode, ProblemSeverity } from './catalogProblem';
import type { CatalogSource } from './catalogSource';
import { computeRelations, refKey, relationsOfRefs, type EntityRelation, type RefOccurrence } from './entityRelations';
import { validateEntity, type ValidationFailure } from './entityValidation';
import { missingFieldFix } from './missingFieldFix';
import { ownStrings } from './ownStrings';
import { checkRules, type OrganisationRule } from './organisationRules';
import { resolvePlaceholders } from './placeholders';
import { FILE_START, packedPosition, packRange, rangeOfPacked, type TextRange } from './textRange';
import { deriveToolLinks, type ToolLink } from './toolLinks';
import type { BackstageInstance, RemoteOrigin } from '../backstage/backstageInstance';
import { checkTemplate } from '../scaffolder/templateChecks';
import { checkSkeletonValues } from '../scaffolder/skeletonValueChecks';
import { parseYamlFile, type TextIndex, type YamlChunkCache, type YamlDocument, type YamlPath } from '../language/yamlDocuments';

/** One entity as read from a file: valid or not, it is kept so that nothing is silently dropped. */
export interface EntityRecord {
  /** `kind:namespace/name` as Backstage writes it. */
  ref: string;
  /** Lower-cased ref: the identity Backstage compares by. */
  key: string;
  entity: Entity;
  path: string;
  documentIndex: number;
  range: TextRange;
  /** The entity's name in the text: where "go to definition" puts the cursor. */
  selectionRange: TextRange;
  /** Backstage's reason for rejecting it, if it does. */
  failure?: ValidationFailure;
  /**
   * Set when Backstage would not ingest it although it passes its own checks: a Location on the way
   * to its file fails, or (`failedLocation`) it is a Location one of whose targets fails.
   */
  notIngested?: { reason: string; failedLocation: boolean };
  /**
   * Relations the refs do not give (an entity read from Backstage, with Backstage's relations); a file's entity has
   * none kept: its relations are those of its refs, made when asked for (see `relationsOfRecord`).
   */
  relations?: EntityRelation[];
  /** The refs its spec writes, where they are written: for ref checks, definition and references. */
  refs: (RefOccurrence & { range: TextRange })[];
  /** Set for an entity read from a Backstage instance rather than a file. */
  remote?: RemoteOrigin;
}

/** A target of a Location entity, resolved against the Location's own file. */
export interface LocationTarget {
  /** Absolute path or glob pattern. */
  pattern: string;
  isGlob: boolean;
  /** The target as written, for messages. */
  written: string;
  range: TextRange;
  /** The Location entity's document: Backstage fails that Location when one of its targets fails. */
  documentIndex: number;
}

export interface CatalogFile {
  path: string;
  entities: EntityRecord[];
  problems: CatalogProblem[];
  targets: LocationTarget[];
  /** Files read through `$text`/`$json`/`$yaml`: a change to one of them re-reads this file. */
  dependencies: string[];
  /** A template skeleton (full of `${{ }}`) found by a glob: not read as entities. */
  isSkeleton: boolean;
  /** Set when the file could not be read at all. */
  readFailure?: 'missing' | 'too-large' | 'unreadable';
  /** Set for the pseudo-file holding a Backstage instance's entities. */
  remote?: BackstageInstance;
  /** That pseudo-file's load: when it finished (ISO time), as the instance's cache records it. */
  fetchedAt?: string;
}

export interface ReadOptions {
  /** Files reached through a glob, not named by a Location, are skipped when they are template skeletons. */
  skipSkeletons: boolean;
  /** The file's parsed chunks from its last read, for a file being edited. */
  parseCache?: YamlChunkCache;
  /** Backstage catalog modules in use, whose kinds are validated as they validate them (see AI_MODEL_MODULE). */
  modules?: readonly string[];
  /** The organisation's rules (`.greenroom/rules.yaml`), checked on every entity Backstage would accept. */
  rules?: readonly OrganisationRule[];
  /** Set on a parse worker: the message that hands the file back copies every string, so they need no copies of their own here. */
  copiedOut?: boolean;
}

/**
 * Gives the ranges the catalog keeps with each entity (its own, its name's, its refs') their packed form, in place: done where
 * a read file is kept, after it may have come from a worker thread, which hands back plain objects.
 */
export function packRanges(file: CatalogFile): CatalogFile {
  file.entities = file.entities.map(packedRecord);
  return file;
}

/**
 * A record read from a file with its two ranges (its own, its name's) as four numbers of its own rather than two objects
 * beside it: some 40 bytes an entity. It reads as the plain record it was made from; its ranges are never set again.
 * `notIngested`, set after the reading, is a field from the start: added later it cost the record a property array.
 */
class PackedRecord implements EntityRecord {
  readonly ref: string;
  readonly key: string;
  readonly entity: Entity;
  readonly path: string;
  readonly documentIndex: number;
  readonly failure: EntityRecord['failure'];
  notIngested: EntityRecord['notIngested'];
  readonly refs: EntityRecord['refs'];
  readonly #rangeStart: number;
  readonly #rangeEnd: number;
  readonly #nameStart: number;
  readonly #nameEnd: number;

  constructor(record: EntityRecord, [rangeStart, rangeEnd, nameStart, nameEnd]: number[]) {
    this.ref = record.ref;
    this.key = record.key;
    this.entity = record.entity;
    this.path = record.path;
    this.documentIndex = record.documentIndex;
    this.failure = record.failure;
    this.notIngested = record.notIngested;
    this.refs = record.refs.map(packedRef);
    this.#rangeStart = rangeStart;
    this.#rangeEnd = rangeEnd;
    this.#nameStart = nameStart;
    this.#nameEnd = nameEnd;
  }

  get range(): TextRange {
    return rangeOfPacked(this.#rangeStart, this.#rangeEnd);
  }

  get selectionRange(): TextRange {
    return rangeOfPacked(this.#nameStart, this.#nameEnd);
  }

  toJSON(): EntityRecord {
    const { ref, key, entity, path, documentIndex, range, selectionRange, failure, notIngested, refs } = this;
    return { ref, key, entity, path, documentIndex, range, selectionRange, failure, notIngested, refs };
  }
}

/**
 * `record` packed; one with Backstage's relations or from Backstage (none is, as a file is read), or with a position past what
 * a number holds (a line of 2,048 characters), stays a plain record, its ranges and refs packed.
 */
function packedRecord(record: EntityRecord): EntityRecord {
  if (record instanceof PackedRecord) return record;
  const positions = [record.range.start, record.range.end, record.selectionRange.start, record.selectionRange.end].map(packedPosition);
  if (record.relations === undefined && record.remote === undefined && positions.every((at) => at !== undefined)) return new PackedRecord(record, positions);
  record.range = packRange(record.range);
  record.selectionRange = packRange(record.selectionRange);
  record.refs = record.refs.map(packedRef);
  return record;
}

type Ref = EntityRecord['refs'][number];

/**
 * A ref with its range in two numbers of its own rather than in an object beside it: 72 bytes instead of 104, for the two
 * or three refs of most entities. It reads as the plain ref it was made from, and is saved as one (`toJSON`).
 */
class PackedRef implements Ref {
  readonly #startAt: number;
  readonly #endAt: number;

  constructor(
    readonly path: Ref['path'],
    readonly written: string,
    readonly target: string,
    readonly field: Ref['field'],
    startAt: number,
    endAt: number,
  ) {
    this.#startAt = startAt;
    this.#endAt = endAt;
  }

  get range(): TextRange {
    return rangeOfPacked(this.#startAt, this.#endAt);
  }

  toJSON(): Ref {
    return { path: this.path, written: this.written, target: this.target, field: this.field, range: this.range };
  }
}

/** `ref` packed, unless a position is past what a number holds (a line of 2,048 characters): then with its range packed. */
function packedRef(ref: Ref): Ref {
  if (ref instanceof PackedRef) return ref;
  const startAt = packedPosition(ref.range.start);
  const endAt = packedPosition(ref.range.end);
  if (startAt === undefined || endAt === undefined) return { path: ref.path, written: ref.written, target: ref.target, field: ref.field, range: packRange(ref.range) };
  return new PackedRef(ref.path, ref.written, ref.target, ref.field, startAt, endAt);
}

/** Never throws: whatever goes wrong in a file becomes a problem on that file, and the catalog goes on with the others. */
export async function readCatalogFile(source: CatalogSource, filePath: string, options: ReadOptions): Promise<CatalogFile> {
  try {
    return await readEntities(source, filePath, options);
  } catch (error) {
    return unreadableFile(filePath, error);
  }
}

/** A file whose reading failed, with the failure as its problem. */
export function unreadableFile(filePath: string, error: unknown): CatalogFile {
  const file: CatalogFile = { path: filePath, entities: [], problems: [], targets: [], dependencies: [], isSkeleton: false, readFailure: 'unreadable' };
  file.problems.push(problem(file, FILE_START, 'error', 'file-unreadable', `This file could not be read: ${errorMessage(error)}`));
  return file;
}

async function readEntities(source: CatalogSource, filePath: string, options: ReadOptions): Promise<CatalogFile> {
  const file: CatalogFile = { path: filePath, entities: [], problems: [], targets: [], dependencies: [], isSkeleton: false };
  const read = await source.readFile(filePath);
  if (!read.ok) {
    file.readFailure = read.reason;
    const code: ProblemCode = read.reason === 'too-large' ? 'file-too-large' : 'file-unreadable';
    file.problems.push(problem(file, FILE_START, 'error', code, read.message));
    return file;
  }
  if (options.skipSkeletons && looksLikeSkeleton(read.text)) {
    file.isSkeleton = true;
    return file;
  }
  const parsed = parseYamlFile(read.text, options.parseCache);
  for (const error of parsed.errors) {
    file.problems.push(problem(file, error.range, 'error', 'yaml-syntax', `YAML error: ${error.message}`));
  }
  for (const document of parsed.documents) {
    if (document.isEmpty) continue;
    // Whatever one entity holds, the file's other entities are still read.
    try {
      await readDocument(source, file, document, parsed.index, options);
    } catch (error) {
      file.problems.push(problem(file, rangeNear(document, []), 'error', 'entity-unreadable', `This entity could not be read: ${errorMessage(error)}`));
    }
  }
  return file;
}

async function readDocument(source: CatalogSource, file: CatalogFile, document: YamlDocument, index: TextIndex, options: ReadOptions): Promise<void> {
  const { modules = [], rules = [] } = options;
  const value = document.value;
  // Backstage skips a document that is null: what a trailing `---` or a document of comments gives.
  if (value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    file.problems.push(problem(file, document.range, 'error', 'not-an-entity', `Expected object at root, got ${got}: this YAML document is not a catalog entity`));
    return;
  }
  const resolved = await resolvePlaceholders(source, file.path, emitted(value), document);
  file.dependencies.push(...resolved.files);
  for (const issue of resolved.problems) file.problems.push({ ...issue, path: file.path });
  const entity = (options.copiedOut ? resolved.value : ownStrings(resolved.value)) as Entity;

  let failure = resolved.failure ?? (await validateEntity(entity, modules));
  const metadata = entity.metadata ?? {};
  if (!failure && !metadata.namespace) entity.metadata = { ...metadata, namespace: 'default' };
  const written = describeRef(entity);
  const key = refKey(written);
  // Mostly the same text: one string kept instead of the lower-cased copy and the joined pieces it was made of.
  const ref = key === written ? key : written;
  const computed = failure ? { relations: [], refs: [], errors: [] } : computeRelations(entity, ref);
  const { errors } = computed;
  // A ref Backstage cannot parse fails the whole entity's processing: it gets no relations at all.
  const { refs } = errors.length > 0 ? { refs: [] } : computed;
  if (!failure && errors.length > 0) {
    const first = errors[0];
    failure = { message: `Processor BuiltinKindsEntityProcessor threw an error while postprocessing; caused by ${first.message}`, reason: first.message, path: first.path, unknownKind: false };
  }
  // A placeholder failure is already reported on the placeholder itself.
  if (failure && failure !== resolved.failure) {
    const range = rangeNear(document, failure.path);
    const severity: ProblemSeverity = 'error';
    const issue = problem(file, range, severity, failure.unknownKind ? 'unknown-kind' : 'entity-invalid', failure.message);
    const fix = missingFieldFix(document, failure);
    file.problems.push(fix ? { ...issue, fixes: [fix] } : issue);
  }
  const record: EntityRecord = {
    ref,
    key,
    entity,
    path: file.path,
    documentIndex: document.index,
    range: document.range,
    selectionRange: document.rangeOf(['metadata', 'name']) ?? document.range,
    failure,
    // Built field by field: a spread copy plus a field gave each ref a hidden class of its own (some 500 bytes).
    refs: refs.map(({ path, written, target, field }) => ({ path, written, target, field, range: document.rangeOf(path) ?? document.range })),
  };
  file.entities.push(record);
  if (!failure) for (const issue of checkRules(record, document, rules)) file.problems.push({ ...issue, path: file.path });
  for (const issue of checkTemplate(entity, document, index)) file.problems.push({ ...issue, path: file.path });
  const skeletons = await checkSkeletonValues(source, file.path, entity, document);
  file.dependencies.push(...skeletons.files);
  for (const issue of skeletons.problems) file.problems.push({ ...issue, path: file.path });
  if (!failure && entity.kind === 'Location') collectTargets(file, entity, document);
}

/**
 * The entity as a Location hands it on: Backstage replaces empty annotations (`annotations:` with
 * every line commented out) with the location annotations it adds, so they are never null there.
 */
function emitted(value: object): object {
  const metadata = (value as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null || !('annotations' in metadata) || (metadata as { annotations?: unknown }).annotations) return value;
  return { ...value, metadata: { ...metadata, annotations: {} } };
}

function collectTargets(file: CatalogFile, entity: Entity, document: YamlDocument): void {
  const spec = (entity.spec ?? {}) as { type?: string; target?: string; targets?: string[] };
  const written: { value: string; path: YamlPath }[] = [];
  if (typeof spec.target === 'string') written.push({ value: spec.target, path: ['spec', 'target'] });
  (spec.targets ?? []).forEach((value, index) => written.push({ value, path: ['spec', 'targets', index] }));
  const type = spec.type ?? 'file';
  for (const { value, path: yamlPath } of written) {
    const range = document.rangeOf(yamlPath) ?? document.range;
    // A relative `url` target is resolved against the Location's own URL: a file of the same repository.
    if ((type !== 'file' && type !== 'url') || /^[a-z][\w+.-]*:\/\//i.test(value)) {
      file.problems.push(
        problem(file, range, 'info', 'location-remote-target', `Remote target ${value} is read by a Backstage catalog, not from the workspace; connect Greenroom to Backstage to see its entities`),
      );
      continue;
    }
    if (type === 'file' && (value.endsWith('/') || value.endsWith(path.sep))) {
      file.problems.push(problem(file, range, 'error', 'location-invalid-target', `LocationEntityProcessor cannot handle file type location with target ${file.path} that ends with a path separator`));
      continue;
    }
    const pattern = path.resolve(path.dirname(file.path), value);
    file.targets.push({ pattern, isGlob: /[*?[\]{}]/.test(value), written: value, range, documentIndex: document.index });
  }
}

/** Skeleton files are templated: `${{ values.x }}` (Backstage) or `{{ cookiecutter.x }}`. */
function looksLikeSkeleton(text: string): boolean {
  if (!/\$\{\{|\{\{\s*cookiecutter\.|\{%/.test(text)) return false;
  // A Template entity carries `${{ }}` in its steps but is itself a catalog entity.
  return !/^kind:\s*Template\s*$/m.test(text);
}

function describeRef(entity: Entity): string {
  try {
    return stringifyEntityRef(entity);
  } catch {
    const kind = typeof entity.kind === 'string' ? entity.kind.toLocaleLowerCase('en-US') : 'unknown';
    const metadata = (entity.metadata ?? {}) as Partial<Entity['metadata']>;
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
    const name = typeof metadata.name === 'string' ? metadata.name : '(no name)';
    return `${kind}:${namespace}/${name}`;
  }
}

/** Every relation an entity emits, in both directions, as Backstage stores them. */
export function relationsOfRecord(record: EntityRecord): EntityRelation[] {
  return record.relations ?? relationsOfRefs(record.ref, record.refs);
}

/** The links a person can open from an entity, derived when asked rather than kept with it (some 150 bytes an entity). */
export function toolLinksOf(record: EntityRecord): ToolLink[] {
  try {
    return deriveToolLinks(record.entity, record.remote ? undefined : record.path);
  } catch {
    return [];
  }
}

/** The range of the named field, or of its nearest existing parent's key, or of the whole document. */
function rangeNear(document: YamlDocument, yamlPath: YamlPath): TextRange {
  for (let length = yamlPath.length; length > 0; length--) {
    const prefix = yamlPath.slice(0, length);
    const value = length === yamlPath.length ? document.rangeOf(prefix) : undefined;
    // A one-line value is the thing to fix; a block (a whole `spec:`) is better marked at its key.
    const range = value && value.start.line === value.end.line ? value : document.keyRangeOf(prefix);
    if (range) return range;
  }
  return document.keyRangeOf(['kind']) ?? document.range;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function problem(file: CatalogFile, range: TextRange, severity: ProblemSeverity, code: ProblemCode, message: string): CatalogProblem {
  return { path: file.path, range, severity, code, message };
}
