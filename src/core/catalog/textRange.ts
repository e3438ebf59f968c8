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

/**
 * A range kept for long (an entity's, its name's, each ref's) as four numbers in one object: three objects cost
 * some 120 bytes, this 56. It reads as a TextRange, its positions made when read, and is sent as one (`toJSON`).
 */
class PackedRange implements TextRange {
  constructor(
    private readonly startLine: number,
    private readonly startCharacter: number,
    private readonly endLine: number,
    private readonly endCharacter: number,
  ) {}

  get start(): TextPosition {
    return { line: this.startLine, character: this.startCharacter };
  }

  get end(): TextPosition {
    return { line: this.endLine, character: this.endCharacter };
  }

  toJSON(): TextRange {
    return { start: this.start, end: this.end };
  }
}

export function packedRange(startLine: number, startCharacter: number, endLine: number, endCharacter: number): TextRange {
  return new PackedRange(startLine, startCharacter, endLine, endCharacter);
}

/** `range` as a PackedRange (itself when it is one already). */
export function packRange(range: TextRange): TextRange {
  return range instanceof PackedRange ? range : new PackedRange(range.start.line, range.start.character, range.end.line, range.end.character);
}
