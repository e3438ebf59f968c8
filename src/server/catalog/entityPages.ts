// The entity page: what one entity's page shows, per kind, from the catalog's relations.
import type { Catalog } from '../../core/catalog/catalog';
import { toolLinksOf, type EntityRecord } from '../../core/catalog/catalogFile';
import { apiDefinitionParts } from '../../core/catalog/apiDefinitionParts';
import { entityTitle, ownerRef, systemRef } from '../../core/catalog/entityGrouping';
import { fieldText } from '../../core/catalog/fieldText';
import type { EntityPage, EntityPageLink, EntityPageSection, LocationTargetView } from '../../protocol/catalogProtocol';
import { toSummary } from './entityViews';

/** A section is cut here; the page says how many more there are. */
export const SECTION_LIMIT = 200;

/** One relation type shown as a section; `byKind` splits it into one section per target kind. */
interface SectionRule {
  id: string;
  relation: string;
  title: string;
  empty: string;
  /** Only targets of these kinds (lower-case). */
  kinds?: readonly string[];
  byKind?: boolean;
}

const OWNS: SectionRule = { id: 'owns', relation: 'ownerOf', title: 'Owns', empty: 'Owns nothing in the catalog', byKind: true };

/** What each kind's page lists, in order, as Backstage's default entity pages do. */
const SECTIONS: Record<string, readonly SectionRule[]> = {
  component: [
    { id: 'providedApis', relation: 'providesApi', title: 'Provided APIs', empty: 'Provides no APIs' },
    { id: 'consumedApis', relation: 'consumesApi', title: 'Consumed APIs', empty: 'Consumes no APIs' },
    { id: 'dependsOn', relation: 'dependsOn', title: 'Depends on', empty: 'Depends on nothing in the catalog' },
    { id: 'dependencyOf', relation: 'dependencyOf', title: 'Dependency of', empty: 'Nothing depends on it' },
    { id: 'subcomponents', relation: 'hasPart', title: 'Subcomponents', empty: 'Has no subcomponents', kinds: ['component'] },
  ],
  api: [
    { id: 'providers', relation: 'apiProvidedBy', title: 'Providers', empty: 'No component provides it' },
    { id: 'consumers', relation: 'apiConsumedBy', title: 'Consumers', empty: 'No component consumes it' },
  ],
  group: [{ id: 'members', relation: 'hasMember', title: 'Members', empty: 'Has no members' }, { id: 'children', relation: 'parentOf', title: 'Child groups', empty: 'Has no child groups' }, OWNS],
  user: [{ id: 'groups', relation: 'memberOf', title: 'Groups', empty: 'Is in no group' }, OWNS],
  system: [{ id: 'parts', relation: 'hasPart', title: 'Parts', empty: 'Has no components, APIs or resources', byKind: true }],
  domain: [
    { id: 'systems', relation: 'hasPart', title: 'Systems', empty: 'Has no systems', kinds: ['system'] },
    { id: 'subdomains', relation: 'hasPart', title: 'Subdomains', empty: 'Has no subdomains', kinds: ['domain'] },
  ],
  resource: [
    { id: 'dependents', relation: 'dependencyOf', title: 'Dependents', empty: 'Nothing depends on it' },
    { id: 'dependsOn', relation: 'dependsOn', title: 'Depends on', empty: 'Depends on nothing in the catalog' },
  ],
};

/** Kind names as section titles ("Owns · Components"). */
const KIND_PLURALS: Record<string, string> = { api: 'APIs' };
const KIND_ORDER = ['component', 'api', 'resource', 'system', 'domain', 'group', 'user', 'template', 'location'];

/** The page of `record`: its summary, its owner, system and domain, its links and its relations by kind. */
export function entityPage(record: EntityRecord, catalog: Catalog): EntityPage {
  const { entity } = record;
  const kind = fieldText(entity.kind).toLowerCase();
  const spec = (typeof entity.spec === 'object' && entity.spec !== null ? entity.spec : {}) as Record<string, unknown>;
  const relations = catalog.relationsOf(record.ref);
  const targetsOf = (type: string) => relations.filter((relation) => relation.type === type).map((relation) => relation.target);

  const owner = safe(() => ownerRef(entity));
  const system = kind === 'system' ? undefined : safe(() => systemRef(entity));
  const domainRef =
    kind === 'system'
      ? firstOfKind(targetsOf('partOf'), 'domain')
      : system
        ? firstOfKind(
            catalog
              .relationsOf(system)
              .filter((r) => r.type === 'partOf')
              .map((r) => r.target),
            'domain',
          )
        : undefined;
  const parent = kind === 'group' ? targetsOf('childOf')[0] : undefined;
  const definition = kind === 'api' && typeof spec.definition === 'string' ? apiDefinition(fieldText(spec.type), spec.definition) : undefined;

  return {
    entity: toSummary(record, catalog),
    owner: owner ? entityLink(owner, catalog) : undefined,
    system: system ? entityLink(system, catalog) : undefined,
    domain: domainRef ? entityLink(domainRef, catalog) : undefined,
    parent: parent ? entityLink(parent, catalog) : undefined,
    links: toolLinksOf(record).map((toolLink) => ({ ...toolLink })),
    sections: (SECTIONS[kind] ?? []).flatMap((rule) => sections(rule, targetsOf(rule.relation), catalog)),
    definition,
    targets: kind === 'location' ? locationTargets(record, spec, catalog) : undefined,
    inWorkspace: !record.remote,
  };
}

/** An API's definition as the page shows it: the text, and the operations and schemas of OpenAPI and AsyncAPI. */
export function apiDefinition(type: string, text: string): NonNullable<EntityPage['definition']> {
  return { type, text, ...apiDefinitionParts(type.toLowerCase(), text) };
}

function sections(rule: SectionRule, targets: readonly string[], catalog: Catalog): EntityPageSection[] {
  const links = unique(targets)
    .map((target) => entityLink(target, catalog))
    .filter((target) => !rule.kinds || rule.kinds.includes(target.kind.toLowerCase()))
    .sort(byTitle);
  if (!rule.byKind || links.length === 0) return [section(rule.id, rule.title, rule.empty, links)];
  const byKind = new Map<string, EntityPageLink[]>();
  for (const target of links) {
    const key = target.kind.toLowerCase();
    byKind.set(key, [...(byKind.get(key) ?? []), target]);
  }
  return [...byKind.entries()]
    .sort(([a], [b]) => kindRank(a) - kindRank(b) || a.localeCompare(b))
    .map(([key, list]) => section(`${rule.id}.${key}`, rule.id === 'owns' ? `Owns · ${plural(list[0].kind)}` : plural(list[0].kind), rule.empty, list));
}

function section(id: string, title: string, empty: string, links: EntityPageLink[]): EntityPageSection {
  return { id, title, empty, entities: links.slice(0, SECTION_LIMIT), total: links.length };
}

/** Another entity as a link: what the catalog knows of it, or just its ref. */
export function entityLink(ref: string, catalog: Catalog): EntityPageLink {
  const record = catalog.entity(ref);
  if (!record) {
    const colon = ref.indexOf(':');
    return { ref, title: ref.slice(ref.lastIndexOf('/') + 1), kind: colon > 0 ? ref.slice(0, colon) : '', inCatalog: false };
  }
  const summary = toSummary(record, catalog);
  return { ref: summary.ref, title: entityTitle(record.entity), kind: summary.kind, inCatalog: true, description: summary.description, type: summary.type, email: summary.email };
}

/** A workspace Location's targets with what they produced; a Backstage one's as written (Backstage does not say). */
function locationTargets(record: EntityRecord, spec: Record<string, unknown>, catalog: Catalog): LocationTargetView[] {
  if (!record.remote) {
    return catalog.locationTargets(record).map(({ written, refs, failure }) => {
      const produced = unique(refs)
        .map((ref) => entityLink(ref, catalog))
        .sort(byTitle);
      return { target: written, produced: produced.slice(0, SECTION_LIMIT), total: produced.length, failure };
    });
  }
  const targets: unknown[] = [spec.target, ...(Array.isArray(spec.targets) ? (spec.targets as unknown[]) : [])];
  return targets.filter((target): target is string => typeof target === 'string' && target !== '').map((target) => ({ target, produced: [], total: 0 }));
}

function byTitle(a: EntityPageLink, b: EntityPageLink): number {
  return a.title.localeCompare(b.title, undefined, { sensitivity: 'base' }) || a.ref.localeCompare(b.ref);
}

function firstOfKind(refs: readonly string[], kind: string): string | undefined {
  return refs.find((ref) => ref.toLowerCase().startsWith(`${kind}:`));
}

function plural(kind: string): string {
  return KIND_PLURALS[kind.toLowerCase()] ?? `${kind}s`;
}

function kindRank(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index === -1 ? KIND_ORDER.length : index;
}

function unique(refs: readonly string[]): string[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = ref.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function safe<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}
