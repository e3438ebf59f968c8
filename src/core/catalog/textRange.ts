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

/** A line below 2^20 and a character below 2^11 pack into one number under 2^31: a small integer, kept unboxed in the object. */
const CHARACTER_BITS = 11;
const CHARACTER_LIMIT = 1 << CHARACTER_BITS;
const LINE_LIMIT = 1 << 20;

const fits = (line: number, character: number) => Number.isInteger(line) && Number.isInteger(character) && line >= 0 && character >= 0 && line < LINE_LIMIT && character < CHARACTER_LIMIT;
const position = (packed: number): TextPosition => ({ line: packed >>> CHARACTER_BITS, character: packed & (CHARACTER_LIMIT - 1) });

/**
 * A range kept for long (an entity's, its name's, each ref's) as two numbers in one object, each a line and a
 * character: three objects cost some 120 bytes, four numbers 56, two 40. It reads as a TextRange, its positions made
 * when read, and is sent as one (`toJSON`). A position past what two numbers hold (a line of 2,048 characters or
 * more) is kept as four numbers (`WideRange`).
 */
class PackedRange implements TextRange {
  constructor(
    private readonly startAt: number,
    private readonly endAt: number,
  ) {}

  get start(): TextPosition {
    return position(this.startAt);
  }

  get end(): TextPosition {
    return position(this.endAt);
  }

  toJSON(): TextRange {
    return { start: this.start, end: this.end };
  }
}

class WideRange implements TextRange {
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

/** A position as one number, when it fits in one (see PackedRange): for an object that keeps its range in two fields of its own. */
export function packedPosition({ line, character }: TextPosition): number | undefined {
  return fits(line, character) ? line * CHARACTER_LIMIT + character : undefined;
}

/** The range between two positions `packedPosition` gave. */
export function rangeOfPacked(startAt: number, endAt: number): TextRange {
  return new PackedRange(startAt, endAt);
}

export function packedRange(startLine: number, startCharacter: number, endLine: number, endCharacter: number): TextRange {
  return fits(startLine, startCharacter) && fits(endLine, endCharacter)
    ? new PackedRange(startLine * CHARACTER_LIMIT + startCharacter, endLine * CHARACTER_LIMIT + endCharacter)
    : new WideRange(startLine, startCharacter, endLine, endCharacter);
}

/** `range` packed (itself when it is packed already). */
export function packRange(range: TextRange): TextRange {
  return range instanceof PackedRange || range instanceof WideRange ? range : packedRange(range.start.line, range.start.character, range.end.line, range.end.character);
}
