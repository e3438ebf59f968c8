import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Catalog } from '../core/catalog/catalog';
import type { EntityRecord } from '../core/catalog/catalogFile';
import type { CatalogSearchIndex } from '../core/search/catalogSearch';
import type { CatalogSource } from '../core/catalog/catalogSource';
import { entityTitle, ownerRef, systemRef } from '../core/catalog/entityGrouping';
import type { TemplateAction } from '../core/scaffolder/templateRunner';

/** What the tools read: the live catalog and its search index, and where the workspace is. Nothing here writes. */
export interface ToolContext {
  /** The catalog once its first load is done. */
  catalog(): Promise<Catalog>;
  /** The search index, up to date with the catalog. */
  search(): Promise<CatalogSearchIndex>;
  /** The workspace folders, absolute: paths the tools are given are read relative to the first. */
  folders(): readonly string[];
  /** Reads files inside the workspace folders only (a file given to validate_catalog). */
  source(): CatalogSource;
  backstageModules(): readonly string[];
  /** Templates run (dry) only in a workspace the user trusts. */
  workspaceTrusted(): boolean;
  /** Dry-run versions of the actions a host adds beyond the local ones (publish:github, catalog:register…). */
  dryRunActions?(): Record<string, TemplateAction>;
  /** Reads a file again when nothing watches the disk for the catalog: an agent may just have written it. */
  refresh?(file: string): Promise<void>;
  /** The user's entity ref, for `${{ user.entity }}`. */
  user?(): Promise<string | undefined>;
}

/** A JSON Schema, as tools publish it. */
export type JsonSchema = Record<string, unknown>;

export interface CatalogTool<Input = Record<string, unknown>, Output = Record<string, unknown>> {
  name: string;
  title: string;
  /** Written for a model: what the tool answers, when to use it, and what it does not do. */
  description: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  run(input: Input, context: ToolContext): Promise<Output>;
}

/** A bad argument, or one naming something that is not there: the caller is told what to change. */
export class ToolInputError extends Error {}

/** Strings from catalog files are untrusted and unbounded: every one a tool returns is cut to this many characters. */
export const MAX_TEXT = 1_000;
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export function clip(text: string | undefined, max = MAX_TEXT): string | undefined {
  if (text === undefined) return undefined;
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** The paging arguments every listing tool takes. */
export const PAGING_PROPERTIES = {
  limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, description: `How many items to return (1–${MAX_LIMIT}).` },
  cursor: { type: 'string', description: 'The nextCursor of an earlier answer to the same question, for the next page.' },
} as const;

export interface Page<T> {
  total: number;
  items: T[];
  /** Present when there are more items: pass it as `cursor` to get them. */
  nextCursor?: string;
}

export function pageSchema(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['total', 'items'],
    properties: {
      total: { type: 'integer', description: 'How many items there are in all.' },
      items: { type: 'array', items: item },
      nextCursor: { type: 'string', description: 'Pass as cursor for the next page; absent on the last page.' },
    },
  };
}

/** One page of `all`, each item shown by `show`. Cursors are offsets, encoded so that callers treat them as opaque. */
export function page<T, U = T>(all: readonly T[], input: { limit?: number; cursor?: string }, show: (item: T) => U = (item) => item as unknown as U): Page<U> {
  const limit = input.limit ?? DEFAULT_LIMIT;
  const offset = input.cursor === undefined ? 0 : offsetOf(input.cursor);
  const items = all.slice(offset, offset + limit).map(show);
  const next = offset + limit;
  return { total: all.length, items, ...(next < all.length ? { nextCursor: Buffer.from(`o${next}`).toString('base64url') } : {}) };
}

function offsetOf(cursor: string): number {
  const match = /^o(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ToolInputError('cursor is not one this tool gave; leave it out to start from the first page.');
  return Number(match[1]);
}

/** What every listing says of an entity. */
export interface EntityBrief {
  ref: string;
  kind: string;
  title: string;
  description?: string;
  type?: string;
  lifecycle?: string;
  owner?: string;
  system?: string;
  tags: string[];
  /** The workspace file it is written in, and its line (1-based); absent for an entity only Backstage has. */
  file?: string;
  line?: number;
  /** Its page on Backstage, when a connected Backstage has it. */
  backstageUrl?: string;
  /** Why Backstage would refuse it, when it would. */
  invalid?: string;
}

export const ENTITY_BRIEF_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['ref', 'kind', 'title', 'tags'],
  properties: {
    ref: { type: 'string', description: 'kind:namespace/name' },
    kind: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    type: { type: 'string' },
    lifecycle: { type: 'string' },
    owner: { type: 'string', description: 'The owner entity ref.' },
    system: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    file: { type: 'string', description: 'Workspace-relative path of the file that defines it.' },
    line: { type: 'integer' },
    backstageUrl: { type: 'string' },
    invalid: { type: 'string', description: 'Why Backstage would refuse this entity.' },
  },
};

export function briefOf(record: EntityRecord, catalog: Catalog, displayPath: (file: string) => string): EntityBrief {
  const { entity } = record;
  const metadata = (entity.metadata ?? {}) as Record<string, unknown>;
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const copy = record.remote ?? catalog.remoteCopies(record.ref)[0]?.remote;
  return stripUndefined({
    ref: record.ref,
    kind: textOf(entity.kind) ?? record.ref.slice(0, record.ref.indexOf(':')),
    title: clip(entityTitle(entity), 200)!,
    description: clip(textOf(metadata.description)),
    type: clip(textOf(spec.type), 100),
    lifecycle: clip(textOf(spec.lifecycle), 100),
    owner: safely(() => ownerRef(entity)),
    system: entity.kind === 'System' ? undefined : safely(() => systemRef(entity)),
    tags: Array.isArray(metadata.tags) ? metadata.tags.filter((tag): tag is string => typeof tag === 'string').slice(0, 30).map((tag) => clip(tag, 100)!) : [],
    file: record.remote ? undefined : displayPath(record.path),
    line: record.remote ? undefined : record.range.start.line + 1,
    backstageUrl: copy?.pageUrl,
    invalid: clip(record.failure?.message ?? record.notIngested?.reason),
  });
}

/** A field that holds text, or nothing: invalid entities hold anything anywhere. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function safely<T>(compute: () => T): T | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}

export function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

const ajv = new Ajv({ allErrors: false, strict: false, useDefaults: true });
const validators = new WeakMap<JsonSchema, ValidateFunction>();

/** Checks arguments against a tool's input schema (filling in defaults), or says plainly what is wrong. */
export function checkInput(tool: CatalogTool, input: unknown): Record<string, unknown> {
  let validate = validators.get(tool.inputSchema);
  if (!validate) validators.set(tool.inputSchema, (validate = ajv.compile(tool.inputSchema)));
  const copy: unknown = input === undefined || input === null ? {} : structuredClone(input);
  if (validate(copy)) return copy as Record<string, unknown>;
  throw new ToolInputError(`Invalid arguments for ${tool.name}: ${describeError(validate.errors?.[0], tool.inputSchema)}`);
}

function describeError(error: ErrorObject | undefined, schema: JsonSchema): string {
  if (!error) return 'they do not match its input schema.';
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the arguments';
  const known = Object.keys(schema.properties ?? {});
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown argument "${String((error.params as { additionalProperty: string }).additionalProperty).slice(0, 100)}"; the arguments are ${known.join(', ')}.`;
    case 'required':
      return `${(error.params as { missingProperty: string }).missingProperty} is required.`;
    case 'enum':
      return `${where} must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((value) => JSON.stringify(value)).join(', ')}.`;
    default:
      return `${where} ${error.message ?? 'is not valid'}.`;
  }
}
