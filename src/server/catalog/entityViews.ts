import { URI } from 'vscode-uri';
import { hasPublishedDocs, localDocsDir } from '../../core/techdocs/localSite';
import type { Catalog } from '../../core/catalog/catalog';
import { toolLinksOf, type EntityRecord } from '../../core/catalog/catalogFile';
import { entityTitle, groupEntities, groupKeyOf, ownerRef, systemRef } from '../../core/catalog/entityGrouping';
import { RELATION_TYPES, refKey } from '../../core/catalog/entityRelations';
import { remoteEntityUri } from '../backstage/remoteEntityUri';
import type { EntityDetails, EntityGroupSummary, EntitySummary, GroupBy, RelationView, SourceLocation } from '../../protocol/catalogProtocol';

/** The file an entity is written in, or for an entity only Backstage has, its read-only document. */
export function sourceLocation(record: EntityRecord): SourceLocation {
  const uri = record.remote ? remoteEntityUri({ ...record, remote: record.remote }) : URI.file(record.path).toString();
  return { uri, range: record.range, selectionRange: record.selectionRange };
}

export function toSummary(record: EntityRecord, catalog: Catalog): EntitySummary {
  const { entity } = record;
  const metadata = (entity.metadata ?? {}) as Partial<EntityRecord['entity']['metadata']>;
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const [kindPart, rest] = splitRef(record.ref);
  const winner = catalog.entity(record.ref);
  return {
    ref: record.ref,
    kind: typeof entity.kind === 'string' ? entity.kind : kindPart,
    namespace: rest.namespace,
    name: rest.name,
    title: entityTitle(entity),
    description: text(metadata.description),
    type: text(spec.type),
    lifecycle: text(spec.lifecycle),
    owner: safe(() => ownerRef(entity)),
    system: entity.kind === 'System' ? undefined : safe(() => systemRef(entity)),
    tags: Array.isArray(metadata.tags) ? metadata.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    email: text((spec.profile as { email?: unknown } | undefined)?.email),
    memberOf:
      entity.kind === 'User'
        ? catalog
            .relationsOf(record.ref)
            .filter((r) => r.type === 'memberOf')
            .map((r) => r.target)
        : undefined,
    location: sourceLocation(record),
    // An entity Backstage would not ingest because its Location fails is marked as one it rejects.
    invalidReason: record.failure?.reason ?? record.notIngested?.reason,
    invalidMessage: record.failure?.message ?? record.notIngested?.reason,
    duplicateOf: winner && winner !== record ? sourceLocation(winner) : undefined,
    ...origins(record, catalog),
    hasLocalDocs: localDocsDir(record) !== undefined,
    hasPublishedDocs: hasPublishedDocs(record),
    groupKeys: { kind: groupKeyOf(entity, 'kind'), owner: safe(() => groupKeyOf(entity, 'owner')) ?? '', system: safe(() => groupKeyOf(entity, 'system')) ?? '' },
  };
}

/** The tree's top level: the shown entities grouped, with how many there are and how many are invalid. */
export function entityGroups(catalog: Catalog, groupBy: GroupBy): EntityGroupSummary[] {
  return groupEntities(catalog.shownEntities(), groupBy, (ref) => titleOf(catalog, ref)).map((group) => ({
    key: group.key,
    label: group.label,
    count: group.entities.length,
    invalidCount: group.entities.filter((record) => record.failure).length,
  }));
}

/** The title the tree shows for a ref, if the catalog has it. */
export function titleOf(catalog: Catalog, ref: string): string | undefined {
  const record = catalog.entity(ref);
  return record ? toSummary(record, catalog).title : undefined;
}

export function toDetails(record: EntityRecord, catalog: Catalog): EntityDetails {
  const relations: RelationView[] = catalog
    .relationsOf(record.ref)
    .map((relation) => {
      const target = catalog.entity(relation.target);
      return { type: relation.type, targetRef: relation.target, target: target ? toSummary(target, catalog) : undefined };
    })
    .sort((a, b) => rank(a.type) - rank(b.type) || a.targetRef.localeCompare(b.targetRef));
  return { entity: toSummary(record, catalog), relations, links: toolLinksOf(record).map((link) => ({ ...link })) };
}

/** Finds the definition asked for: the one at `location` when a ref is defined twice, else the one that counts. */
export function findRecord(catalog: Catalog, ref: string, location?: { uri: string; line: number }): EntityRecord | undefined {
  if (location) {
    const file = URI.parse(location.uri).fsPath;
    const match = catalog.entities().find((record) => record.key === refKey(ref) && record.path === file && record.range.start.line <= location.line && location.line <= record.range.end.line);
    if (match) return match;
  }
  return catalog.entity(ref) ?? catalog.entities().find((record) => record.key === refKey(ref));
}

/** Both origins of an entity Backstage has too, and its page there. */
function origins(record: EntityRecord, catalog: Catalog): Pick<EntitySummary, 'origins' | 'backstageUrl'> {
  if (record.remote) return { origins: ['backstage'], backstageUrl: record.remote.pageUrl };
  const copy = catalog.remoteCopies(record.ref)[0];
  return copy ? { origins: ['workspace', 'backstage'], backstageUrl: copy.remote?.pageUrl } : { origins: ['workspace'] };
}

function rank(type: string): number {
  const index = RELATION_TYPES.indexOf(type);
  return index === -1 ? RELATION_TYPES.length : index;
}

function splitRef(ref: string): [string, { namespace: string; name: string }] {
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/', colon + 1);
  return [ref.slice(0, colon), { namespace: ref.slice(colon + 1, slash), name: ref.slice(slash + 1) }];
}

function safe<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
