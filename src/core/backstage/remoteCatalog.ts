// Backstage's catalog as records: an instance's entities as a pseudo-file of records with no text behind them.
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogFile, EntityRecord } from '../catalog/catalogFile';
import type { BackstageInstance } from './backstageInstance';
import { refKey } from '../catalog/entityRelations';
import { FILE_START } from '../catalog/textRange';

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
  'metadata.etag',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
  'spec.domain',
  'spec.profile',
  'spec.target',
  'spec.targets',
  // An API of type mcp-server's endpoints, which Greenroom can offer VS Code's agents.
  'spec.remotes',
  'relations',
  'status',
] as const;

/** Fields compared between a workspace copy and Backstage's; annotations separately (Backstage adds its own). */
const COMPARED_FIELDS = REMOTE_FIELDS.filter((field) => !['relations', 'status', 'metadata.annotations', 'metadata.etag', 'apiVersion'].includes(field));

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
 * A Backstage instance's entities as one pseudo-file of the catalog, built page by page while the next
 * page is on its way. Backstage accepted the entities already, so they are not validated again, and
 * their relations are Backstage's own. Records of `previous` whose entity has the same etag (Backstage
 * changes it whenever the entity changes) are kept, so that a refresh re-links and re-indexes only
 * what changed.
 */
export class RemoteCatalogBuilder {
  private readonly records: EntityRecord[] = [];
  private readonly before: Map<string, EntityRecord>;
  private readonly path: string;

  /** `readAt`: when the page being added was read (ISO time); records kept from `previous` keep theirs. */
  constructor(
    private readonly instance: BackstageInstance,
    previous?: CatalogFile,
    private readonly readAt = new Date().toISOString(),
  ) {
    this.path = remotePath(instance.baseUrl);
    this.before = new Map((previous?.entities ?? []).map((record) => [record.key, record]));
  }

  /** Adds a page of entities; what is not an entity is skipped. */
  add(entities: readonly Entity[]): void {
    for (const entity of entities) {
      if (typeof entity?.kind !== 'string' || typeof entity.metadata?.name !== 'string') continue;
      const ref = stringifyEntityRef(entity);
      const key = refKey(ref);
      const pageUrl = entityPageUrl(this.instance.appUrl, entity);
      const same = this.before.get(key);
      if (same && entity.metadata.etag && same.entity.metadata.etag === entity.metadata.etag && same.remote?.pageUrl === pageUrl) {
        this.records.push(same);
        continue;
      }
      this.records.push({
        ref,
        key,
        entity,
        path: this.path,
        documentIndex: this.records.length,
        range: FILE_START,
        selectionRange: FILE_START,
        relations: (entity.relations ?? [])
          .filter((relation) => typeof relation?.type === 'string' && typeof relation.targetRef === 'string')
          .map((relation) => ({ type: relation.type, source: key, target: refKey(relation.targetRef) })),
        refs: [],
        remote: { baseUrl: this.instance.baseUrl, pageUrl, readAt: this.readAt },
      });
    }
  }

  /** The pseudo-file of the load that finished at `fetchedAt`. */
  build(fetchedAt = this.readAt): CatalogFile {
    return { path: this.path, entities: [...this.records], problems: [], targets: [], dependencies: [], isSkeleton: false, remote: this.instance, fetchedAt };
  }
}

/** All of `entities`, read at `readAt`, as an instance's pseudo-file at once (see RemoteCatalogBuilder). */
export function remoteCatalogFile(instance: BackstageInstance, entities: readonly Entity[], previous?: CatalogFile, readAt?: string): CatalogFile {
  const builder = new RemoteCatalogBuilder(instance, previous, readAt);
  builder.add(entities);
  return builder.build();
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
