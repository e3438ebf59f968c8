import { parseEntityRef, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { sharedString } from '../catalog/ownStrings';

/** What the search index knows of one entity: its searchable text, flattened. Refs are full: `group:default/team-a`. */
export interface SearchDocument {
  ref: string;
  kind: string;
  name: string;
  /** `metadata.title`, or a user's or group's `spec.profile.displayName`. */
  title?: string;
  description?: string;
  tags: string[];
  type?: string;
  owner?: string;
  system?: string;
  annotationValues: string[];
  linkTitles: string[];
  /** A user's or group's `spec.profile.email`. */
  email?: string;
  /** The groups a user is a member of, or the parent of a group: what lets a search for a team find its people. */
  memberOf: string[];
}

/** Flattens an entity (valid or not: odd fields are skipped, never fatal) into what search reads. */
export function searchDocumentOf(entity: Entity): SearchDocument {
  const metadata = (entity.metadata ?? {}) as Partial<Entity['metadata']>;
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const profile = (spec.profile ?? {}) as Record<string, unknown>;
  const namespace = text(metadata.namespace) ?? 'default';
  const kind = text(entity.kind) ?? 'Unknown';
  const name = text(metadata.name) ?? '';
  const refIn = (value: unknown, defaultKind: string) => fullRef(value, defaultKind, namespace);
  const memberOf = kind === 'User' ? strings(spec.memberOf).map((ref) => refIn(ref, 'Group')) : [refIn(spec.parent, 'Group')];
  return {
    ref: ownRef(kind, namespace, name),
    kind,
    name,
    title: text(metadata.title) ?? text(profile.displayName),
    description: text(metadata.description),
    tags: shared(strings(metadata.tags)),
    type: text(spec.type),
    owner: refIn(spec.owner, 'Group'),
    system: refIn(spec.system, 'System'),
    annotationValues: strings(Object.values(metadata.annotations ?? {})),
    linkTitles: shared(strings((Array.isArray(metadata.links) ? metadata.links : []).map((link) => (link as { title?: unknown } | null)?.title))),
    email: text(profile.email),
    memberOf: shared(sized(memberOf.filter((ref): ref is string => ref !== undefined))),
  };
}

/** Shared by every document with no item in a field: an empty array per field per entity adds up in a large catalog. */
const NONE = Object.freeze([]) as unknown as string[];

/** The list, or NONE; cut to size, as `filter` leaves room for more items than a few take. */
function sized(list: string[]): string[] {
  return list.length === 0 ? NONE : list.slice();
}

/** Lists seen lately (tags, link titles, teams), by their items joined, shared by the documents that repeat them; cleared when full. */
const recentLists = new Map<string, string[]>();
const SHARED_LISTS = 10_000;

/** `list`, or an equal list an earlier document had: documents are never changed, and most repeat a combination of a few tags or teams. */
function shared(list: string[]): string[] {
  if (list.length === 0) return list;
  const key = list.join('\u0000');
  const seen = recentLists.get(key);
  if (seen && seen.length === list.length && seen.every((item, index) => item === list[index])) return seen;
  if (recentLists.size >= SHARED_LISTS) recentLists.clear();
  recentLists.set(key, list);
  return list;
}

/** A ref as people read it: the name, with the namespace only when it is not `default`. */
export function refText(ref: string): string {
  const slash = ref.indexOf('/');
  const namespace = ref.slice(ref.indexOf(':') + 1, slash);
  return namespace === 'default' ? ref.slice(slash + 1) : ref.slice(ref.indexOf(':') + 1);
}

/** Refs made lately, by what they were made from: most entities name one of a few hundred owners and systems. Cleared when full. */
const recentRefs = new Map<string, string | undefined>();

function fullRef(value: unknown, defaultKind: string, defaultNamespace: string): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const key = `${defaultKind}\u0000${defaultNamespace}\u0000${value}`;
  if (recentRefs.has(key)) return recentRefs.get(key);
  let ref: string | undefined;
  try {
    // Shared: the many entities of one owner or system each had their own copy of its ref.
    ref = sharedString(stringifyEntityRef(parseEntityRef(value, { defaultKind, defaultNamespace })).toLocaleLowerCase('en-US'));
  } catch {
    ref = undefined;
  }
  if (recentRefs.size >= SHARED_LISTS) recentRefs.clear();
  recentRefs.set(key, ref);
  return ref;
}

/**
 * The entity's own ref. A plain name (no `:` or `/`) makes the ref of its kind and namespace, lower-cased: made so directly
 * rather than parsed and remembered, as each entity's is its own (remembered, they pushed out the owners' refs).
 */
function ownRef(kind: string, namespace: string, name: string): string {
  if (name !== '' && !name.includes(':') && !name.includes('/')) return `${kind}:${namespace}/${name}`.toLocaleLowerCase('en-US');
  return fullRef(name, kind, namespace) ?? `${kind.toLowerCase()}:${namespace}/${name}`;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? sized(value.filter((item): item is string => typeof item === 'string' && item !== '')) : NONE;
}
