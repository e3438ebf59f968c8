// What Backstage's own JSON schemas say about each field of an entity, for hover and completion:
// the envelope, metadata and kind schemas of @backstage/catalog-model and the Template schema of
// @backstage/plugin-scaffolder-common. Neither package exports these schemas (their `exports`
// maps only offer the validators compiled from them), so they are imported by file path, as
// untyped build files; esbuild bundles them like any other module. (`@ts-expect-error` would also
// hide a file an upgrade moved: the unit tests then fail on the import.)

// @ts-expect-error -- untyped build file (see above)
import entitySchema from '../../../node_modules/@backstage/catalog-model/dist/schema/Entity.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import entityMetaSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/EntityMeta.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import commonSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/shared/common.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import apiSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/kinds/API.v1alpha1.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import componentSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/kinds/Component.v1alpha1.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import domainSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/kinds/Domain.v1alpha1.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import groupSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/kinds/Group.v1alpha1.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import locationSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/kinds/Location.v1alpha1.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import resourceSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/kinds/Resource.v1alpha1.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import systemSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/kinds/System.v1alpha1.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import userSchema from '../../../node_modules/@backstage/catalog-model/dist/schema/kinds/User.v1alpha1.schema.json.cjs.js';
// @ts-expect-error -- untyped build file (see above)
import templateSchema from '../../../node_modules/@backstage/plugin-scaffolder-common/dist/Template.v1beta3.schema.json.cjs.js';
import { ANNOTATION_DOCS, annotationDoc, type AnnotationDoc } from './annotationDocs';

/** What the schema says about one field. */
export interface FieldDoc {
  /** Keys from the entity root, without array indexes: `['spec', 'owner']`. */
  path: readonly string[];
  /** The path as people write it: `spec.owner`. */
  title: string;
  /** Markdown, from the schema; empty when the schema has none. */
  description: string;
  /** Values of this field, from the schema; for an array without examples, one list of its items' examples. */
  examples: unknown[];
  /** `string`, `array`, `object`…; alternatives are joined: `object | array`. */
  type?: string;
  /** Required in its parent for this kind. */
  required: boolean;
  /** The only values the schema accepts. */
  enum?: string[];
  /** The value Backstage assumes when the field is absent. */
  default?: unknown;
}

/** The subset of JSON Schema (draft 07) that Backstage's entity schemas use. */
interface JsonSchema {
  $id?: string;
  $ref?: string;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  type?: string | string[];
  description?: string;
  examples?: unknown[];
  enum?: string[];
  default?: unknown;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
}

/** A schema, and the id of the schema document its `$ref`s are relative to. */
interface Located {
  schema: JsonSchema;
  doc: string;
}

/** One field with `$ref`, `allOf` and `oneOf` merged away. Its children are merged on first use. */
interface Field {
  description?: string;
  examples?: unknown[];
  type?: string;
  enum?: string[];
  default?: unknown;
  required: Set<string>;
  properties: Map<string, Located[]>;
  items: Located[];
  children: Map<string, Field>;
  element?: Field;
}

/** The documents the kind schemas `$ref` by id. */
const documents: Record<string, JsonSchema> = {
  Entity: entitySchema as JsonSchema,
  EntityMeta: entityMetaSchema as JsonSchema,
  common: commonSchema as JsonSchema,
};

// Read by BuiltinKindsEntityProcessor and listed in the descriptor format
// (https://backstage.io/docs/features/software-catalog/descriptor-format), but absent from the
// Component and Resource schemas, so without this it would never be offered.
const dependencyOf: JsonSchema = {
  properties: {
    spec: {
      properties: {
        dependencyOf: {
          type: 'array',
          description: 'An array of entity references to the components and resources that depend on this one (the reverse of their `dependsOn`).',
          items: { type: 'string' },
        },
      },
    },
  },
};

/** Each kind's schema parts, in the order they are merged. */
const kindSchemas: Record<string, JsonSchema[]> = {
  Component: [componentSchema as JsonSchema, dependencyOf],
  API: [apiSchema as JsonSchema],
  Resource: [resourceSchema as JsonSchema, dependencyOf],
  System: [systemSchema as JsonSchema],
  Domain: [domainSchema as JsonSchema],
  Group: [groupSchema as JsonSchema],
  User: [userSchema as JsonSchema],
  Location: [locationSchema as JsonSchema],
  Template: [templateSchema as JsonSchema],
};

/** The apiVersions each kind's schema accepts, from its `apiVersion` enum. */
export const KIND_API_VERSIONS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(kindSchemas).map(([kind, [schema]]) => [
    kind,
    [...(schema.allOf?.find((part) => part.properties?.apiVersion?.enum)?.properties?.apiVersion?.enum ?? [])],
  ]),
);

const roots = new Map<string, Field>();

/** The merged root of a kind's schema; undefined for kinds Backstage does not build in, or an apiVersion the kind does not accept. */
function rootOf(kind: string, apiVersion: string): Field | undefined {
  const versions = Object.hasOwn(KIND_API_VERSIONS, kind) ? KIND_API_VERSIONS[kind] : undefined;
  // An empty apiVersion is one not typed yet: still help with the rest of the entity.
  if (!versions || (apiVersion !== '' && !versions.includes(apiVersion))) return undefined;
  let root = roots.get(kind);
  if (!root) {
    root = resolve(kindSchemas[kind].map((schema) => ({ schema, doc: kind })));
    roots.set(kind, root);
  }
  return root;
}

function resolve(parts: readonly Located[]): Field {
  const field: Field = { required: new Set(), properties: new Map(), items: [], children: new Map() };
  for (const part of parts) merge(field, part);
  return field;
}

/** Merges one schema into a field. Later and more specific schemas win: a kind's over the envelope's, a schema's own keywords over what it refers to. */
function merge(field: Field, { schema, doc }: Located): void {
  if (schema.$ref) {
    const target = dereference(schema.$ref, doc);
    if (target) merge(field, target);
  }
  for (const part of schema.allOf ?? []) merge(field, { schema: part, doc });
  if (schema.oneOf) mergeAlternatives(field, schema.oneOf.map((alternative) => resolve([{ schema: alternative, doc }])));
  if (schema.description !== undefined) field.description = schema.description;
  if (schema.examples !== undefined) field.examples = schema.examples;
  if (schema.type !== undefined) field.type = [schema.type].flat().join(' | ');
  if (schema.enum !== undefined) field.enum = schema.enum;
  if (schema.default !== undefined) field.default = schema.default;
  for (const key of schema.required ?? []) field.required.add(key);
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    field.properties.set(key, [...(field.properties.get(key) ?? []), { schema: child, doc }]);
  }
  if (schema.items) field.items.push({ schema: schema.items, doc });
}

/** `oneOf` (a Template's `parameters`: one form or a list of forms): offer the keys of every alternative and describe each. */
function mergeAlternatives(field: Field, alternatives: Field[]): void {
  field.type = alternatives.map((alternative) => alternative.type ?? 'any').join(' | ');
  const described = alternatives.filter((alternative) => alternative.description);
  if (described.length) {
    field.description = ['One of:', ...described.map((alternative) => `- ${alternative.type ?? 'any'}: ${alternative.description}`)].join('\n');
  }
  for (const alternative of alternatives) {
    for (const [key, parts] of alternative.properties) field.properties.set(key, [...(field.properties.get(key) ?? []), ...parts]);
    field.items.push(...alternative.items);
  }
}

/** Resolves `Entity`, `common#relation` or, inside `common`, `#statusItem`: fragments name a definition by its `$id`. */
function dereference(ref: string, base: string): Located | undefined {
  const [id, fragment] = ref.split('#');
  const doc = id || base;
  const schema = Object.hasOwn(documents, doc) ? documents[doc] : undefined;
  if (!schema || !fragment) return schema && { schema, doc };
  const definition = Object.values(schema.definitions ?? {}).find((candidate) => candidate.$id === `#${fragment}`);
  return definition && { schema: definition, doc };
}

function elementOf(field: Field): Field | undefined {
  if (!field.items.length) return undefined;
  field.element ??= resolve(field.items);
  return field.element;
}

/** The field whose keys live in this one: itself, or for an array, its items. */
function container(field: Field): Field {
  const element = field.properties.size ? undefined : elementOf(field);
  return element ? container(element) : field;
}

function child(parent: Field, key: string): Field | undefined {
  const owner = container(parent);
  let field = owner.children.get(key);
  if (!field) {
    const parts = owner.properties.get(key);
    if (!parts) return undefined;
    field = resolve(parts);
    owner.children.set(key, field);
  }
  return field;
}

// Arrays are copied: the schema objects are also the ones Backstage's validators use.
function toDoc(path: readonly string[], field: Field, required: boolean): FieldDoc {
  const itemExamples = field.examples ? undefined : elementOf(field)?.examples;
  return {
    path,
    title: path.join('.'),
    description: field.description ?? '',
    examples: field.examples ? [...field.examples] : itemExamples ? [[...itemExamples]] : [],
    ...(field.type !== undefined && { type: field.type }),
    required,
    ...(field.enum !== undefined && { enum: [...field.enum] }),
    ...(field.default !== undefined && { default: field.default }),
  };
}

function annotationFieldDoc(annotation: AnnotationDoc): FieldDoc {
  const path = ['metadata', 'annotations', annotation.key];
  return { path, title: path.join('.'), description: annotation.description, examples: [annotation.example], type: 'string', required: false };
}

const isAnnotations = (keys: readonly string[]) => keys.length === 2 && keys[0] === 'metadata' && keys[1] === 'annotations';

/**
 * What the schema of `kind` says about the field at `path` (array indexes are skipped:
 * `spec.targets[0]` is `spec.targets`). The empty path describes the kind itself; a well-known
 * annotation key under `metadata.annotations` is described from the annotation docs. Undefined for a
 * field the schema does not name, a kind Backstage does not build in, or an apiVersion the kind
 * does not accept (an empty apiVersion is accepted).
 */
export function describeField(kind: string, apiVersion: string, path: readonly (string | number)[]): FieldDoc | undefined {
  let field = rootOf(kind, apiVersion);
  if (!field) return undefined;
  const keys = path.filter((key) => typeof key === 'string');
  if (keys.length === 3 && isAnnotations(keys.slice(0, 2))) {
    const annotation = annotationDoc(keys[2]);
    return annotation && annotationFieldDoc(annotation);
  }
  let required = true;
  for (const key of keys) {
    required = container(field).required.has(key);
    field = child(field, key);
    if (!field) return undefined;
  }
  return { ...toDoc(keys, field, required), ...(keys.length === 0 && { title: kind }) };
}

/**
 * The keys valid directly under `parent`, in schema order, for key completion: at the root
 * `apiVersion`, `kind`, `metadata`, `spec`, `relations` and `status`; under `metadata.annotations`
 * the well-known annotations. Empty where the schema names no keys, and for a kind or apiVersion
 * `describeField` does not know.
 */
export function fieldsUnder(kind: string, apiVersion: string, parent: readonly (string | number)[]): FieldDoc[] {
  let field = rootOf(kind, apiVersion);
  const keys = parent.filter((key) => typeof key === 'string');
  if (field && isAnnotations(keys)) return ANNOTATION_DOCS.map(annotationFieldDoc);
  for (const key of keys) field = field && child(field, key);
  if (!field) return [];
  const owner = container(field);
  return [...owner.properties.keys()].flatMap((key) => {
    const value = child(owner, key);
    return value ? [toDoc([...keys, key], value, owner.required.has(key))] : [];
  });
}

/** Typical values of a free-text field: Backstage accepts any value, but tools and people expect these. */
export interface CommonValues {
  kind: string;
  path: readonly string[];
  values: readonly { value: string; description: string }[];
}

// The values are the schemas' `examples`, plus `documentation` for Templates (the TechDocs docs'
// standalone documentation component); the descriptions paraphrase the descriptor format:
// https://backstage.io/docs/features/software-catalog/descriptor-format
const lifecycles = [
  { value: 'experimental', description: 'Early or experimental: few or no reliability guarantees, so others may prefer more established alternatives.' },
  { value: 'production', description: 'Established, owned and maintained.' },
  { value: 'deprecated', description: 'At the end of its life; it may disappear later.' },
];

export const COMMON_VALUES: readonly CommonValues[] = [
  {
    kind: 'Component',
    path: ['spec', 'type'],
    values: [
      { value: 'service', description: 'A backend service, typically exposing an API.' },
      { value: 'website', description: 'A website.' },
      { value: 'library', description: 'A software library, such as an npm package or a Java library.' },
    ],
  },
  { kind: 'Component', path: ['spec', 'lifecycle'], values: lifecycles },
  {
    kind: 'API',
    path: ['spec', 'type'],
    values: [
      { value: 'openapi', description: 'An OpenAPI (version 2 or 3) definition, in YAML or JSON.' },
      { value: 'asyncapi', description: 'An AsyncAPI (version 2 or 3) definition.' },
      { value: 'graphql', description: 'A GraphQL schema.' },
      { value: 'grpc', description: 'Protocol Buffers definitions, for use with gRPC.' },
      { value: 'trpc', description: 'A tRPC router definition.' },
    ],
  },
  { kind: 'API', path: ['spec', 'lifecycle'], values: lifecycles },
  {
    kind: 'Resource',
    path: ['spec', 'type'],
    values: [
      { value: 'database', description: 'A database.' },
      { value: 's3-bucket', description: 'An S3 or other object-storage bucket.' },
      { value: 'cluster', description: 'A compute cluster, such as a Kubernetes cluster.' },
    ],
  },
  {
    kind: 'Group',
    path: ['spec', 'type'],
    values: [
      { value: 'team', description: 'A team.' },
      { value: 'business-unit', description: 'A business unit.' },
      { value: 'product-area', description: 'A product area.' },
      { value: 'root', description: 'A virtual root that the rest of the hierarchy hangs from, if you want one.' },
    ],
  },
  {
    kind: 'Template',
    path: ['spec', 'type'],
    values: [
      { value: 'service', description: 'Creates a backend service, typically exposing an API.' },
      { value: 'website', description: 'Creates a website.' },
      { value: 'library', description: 'Creates a software library, such as an npm package or a Java library.' },
      { value: 'documentation', description: 'Creates a documentation component: TechDocs published on their own, apart from any code.' },
    ],
  },
  { kind: 'Template', path: ['spec', 'lifecycle'], values: lifecycles },
];
