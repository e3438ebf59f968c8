/** Zero-based line/character positions, the same shape LSP uses, so no conversion is needed at the edge. */
export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export const FILE_START: TextRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A range as people and report formats count: lines and columns from 1. */
export function oneBased(range: TextRange): { line: number; column: number; endLine: number; endColumn: number } {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}
