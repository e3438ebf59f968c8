import {
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CHILD_OF,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_MEMBER,
  RELATION_HAS_PART,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { YamlPath } from '../language/yamlDocuments';
import { sharedString } from './ownStrings';

/** A directed relation between two entity refs (full, lower-case refs: `component:default/x`). */
/** Every relation type Greenroom makes, in the order they are listed under an entity: what it is part of first, then what it uses. */
export const RELATION_TYPES: readonly string[] = [
  'ownedBy',
  'ownerOf',
  'partOf',
  'hasPart',
  'providesApi',
  'apiProvidedBy',
  'consumesApi',
  'apiConsumedBy',
  'dependsOn',
  'dependencyOf',
  'parentOf',
  'childOf',
  'memberOf',
  'hasMember',
];

export interface EntityRelation {
  type: string;
  source: string;
  target: string;
}

/** A spec field that refers to other entities, and the pair of relations it produces. */
export interface RelationField {
  kind: string;
  field: string;
  /** The kind assumed when a ref in this field has none; undefined means a kind is required. */
  defaultKind?: string;
  outgoing: string;
  incoming: string;
  /** Kinds a ref in this field should point at: what completion offers and what ref checks expect. */
  accepts: readonly string[];
}

/** The fields Backstage's BuiltinKindsEntityProcessor (and the scaffolder's Template processor) turn into relations. */
export const RELATION_FIELDS: readonly RelationField[] = [
  { kind: 'Component', field: 'owner', defaultKind: 'Group', outgoing: RELATION_OWNED_BY, incoming: RELATION_OWNER_OF, accepts: ['Group', 'User'] },
  { kind: 'Component', field: 'subcomponentOf', defaultKind: 'Component', outgoing: RELATION_PART_OF, incoming: RELATION_HAS_PART, accepts: ['Component'] },
  { kind: 'Component', field: 'providesApis', defaultKind: 'API', outgoing: RELATION_PROVIDES_API, incoming: RELATION_API_PROVIDED_BY, accepts: ['API'] },
  { kind: 'Component', field: 'consumesApis', defaultKind: 'API', outgoing: RELATION_CONSUMES_API, incoming: RELATION_API_CONSUMED_BY, accepts: ['API'] },
  { kind: 'Component', field: 'dependsOn', outgoing: RELATION_DEPENDS_ON, incoming: RELATION_DEPENDENCY_OF, accepts: ['Component', 'Resource'] },
  { kind: 'Component', field: 'dependencyOf', outgoing: RELATION_DEPENDENCY_OF, incoming: RELATION_DEPENDS_ON, accepts: ['Component', 'Resource'] },
  { kind: 'Component', field: 'system', defaultKind: 'System', outgoing: RELATION_PART_OF, incoming: RELATION_HAS_PART, accepts: ['System'] },
  { kind: 'API', field: 'owner', defaultKind: 'Group', outgoing: RELATION_OWNED_BY, incoming: RELATION_OWNER_OF, accepts: ['Group', 'User'] },
  { kind: 'API', field: 'system', defaultKind: 'System', outgoing: RELATION_PART_OF, incoming: RELATION_HAS_PART, accepts: ['System'] },
  { kind: 'Resource', field: 'owner', defaultKind: 'Group', outgoing: RELATION_OWNED_BY, incoming: RELATION_OWNER_OF, accepts: ['Group', 'User'] },
  { kind: 'Resource', field: 'dependsOn', outgoing: RELATION_DEPENDS_ON, incoming: RELATION_DEPENDENCY_OF, accepts: ['Component', 'Resource'] },
  { kind: 'Resource', field: 'dependencyOf', outgoing: RELATION_DEPENDENCY_OF, incoming: RELATION_DEPENDS_ON, accepts: ['Component', 'Resource'] },
  { kind: 'Resource', field: 'system', defaultKind: 'System', outgoing: RELATION_PART_OF, incoming: RELATION_HAS_PART, accepts: ['System'] },
  { kind: 'User', field: 'memberOf', defaultKind: 'Group', outgoing: RELATION_MEMBER_OF, incoming: RELATION_HAS_MEMBER, accepts: ['Group'] },
  { kind: 'Group', field: 'parent', defaultKind: 'Group', outgoing: RELATION_CHILD_OF, incoming: RELATION_PARENT_OF, accepts: ['Group'] },
  { kind: 'Group', field: 'children', defaultKind: 'Group', outgoing: RELATION_PARENT_OF, incoming: RELATION_CHILD_OF, accepts: ['Group'] },
  { kind: 'Group', field: 'members', defaultKind: 'User', outgoing: RELATION_HAS_MEMBER, incoming: RELATION_MEMBER_OF, accepts: ['User'] },
  { kind: 'System', field: 'owner', defaultKind: 'Group', outgoing: RELATION_OWNED_BY, incoming: RELATION_OWNER_OF, accepts: ['Group', 'User'] },
  { kind: 'System', field: 'domain', defaultKind: 'Domain', outgoing: RELATION_PART_OF, incoming: RELATION_HAS_PART, accepts: ['Domain'] },
  { kind: 'Domain', field: 'owner', defaultKind: 'Group', outgoing: RELATION_OWNED_BY, incoming: RELATION_OWNER_OF, accepts: ['Group', 'User'] },
  { kind: 'Domain', field: 'subdomainOf', defaultKind: 'Domain', outgoing: RELATION_PART_OF, incoming: RELATION_HAS_PART, accepts: ['Domain'] },
  { kind: 'Template', field: 'owner', defaultKind: 'Group', outgoing: RELATION_OWNED_BY, incoming: RELATION_OWNER_OF, accepts: ['Group', 'User'] },
];

/** A ref written in a spec field, resolved the way Backstage resolves it. */
export interface RefOccurrence {
  path: YamlPath;
  /** The ref as written. */
  written: string;
  /** The full ref it resolves to. */
  target: string;
  field: RelationField;
}

export interface RelationError {
  path: YamlPath;
  message: string;
}

export interface ComputedRelations {
  /** Every relation this entity's spec emits, in both directions, as Backstage stores them. */
  relations: EntityRelation[];
  /** Each ref as written, with the place it was written. */
  refs: RefOccurrence[];
  /** Refs that could not be parsed; Backstage fails the entity's processing on these. */
  errors: RelationError[];
}

/** The ref field at `kind`'s `spec.<field>`, if that field holds refs. */
export function relationField(kind: string | undefined, field: string): RelationField | undefined {
  return RELATION_FIELDS.find((rule) => rule.kind === kind && rule.field === field);
}

/** Relations one entity emits, with refs defaulted per field the way Backstage defaults them; `ref` is its own ref, if known. */
export function computeRelations(entity: Entity, ref?: string): ComputedRelations {
  const self = getCompoundEntityRef(entity);
  // The caller's string of the entity's ref when it has one: the same text kept once, not once more per entity.
  const selfRef = ref ?? stringifyEntityRef(self);
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const relations: EntityRelation[] = [];
  const refs: RefOccurrence[] = [];
  const errors: RelationError[] = [];
  for (const rule of RELATION_FIELDS) {
    if (rule.kind !== entity.kind) continue;
    const value = spec[rule.field];
    if (value === undefined || value === null) continue;
    const targets = Array.isArray(value) ? value : [value];
    targets.forEach((target, index) => {
      const path = Array.isArray(value) ? itemPath(rule, index) : fieldPath(rule);
      try {
        // Shared: the many entities of one owner or system each wrote their own copy of its ref.
        const targetRef = sharedString(stringifyEntityRef(parseEntityRef(target as string, { defaultKind: rule.defaultKind, defaultNamespace: self.namespace })));
        refs.push({ path, written: String(target), target: targetRef, field: rule });
        relations.push({ type: rule.outgoing, source: selfRef, target: targetRef });
        relations.push({ type: rule.incoming, source: targetRef, target: selfRef });
      } catch (error) {
        errors.push({ path, message: (error as Error).message });
      }
    });
  }
  // Cut to size: kept for as long as the entity is, and an array grown by push keeps room for a dozen more.
  return { relations: relations.slice(), refs, errors };
}

/** The relations refs produce, each pair in the order they were written: what `computeRelations` emits for them. */
export function relationsOfRefs(self: string, refs: readonly { target: string; field: RelationField }[]): EntityRelation[] {
  const relations: EntityRelation[] = [];
  for (const ref of refs) relations.push({ type: ref.field.outgoing, source: self, target: ref.target }, { type: ref.field.incoming, source: ref.target, target: self });
  return relations;
}

/** `spec.<field>` of each rule, one array shared by every ref written there (paths are never changed). */
const FIELD_PATHS = new Map<RelationField, YamlPath>(RELATION_FIELDS.map((rule) => [rule, ['spec', rule.field]]));

function fieldPath(rule: RelationField): YamlPath {
  return FIELD_PATHS.get(rule)!;
}

/** `spec.<field>[index]`, shared the same way for the first items of a list; a longer list's later items get their own. */
const ITEM_PATHS = new Map<RelationField, YamlPath[]>(RELATION_FIELDS.map((rule) => [rule, Array.from({ length: 16 }, (_, index) => ['spec', rule.field, index])]));

function itemPath(rule: RelationField, index: number): YamlPath {
  return ITEM_PATHS.get(rule)![index] ?? ['spec', rule.field, index];
}

/** Lower-cased full ref, the key Backstage compares refs by (its en-US lower-casing, which plain toLowerCase equals for refs). */
export function refKey(ref: string): string {
  return ref.toLowerCase();
}
