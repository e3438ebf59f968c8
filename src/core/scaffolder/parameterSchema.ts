type Json = Record<string, unknown>;

/**
 * One parameter step of a Template split as Backstage splits it: the `ui:*` keys, written inside the
 * JSON Schema, go to the uiSchema at the same place; the rest is the schema.
 */
export function splitStep(step: Json): { schema: Json; uiSchema: Json } {
  const { schema, ui } = split(step);
  return { schema, uiSchema: ui };
}

function split(node: Json): { schema: Json; ui: Json } {
  const schema: Json = {};
  const ui: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('ui:')) {
      ui[key] = value;
    } else if (key === 'properties' && isObject(value)) {
      const properties: Json = {};
      for (const [name, property] of Object.entries(value)) {
        if (!isObject(property)) continue;
        const part = split(property);
        properties[name] = part.schema;
        merge(ui, { [name]: part.ui });
      }
      schema.properties = properties;
    } else if (key === 'items' && isObject(value)) {
      const part = split(value);
      schema.items = part.schema;
      merge(ui, { items: part.ui });
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      // Fields of alternatives and conditions are fields of the same object: their ui goes alongside.
      schema[key] = (value as unknown[]).map((item) => (isObject(item) ? withUi(split(item), ui) : item));
    } else if ((key === 'then' || key === 'else' || key === 'if') && isObject(value)) {
      schema[key] = withUi(split(value), ui);
    } else if (key === 'dependencies' && isObject(value)) {
      const dependencies: Json = {};
      for (const [name, dependency] of Object.entries(value)) dependencies[name] = isObject(dependency) ? withUi(split(dependency), ui) : dependency;
      schema.dependencies = dependencies;
    } else {
      schema[key] = value;
    }
  }
  return { schema, ui };
}

function withUi(part: { schema: Json; ui: Json }, ui: Json): Json {
  merge(ui, part.ui);
  return part.schema;
}

function merge(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    if (isObject(value) && isObject(target[key])) merge(target[key], value);
    else if (!isObject(value) || Object.keys(value).length > 0) target[key] = value;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
