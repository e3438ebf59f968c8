import type { TemplateForm } from '../../protocol/catalogProtocol';

/**
 * Values for a template's form, from a link or an agent, split into its pages: each page gets the
 * values of the fields it declares (conditional ones included), so that a value the form does not ask
 * for never reaches the run, and no Secret field is filled from outside (a person types secrets).
 */
export function prefilledPages(form: TemplateForm, values: Record<string, unknown>): Record<string, unknown>[] {
  return form.pages.map((page) => {
    const filled: Record<string, unknown> = {};
    for (const field of declaredFields(page.schema)) {
      const ui = page.uiSchema[field] as Record<string, unknown> | undefined;
      if (Object.hasOwn(values, field) && ui?.['ui:field'] !== 'Secret') filled[field] = values[field];
    }
    return filled;
  });
}

/** A page's own fields: its properties, and those its dependencies and if/then/else or *Of branches add. */
function declaredFields(schema: unknown, depth = 0, fields = new Set<string>()): Set<string> {
  if (!isObject(schema) || depth > 8) return fields;
  if (isObject(schema.properties)) for (const field of Object.keys(schema.properties)) fields.add(field);
  const branches: unknown[] = [schema.then, schema.else, ...[schema.allOf, schema.anyOf, schema.oneOf].flatMap((list): unknown[] => (Array.isArray(list) ? (list as unknown[]) : []))];
  if (isObject(schema.dependencies)) branches.push(...Object.values(schema.dependencies));
  for (const branch of branches) declaredFields(branch, depth + 1, fields);
  return fields;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
