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

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Definitions past this are not parsed for their operations (they are still shown as text). */
const MAX_DEFINITION_CHARS = 2_000_000;
const MAX_OPERATIONS = 500;

/**
 * The operations of an OpenAPI (paths and methods, with their parameters) or AsyncAPI (channels
 * and their publish/subscribe or send/receive operations) definition; empty for anything else or
 * for text that does not parse. Definitions are untrusted: only strings are taken, and lists are capped.
 */
export function apiOperations(type: string, text: string): ApiOperation[] {
  if ((type !== 'openapi' && type !== 'asyncapi') || text.length > MAX_DEFINITION_CHARS) return [];
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 100 });
  } catch {
    return [];
  }
  if (!isObject(document)) return [];
  return (type === 'openapi' ? openApi(document) : asyncApi(document)).slice(0, MAX_OPERATIONS);
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
