/** "ext" and its number are one word wherever a person reads them: in a sentence and in a table's cell alike. */
import { describe, expect, it } from '@jest/globals';
import { toTable } from '../../src/io/table.js';
import { wrapIndented } from '../../src/ui/wrap.js';

/** match's why for Arjun Malhotra with his old phone switched off still holding his e-mail (reasons.ts oldPhoneCure). */
const why =
  "[duplicate-email, MyOperator] MyOperator user Arjun M. (old) (ext 23, switched off) still has this e-mail exactly, and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets Arjun Malhotra (ext 22)'s";
const cell = (width: number) => toTable(['why'], [[why]], { width }).text.split('\n').slice(2, -1);
const parted = /(?:\(ext|· ext)$/;

describe('an extension', () => {
  it('goes to the next line with "ext" in a table\'s cell: match\'s why at 120 columns (46 for the cell) ended a line on "Arjun Malhotra (ext" and began the next with "22)\'s"', () => {
    expect(cell(46).slice(-2)).toEqual(['e-mail); then `fix` sets Arjun Malhotra', "(ext 22)'s"]);
  });

  it('is never parted from "ext" in a cell or in prose, at any width that holds the two, and keeps its plain space', () => {
    const picker = 'Arjun M. (old) <arjun.malhotra@acmetraders.in> · ext 23 · INACTIVE';
    for (let width = 24; width <= 90; width++)
      for (const text of [why, picker]) {
        const lines = [...toTable(['why'], [[text]], { width }).text.split('\n').slice(2, -1), ...wrapIndented(text, width, '').split('\n')];
        for (const line of lines) expect(line).not.toMatch(parted);
        expect(lines.join('\n')).not.toMatch(/\ue000|\u00a0/);
      }
    // Piped (no width), the cell is the sentence as it is.
    expect(toTable(['why'], [[why]]).text).toContain("Arjun Malhotra (ext 22)'s");
  });

  it('is still the word it is when the two are wider than the cell: a column of 6 breaks between them', () => {
    expect(toTable(['why'], [['(ext 22)']], { width: 6 }).text.split('\n').slice(2, -1)).toEqual(['(ext', '22)']);
  });
});
