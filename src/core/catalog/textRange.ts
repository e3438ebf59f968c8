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
