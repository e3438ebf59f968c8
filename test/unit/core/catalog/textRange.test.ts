import * as assert from 'node:assert/strict';
import { packedRange, packRange } from '../../../../src/core/catalog/textRange';

describe('ranges kept with entities', () => {
  it('read and send the positions they were made with, short lines and long ones alike', () => {
    const cases = [
      [0, 0, 0, 0],
      [3, 2, 3, 40],
      [12, 2047, 13, 0],
      [1_048_575, 2047, 1_048_575, 2047],
      // Past what two numbers hold: a long line, a line past 2^20.
      [7, 2048, 7, 90_000],
      [1_048_576, 0, 2_000_000, 5],
    ];
    for (const [startLine, startCharacter, endLine, endCharacter] of cases) {
      const expected = { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
      const range = packedRange(startLine, startCharacter, endLine, endCharacter);
      assert.deepEqual({ start: range.start, end: range.end }, expected);
      assert.deepEqual(JSON.parse(JSON.stringify(range)), expected);
      assert.equal(packRange(range), range);
      const packed = packRange(expected);
      assert.deepEqual({ start: packed.start, end: packed.end }, expected);
    }
  });
});
