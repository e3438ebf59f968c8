import type { TextPosition } from '../../core/catalog/textRange';
import { cursorContext, type CursorContext } from '../../core/language/yamlCursor';
import { parseYamlFile, type ParsedYamlFile, type YamlChunkCache } from '../../core/language/yamlDocuments';
import { OFF_THREAD_CHARS } from '../parsing/offThreadParser';

interface Entry {
  version: number;
  parsed?: ParsedYamlFile;
  /** Parsed `---` chunks of the last version, for a document the catalog does not parse here. */
  chunks: YamlChunkCache;
}

/**
 * Each open document parsed once per version: hover, completion, definition, references, the
 * outline and links all read the same tree, and it is the catalog's own parse of the open text
 * (`sharedChunks`), so that features and diagnostics parse a version once between them. A text
 * past OFF_THREAD_CHARS is not parsed whole on this thread: the cursor's features parse only the
 * `---` document the cursor is in.
 */
export class ParsedDocuments {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly sharedChunks: (file: string) => YamlChunkCache | undefined) {}

  /** The whole document parsed; only for texts up to OFF_THREAD_CHARS. */
  parsed(uri: string, file: string, version: number, text: string): ParsedYamlFile {
    const entry = this.entry(uri, version);
    entry.parsed ??= parseYamlFile(text, this.sharedChunks(file) ?? entry.chunks);
    return entry.parsed;
  }

  /** Where the cursor is, read from the parsed tree. */
  cursor(uri: string, file: string, version: number, text: string, position: TextPosition): CursorContext | undefined {
    if (text.length <= OFF_THREAD_CHARS) return cursorContext(this.parsed(uri, file, version, text), position);
    const around = documentAround(text, position.line);
    if (around.text.length > OFF_THREAD_CHARS) return undefined;
    const context = cursorContext(parseYamlFile(around.text, this.entry(uri, version).chunks), { line: position.line - around.firstLine, character: position.character });
    if (!context) return undefined;
    const shift = (at: TextPosition): TextPosition => ({ line: at.line + around.firstLine, character: at.character });
    return { ...context, token: { ...context.token, range: { start: shift(context.token.range.start), end: shift(context.token.range.end) } } };
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  private entry(uri: string, version: number): Entry {
    let entry = this.entries.get(uri);
    if (!entry) this.entries.set(uri, (entry = { version, chunks: new Map() }));
    if (entry.version !== version) {
      entry.version = version;
      entry.parsed = undefined;
    }
    return entry;
  }
}

/** The `---`-separated piece of `text` holding `line`, with the number of its first line. */
function documentAround(text: string, line: number): { text: string; firstLine: number } {
  let start = 0;
  let firstLine = 0;
  let current = 0;
  let end = text.length;
  for (let at = 0; at < text.length; ) {
    const next = text.indexOf('\n', at);
    const lineEnd = next === -1 ? text.length : next;
    if (/^---(\s|$)/.test(text.slice(at, at + 4))) {
      if (current <= line) {
        start = at;
        firstLine = current;
      } else {
        end = at;
        break;
      }
    }
    at = lineEnd + 1;
    current++;
  }
  return { text: text.slice(start, end), firstLine };
}
