/** "ext" and its number are one word wherever a person reads them: in a sentence and in a table's cell alike. */
import { describe, expect, it } from '@jest/globals';
import { toTable } from '../../src/io/table.js';
import { wrapIndented } from '../../src/ui/wrap.js';

/** match's why for Arjun Malhotra with his old phone switched off still holding his e-mail (reasons.ts oldPhoneCure). */
const why =
  "[duplicate-email, MyOperator] MyOperator user Arjun M. (old) (ext 23, switched off) still has this e-mail exactly, and switching a user off does not clear its e-mail: two users with one e-mail cannot be told apart, so change that user's e-mail first (in MyOperator's panel: Manage → Users → Arjun M. (old) → e-mail); then `fix` sets Arjun Malhotra (ext 22)'s";
const cell = (width: number) => toTable(['why'], [[why]], { width }).text.split('\n').slice(2, -1);
/** A line ending on "ext", its number on the next: every form the program writes "ext" in. */
const parted = /(?:^|[\s(])ext$/;
/** map's "Mapped …" line for Arjun Malhotra as it read before asRecorded's order: "(<uuid>, ext 22)", "ext" after a comma. */
const mapped = 'Mapped Zoho arjun.malhotra@acmetraders.in to MyOperator Arjun.Malhotra@acmetraders.in (s5f3adc249b2d, ext 22).';
/** fix's conflict left, named off a terminal (fix/conflicts-left.ts): "MyOperator ext 14". */
const conflict =
  'Zoho asha.rao@acmetraders.in ↔ MyOperator ext 14 (asha.rao@acmetraders.in): another MyOperator user already holds this e-mail.';
/** map's question for a Zoho user mapped to a MyOperator user with no e-mail (reasons.ts asRecorded): "(ext 14, id …)". */
const noEmail = 'Zoho user Asha Rao <asha.rao@acmetraders.in> is mapped to MyOperator user with no e-mail (ext 14, id s5f3adc249b2d). Remove that mapping and never map it?';
/** A call's agents as diagnose names them: "Asha Rao, ext 11" and "(ext 11, ext 12)". */
const agents = 'The call names Asha Rao, ext 11 as its agent, and 2 MyOperator users have that name (ext 11, ext 12): it does not say which of them answered.';

describe('an extension', () => {
  it('goes to the next line with "ext" in a table\'s cell: match\'s why at 120 columns (46 for the cell) ended a line on "Arjun Malhotra (ext" and began the next with "22)\'s"', () => {
    expect(cell(46).slice(-2)).toEqual(['e-mail); then `fix` sets Arjun Malhotra', "(ext 22)'s"]);
  });

  it('is never parted from "ext" in a cell or in prose, at any width that holds the two, and keeps its plain space', () => {
    const picker = 'Arjun M. (old) <arjun.malhotra@acmetraders.in> · ext 23 · INACTIVE';
    for (let width = 24; width <= 90; width++)
      for (const text of [why, picker, mapped, conflict, noEmail, agents]) {
        const lines = [...toTable(['why'], [[text]], { width }).text.split('\n').slice(2, -1), ...wrapIndented(text, width, '').split('\n')];
        for (const line of lines) expect(line).not.toMatch(parted);
        expect(lines.join('\n')).not.toMatch(/\ue000|\u00a0/);
      }
    // Piped (no width), the cell is the sentence as it is.
    expect(toTable(['why'], [[why]]).text).toContain("Arjun Malhotra (ext 22)'s");
  });

  it('goes with "ext" after a comma or "MyOperator" too: map\'s "Mapped …" at 105 columns ended a line on "(s5f3adc249b2d, ext" and began the next with "22)."', () => {
    expect(wrapIndented(mapped, 105, '')).toBe(
      'Mapped Zoho arjun.malhotra@acmetraders.in to MyOperator Arjun.Malhotra@acmetraders.in (s5f3adc249b2d,\next 22).',
    );
    expect(wrapIndented(conflict, 42, '')).toBe('Zoho asha.rao@acmetraders.in ↔ MyOperator\next 14 (asha.rao@acmetraders.in): another\nMyOperator user already holds this e-mail.');
  });

  it('is left to break as other words do in a sentence not of the program\'s forms', () => {
    expect(wrapIndented('Please call the ext 100 now', 20, '')).toBe('Please call the ext\n100 now');
  });

  it('is still the word it is when the two are wider than the cell: a column of 6 breaks between them', () => {
    expect(toTable(['why'], [['(ext 22)']], { width: 6 }).text.split('\n').slice(2, -1)).toEqual(['(ext', '22)']);
  });
});

/** map --unmap's line (reasons.ts recordedUser): "(id …)" and "(ext 31, id …)". */
const unmapped = 'Unmapped Zoho user gaurav.bose@acmetraders.in (id 4815900000000226704) from MyOperator user with no e-mail (ext 31, id s5f3b6c3f9b36).';
/** A line ending on "id" of those forms, its value on the next. */
const idParted = /(?:\(|, )id$/;

describe('an id in the forms the program writes it', () => {
  it('goes with "id" as an extension goes with "ext": map --unmap\'s line at 80 columns ended a line on "(id" and at 120 on "(ext 31, id"', () => {
    for (let width = 40; width <= 130; width++) {
      const lines = [...toTable(['why'], [[unmapped]], { width }).text.split('\n').slice(2, -1), ...wrapIndented(unmapped, width, '').split('\n')];
      for (const line of lines) expect(line).not.toMatch(idParted);
      expect(lines.join('\n')).not.toMatch(/\ue000|\u00a0/);
    }
    expect(wrapIndented(unmapped, 80, '')).toBe(
      'Unmapped Zoho user gaurav.bose@acmetraders.in (id 4815900000000226704) from\nMyOperator user with no e-mail (ext 31, id s5f3b6c3f9b36).',
    );
  });

  it('is left to break as other words do in a sentence not of the program\'s forms', () => {
    expect(wrapIndented('Give all the user id 2500 now', 20, '')).toBe('Give all the user id\n2500 now');
  });
});

