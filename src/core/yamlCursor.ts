import type { TextPosition, TextRange } from './textRange';

/**
 * Where the cursor is in a catalog file, worked out from the lines alone: a document being typed
 * is rarely valid YAML (a half-written key makes the parser join it with the next line), so
 * completion and hover read indentation the way a person does instead of asking the parser.
 */
export interface CursorContext {
  /** Key path of the field the cursor is in, e.g. ['spec', 'owner'] or ['metadata', 'annotations', 'x']. */
  path: string[];
  /** On a key (or a key being typed) or on a value. */
  on: 'key' | 'value';
  /** The whole word under the cursor: a key, a scalar value or one item of a list. */
  token: { text: string; range: TextRange };
  /** The part of the token before the cursor: what completion filters by. */
  prefix: string;
  /** The value is an item of a list (block `- x` or flow `[a, x]`). */
  inList: boolean;
  /** `kind:` and `apiVersion:` of the document the cursor is in, when written. */
  kind?: string;
  apiVersion?: string;
  /** Keys already present beside the cursor's key, so that completion does not offer them again. */
  siblingKeys: string[];
}

const KEY_LINE = /^(\s*)(-\s+)?([^\s#:'"[\]{}][^:#]*?|"[^"]*"|'[^']*'):(?:\s+(.*?))?\s*$/;

export function cursorContext(text: string, position: TextPosition): CursorContext | undefined {
  const lines = text.split(/\r?\n/);
  const line = lines[position.line];
  if (line === undefined) return undefined;
  const { start, end } = documentBounds(lines, position.line);
  const header = documentHeader(lines, start, end);
  const before = line.slice(0, position.character);
  if (/^\s*#/.test(line) || /^---/.test(line)) return undefined;

  const keyMatch = KEY_LINE.exec(line);
  const indent = leadingSpaces(line);
  const dash = /^(\s*)-\s+/.exec(line);
  const itemIndent = dash ? dash[0].length : indent;

  // On the key of `key: value`.
  if (keyMatch) {
    const keyStart = keyMatch[1].length + (keyMatch[2]?.length ?? 0);
    const key = unquote(keyMatch[3]);
    const keyEnd = keyStart + keyMatch[3].length;
    const parent = parentPath(lines, position.line, keyStart, start);
    if (position.character <= keyEnd) {
      return {
        path: [...parent, key],
        on: 'key',
        token: token(position.line, keyStart, keyEnd, keyMatch[3]),
        prefix: line.slice(keyStart, Math.max(keyStart, position.character)),
        inList: false,
        ...header,
        siblingKeys: siblingKeys(lines, position.line, keyStart, start, end),
      };
    }
    // On its value: a scalar, or one item of a flow list.
    let valueStart = line.indexOf(':', keyEnd) + 1;
    while (line[valueStart] === ' ') valueStart++;
    const flow = line[valueStart] === '[';
    const item = flow ? flowItemAt(line, valueStart + 1, position.character) : { from: valueStart, to: valueEnd(line, valueStart) };
    return {
      path: [...parent, key],
      on: 'value',
      token: token(position.line, item.from, item.to, line.slice(item.from, item.to)),
      prefix: line.slice(item.from, Math.max(item.from, position.character)),
      inList: flow,
      ...header,
      siblingKeys: [],
    };
  }

  // A block list item `- value` under `key:`.
  if (dash && !/:/.test(line.slice(dash[0].length))) {
    const parent = parentPath(lines, position.line, dash[1].length, start);
    const to = valueEnd(line, itemIndent);
    return {
      path: parent,
      on: 'value',
      token: token(position.line, itemIndent, to, line.slice(itemIndent, to)),
      prefix: line.slice(itemIndent, Math.max(itemIndent, position.character)),
      inList: true,
      ...header,
      siblingKeys: [],
    };
  }

  // A key being typed (`  own`) or a blank line where a key can go.
  if (/^\s*[\w./-]*$/.test(before)) {
    const column = /^\s*/.exec(before)![0].length;
    const word = /^[\w./-]*/.exec(line.slice(column))![0];
    return {
      path: [...parentPath(lines, position.line, column, start), word],
      on: 'key',
      token: token(position.line, column, column + word.length, word),
      prefix: before.slice(column),
      inList: false,
      ...header,
      siblingKeys: siblingKeys(lines, position.line, column, start, end),
    };
  }
  return undefined;
}

/** First and last line of the `---`-separated document holding `line`. */
function documentBounds(lines: string[], line: number): { start: number; end: number } {
  let start = line;
  while (start > 0 && !/^---/.test(lines[start])) start--;
  if (/^---/.test(lines[start])) start++;
  let end = line;
  while (end + 1 < lines.length && !/^---/.test(lines[end + 1])) end++;
  return { start, end };
}

function documentHeader(lines: string[], start: number, end: number): { kind?: string; apiVersion?: string } {
  const header: { kind?: string; apiVersion?: string } = {};
  for (let i = start; i <= end; i++) {
    const match = /^(kind|apiVersion):\s*['"]?([^'"\s#]+)/.exec(lines[i]);
    if (match) header[match[1] as 'kind' | 'apiVersion'] = match[2];
  }
  return header;
}

/** The keys of the maps enclosing a line at `column`, read upwards by indentation. */
function parentPath(lines: string[], line: number, column: number, start: number): string[] {
  const path: string[] = [];
  let threshold = column;
  for (let i = line - 1; i >= start && threshold > 0; i--) {
    const text = lines[i];
    if (/^\s*(#|$)/.test(text)) continue;
    const indent = leadingSpaces(text);
    const dash = /^(\s*)-\s+/.exec(text);
    // A `- key: value` item opens a map at the column after the dash.
    const contentColumn = dash ? dash[0].length : indent;
    if (contentColumn < threshold || indent < threshold) {
      const match = KEY_LINE.exec(text);
      if (dash && contentColumn === threshold) {
        threshold = dash[1].length;
        continue;
      }
      if (match && !match[4]) path.unshift(unquote(match[3]));
      threshold = indent;
    }
  }
  return path;
}

function siblingKeys(lines: string[], line: number, column: number, start: number, end: number): string[] {
  const keys: string[] = [];
  for (const direction of [-1, 1]) {
    for (let i = line + direction; i >= start && i <= end; i += direction) {
      const text = lines[i];
      if (/^\s*(#|$)/.test(text)) continue;
      const dash = /^(\s*)-\s+/.exec(text);
      const indent = dash ? dash[0].length : leadingSpaces(text);
      if (indent < column || (dash && dash[1].length < column)) break;
      if (indent > column) continue;
      const match = KEY_LINE.exec(text);
      if (match) keys.push(unquote(match[3]));
    }
  }
  return keys;
}

function flowItemAt(line: string, from: number, cursor: number): { from: number; to: number } {
  let start = from;
  for (let i = from; i < cursor && i < line.length; i++) if (line[i] === ',') start = i + 1;
  while (line[start] === ' ') start++;
  let stop = start;
  while (stop < line.length && !/[,\]]/.test(line[stop])) stop++;
  while (stop > start && line[stop - 1] === ' ') stop--;
  return { from: start, to: stop };
}

function valueEnd(line: string, from: number): number {
  const comment = line.indexOf(' #', from);
  let to = comment === -1 ? line.length : comment;
  while (to > from && /\s/.test(line[to - 1])) to--;
  return to;
}

function token(line: number, from: number, to: number, text: string): CursorContext['token'] {
  return { text: unquote(text), range: { start: { line, character: from }, end: { line, character: to } } };
}

function leadingSpaces(text: string): number {
  return /^\s*/.exec(text)![0].length;
}

function unquote(text: string): string {
  return /^(['"]).*\1$/.test(text) ? text.slice(1, -1) : text;
}
