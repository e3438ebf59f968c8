// The catalog language: YAML read with positions, the field under the cursor, and Backstage's field and annotation docs.
import { isAlias, isCollection, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextPosition, TextRange } from '../catalog/textRange';
import type { ParsedYamlFile, YamlTree } from './yamlDocuments';

/**
 * Where the cursor is in a catalog file, read from the `yaml` package's own tree (the one the
 * catalog is read from) by walking its nodes by their ranges. Only where the text under the cursor
 * is no node yet (a blank line, a key being typed, an empty `- `) does the line itself say what is
 * being written; the tree still says where it goes.
 */
export interface CursorContext {
  /** Key path of the field the cursor is in, e.g. ['spec', 'owner'] or ['metadata', 'annotations', 'x']; list indexes are left out. */
  path: string[];
  /** On a key (or a key being typed) or on a value. */
  on: 'key' | 'value';
  /** The whole word under the cursor: a key, a scalar value or one item of a list; quotes and aliases resolved. */
  token: { text: string; range: TextRange };
  /** The part of the token before the cursor: what completion filters by. */
  prefix: string;
  /** The value is an item of a list (block `- x` or flow `[a, x]`). */
  inList: boolean;
  /** `kind:` and `apiVersion:` of the document the cursor is in, when written. */
  kind?: string;
  apiVersion?: string;
  /** `metadata.namespace` of the document, `default` when not written: refs written in it default to it. */
  namespace: string;
  /** Keys already present beside the cursor's key, so that completion does not offer them again. */
  siblingKeys: string[];
}

/** A parsed document and the text of its chunk, by the chunk's offsets. */
interface Source {
  doc: YamlTree['doc'];
  slice(from: number, to: number): string;
  column(offset: number): number;
}

type Found = Pick<CursorContext, 'path' | 'on' | 'inList' | 'siblingKeys'> & { from: number; to: number; text: string };

/** A key as typed so far: what a line holds before its `:` is written. */
const TYPED_KEY = /^[\w./-]*/;

export function cursorContext(parsed: Pick<ParsedYamlFile, 'trees' | 'index'>, position: TextPosition): CursorContext | undefined {
  const lineText = lineAt(parsed.index.text, parsed.index.offsetAt({ line: position.line, character: 0 }));
  if (/^(---|\.\.\.)(\s|$)/.test(lineText) || position.character > lineText.length) return undefined;
  const tree = treeAt(parsed.trees, position);
  if (!tree) return startOfEntity(lineText, position);
  const { doc } = tree;
  const lineStart = tree.lineCounter.lineStarts[position.line - tree.firstLine];
  const offset = lineStart + position.character;
  const base = parsed.index.offsetAt({ line: tree.firstLine, character: 0 });
  const src: Source = { doc, slice: (from, to) => parsed.index.text.slice(base + from, base + to), column: (at) => tree.lineCounter.linePos(at).col - 1 };
  const found = (doc.contents ? walk(src, doc.contents, offset, []) : undefined) ?? typed(src, { lineStart, lineText, offset });
  if (!found) return undefined;
  const toPosition = (at: number): TextPosition => {
    const { line, col } = tree.lineCounter.linePos(at);
    return { line: tree.firstLine + line - 1, character: col - 1 };
  };
  const prefixEnd = Math.max(found.from, Math.min(offset, found.to));
  const raw = src.slice(found.from, prefixEnd);
  return {
    path: found.path,
    on: found.on,
    token: { text: found.text, range: { start: toPosition(found.from), end: toPosition(found.to) } },
    prefix: raw.replace(/^['"]/, ''),
    inList: found.inList,
    ...header(doc),
    siblingKeys: found.siblingKeys,
  };
}

/** A text with no document yet (empty, or comments only): the first key of an entity is being typed. */
function startOfEntity(lineText: string, position: TextPosition): CursorContext | undefined {
  const word = TYPED_KEY.exec(lineText)![0];
  if (position.character > word.length) return undefined;
  const range = { start: { line: position.line, character: 0 }, end: { line: position.line, character: word.length } };
  return { path: [word], on: 'key', token: { text: word, range }, prefix: word.slice(0, position.character), inList: false, namespace: 'default', siblingKeys: [] };
}

/** The document holding the cursor: the last one starting at or before it. */
function treeAt(trees: readonly YamlTree[], position: TextPosition): YamlTree | undefined {
  let at: YamlTree | undefined;
  for (const tree of trees) {
    const line = position.line - tree.firstLine;
    if (line < 0 || line >= tree.lineCounter.lineStarts.length) continue;
    const offset = tree.lineCounter.lineStarts[line] + position.character;
    if (!at || at.firstLine !== tree.firstLine || tree.doc.range[0] <= offset) at = tree;
  }
  return at;
}

function header(doc: YamlTree['doc']): Pick<CursorContext, 'kind' | 'apiVersion' | 'namespace'> {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const contents = isMap(doc.contents) ? doc.contents : undefined;
  return {
    kind: text(contents?.get('kind')),
    apiVersion: text(contents?.get('apiVersion')),
    namespace: text(isMap(contents?.get('metadata', true)) ? doc.getIn(['metadata', 'namespace']) : undefined) ?? 'default',
  };
}

/** The scalar (or alias, or empty place) under the cursor, found by the nodes' ranges. */
function walk(src: Source, node: Node, offset: number, path: string[]): Found | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key) || !key.range) continue;
      const name = String(key.value);
      if (within(key.range, offset)) {
        // A key the parser joined with the next line (`lif` typed above `owner: a`) is read from the line.
        if (src.slice(key.range[0], key.range[1]).includes('\n')) return undefined;
        return { path: [...path, name], on: 'key', from: key.range[0], to: key.range[1], text: name, inList: false, siblingKeys: keysOf(node, pair) };
      }
      const value = pair.value as Node | null;
      const valueRange = value?.range;
      if (valueRange && !isEmpty(value) && within(valueRange, offset)) {
        if (isCollection(value)) {
          const inner = walk(src, value, offset, [...path, name]);
          if (inner) return inner;
          if (value.flow && valueRange[0] < offset && offset < valueRange[1]) return emptyAt(offset, [...path, name], isSeq(value));
          continue;
        }
        // A lone word under `annotations:` is, to the parser, that key's value; to the person, a key being typed.
        if (isScalar(value) && value.type === 'PLAIN' && src.slice(key.range[1], valueRange[0]).includes('\n')) return undefined;
        return valueAt(src, value, [...path, name], false);
      }
      // An empty value: the cursor after `owner:` on the same line.
      if ((!value || isEmpty(value)) && offset > key.range[1] && !src.slice(key.range[1], offset).includes('\n')) return emptyAt(offset, [...path, name], false);
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (const item of node.items as (Node | Pair | null)[]) {
      if (!item || !('range' in item) || !item.range) continue;
      if (isCollection(item)) {
        if (!within(item.range, offset)) continue;
        const inner = walk(src, item, offset, path);
        if (inner) return inner;
        if (item.flow && item.range[0] < offset && offset < item.range[1]) return emptyAt(offset, path, isSeq(item));
        continue;
      }
      if (isEmpty(item)) continue;
      if (within(item.range, offset)) return valueAt(src, item, path, true);
    }
    return undefined;
  }
  return undefined;
}

function valueAt(src: Source, node: Node, path: string[], inList: boolean): Found | undefined {
  const [from, to] = node.range!;
  if (isAlias(node)) {
    const target = node.resolve(src.doc);
    return { path, on: 'value', from, to, text: isScalar(target) ? scalarText(target.value) : '', inList, siblingKeys: [] };
  }
  if (!isScalar(node)) return undefined;
  return { path, on: 'value', from, to, text: scalarText(node.value), inList, siblingKeys: [] };
}

function emptyAt(offset: number, path: string[], inList: boolean): Found {
  return { path, on: 'value', from: offset, to: offset, text: '', inList, siblingKeys: [] };
}

/**
 * What the parser has no node for yet: a key being typed on its own line, a blank line where a key
 * can go, or an empty `- ` item. The line says what is written; the tree says whose child it is.
 */
function typed(src: Source, at: { lineStart: number; lineText: string; offset: number }): Found | undefined {
  const before = at.lineText.slice(0, at.offset - at.lineStart);
  const item = /^(\s*)-(\s+)(\S*)$/.exec(before);
  if (item && !/[:#]/.test(item[3])) {
    const column = item[1].length;
    const place = placeAt(src, src.doc.contents, at.lineStart, column, [], true);
    if (!place?.list) return undefined;
    const from = at.lineStart + column + 1 + item[2].length;
    const word = /^[^\s#,]*/.exec(at.lineText.slice(from - at.lineStart))![0];
    return { path: place.path, on: 'value', from, to: from + word.length, text: word, inList: true, siblingKeys: [] };
  }
  const key = /^(\s*)(-\s+)?([\w./-]*)$/.exec(before);
  if (!key) return undefined;
  const column = key[1].length + (key[2]?.length ?? 0);
  const place = placeAt(src, src.doc.contents, at.lineStart, column, [], false);
  if (!place || place.list) return undefined;
  const word = TYPED_KEY.exec(at.lineText.slice(column))![0];
  const from = at.lineStart + column;
  return { path: [...place.path, word], on: 'key', from, to: from + word.length, text: word, inList: false, siblingKeys: place.siblings.filter((sibling) => sibling !== word) };
}

interface Place {
  path: string[];
  siblings: string[];
  /** The place is an item of a block list (the column of its dashes). */
  list: boolean;
}

/**
 * The collection a line starting at `lineStart`, written at `column`, belongs to: descend into the
 * last entry written before the line while the line is indented past that entry's key.
 */
function placeAt(src: Source, node: Node | null, lineStart: number, column: number, path: string[], item: boolean): Place | undefined {
  if (!node) return column === 0 && !item ? { path, siblings: [], list: false } : undefined;
  if (isMap(node) && !node.flow) {
    const keyColumn = columnOf(src, node);
    const entries = node.items.filter((pair) => isScalar(pair.key) && pair.key.range && pair.key.range[0] < lineStart);
    const last = entries[entries.length - 1];
    // A list may start at its key's own column (`dependsOn:` then `- x` under the `d`).
    if (item && last && isSeq(last.value) && !last.value.flow && columnOf(src, last.value) === column) return { path: [...path, String((last.key as { value: unknown }).value)], siblings: [], list: true };
    if (keyColumn !== undefined && column === keyColumn) return item ? undefined : { path, siblings: keysBeside(src, node, lineStart), list: false };
    if (!last || (keyColumn !== undefined && column < keyColumn)) return undefined;
    const name = String((last.key as { value: unknown }).value);
    const value = last.value as Node | null;
    if (!value || isEmpty(value) || (isScalar(value) && value.range && value.range[0] >= lineStart)) return { path: [...path, name], siblings: [], list: item };
    if (isCollection(value) && !value.flow) return placeAt(src, value, lineStart, column, [...path, name], item);
    return undefined;
  }
  if (isSeq(node) && !node.flow) {
    const dashColumn = columnOf(src, node);
    if (dashColumn !== undefined && column === dashColumn) return item ? { path, siblings: [], list: true } : undefined;
    const items = (node.items as (Node | null)[]).filter((entry): entry is Node => !!entry?.range && entry.range[0] < lineStart);
    const last = items[items.length - 1];
    return last && isMap(last) ? placeAt(src, last, lineStart, column, path, item) : undefined;
  }
  return undefined;
}

/** The column a block collection's entries start at, read from its first entry's line. */
function columnOf(src: Source, node: Node): number | undefined {
  const start = node.range?.[0];
  return start === undefined ? undefined : src.column(start);
}

/** Every key of `map` but the one under the cursor. */
function keysOf(map: YAMLMap, except: Pair): string[] {
  return map.items.filter((pair) => pair !== except && isScalar(pair.key)).map((pair) => String((pair.key as { value: unknown }).value));
}

/** The keys of `map` around a line being typed; a key joined with the typed line counts by its last line. */
function keysBeside(src: Source, map: YAMLMap, lineStart: number): string[] {
  return map.items.flatMap((pair) => {
    if (!isScalar(pair.key) || !pair.key.range) return [];
    const written = src.slice(pair.key.range[0], pair.key.range[1]);
    if (pair.key.range[0] < lineStart || !written.includes('\n')) return [String(pair.key.value)];
    return written.split('\n').slice(1).map((line) => line.trim()).filter(Boolean);
  });
}

function within(range: readonly number[], offset: number): boolean {
  return range[0] <= offset && offset <= range[1];
}

/** An empty scalar stands for a value not written yet (`owner:` alone, `- `). */
function isEmpty(node: Node | null): boolean {
  return isScalar(node) && node.range?.[0] === node.range?.[1];
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '');
}
