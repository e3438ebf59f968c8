import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { relationField, type RelationField } from '../../core/catalog/entityRelations';
import type { CursorContext } from '../../core/language/yamlCursor';

export interface RefAtCursor {
  /** The full ref the written value resolves to. */
  ref: string;
  field: RelationField;
  context: CursorContext;
}

/**
 * The entity ref under the cursor, when the cursor is on a value of a ref field (`spec.owner`,
 * `spec.dependsOn`…), defaulted as Backstage defaults it: the field's kind, the entity's own namespace.
 */
export function refAtCursor(context: CursorContext | undefined): RefAtCursor | undefined {
  if (!context || context.on !== 'value' || context.path.length !== 2 || context.path[0] !== 'spec') return undefined;
  const field = relationField(context.kind, context.path[1]);
  if (!field || !context.token.text) return undefined;
  try {
    const ref = stringifyEntityRef(parseEntityRef(context.token.text, { defaultKind: field.defaultKind, defaultNamespace: context.namespace }));
    return { ref, field, context };
  } catch {
    return undefined;
  }
}

/** The ref of the entity whose `metadata.name` the cursor is on. */
export function ownRefAtCursor(context: CursorContext | undefined): string | undefined {
  if (!context || context.on !== 'value' || context.path.join('.') !== 'metadata.name' || !context.kind) return undefined;
  try {
    return stringifyEntityRef({ kind: context.kind, namespace: context.namespace, name: context.token.text });
  } catch {
    return undefined;
  }
}
