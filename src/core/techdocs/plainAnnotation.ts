// Where an entity's techdocs-ref value is written, in the way nearly every catalog file writes it, found without a parse.
import type { TextRange } from '../catalog/textRange';
import { TECHDOCS_REF } from './localSite';

/**
 * The annotation's value where it is written the common way, found without parsing (a parse per entity cost a second after
 * loading 10,000 entities): a plain `key: value` on a line of its own, the only line of the entity naming the annotation at
 * all, holding exactly the value the entity has. Anything else (quotes, flow style, a value over lines) is left to the parser,
 * and so is an entity holding a backslash or an alias, through which the key could be written without its name appearing (a
 * line naming it then could be text in a description).
 */
export function plainAnnotationValue(text: string, value: unknown): TextRange | undefined {
  const at = text.indexOf(TECHDOCS_REF);
  if (typeof value !== 'string' || value === '' || value.endsWith(':') || at < 0 || /[\\*]/.test(text) || text.includes(TECHDOCS_REF, at + 1)) return undefined;
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', at);
  const written = PLAIN_ANNOTATION.exec(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd));
  if (written?.groups?.value !== value) return undefined;
  let line = 0;
  for (let newline = text.indexOf('\n'); newline >= 0 && newline < lineStart; newline = text.indexOf('\n', newline + 1)) line++;
  const start = written.groups.key.length;
  return { start: { line, character: start }, end: { line, character: start + value.length } };
}

/** The annotation as a plain scalar on its line, maybe with a comment after it; YAML indents with spaces only. */
const PLAIN_ANNOTATION = /^(?<key> *backstage\.io\/techdocs-ref: +)(?<value>[^\s#'"[\]{}|>!&*%@`,][^\s]*)(?: +#.*)?[ \r]*$/;
