import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { utf8Lines, utf8Text } from '../../src/io/utf8-text.js';

// Bytes as a history holds them: lines of any characters (newlines, a byte-order mark, astral ones
// among them), sometimes a mark before them, sometimes a byte that is not UTF-8 inside.
const bytes = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('', '\n', '\uFEFF', '\u200b', '😀', 'é')), { maxLength: 12 }),
    fc.option(fc.tuple(fc.nat(), fc.constantFrom(0xe9, 0xff, 0x80, 0xc3))),
  )
  .map(([mark, parts, stray]) => {
    const b = Buffer.from(`${mark ? '\uFEFF' : ''}${parts.join('')}`);
    if (!stray) return b;
    const at = stray[0] % (b.length + 1);
    return Buffer.concat([b.subarray(0, at), Buffer.from([stray[1]]), b.subarray(at)]);
  });

describe('utf8Lines', () => {
  it("is utf8Text's text split at its newlines, and names the same line where a byte is not UTF-8", () => {
    fc.assert(
      fc.property(bytes, fc.nat(3), (b, from) => {
        const part = b.subarray(Math.min(from, b.length));
        const text = utf8Text(part);
        expect(utf8Lines(part)).toEqual('text' in text ? { lines: text.text.split('\n') } : text);
      }),
      { numRuns: 500 },
    );
  });
});
