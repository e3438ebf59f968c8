import { decideFileOwner } from '../core/catalog/fileOwnership';
import { CodeOwnersFiles } from '../sources/codeOwnersFiles';
import { GitRemotes } from '../sources/gitRemotes';
import type { Catalog } from '../core/catalog/catalog';
import { toolLinksOf, type EntityRecord } from '../core/catalog/catalogFile';
import { ownerRef } from '../core/catalog/entityGrouping';
import { RELATION_TYPES } from '../core/catalog/entityRelations';
import { displayPathOf, findEntity, workspacePath } from './entityLookup';
import { briefOf, clip, ENTITY_BRIEF_SCHEMA, page, pageSchema, PAGING_PROPERTIES, safely, stripUndefined, textOf, ToolInputError, type CatalogTool, type EntityBrief, type Page } from './toolKit';

/** Fuzzy searches rank at most this many matches: five pages of twenty, and quick on large catalogs. */
const MAX_RANKED = 100;
/** Entities about a technology whose owners find_people weighs: the best matches only. */
const MAX_TECH_MATCHES = 50;
/** A neighbourhood stops growing past this many relations. */
const MAX_EDGES = 1_000;
const MAX_RELATIONS = 100;
const MAX_LINKS = 50;
const MAX_SPEC_CHARS = 8_000;

const FILTER_VALUE = { type: 'string', pattern: '^[^\\s,]+$', maxLength: 200 } as const;

interface SearchInput {
  query?: string;
  kinds?: string[];
  owner?: string;
  tags?: string[];
  limit?: number;
  cursor?: string;
}

export const searchCatalog: CatalogTool<SearchInput, Page<EntityBrief>> = {
  name: 'search_catalog',
  title: 'Search the software catalog',
  description:
    "Searches the Backstage software catalog of this workspace (its catalog-info.yaml files, plus a connected Backstage's entities) by name, title, description, tags, owner, annotations and links, forgiving typos, best matches first. Narrow with kinds (component, api, resource, system, domain, group, user, template, location), owner (a group or user name or ref) and tags; with filters alone and no query it lists every entity that passes them, by name. Use it to find an entity before asking get_entity, who_owns or get_relations about it. Fuzzy matches are ranked up to the best 100.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      query: { type: 'string', maxLength: 500, description: 'Words to look for, for example "payments api"; typos are forgiven.' },
      kinds: { type: 'array', items: FILTER_VALUE, maxItems: 20, description: 'Only these kinds, for example ["component", "api"].' },
      owner: { ...FILTER_VALUE, description: 'Only entities this group or user owns: a name (team-a) or ref (group:default/team-a).' },
      tags: { type: 'array', items: FILTER_VALUE, maxItems: 20, description: 'Only entities with one of these tags.' },
      ...PAGING_PROPERTIES,
    },
  },
  outputSchema: pageSchema(ENTITY_BRIEF_SCHEMA),
  async run(input, context) {
    const catalog = await context.catalog();
    const index = await context.search();
    const filters = [input.kinds?.length ? `kind:${input.kinds.join(',')}` : '', input.owner ? `owner:${input.owner}` : '', input.tags?.length ? `tag:${input.tags.join(',')}` : ''].filter(Boolean);
    const terms = input.query?.trim() ?? '';
    const display = displayPathOf(context);
    if (!terms && filters.length === 0) {
      const all = catalog.shownEntities().filter((record) => catalog.entity(record.ref) === record);
      return page(all, input, (record) => briefOf(record, catalog, display));
    }
    const limit = terms ? MAX_RANKED : catalog.shownCount;
    const results = index.search([...filters, terms].join(' '), limit).flatMap((result) => catalog.entity(result.ref) ?? []);
    return page(results, input, (record) => briefOf(record, catalog, display));
  },
};

interface EntityInput {
  ref: string;
}

export interface EntityAnswer extends EntityBrief {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec?: unknown;
  specOmitted?: string;
  relations: { type: string; target: string; title?: string }[];
  relationsTotal: number;
  links: { url: string; title?: string }[];
  docs?: { techdocsRef: string };
  problems: { severity: string; code: string; message: string; line: number }[];
}

export const getEntity: CatalogTool<EntityInput, EntityAnswer> = {
  name: 'get_entity',
  title: 'Get a catalog entity',
  description:
    'Gives one catalog entity in full: kind, title, description, owner, system, lifecycle, tags, labels, annotations, its spec, its relations (owner, system, APIs it provides and consumes, dependencies, members), its links (repository, CI, dashboards), the file and line that define it, its TechDocs pointer, and the problems the editor shows on it. Name it by ref (component:default/payments), kind:name, or a bare name when only one entity has it.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['ref'],
    properties: { ref: { type: 'string', minLength: 1, maxLength: 500, description: 'component:default/payments, api:payments-api, or payments.' } },
  },
  outputSchema: {
    type: 'object',
    required: ['ref', 'kind', 'title', 'tags', 'namespace', 'name', 'relations', 'relationsTotal', 'links', 'problems'],
    properties: {
      ...(ENTITY_BRIEF_SCHEMA.properties as object),
      namespace: { type: 'string' },
      name: { type: 'string' },
      labels: { type: 'object' },
      annotations: { type: 'object' },
      spec: { type: 'object' },
      specOmitted: { type: 'string' },
      relations: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, target: { type: 'string' }, title: { type: 'string' } } } },
      relationsTotal: { type: 'integer' },
      links: { type: 'array', items: { type: 'object', properties: { url: { type: 'string' }, title: { type: 'string' } } } },
      docs: { type: 'object', properties: { techdocsRef: { type: 'string' } } },
      problems: { type: 'array', items: { type: 'object' } },
    },
  },
  async run(input, context) {
    const catalog = await context.catalog();
    const record = findEntity(catalog, await context.search(), input.ref);
    return entityAnswer(record, catalog, displayPathOf(context));
  },
};

export function entityAnswer(record: EntityRecord, catalog: Catalog, display: (file: string) => string): EntityAnswer {
  const metadata = (record.entity.metadata ?? {}) as Record<string, unknown>;
  const specText = safely(() => JSON.stringify(record.entity.spec ?? {})) ?? '{}';
  const relations = catalog.relationsOf(record.ref);
  const annotations = stringMap(metadata.annotations);
  const techdocsRef = annotations['backstage.io/techdocs-ref'];
  const problems = record.remote
    ? []
    : (catalog.problems().get(record.path) ?? []).filter((problem) => problem.range.start.line >= record.range.start.line && problem.range.start.line <= record.range.end.line);
  return stripUndefined({
    ...briefOf(record, catalog, display),
    namespace: clip(textOf(metadata.namespace) ?? 'default', 200)!,
    name: clip(textOf(metadata.name) ?? '', 200)!,
    labels: stringMap(metadata.labels),
    annotations,
    spec: specText.length <= MAX_SPEC_CHARS ? (JSON.parse(specText) as unknown) : undefined,
    specOmitted:
      specText.length <= MAX_SPEC_CHARS ? undefined : `The spec is ${specText.length} characters as JSON, too long to return; read it in ${record.remote ? 'Backstage' : display(record.path)}.`,
    relations: relations.slice(0, MAX_RELATIONS).map((relation) => stripUndefined({ type: relation.type, target: relation.target, title: titleOf(catalog, relation.target) })),
    relationsTotal: relations.length,
    links: toolLinksOf(record)
      .slice(0, MAX_LINKS)
      .map((link) => stripUndefined({ url: clip(link.url, 2_000)!, title: clip(link.title, 200) })),
    docs: techdocsRef ? { techdocsRef } : undefined,
    problems: problems.slice(0, 20).map((problem) => ({ severity: problem.severity, code: problem.code, message: clip(problem.message)!, line: problem.range.start.line + 1 })),
  });
}

interface OwnerInput {
  path?: string;
  ref?: string;
}

export interface OwnerAnswer {
  found: boolean;
  /** How the answer was reached, in a sentence a person can check. */
  decidedBy: string;
  path?: string;
  catalogFile?: string;
  entity?: EntityBrief;
  owner?: { ref: string; kind: string; title?: string; email?: string; inCatalog: boolean; members?: string[]; membersTotal?: number };
  /** The other entities the same catalog file defines. */
  alsoDefinedThere?: string[];
}

export const whoOwns: CatalogTool<OwnerInput, OwnerAnswer> = {
  name: 'who_owns',
  title: 'Who owns this file or entity',
  description:
    "Says who owns a file or folder of this workspace, or an entity, by the same rules as Greenroom's status bar: for a path, the entity its own catalog file defines, else the API that reads it as its definition, else the entity of the nearest catalog-info.yaml (or .yml) in the path's folder or the folders above it up to the workspace folder (a Component first), unless an entity's backstage.io/source-location names a deeper folder of this repository holding it, then that entity's spec.owner; where no entity claims it, the owners the repository's CODEOWNERS gives it, as catalog groups and users. For an entity, its spec.owner. Answers the owner's ref, title, email and members, and how it was decided. Give path (relative to the workspace, or absolute inside it) or ref, not both. A path need not exist yet.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      path: { type: 'string', minLength: 1, maxLength: 4_096, description: 'A file or folder in the workspace, for example services/payments/src/index.ts.' },
      ref: { type: 'string', minLength: 1, maxLength: 500, description: 'An entity ref or name, for example component:default/payments.' },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['found', 'decidedBy'],
    properties: {
      found: { type: 'boolean', description: 'Whether an owner was found: through an entity, or through CODEOWNERS.' },
      decidedBy: { type: 'string' },
      path: { type: 'string' },
      catalogFile: { type: 'string' },
      entity: ENTITY_BRIEF_SCHEMA,
      owner: {
        type: 'object',
        properties: {
          ref: { type: 'string' },
          kind: { type: 'string' },
          title: { type: 'string' },
          email: { type: 'string' },
          inCatalog: { type: 'boolean' },
          members: { type: 'array', items: { type: 'string' } },
          membersTotal: { type: 'integer' },
        },
      },
      alsoDefinedThere: { type: 'array', items: { type: 'string' } },
    },
  },
  async run(input, context) {
    // Checked here rather than with oneOf: some model providers refuse schemas that combine at the top.
    if ((input.path === undefined) === (input.ref === undefined)) throw new ToolInputError('Give path or ref, one of them.');
    const catalog = await context.catalog();
    const display = displayPathOf(context);
    if (input.ref !== undefined) {
      const record = findEntity(catalog, await context.search(), input.ref);
      return ownerAnswer(catalog, record, display, `${record.ref} names its owner in spec.owner.`);
    }
    const { absolute, folder } = workspacePath(context, input.path!);
    const shown = display(absolute) || '.';
    // The status bar's decision, with the same inputs: the folder's repository and CODEOWNERS.
    const decided = decideFileOwner(catalog, absolute, { root: folder, repository: gitRemotes.repositoryOf(folder), codeOwners: codeOwners.rulesOf(folder) });
    if (!decided) {
      return {
        found: false,
        path: shown,
        decidedBy: `No catalog-info.yaml in ${shown === '.' ? 'the workspace folder' : `${shown}, nor in any folder above it up to the workspace folder`}, no entity's source location and no CODEOWNERS rule claims it.`,
      };
    }
    if (decided.rule === 'codeowners') {
      const owner = decided.ownerRef ? catalog.entity(decided.ownerRef) : undefined;
      return stripUndefined({
        found: true,
        path: shown,
        owner: owner ? ownerOf(catalog, owner) : { ref: decided.owners[0], kind: 'codeowners', inCatalog: false },
        decidedBy: `No entity claims ${shown}; ${decided.why}${owner ? `, which is ${owner.ref} in the catalog` : ', which the catalog does not have'}.`,
      });
    }
    const { record, catalogFile } = decided;
    const why =
      decided.rule === 'catalog-file'
        ? `${display(absolute)} is itself a catalog file`
        : decided.rule === 'nearest-catalog-info'
          ? `${display(catalogFile!)} is the nearest catalog-info file above ${shown}`
          : decided.why;
    const defined = catalogFile ? catalog.entities().filter((other) => other.path === catalogFile && catalog.entity(other.ref) === other) : [];
    const answer = ownerAnswer(catalog, record, display, `${why}; it stands for ${record.ref}, whose spec.owner names the owner.`);
    return stripUndefined({
      ...answer,
      path: shown,
      catalogFile: catalogFile ? display(catalogFile) : undefined,
      alsoDefinedThere: defined
        .filter((other) => other !== record)
        .slice(0, 20)
        .map((other) => other.ref),
    });
  },
};

/** Each workspace folder's repository and CODEOWNERS, read again only when their files change. */
const gitRemotes = new GitRemotes();
const codeOwners = new CodeOwnersFiles();

function ownerAnswer(catalog: Catalog, record: EntityRecord, display: (file: string) => string, decidedBy: string): OwnerAnswer {
  const entity = briefOf(record, catalog, display);
  const ref = safely(() => ownerRef(record.entity));
  if (!ref) return { found: true, entity, decidedBy: `${decidedBy} It names no owner (spec.owner is missing or not a ref).` };
  const owner = catalog.entity(ref);
  const kind = ref.slice(0, ref.indexOf(':'));
  const invalidNote = entity.invalid ? ` Note: Backstage would refuse ${record.ref} (entity.invalid says why).` : '';
  if (!owner) return { found: true, entity, owner: { ref, kind, inCatalog: false }, decidedBy: `${decidedBy} ${ref} is not in the catalog.${invalidNote}` };
  return { found: true, entity, owner: ownerOf(catalog, owner), decidedBy: decidedBy + invalidNote };
}

/** An owner the catalog has: its title, email and, for a group, its members. */
function ownerOf(catalog: Catalog, owner: EntityRecord): NonNullable<OwnerAnswer['owner']> {
  const members = catalog
    .relationsOf(owner.ref)
    .filter((relation) => relation.type === 'hasMember')
    .map((relation) => relation.target);
  const profile = ((owner.entity.spec ?? {}) as { profile?: { email?: unknown } }).profile;
  return stripUndefined({
    ref: owner.ref,
    kind: String(owner.entity.kind),
    title: titleOf(catalog, owner.ref),
    email: clip(textOf(profile?.email), 200),
    inCatalog: true,
    members: owner.entity.kind === 'Group' ? members.slice(0, 20) : undefined,
    membersTotal: owner.entity.kind === 'Group' ? members.length : undefined,
  });
}

interface RelationsInput {
  ref: string;
  types?: string[];
  depth?: number;
  limit?: number;
  cursor?: string;
}

export interface RelationEdge {
  source: string;
  type: string;
  target: string;
  /** How many hops from the entity asked about. */
  depth: number;
  targetKind: string;
  targetTitle?: string;
  /** False for a ref to an entity the catalog does not have. */
  targetInCatalog: boolean;
}

export const getRelations: CatalogTool<RelationsInput, Page<RelationEdge> & { root: string }> = {
  name: 'get_relations',
  title: "An entity's neighbourhood",
  description:
    "Lists an entity's relations, and theirs up to a depth (1–3), as edges source → type → target. Choose types for the question: dependencies are dependsOn and consumesApi; dependents (who calls or needs it) are dependencyOf and apiConsumedBy; an API's providers are apiProvidedBy and its consumers apiConsumedBy; ownership is ownedBy/ownerOf; parts are partOf/hasPart; teams are memberOf/hasMember and parentOf/childOf. Without types, every relation.",
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['ref'],
    properties: {
      ref: { type: 'string', minLength: 1, maxLength: 500, description: 'An entity ref or name.' },
      types: { type: 'array', items: { type: 'string', enum: RELATION_TYPES }, uniqueItems: true, description: 'Relation types to follow; all when left out.' },
      depth: { type: 'integer', minimum: 1, maximum: 3, default: 1, description: 'How many hops to follow.' },
      ...PAGING_PROPERTIES,
    },
  },
  outputSchema: {
    ...pageSchema({
      type: 'object',
      required: ['source', 'type', 'target', 'depth', 'targetKind', 'targetInCatalog'],
      properties: {
        source: { type: 'string' },
        type: { type: 'string' },
        target: { type: 'string' },
        depth: { type: 'integer' },
        targetKind: { type: 'string' },
        targetTitle: { type: 'string' },
        targetInCatalog: { type: 'boolean' },
      },
    }),
    required: ['root', 'total', 'items'],
    properties: { ...(pageSchema({}).properties as object), root: { type: 'string' } },
  },
  async run(input, context) {
    const catalog = await context.catalog();
    const root = findEntity(catalog, await context.search(), input.ref);
    const types = input.types?.length ? new Set(input.types) : undefined;
    const edges: RelationEdge[] = [];
    const seen = new Set([root.key]);
    let frontier = [root.ref];
    for (let depth = 1; depth <= (input.depth ?? 1) && frontier.length > 0 && edges.length < MAX_EDGES; depth++) {
      const next: string[] = [];
      for (const source of frontier) {
        for (const relation of catalog.relationsOf(source)) {
          if (types && !types.has(relation.type)) continue;
          if (edges.length >= MAX_EDGES) break;
          const target = catalog.entity(relation.target);
          edges.push(
            stripUndefined({
              source,
              type: relation.type,
              target: relation.target,
              depth,
              targetKind: relation.target.slice(0, relation.target.indexOf(':')),
              targetTitle: titleOf(catalog, relation.target),
              targetInCatalog: target !== undefined,
            }),
          );
          const key = relation.target.toLowerCase();
          if (!seen.has(key)) {
            seen.add(key);
            next.push(relation.target);
          }
        }
      }
      frontier = next;
    }
    return { root: root.ref, ...page(edges, input) };
  },
};

interface PeopleInput {
  query?: string;
  group?: string;
  owns?: string;
  tech?: string;
  limit?: number;
  cursor?: string;
}

export interface Person {
  ref: string;
  kind: string;
  title: string;
  email?: string;
  memberOf: string[];
  /** Why this person or team answers the question. */
  because: string[];
}

export const findPeople: CatalogTool<PeopleInput, Page<Person>> = {
  name: 'find_people',
  title: 'Find people and teams',
  description:
    'Finds users and groups in the catalog: by name or email (query), by team (group: its members, and its sub-teams\' members), by what they own (owns: an entity, giving its owning team and that team\'s members), or by technology (tech: a word such as "kafka", matched against the tags, types, names and descriptions of the entities their teams own — "who knows Kafka here?"). Criteria given together must all hold. Each answer says why it was chosen; people who own more matches come first.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      query: { type: 'string', minLength: 1, maxLength: 200, description: 'A name, display name or email.' },
      group: { type: 'string', minLength: 1, maxLength: 500, description: 'A group ref or name: its members.' },
      owns: { type: 'string', minLength: 1, maxLength: 500, description: 'An entity ref or name: who owns it.' },
      tech: { type: 'string', minLength: 1, maxLength: 200, description: 'A technology or topic: people whose teams own entities about it.' },
      ...PAGING_PROPERTIES,
    },
  },
  outputSchema: pageSchema({
    type: 'object',
    required: ['ref', 'kind', 'title', 'memberOf', 'because'],
    properties: {
      ref: { type: 'string' },
      kind: { type: 'string' },
      title: { type: 'string' },
      email: { type: 'string' },
      memberOf: { type: 'array', items: { type: 'string' } },
      because: { type: 'array', items: { type: 'string' } },
    },
  }),
  async run(input, context) {
    if (!input.query && !input.group && !input.owns && !input.tech) throw new ToolInputError('Give at least one of query, group, owns or tech.');
    const catalog = await context.catalog();
    const index = await context.search();
    const found: Map<string, string[]>[] = [];
    const membersOf = (group: string, reason: string, into: Map<string, string[]>, depth = 0) => {
      for (const relation of catalog.relationsOf(group)) {
        if (relation.type === 'hasMember') add(into, relation.target, reason);
        // Sub-teams' members belong to the team too, a few levels down.
        if (relation.type === 'parentOf' && depth < 3) membersOf(relation.target, reason, into, depth + 1);
      }
    };
    if (input.query) {
      const hits = new Map<string, string[]>();
      for (const result of index.search(`kind:user,group ${input.query}`, MAX_RANKED)) add(hits, result.ref, `matches "${clip(input.query, 100)}"`);
      found.push(hits);
    }
    if (input.group) {
      const group = findEntity(catalog, index, input.group, 'group');
      const members = new Map<string, string[]>();
      membersOf(group.ref, `member of ${group.ref}`, members);
      found.push(members);
    }
    if (input.owns) {
      const owned = findEntity(catalog, index, input.owns);
      const owner = safely(() => ownerRef(owned.entity));
      if (!owner) throw new ToolInputError(`${owned.ref} names no owner.`);
      const owners = new Map<string, string[]>();
      add(owners, owner, `owns ${owned.ref}`);
      membersOf(owner, `member of ${owner}, which owns ${owned.ref}`, owners);
      found.push(owners);
    }
    if (input.tech) {
      const experts = new Map<string, string[]>();
      for (const result of index.search(`kind:component,api,resource,system,domain,template ${input.tech}`, MAX_TECH_MATCHES)) {
        const record = catalog.entity(result.ref);
        const owner = record && safely(() => ownerRef(record.entity));
        if (!owner) continue;
        const why = `owns ${result.ref}, which matches "${clip(input.tech, 100)}"`;
        add(experts, owner, why);
        membersOf(owner, `member of ${owner}, which ${why}`, experts);
      }
      found.push(experts);
    }
    const [first, ...others] = found;
    const people = [...first]
      .filter(([ref]) => others.every((criterion) => criterion.has(ref)))
      .map(([ref, because]) => ({ ref, because: [...new Set([...because, ...others.flatMap((criterion) => criterion.get(ref)!)])] }))
      .flatMap(({ ref, because }) => {
        const record = catalog.entity(ref);
        if (!record || (record.entity.kind !== 'User' && record.entity.kind !== 'Group')) return [];
        return [{ record, because }];
      })
      .sort((a, b) => b.because.length - a.because.length || a.record.ref.localeCompare(b.record.ref));
    return page(people, input, ({ record, because }) => personOf(catalog, record, because));
  },
};

function add(into: Map<string, string[]>, ref: string, reason: string): void {
  const key = ref.toLowerCase();
  const reasons = into.get(key) ?? [];
  if (reasons.length < 10) reasons.push(reason);
  into.set(key, reasons);
}

function personOf(catalog: Catalog, record: EntityRecord, because: string[]): Person {
  const profile = ((record.entity.spec ?? {}) as { profile?: { email?: unknown } }).profile;
  const memberOf = catalog.relationsOf(record.ref).filter((relation) => relation.type === (record.entity.kind === 'User' ? 'memberOf' : 'childOf'));
  return stripUndefined({
    ref: record.ref,
    kind: String(record.entity.kind),
    title: titleOf(catalog, record.ref) ?? record.ref,
    email: clip(textOf(profile?.email), 200),
    memberOf: memberOf.slice(0, 20).map((relation) => relation.target),
    because: because.slice(0, 5),
  });
}

export function titleOf(catalog: Catalog, ref: string): string | undefined {
  const record = catalog.entity(ref);
  if (!record) return undefined;
  const metadata = (record.entity.metadata ?? {}) as Record<string, unknown>;
  const profile = ((record.entity.spec ?? {}) as { profile?: { displayName?: unknown } }).profile;
  return clip(textOf(metadata.title) ?? textOf(profile?.displayName) ?? textOf(metadata.name), 200);
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const entries = Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  // fromEntries defines properties: a `__proto__` key stays a key.
  return Object.fromEntries(entries.slice(0, 50).map(([key, text]) => [clip(key, 200)!, clip(text, 500)!]));
}
