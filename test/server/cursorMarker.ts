import { readFileSync } from 'node:fs';

/**
 * Finds where a cursor is meant to be in a file: `needle` is a piece of its text with a `|` at the
 * cursor, e.g. `owner: te|am-a`. Returns the file's text and the cursor's LSP position.
 */
export function cursorIn(file: string, needle: string): { text: string; position: { line: number; character: number } } {
  const text = readFileSync(file, 'utf8');
  return { text, position: cursorInText(text, needle) };
}

export function cursorInText(text: string, needle: string): { line: number; character: number } {
  const bar = needle.indexOf('|');
  const plain = needle.slice(0, bar) + needle.slice(bar + 1);
  const at = text.indexOf(plain);
  if (at === -1) throw new Error(`"${plain}" is not in the text`);
  const before = text.slice(0, at + bar).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The mark of the cursor in a corpus case: a character YAML gives no meaning, unlike `|`. */
export const CURSOR = '‸';

/** Splits a text at its one `‸`: the text without it, and the cursor's LSP position. */
export function splitAtCursor(marked: string): { text: string; position: { line: number; character: number } } {
  const at = marked.indexOf(CURSOR);
  if (at === -1 || marked.indexOf(CURSOR, at + 1) !== -1) throw new Error(`"${marked}" must hold exactly one ${CURSOR}`);
  const before = marked.slice(0, at).split('\n');
  return { text: marked.slice(0, at) + marked.slice(at + 1), position: { line: before.length - 1, character: before[before.length - 1].length } };
}
