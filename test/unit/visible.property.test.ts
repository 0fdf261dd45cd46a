import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { visible } from '../../src/core/forensics.js';

/** The definition: each code point that is invisible or a space character shown as <U+XXXX>, but for a plain space inside. */
function reference(s: string): string {
  const chars = [...s];
  return chars
    .map((ch, i) =>
      (ch !== ' ' || i === 0 || i === chars.length - 1) && /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}\p{White_Space}]$/u.test(ch)
        ? `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`
        : ch,
    )
    .join('');
}

// What a history row and a remote name hold: ASCII, arrows, letters of other scripts, astral ones,
// and every kind of character that must not pass unseen, at the ends and inside.
const piece = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
  fc.constantFrom(' ', '↔', '→', 'é', 'а', 'ｐ', '😀', '\u0301', '\t', '\n', '\u00a0', '\u2003', '\u200b', '\ufeff', '\u00ad', '\ue000', '\ud800', '\udfff', '\x1b', '\x7f', '\u2028'),
);

describe('visible', () => {
  it('shows every invisible and space character as its code point, but an inner plain space, whichever way it takes', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
        const s = parts.join('');
        expect(visible(s)).toBe(reference(s));
      }),
      { numRuns: 2000 },
    );
  });
});
