import { parse } from 'yaml';

/** One operation of an OpenAPI definition, or one channel operation of an AsyncAPI one, as a reader scans them. */
export interface ApiOperation {
  /** `GET`, `POST`… for OpenAPI; `PUBLISH`, `SUBSCRIBE`, `SEND`, `RECEIVE` for AsyncAPI. */
  method: string;
  /** The path or the channel. */
  path: string;
  summary?: string;
  parameters: { name: string; in: string; required: boolean }[];
}

/** A named schema (OpenAPI, AsyncAPI) or message (AsyncAPI) with its top-level properties. */
export interface ApiSchema {
  name: string;
  kind: 'schema' | 'message';
  description?: string;
  /** `type` is the JSON Schema type, the name a `$ref` points at, or `X[]` for an array of X. */
  properties: { name: string; type: string; required: boolean }[];
}

export interface ApiDefinitionParts {
  operations: ApiOperation[];
  schemas: ApiSchema[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Definitions past this are not parsed for their parts (they are still shown as text). */
const MAX_DEFINITION_CHARS = 2_000_000;
const MAX_OPERATIONS = 500;
const MAX_SCHEMAS = 300;
const MAX_PROPERTIES = 100;

/**
 * The operations of an OpenAPI (paths and methods, with their parameters) or AsyncAPI (channels and their
 * publish/subscribe or send/receive operations) definition, and its schemas and messages; empty for anything
 * else or for text that does not parse. Definitions are untrusted: only strings are taken, and lists are capped.
 */
export function apiDefinitionParts(type: string, text: string): ApiDefinitionParts {
  const none = { operations: [], schemas: [] };
  if ((type !== 'openapi' && type !== 'asyncapi') || text.length > MAX_DEFINITION_CHARS) return none;
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 100 });
  } catch {
    return none;
  }
  if (!isObject(document)) return none;
  const components = isObject(document.components) ? document.components : {};
  const operations = type === 'openapi' ? openApi(document) : asyncApi(document);
  // Swagger 2 keeps its schemas under `definitions`.
  const schemas = [...named(components.schemas ?? document.definitions, 'schema'), ...(type === 'asyncapi' ? named(components.messages, 'message') : [])];
  return { operations: operations.slice(0, MAX_OPERATIONS), schemas: schemas.slice(0, MAX_SCHEMAS) };
}

function openApi(document: Record<string, unknown>): ApiOperation[] {
  const paths = document.paths;
  if (!isObject(paths)) return [];
  return Object.entries(paths).flatMap(([path, item]) => {
    if (!isObject(item)) return [];
    const shared = parameters(item.parameters);
    return HTTP_METHODS.filter((method) => isObject(item[method])).map((method) => {
      const operation = item[method] as Record<string, unknown>;
      const own = parameters(operation.parameters);
      const names = new Set(own.map((p) => `${p.in}:${p.name}`));
      return { method: method.toUpperCase(), path, summary: text(operation.summary) ?? text(operation.operationId), parameters: [...shared.filter((p) => !names.has(`${p.in}:${p.name}`)), ...own] };
    });
  });
}

function asyncApi(document: Record<string, unknown>): ApiOperation[] {
  const channels = document.channels;
  if (!isObject(channels)) return [];
  // AsyncAPI 2 puts publish/subscribe under each channel; AsyncAPI 3 lists operations apart, naming their channel.
  const v2 = Object.entries(channels).flatMap(([channel, item]) =>
    isObject(item) ? ['publish', 'subscribe'].filter((verb) => isObject(item[verb])).map((verb) => ({ method: verb.toUpperCase(), path: channel, summary: text((item[verb] as Record<string, unknown>).summary), parameters: [] })) : [],
  );
  const operations = document.operations;
  const v3 = isObject(operations)
    ? Object.entries(operations).flatMap(([id, operation]) => {
        if (!isObject(operation)) return [];
        const channel = isObject(operation.channel) ? text(operation.channel.$ref)?.replace(/^#\/channels\//, '') : undefined;
        return [{ method: (text(operation.action) ?? '').toUpperCase(), path: channel ?? id, summary: text(operation.summary) ?? id, parameters: [] }];
      })
    : [];
  return [...v2, ...v3];
}

function named(value: unknown, kind: ApiSchema['kind']): ApiSchema[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([name, item]) => {
    if (!isObject(item)) return [];
    // A message describes its payload; a schema is one.
    const schema = kind === 'message' && isObject(item.payload) ? item.payload : item;
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((entry): entry is string => typeof entry === 'string') : []);
    const properties = isObject(schema.properties)
      ? Object.entries(schema.properties)
          .slice(0, MAX_PROPERTIES)
          .map(([property, definition]) => ({ name: property.slice(0, 200), type: typeName(definition), required: required.has(property) }))
      : [];
    return [{ name: name.slice(0, 200), kind, description: text(item.description) ?? text(item.summary) ?? text(schema.description), properties }];
  });
}

function typeName(definition: unknown): string {
  if (!isObject(definition)) return '';
  const ref = text(definition.$ref);
  if (ref) return ref.slice(ref.lastIndexOf('/') + 1);
  if (definition.type === 'array') return `${typeName(definition.items) || 'any'}[]`;
  return text(definition.type) ?? text(definition.format) ?? '';
}

function parameters(value: unknown): ApiOperation['parameters'] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((parameter) => {
    const name = text(parameter.name);
    const where = text(parameter.in);
    return name && where ? [{ name, in: where, required: parameter.required === true }] : [];
  });
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, 500) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
