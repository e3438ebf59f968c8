import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { TextPosition, TextRange } from './textRange';

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
}

export interface TextIndex {
  text: string;
  offsetAt(position: TextPosition): number;
  positionAt(offset: number): TextPosition;
}

export function parseYamlFile(text: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  const position = (offset: number): TextPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line - 1, character: col - 1 };
  };
  const toRange = (start: number, end: number): TextRange => ({ start: position(start), end: position(end) });

  const documents: YamlDocument[] = [];
  const errors: YamlSyntaxError[] = [];
  // `merge: false` as Backstage parses catalog files: `<<` keys stay plain keys.
  const parsed = parseAllDocuments(text, { lineCounter, merge: false, prettyErrors: false });
  const list = Array.isArray(parsed) ? parsed : [];
  list.forEach((doc, index) => {
    for (const error of doc.errors) {
      errors.push({ range: toRange(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)), message: firstLine(error.message) });
    }
    if (doc.errors.length > 0) return;
    const [start, , end] = doc.range;
    documents.push({
      index,
      value: doc.contents === null ? null : doc.toJSON(),
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
  });
  const index: TextIndex = {
    text,
    positionAt: position,
    offsetAt: ({ line, character }) => (lineCounter.lineStarts[line] ?? text.length) + character,
  };
  return { documents, errors, index };
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

function firstLine(message: string): string {
  return message.split('\n')[0];
}
