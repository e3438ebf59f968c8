import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Alias, type Document, type Node } from 'yaml';
import type { TextPosition, TextRange } from '../catalog/textRange';

export type YamlPath = readonly (string | number)[];

/** One `---`-separated document of a YAML file, with a way back from any value to its place in the text. */
export interface YamlDocument {
  index: number;
  /** The plain JSON value, as Backstage's own parser would produce it. */
  value: unknown;
  /** Empty documents (a trailing `---`, comments only) carry no entity. */
  isEmpty: boolean;
  range: TextRange;
  /** Range of the value at `path`, or undefined when the path does not exist. */
  rangeOf(path: YamlPath): TextRange | undefined;
  /** Range of the key of the pair at `path` (the value's range when it has no key, e.g. in a list). */
  keyRangeOf(path: YamlPath): TextRange | undefined;
}

export interface YamlSyntaxError {
  range: TextRange;
  message: string;
}

export interface ParsedYamlFile {
  documents: YamlDocument[];
  errors: YamlSyntaxError[];
  /** Converts between positions and offsets of the parsed text. */
  index: TextIndex;
  /** Every document's syntax tree, those with errors too: what is under a cursor is read from these. */
  trees: YamlTree[];
}

/** One document as the `yaml` package parsed it; its offsets count from `firstLine` of the file. */
export interface YamlTree {
  doc: Document.Parsed;
  firstLine: number;
  lineCounter: LineCounter;
}

export interface TextIndex {
  text: string;
  offsetAt(position: TextPosition): number;
  positionAt(offset: number): TextPosition;
}

/** Parsed `---` chunks of a file by their text: an edit re-parses only the chunk it touched. */
export type YamlChunkCache = Map<string, ParsedChunk>;

interface ParsedChunk {
  lineCounter: LineCounter;
  documents: { doc: Document.Parsed; value: unknown; errors: ChunkError[] }[];
}

/** An error at offsets of the chunk: the parser's own, or one found turning the document into JSON. */
interface ChunkError {
  pos: readonly [number, number];
  message: string;
}

export function parseYamlFile(text: string, cache?: YamlChunkCache): ParsedYamlFile {
  const documents: YamlDocument[] = [];
  const errors: YamlSyntaxError[] = [];
  const trees: YamlTree[] = [];
  const used: YamlChunkCache = new Map();
  let index = 0;
  for (const { chunk, firstLine } of chunks(text)) {
    const parsed = cache?.get(chunk) ?? parseChunk(chunk);
    used.set(chunk, parsed);
    const position = (offset: number): TextPosition => {
      const { line, col } = parsed.lineCounter.linePos(offset);
      return { line: firstLine + line - 1, character: col - 1 };
    };
    const toRange = (start: number, end: number): TextRange => ({ start: position(start), end: position(end) });
    for (const { doc, value, errors: docErrors } of parsed.documents) {
      index++;
      trees.push({ doc, firstLine, lineCounter: parsed.lineCounter });
      for (const error of docErrors) {
        errors.push({ range: toRange(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)), message: error.message });
      }
      if (docErrors.length > 0) continue;
      const [start, , end] = doc.range;
      documents.push({
        index: index - 1,
        value,
        isEmpty: doc.contents === null,
        range: toRange(doc.contents?.range?.[0] ?? start, end),
        rangeOf: (path) => {
          const found = locate(doc, path);
          return found?.node?.range ? toRange(found.node.range[0], found.node.range[1]) : undefined;
        },
        keyRangeOf: (path) => {
          const found = locate(doc, path);
          const key = found?.key ?? found?.node;
          return key?.range ? toRange(key.range[0], key.range[1]) : undefined;
        },
      });
    }
  }
  if (cache) {
    cache.clear();
    for (const [chunk, parsed] of used) cache.set(chunk, parsed);
  }
  return { documents, errors, index: textIndex(text), trees };
}

function parseChunk(chunk: string): ParsedChunk {
  const lineCounter = new LineCounter();
  // `merge: false` as Backstage parses catalog files: `<<` keys stay plain keys.
  // `logLevel: 'error'`: yaml's warnings (a map as a key, say) would reach the editor's log as a process warning per keystroke.
  const parsed = parseAllDocuments(chunk, { lineCounter, merge: false, prettyErrors: false, logLevel: 'error' });
  const list = Array.isArray(parsed) ? parsed : [];
  // Without a `*` there is no alias: most files skip the alias walk.
  const mayAlias = chunk.includes('*');
  return { lineCounter, documents: list.map((doc) => ({ doc, ...toValue(doc, mayAlias) })) };
}

/**
 * The document's JSON value, as Backstage reads it, or why there is none. Aliases are checked
 * first so that each failure is reported on the alias at fault: one to a missing anchor, one inside
 * the node it names (its value would be circular), or the one past yaml's limit of 100 uses.
 */
function toValue(doc: Document.Parsed, mayAlias: boolean): { value: unknown; errors: ChunkError[] } {
  if (doc.errors.length > 0) return { value: null, errors: doc.errors.map((error) => ({ pos: error.pos, message: firstLineOf(error.message) })) };
  if (doc.contents === null) return { value: null, errors: [] };
  const errors = mayAlias ? aliasErrors(doc) : [];
  if (errors.length > 0) return { value: null, errors };
  try {
    return { value: doc.toJSON() as unknown, errors: [] };
  } catch (error) {
    const at = failingAlias(doc)?.range ?? doc.contents.range;
    const message = /excessive alias count/i.test(String(error))
      ? 'Excessive alias count: anchors used more than 100 times, nested uses multiplied, as in a resource exhaustion attack; the document is not read'
      : firstLineOf(error instanceof Error ? error.message : String(error));
    return { value: null, errors: [{ pos: [at[0], at[1]], message }] };
  }
}

function aliasErrors(doc: Document.Parsed): ChunkError[] {
  const errors: ChunkError[] = [];
  const anchored = new Map<string, Node>();
  visit(doc, {
    Node: (_key, node, ancestors) => {
      if (!isAlias(node)) {
        if (node.anchor) anchored.set(node.anchor, node);
        return;
      }
      const source = anchored.get(node.source);
      const pos: [number, number] = node.range ? [node.range[0], node.range[1]] : [0, 0];
      if (!source) errors.push({ pos, message: `Unresolved alias *${node.source}: no anchor &${node.source} is set before it` });
      else if (ancestors.includes(source)) errors.push({ pos, message: `Recursive alias *${node.source}: it stands inside the node it refers to, whose value would contain itself` });
    },
  });
  return errors;
}

/** Converts the document again, each alias noting when its conversion starts and ends: after a throw, the last one still open is the culprit. */
function failingAlias(doc: Document.Parsed): Alias | undefined {
  const aliases: Alias[] = [];
  visit(doc, { Alias: (_key, node) => void aliases.push(node) });
  const open: Alias[] = [];
  for (const alias of aliases) {
    const convert = alias.toJSON.bind(alias);
    alias.toJSON = (...args: Parameters<Alias['toJSON']>) => {
      open.push(alias);
      const value = convert(...args);
      open.pop();
      return value;
    };
  }
  try {
    doc.toJSON();
  } catch {
    return open.pop();
  } finally {
    for (const alias of aliases) delete (alias as Partial<Alias>).toJSON;
  }
  return undefined;
}

/** Splits a file at its `---` lines, each chunk starting with its separator, with its first line's number. */
function* chunks(text: string): Generator<{ chunk: string; firstLine: number }> {
  const separator = /^---(?=\s|$)/gm;
  let start = 0;
  let line = 0;
  for (const match of text.matchAll(separator)) {
    if (match.index === 0) continue;
    const chunk = text.slice(start, match.index);
    yield { chunk, firstLine: line };
    line += countLines(chunk);
    start = match.index;
  }
  yield { chunk: text.slice(start), firstLine: line };
}

function countLines(chunk: string): number {
  let count = 0;
  for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) count++;
  return count;
}

function textIndex(text: string): TextIndex {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return {
    text,
    offsetAt: ({ line, character }) => (lineStarts[line] ?? text.length) + character,
    positionAt: (offset) => {
      let low = 0;
      let high = lineStarts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (lineStarts[middle] <= offset) low = middle;
        else high = middle - 1;
      }
      return { line: low, character: offset - lineStarts[low] };
    },
  };
}

interface Located {
  node?: Node;
  key?: Node;
}

function locate(doc: Document, path: YamlPath): Located | undefined {
  let current: Located = { node: doc.contents ?? undefined };
  for (const segment of path) {
    const node = current.node;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return undefined;
      current = { node: (pair.value as Node | null) ?? (pair.key as Node), key: pair.key as Node };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return undefined;
      current = { node: item };
    } else {
      return undefined;
    }
  }
  return current;
}

function firstLineOf(message: string): string {
  return message.split('\n')[0];
}
