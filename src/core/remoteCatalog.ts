import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogFile, EntityRecord } from './catalogFile';
import { refKey, type EntityRelation } from './entityRelations';
import { FILE_START } from './textRange';
import { deriveToolLinks } from './toolLinks';

/** A Backstage instance a catalog was read from. */
export interface BackstageInstance {
  /** The backend's URL: the catalog API is under `/api/catalog`. */
  baseUrl: string;
  /** The Backstage app's URL, where entity pages live; often the same as `baseUrl`. */
  appUrl: string;
}

/** Where a remote entity came from. */
export interface RemoteOrigin {
  baseUrl: string;
  /** The entity's page in the Backstage app. */
  pageUrl: string;
}

/**
 * The fields fetched for every entity: what the tree, search, hover, completion and ref checks use.
 * The whole entity is fetched only when one is opened.
 */
export const REMOTE_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'metadata.tags',
  'metadata.links',
  'metadata.annotations',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
  'spec.domain',
  'spec.profile',
  'relations',
] as const;

/** Fields compared between a workspace copy and Backstage's; annotations separately (Backstage adds its own). */
const COMPARED_FIELDS = REMOTE_FIELDS.filter((field) => field !== 'relations' && field !== 'metadata.annotations' && field !== 'apiVersion');

/** The path every remote record of an instance carries: not a file, and never shown as one. */
export function remotePath(baseUrl: string): string {
  return `backstage:${baseUrl}`;
}

/** The entity's page in the Backstage app, as the app routes it (`/catalog/:namespace/:kind/:name`). */
export function entityPageUrl(appUrl: string, entity: Entity): string {
  const namespace = (entity.metadata.namespace ?? 'default').toLocaleLowerCase('en-US');
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return `${appUrl.replace(/\/+$/, '')}/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(kind)}/${encodeURIComponent(entity.metadata.name)}`;
}

/**
 * A Backstage instance's entities as one pseudo-file of the catalog. Backstage accepted them already,
 * so they are not validated again, and their relations are Backstage's own.
 */
export function remoteCatalogFile(instance: BackstageInstance, entities: readonly Entity[]): CatalogFile {
  const path = remotePath(instance.baseUrl);
  const records: EntityRecord[] = [];
  for (const entity of entities) {
    if (typeof entity?.kind !== 'string' || typeof entity.metadata?.name !== 'string') continue;
    const ref = stringifyEntityRef(entity);
    const relations: EntityRelation[] = (entity.relations ?? [])
      .filter((relation) => typeof relation?.type === 'string' && typeof relation.targetRef === 'string')
      .map((relation) => ({ type: relation.type, source: refKey(ref), target: refKey(relation.targetRef) }));
    records.push({
      ref,
      key: refKey(ref),
      entity,
      path,
      documentIndex: records.length,
      range: FILE_START,
      selectionRange: FILE_START,
      relations,
      refs: [],
      links: safeLinks(entity),
      remote: { baseUrl: instance.baseUrl, pageUrl: entityPageUrl(instance.appUrl, entity) },
    });
  }
  return { path, entities: records, problems: [], targets: [], dependencies: [], isSkeleton: false, remote: instance };
}

/**
 * How the workspace copy of an entity differs from Backstage's, field by field (`spec.lifecycle`), for
 * the fields both sides have: a difference usually means the file was edited but not yet ingested.
 */
export function entityDifferences(local: Entity, remote: Entity): string[] {
  const differences: string[] = [];
  for (const field of COMPARED_FIELDS) {
    const here = valueAt(local, field);
    const there = valueAt(remote, field);
    if (!sameValue(here, there)) differences.push(field);
  }
  // Backstage adds annotations of its own (managed-by-location, view-url…): only those written here count.
  const ours = (local.metadata?.annotations ?? {}) as Record<string, unknown>;
  const theirs = (remote.metadata?.annotations ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(ours)) {
    if (!sameValue(ours[key], theirs[key])) differences.push(`metadata.annotations.${key}`);
  }
  return differences;
}

function valueAt(entity: Entity, field: string): unknown {
  let value: unknown = entity;
  for (const part of field.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Deep equality of JSON values, treating absent and empty the same (Backstage drops neither, YAML writes either). */
function sameValue(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function safeLinks(entity: Entity) {
  try {
    return deriveToolLinks(entity);
  } catch {
    return [];
  }
}
