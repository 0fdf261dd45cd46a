/**
 * Breaking one word too wide for its room (an e-mail, an id) into pieces that each fit, at the
 * places an address reads best: for a table's cells and for sentences alike, so an e-mail breaks
 * the same way wherever it stands, and never where the terminal's edge happens to fall.
 */
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Display width: the common all-ASCII case is its length; string-width only for the rest. */
export function displayWidth(s: string): number {
  return PRINTABLE_ASCII.test(s) ? s.length : stringWidth(s);
}

/**
 * A word wider than `width`, in pieces that fit: where an address reads best when the later half
 * of a piece has such a place (before its "@" first, else after the last ".", "-", "_" or "+", or
 * before a "<U+…>" mark), else at the width. The first piece gets `first` columns (what a label
 * beside it leaves).
 * "alexandra.subramanian@northwind-logistics.in" at 36 is "alexandra.subramanian" and
 * "@northwind-logistics.in", not "alexandra.subramanian@northwind-log" and "istics.in".
 */
export function breakWord(word: string, width: number, first = width): string[] {
  const chars = [...word];
  const pieces: string[] = [];
  for (let start = 0; start < chars.length; ) {
    const room = pieces.length === 0 ? first : width;
    let end = start;
    let w = 0;
    while (end < chars.length && (end === start || w + displayWidth(chars[end]!) <= room)) w += displayWidth(chars[end++]!);
    if (end < chars.length) {
      // In the later half of the piece first (no short first lines), else anywhere in it: a short
      // piece reads better than an address cut inside a word ("…tradingcom" / "pany.co.in").
      const half = Math.max(start + 1, start + Math.ceil((end - start) / 2));
      let place = placeIn(chars, half, end);
      const early = place === undefined ? placeIn(chars, start + 1, half - 1) : undefined;
      // Early only when what follows reaches a place of its own (or its end) within the width:
      // otherwise it adds a line and the cut inside a word still comes.
      if (early !== undefined && (displayWidth(chars.slice(early).join('')) <= width || placeIn(chars, early + 1, early + width) !== undefined)) place = early;
      // Before the "@", however early, when the domain then fits on the next line: the address
      // reads as its two halves ("asha.rao" / "@acmetraders.in"), not "…acmetraders." / "in".
      const at = chars.indexOf('@', start + 1);
      if (at > start && at < end && displayWidth(chars.slice(at).join('')) <= width) place = at;
      if (place !== undefined) end = place;
    }
    pieces.push(chars.slice(start, end).join(''));
    start = end;
  }
  return pieces;
}

/** Where in chars[from..to] a piece may end: before the "@" first, else after the last ".", "-", "_" or "+", or before a "<U+…>" mark. */
function placeIn(chars: readonly string[], from: number, to: number): number | undefined {
  let at = -1;
  let after = -1;
  for (let i = to; i >= from; i--) {
    if (at < 0 && chars[i] === '@') at = i;
    // A code point shown as <U+200B> stays whole: break before its "<", never after its "+".
    const mark = chars[i] === '<' && chars[i + 1] === 'U' && chars[i + 2] === '+';
    const inMark = chars[i - 1] === '+' && chars[i - 2] === 'U' && chars[i - 3] === '<';
    if (after < 0 && (mark || ('.-_+'.includes(chars[i - 1]!) && !inMark))) after = i;
  }
  return at >= 0 ? at : after >= 0 ? after : undefined;
}
