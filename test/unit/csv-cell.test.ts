/** A CSV cell is written for a spreadsheet and read back by `map --import` and `match --*-file`: what went in comes out. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { csvCell, fromCsvCell } from '../../src/io/csv.js';

// The pieces a cell's escaping turns on: formula starts, quotes, invisible and space characters.
const piece = fc.constantFrom('=', '+', '-', '@', "'", '\t', '\r', '\n', ' ', '\u200b', '\u00a0', '\u0430', '<', '>', 'U', '+', '0041', 'a', '@acme.in');
// Text shaped like a mark ("<U+0041>") is the one exception, below.
const MARK = /<U\+[0-9A-F]{4,6}>/;
const cell = fc.oneof(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), fc.string({ unit: 'binary' })).filter((s) => !MARK.test(s));

describe('csvCell and fromCsvCell', () => {
  it('read back every value as it was written (any text but the shape of a mark)', () => {
    fc.assert(fc.property(cell, (s) => expect(fromCsvCell(csvCell(s))).toBe(s)), { numRuns: 2000 });
  });

  it('a real invisible character shows as its mark and reads back as the character', () => {
    expect(csvCell('ravi\u200b@acme.in')).toBe('ravi<U+200B>@acme.in');
    expect(fromCsvCell('ravi<U+200B>@acme.in')).toBe('ravi\u200b@acme.in');
    // a "<" that is not the start of a mark is left as it is
    expect(csvCell('a<b@acme.in')).toBe('a<b@acme.in');
  });

  it('text that is itself shaped like a mark reads back as the character (a known limit: cells arrive already shown, so marks pass through as they are)', () => {
    expect(csvCell('<U+0041> Rao')).toBe('<U+0041> Rao');
    expect(fromCsvCell('<U+0041> Rao')).toBe('A Rao');
  });

  it("a formula is guarded with a quote; text that begins with a quote before a formula's start keeps its quote", () => {
    expect(csvCell('=HYPERLINK("https://evil")')).toBe('\'=HYPERLINK("https://evil")');
    expect(csvCell("'=1")).toBe("''=1");
    expect(fromCsvCell(csvCell("'=1"))).toBe("'=1");
    expect(csvCell("'Raju")).toBe("'Raju");
  });
});
