// A warm start's first answers, before the saved catalog is decoded: the tree's groups, the status and search, from the
// small first part of the saved file, written from the same catalog the rest of the file holds.
import { URI } from 'vscode-uri';
import type { Catalog } from '../../core/catalog/catalog';
import { refKey } from '../../core/catalog/entityRelations';
import type { CatalogSearchIndex } from '../../core/search/catalogSearch';
import type { SavedPreview } from '../../sources/catalogSnapshotStore';
import type { CatalogStatus, EntityGroupSummary, EntitySummary, GroupBy, SearchResultList } from '../../protocol/catalogProtocol';
import { entityGroups, toSummary } from './entityViews';
import type { BackstageInstance } from '../../core/backstage/backstageInstance';
import { parseRemoteEntityUri } from '../backstage/remoteEntityUri';
import { entityPageUrl } from '../../core/backstage/remoteCatalog';
import type { Entity } from '@backstage/catalog-model';

const GROUPINGS: readonly GroupBy[] = ['kind', 'owner', 'system'];
/** Entities summarised between two turns of the event loop. */
const SLICE = 1_000;

type Counts = Omit<CatalogStatus, 'loaded' | 'version' | 'progress'>;
const COUNTS = ['entityCount', 'fileCount', 'errorCount', 'warningCount', 'ruleCount'] as const;

interface PreviewValue {
  status: Counts;
  groups: Record<GroupBy, EntityGroupSummary[]>;
  /** The Backstage instances whose entities it holds. */
  instances: BackstageInstance[];
}

/**
 * What to save beside `catalog` (its files and Backstage's entities, as its snapshot holds them all) so that the next start
 * answers the tree and search before decoding it: the status, the groups of each grouping, and each entity that counts as
 * the tree shows it.
 */
export async function previewOf(catalog: Catalog, status: CatalogStatus): Promise<SavedPreview> {
  const entries: [string, EntitySummary][] = [];
  const records = catalog.entities();
  for (let at = 0; at < records.length; at++) {
    const record = records[at];
    if (catalog.entity(record.ref) === record) entries.push([record.key, toSummary(record, catalog)]);
    // Requests are answered meanwhile: a slice of entities between two turns of the event loop.
    if ((at + 1) % SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const value: PreviewValue = {
    status: Object.fromEntries(COUNTS.map((name) => [name, status[name]])) as Counts,
    groups: Object.fromEntries(GROUPINGS.map((groupBy) => [groupBy, entityGroups(catalog, groupBy)])) as Record<GroupBy, EntityGroupSummary[]>,
    instances: catalog.remoteFiles().map((file) => ({ baseUrl: file.remote!.baseUrl, appUrl: file.remote!.appUrl })),
  };
  return { value, entries };
}

const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown) => typeof value === 'string';
const isOptional = (check: (value: unknown) => boolean) => (value: unknown) => value === undefined || check(value);
const isTexts = (value: unknown) => Array.isArray(value) && value.every(isText);
const isTextRange = (value: unknown) => isObject(value) && [value.start, value.end].every((end) => isObject(end) && isCount(end.line) && isCount(end.character));
const isLocation = (value: unknown) => isObject(value) && isText(value.uri) && isTextRange(value.range) && isTextRange(value.selectionRange);
/** The fields of an `EntitySummary` as `toSummary` writes them, each of its type (the client reads them as such). */
const SUMMARY_FIELDS: Record<string, (value: unknown) => boolean> = {
  ref: isText,
  kind: isText,
  name: isText,
  namespace: isText,
  title: isText,
  tags: isTexts,
  location: isLocation,
  origins: (value) => Array.isArray(value) && value.every((origin) => origin === 'workspace' || origin === 'backstage'),
  groupKeys: (value) => isObject(value) && GROUPINGS.every((groupBy) => isText(value[groupBy])),
  ...Object.fromEntries(['description', 'type', 'lifecycle', 'owner', 'system', 'email', 'invalidReason', 'invalidMessage'].map((name) => [name, isOptional(isText)])),
  // Checked against the configured instances' apps by the preview (see `summary`).
  backstageUrl: isOptional(isText),
  memberOf: isOptional(isTexts),
  duplicateOf: isOptional(isLocation),
  hasLocalDocs: isOptional((value) => typeof value === 'boolean'),
  hasPublishedDocs: isOptional((value) => typeof value === 'boolean'),
};
const isSummary = (value: unknown): value is Record<string, unknown> => isObject(value) && Object.entries(SUMMARY_FIELDS).every(([name, check]) => check(value[name]));
const isGroup = (value: unknown) => isObject(value) && typeof value.key === 'string' && typeof value.label === 'string' && isCount(value.count) && isCount(value.invalidCount);
const isInstance = (value: unknown) => isObject(value) && isText(value.baseUrl) && isText(value.appUrl);

/** The saved catalog's first answers, read back as untrusted input: what does not check out is not answered from. */
export class CatalogPreview {
  private decoding?: { timer: NodeJS.Timeout; due: number };
  private markIndexed!: () => void;
  /** Resolves once the saved search index is decoded (or found not to check out). */
  readonly indexed = new Promise<void>((resolve) => (this.markIndexed = resolve));

  private constructor(
    private readonly value: PreviewValue,
    private readonly entry: (key: string) => Promise<unknown>,
    private readonly savedIndex: () => Promise<CatalogSearchIndex | undefined>,
    private readonly isInsideFolders: (file: string) => boolean,
    private readonly instances: readonly BackstageInstance[],
  ) {}

  /** Decodes the saved search index in `ms`, unless it is due sooner (the tree's answer brings it forward). */
  decodeIndexIn(ms: number): void {
    const due = Date.now() + ms;
    if (this.decoding && this.decoding.due <= due) return;
    clearTimeout(this.decoding?.timer);
    this.decoding = { timer: setTimeout(() => void this.index(), ms), due };
  }

  private async index(): Promise<CatalogSearchIndex | undefined> {
    try {
      return await this.savedIndex();
    } finally {
      // Also when decoding failed: the restore waits for this, and goes on without the saved index.
      this.markIndexed();
    }
  }

  /**
   * The preview of a saved catalog, if its value has the shape `previewOf` writes and each Backstage instance it holds is
   * one of `instances`, the configured ones (as they are configured now).
   */
  static of(
    saved: { value: unknown; entry: (key: string) => Promise<unknown> },
    index: () => Promise<CatalogSearchIndex | undefined>,
    isInsideFolders: (file: string) => boolean,
    instances: readonly BackstageInstance[] = [],
  ): CatalogPreview | undefined {
    const value = saved.value;
    if (!isObject(value) || !isObject(value.status) || !isObject(value.groups) || !Array.isArray(value.instances) || !value.instances.every(isInstance)) return undefined;
    const { status, groups } = value;
    if (!COUNTS.every((name) => isCount(status[name]))) return undefined;
    if (!GROUPINGS.every((groupBy) => Array.isArray(groups[groupBy]) && (groups[groupBy] as unknown[]).every(isGroup))) return undefined;
    const held = value.instances as BackstageInstance[];
    if (!held.every((instance) => instances.some((configured) => configured.baseUrl === instance.baseUrl && configured.appUrl === instance.appUrl))) return undefined;
    return new CatalogPreview(value as unknown as PreviewValue, saved.entry, index, isInsideFolders, held);
  }

  status(version: number): CatalogStatus {
    return { loaded: true, ...this.value.status, version };
  }

  groups(groupBy: GroupBy): EntityGroupSummary[] | undefined {
    // Once the tree's answer is written (the connection writes on a later turn), the saved search index is decoded: a
    // first search finds it ready.
    this.decodeIndexIn(0);
    return GROUPINGS.includes(groupBy) ? this.value.groups[groupBy].map((group) => ({ ...group })) : undefined;
  }

  /** The search's answer, or undefined when the saved index, a document it ranks or an entity it finds does not check out. */
  async search(query: string, limit: number): Promise<SearchResultList | undefined> {
    const index = await this.index();
    if (!index || index.damaged) return undefined;
    const results = index.search(query, limit);
    // A saved document did not check out: the catalog's own index answers.
    if (index.damaged) return undefined;
    const entities = await Promise.all(results.map((result) => this.summary(refKey(result.ref))));
    if (entities.some((entity) => !entity)) return undefined;
    return results.map((_, at) => ({ entity: entities[at]! }));
  }

  /**
   * An entity as saved, if it is the entity of `key`, of the summary's shape, names only places inside the workspace
   * folders or the held instances' entities, and links only to a page of a held instance's app.
   */
  private async summary(key: string): Promise<EntitySummary | undefined> {
    const value = await this.entry(key);
    if (!isSummary(value) || refKey(value.ref as string) !== key || !this.inside(value.location, key) || !(value.duplicateOf === undefined || this.inside(value.duplicateOf, key))) return undefined;
    // The entity's page in a held instance's app, as the catalog builds it from the entity.
    const page = value.backstageUrl as string | undefined;
    const entity = { kind: value.kind as string, metadata: { name: value.name as string, namespace: value.namespace as string } } as Entity;
    if (page !== undefined && !this.instances.some((instance) => page === entityPageUrl(instance.appUrl, entity))) return undefined;
    return value as unknown as EntitySummary;
  }

  /** A file inside the workspace folders, or the read-only document of this entity at a held instance. */
  private inside(location: unknown, key: string): boolean {
    if (!isObject(location) || typeof location.uri !== 'string') return false;
    try {
      const remote = parseRemoteEntityUri(location.uri);
      if (remote) return refKey(remote.ref) === key && this.instances.some((instance) => instance.baseUrl === remote.baseUrl);
      return location.uri.startsWith('file:') && this.isInsideFolders(URI.parse(location.uri).fsPath);
    } catch {
      return false;
    }
  }
}
