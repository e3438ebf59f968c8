import { parseAllDocuments } from 'yaml';
import * as path from 'node:path';
import type { CatalogProblem } from './catalogProblem';
import { refusalReason, type CatalogSource } from './catalogSource';
import { jsonErrorLine } from '../language/jsonErrorLine';
import type { ValidationFailure } from './entityValidation';
import type { YamlDocument, YamlPath } from '../language/yamlDocuments';

type Resolver = (text: string, written: string) => unknown;

const MAX_DEPTH = 256;

/**
 * Backstage's PlaceholderProcessor resolvers: `$text`, `$json` and `$yaml`, each read relative to the
 * entity's file. Their errors name where the data is wrong, never what it says: parsers' messages
 * quote the text, and the file is not the one being edited.
 */
const RESOLVERS: Record<string, Resolver> = {
  text: (text) => text,
  json: (text, written) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const line = jsonErrorLine(text);
      throw new Error(`Placeholder $json failed to parse JSON data at ${written}: it is not valid JSON${line === undefined ? '' : ` (line ${line})`}`);
    }
  },
  yaml: (text, written) => {
    const documents = parseAllDocuments(text, { merge: false });
    const list = Array.isArray(documents) ? documents.filter((d) => d.contents !== null) : [];
    if (list.length !== 1) {
      throw new Error(`Placeholder $yaml expected to find exactly one document of data at ${written}, found ${list.length}`);
    }
    const [error] = list[0].errors;
    if (error) {
      const line = error.linePos?.[0].line;
      throw new Error(`Placeholder $yaml found an error in the data at ${written}: ${error.code}${line === undefined ? '' : ` (line ${line})`}`);
    }
    try {
      return list[0].toJSON() as unknown;
    } catch {
      throw new Error(`Placeholder $yaml could not resolve the aliases in the data at ${written}`);
    }
  },
};

export interface ResolvedPlaceholders {
  value: unknown;
  /** Local files that were read. */
  files: string[];
  problems: Omit<CatalogProblem, 'path'>[];
  /** Set when a placeholder could not be resolved: Backstage fails the entity then. */
  failure?: ValidationFailure;
}

/** Replaces every `{ $text: ./file }`-style value, as Backstage does before validating an entity. */
export async function resolvePlaceholders(source: CatalogSource, filePath: string, value: unknown, document: YamlDocument): Promise<ResolvedPlaceholders> {
  const result: ResolvedPlaceholders = { value, files: [], problems: [] };
  const visit = async (node: unknown, at: YamlPath): Promise<unknown> => {
    if (typeof node !== 'object' || node === null) return node;
    // Bounds the recursion whatever the value holds (a cycle included); no real entity nests this deep.
    if (at.length > MAX_DEPTH) {
      result.problems.push({ range: document.rangeOf(at) ?? document.range, severity: 'warning', code: 'placeholder-unresolved', message: `Values nested more than ${MAX_DEPTH} levels deep are not searched for placeholders` });
      return node;
    }
    if (Array.isArray(node)) return Promise.all(node.map((item, index) => visit(item, [...at, index])));
    const keys = Object.keys(node);
    const entries = node as Record<string, unknown>;
    const resolver = keys.length === 1 && keys[0].startsWith('$') ? keys[0].slice(1) : undefined;
    if (resolver !== undefined && Object.hasOwn(RESOLVERS, resolver)) return resolveOne(resolver, entries[keys[0]], [...at, keys[0]]);
    if (keys.some((key) => key.startsWith('$'))) return node;
    // `__proto__` and `constructor` keys stay plain data, as in the JSON Backstage stores.
    const out: [string, unknown][] = [];
    for (const key of keys) out.push([key, await visit(entries[key], [...at, key])]);
    return Object.fromEntries(out);
  };
  const resolveOne = async (key: string, written: unknown, at: YamlPath): Promise<unknown> => {
    const range = document.rangeOf(at) ?? document.range;
    if (typeof written !== 'string') {
      fail(`Placeholder $${key} must be given a string, got ${typeof written}`, at);
      return written;
    }
    if (/^[a-z][\w+.-]*:/i.test(written)) {
      result.problems.push({ range, severity: 'info', code: 'placeholder-remote', message: `$${key} ${written} is fetched by a Backstage catalog when it ingests this entity; Greenroom does not read remote content` });
      return key === 'text' ? `(content of ${written})` : {};
    }
    // `~` is a folder name here, as Backstage resolves it against the entity's URL; it is not the home folder.
    const target = path.resolve(path.dirname(filePath), written);
    result.files.push(target);
    const resolved = await source.resolve(filePath, target);
    if (!resolved.ok) {
      fail(`Placeholder $${key} could not read location ${written}, ${refusalReason(resolved.refusal)}`, at);
      return key === 'text' ? '' : {};
    }
    if (resolved.path !== target) result.files.push(resolved.path);
    const read = await source.readFile(resolved.path);
    if (!read.ok) {
      fail(`Placeholder $${key} could not read location ${written}, ${read.message}`, at);
      return key === 'text' ? '' : {};
    }
    try {
      return RESOLVERS[key](read.text, written);
    } catch (error) {
      fail((error as Error).message, at);
      return {};
    }
  };
  const fail = (message: string, at: YamlPath) => {
    result.failure ??= {
      message: `Processor PlaceholderProcessor threw an error while preprocessing; caused by Error: ${message}`,
      reason: message,
      path: at,
      unknownKind: false,
    };
    result.problems.push({ range: document.rangeOf(at) ?? document.range, severity: 'error', code: 'placeholder-unresolved', message });
  };
  // Most entities hold no placeholder: copied in one synchronous pass, not through a promise per value.
  const plain = plainCopy(value, 0);
  result.value = plain === NOT_PLAIN ? await visit(value, []) : plain;
  return result;
}

const NOT_PLAIN = Symbol('not plain');

/**
 * The value copied as `resolvePlaceholders` copies a value without placeholders; NOT_PLAIN when it holds a `$` key or is
 * nested deeper than MAX_DEPTH, for the walk that resolves and reports those.
 */
function plainCopy(node: unknown, depth: number): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (depth > MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(node)) {
    const items: unknown[] = [];
    for (const item of node) {
      const copy = plainCopy(item, depth + 1);
      if (copy === NOT_PLAIN) return NOT_PLAIN;
      items.push(copy);
    }
    return items;
  }
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(node)) {
    if (key.startsWith('$')) return NOT_PLAIN;
    const copy = plainCopy(item, depth + 1);
    if (copy === NOT_PLAIN) return NOT_PLAIN;
    entries.push([key, copy]);
  }
  // As the walk: `__proto__` and `constructor` keys stay plain data.
  return Object.fromEntries(entries);
}
