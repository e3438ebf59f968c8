import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DEFAULT_NAMESPACE,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  EntityPolicies,
  type EntityPolicy,
  entityEnvelopeSchemaValidator,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  type Entity,
} from '@backstage/catalog-model';
// Its ESM build does not load under Node's resolver; the CommonJS one a static import gives does.
import { aiResourceEntityV1alpha1Validator, mcpServerApiEntityValidator } from '@backstage/catalog-model/alpha';
import { InputError } from '@backstage/errors';
import type { YamlPath } from '../language/yamlDocuments';

/**
 * Backstage's verdict on one entity, in Backstage's words: the same policies, in the same order,
 * as a catalog built by `CatalogBuilder` with the built-in kinds and the scaffolder's Template kind.
 */
export interface ValidationFailure {
  /** The full message a Backstage catalog would record for this entity. */
  message: string;
  /** The innermost reason, short enough for a tree item. */
  reason: string;
  /** Where in the document the problem is, when the message names it. */
  path: YamlPath;
  /** True when no built-in processor knows the kind (e.g. a kind added by an opt-in module). */
  unknownKind: boolean;
}

// Compiled on first use, not at start: the server answers from a cached Backstage catalog before it validates anything.
let policy: ReturnType<typeof EntityPolicies.allOf> | undefined;
let envelopeValidator: ReturnType<typeof entityEnvelopeSchemaValidator> | undefined;

// The processors' `validateEntityKind` validators: BuiltinKindsEntityProcessor's, plus the
// scaffolder entity-model module's Template validator that every scaffolder install adds.
const builtin = 'BuiltinKindsEntityProcessor';
const kindValidators: { processor: string; check: (data: Entity) => Promise<boolean> | boolean }[] = [
  ...[
    apiEntityV1alpha1Validator,
    componentEntityV1alpha1Validator,
    resourceEntityV1alpha1Validator,
    groupEntityV1alpha1Validator,
    locationEntityV1alpha1Validator,
    userEntityV1alpha1Validator,
    systemEntityV1alpha1Validator,
    domainEntityV1alpha1Validator,
  ].map((validator) => ({ processor: builtin, check: (data: Entity) => validator.check(data) })),
  // The module compiles its schema when loaded: loaded with the first entity checked, not at start.
  // Its errors are its own processor's, as Backstage names them.
  { processor: 'ScaffolderEntitiesProcessor', check: async (data: Entity) => (await import('@backstage/plugin-scaffolder-common')).templateEntityV1beta3Validator.check(data) },
];

export const KNOWN_KINDS = ['Component', 'API', 'Resource', 'System', 'Domain', 'Group', 'User', 'Location', 'Template'];

/** The catalog backend module that adds `kind: AiResource` and the API type `mcp-server`. */
export const AI_MODEL_MODULE = '@backstage/plugin-catalog-backend-module-ai-model';

/**
 * The kinds a module adds, validated with the module's own schemas (published in
 * `@backstage/catalog-model/alpha`), as its ModelProcessor does.
 */
function moduleValidator(entity: Entity, modules: readonly string[]): { check(entity: Entity): Promise<boolean> } | undefined {
  if (!modules.includes(AI_MODEL_MODULE)) return undefined;
  if (entity.kind === 'AiResource') return aiResourceEntityV1alpha1Validator;
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  if (entity.kind === 'API' && type === 'mcp-server') return mcpServerApiEntityValidator;
  return undefined;
}

/**
 * Validates as Backstage's processing orchestrator does: envelope, policies, then the kind's schema.
 * `modules` names the catalog backend modules in use (see AI_MODEL_MODULE).
 */
export async function validateEntity(value: unknown, modules: readonly string[] = []): Promise<ValidationFailure | undefined> {
  try {
    (envelopeValidator ??= entityEnvelopeSchemaValidator())(value);
  } catch (error) {
    return failure(new InputError('Entity envelope failed validation before processing', error), []);
  }
  const entity = value as Entity;
  const ref = safeRef(entity);
  let enforced: Entity | undefined;
  try {
    policy ??= EntityPolicies.allOf([new SchemaValidEntityPolicy(), defaultNamespacePolicy(), new NoForeignRootFieldsEntityPolicy(), new FieldFormatEntityPolicy()]);
    enforced = await policy.enforce(entity);
  } catch (error) {
    return failure(new InputError(`Policy check failed for ${ref}`, error));
  }
  if (!enforced) return undefined;
  const added = moduleValidator(enforced, modules);
  if (added) {
    try {
      if (await added.check(enforced)) return undefined;
    } catch (error) {
      const cause = new TypeError(`Validation of ${enforced.kind} entity failed: ${(error as Error).message}`);
      return failure(new InputError(`Processor ModelProcessor threw an error while validating the entity ${ref}`, cause));
    }
  }
  for (const validator of kindValidators) {
    try {
      if (await validator.check(enforced)) return undefined;
    } catch (error) {
      return failure(
        new InputError(`Processor ${validator.processor} threw an error while validating the entity ${ref}`, error),
      );
    }
  }
  const message = `No processor recognized the entity ${ref} as valid, possibly caused by a foreign kind or apiVersion`;
  return { message, reason: `Unknown kind ${entity.kind} (${entity.apiVersion})`, path: ['kind'], unknownKind: true };
}

/**
 * Backstage's DefaultNamespaceEntityPolicy, without its deep copy of an entity that has no namespace: lodash's `merge` of the
 * whole entity into `{ metadata: { namespace } }` was the larger part of validating a load's entities. The same entity
 * comes out (the namespace first in its metadata, as the merge puts it). A namespace written but empty, and an entity with
 * a `__proto__` key anywhere (the merge drops one holding an object, which a later schema may then not see), still go
 * through Backstage's policy itself.
 */
function defaultNamespacePolicy(): EntityPolicy {
  const backstages = new DefaultNamespaceEntityPolicy();
  return {
    enforce: async (entity) =>
      entity.metadata.namespace === undefined && !hasProtoKey(entity) ? { ...entity, metadata: { namespace: DEFAULT_NAMESPACE, ...entity.metadata } } : backstages.enforce(entity),
  };
}

/** Whether any object in the value has an own `__proto__` key (YAML and JSON make it plain data). */
function hasProtoKey(value: object): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Object.hasOwn(node, '__proto__')) return true;
    for (const item of Object.values(node)) if (typeof item === 'object' && item !== null) stack.push(item);
  }
  return false;
}

function failure(error: Error, fallbackPath: YamlPath = ['kind']): ValidationFailure {
  const cause = (error as { cause?: unknown }).cause;
  const reason = cause instanceof Error ? cause.message : error.message;
  return { message: error.message, reason: shorten(reason), path: pathFromMessage(reason) ?? fallbackPath, unknownKind: false };
}

/** Finds the field a validator's message is about: `"metadata.name" is not valid…` or `/spec/type must be…`. */
function pathFromMessage(message: string): YamlPath | undefined {
  const quoted = /^"([\w.$-]+)"/.exec(message);
  if (quoted) return quoted[1].split('.');
  // A module's ModelProcessor says `Validation of AiResource entity failed: /spec …`.
  const pointer = /^(?:Validation of \w+ entity failed: )?(\/[^\s]*)\s/.exec(message);
  if (pointer) {
    const path: (string | number)[] = pointer[1].split('/').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    const additional = /additionalProperty: ([\w.$-]+)/.exec(message);
    if (additional) path.push(additional[1]);
    return path;
  }
  if (/^<root>/.test(message)) return [];
  return undefined;
}

function shorten(message: string): string {
  return message.replace(/\. To learn more about catalog file format.*$/, '');
}

function safeRef(entity: Entity): string {
  try {
    return stringifyEntityRef(entity);
  } catch {
    return `${String(entity.kind)}:${String(entity.metadata?.namespace ?? 'default')}/${String(entity.metadata?.name)}`;
  }
}
