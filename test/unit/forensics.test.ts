/** The e-mail forensics on their own: what is shown, what collides, and what each character is called. */
import { describe, expect, it } from '@jest/globals';
import { emailKey, findAnomalies, pastable, reveal, visible } from '../../src/core/forensics.js';

describe('visible', () => {
  it('shows a space at either end as a code point and leaves an inner one: "meena@x " must not pass for "meena@x"', () => {
    expect(visible('meena.iyer@acme.in ')).toBe('meena.iyer@acme.in<U+0020>');
    expect(visible(' meena.iyer@acme.in')).toBe('<U+0020>meena.iyer@acme.in');
    expect(visible('Meena Iyer')).toBe('Meena Iyer');
  });
});

describe('emailKey', () => {
  it('folds a caseless look-alike to the letter it passes for (Lisu ꓓ for D), then folds case', () => {
    expect(emailKey('\ua4d3eepak@acme.in')).toBe('deepak@acme.in');
  });

  it('folds a compatibility form that has no look-alike entry of its own (a modifier letter ʰ) by NFKC', () => {
    expect(emailKey('\u02b0ari@acme.in')).toBe('hari@acme.in');
  });
});

describe('findAnomalies', () => {
  it('calls a tab whitespace, not an invisible character (it is both a control and a space)', () => {
    expect(findAnomalies('asha\t@acme.in').map((a) => a.code)).toEqual(['whitespace']);
  });

  it('quotes what comes before a character with its earlier look-alikes as code points: "imrаn.qur" would pass for Latin', () => {
    expect(findAnomalies('imr\u0430n.qur\u0435shi@acme.in').map((a) => a.where)).toEqual(['at position 4, after "imr"', 'at position 10, after "imr<U+0430>n.qur"']);
  });

  it('reveal marks the same characters it names', () => {
    expect(reveal('\u0430nil@acme.in')).toBe('<U+0430>nil@acme.in');
  });
});

describe('pastable', () => {
  it('an id in a command to paste shows its invisible and control characters as code points, inside the quotes: what is pasted is what was read', () => {
    expect(pastable('gh\u200bost')).toBe("'gh<U+200B>ost'");
    expect(pastable('7\u001b[2J')).toBe("'7<U+001B>[2J'");
    expect(pastable('1; echo x')).toBe("'1; echo x'");
    expect(pastable('3f2c9a')).toBe('3f2c9a');
  });
});

describe('findAnomalies: long and strange addresses', () => {
  it('past twenty sentences, one more says how many characters are left, counting each one', () => {
    // 22 zero-width spaces, each after a letter: twenty told one by one, the last two in one line.
    const email = `${[...'abcdefghijklmnopqrstuv'].map((c) => `${c}\u200b`).join('')}@acme.in`;
    const found = findAnomalies(email);
    expect(found).toHaveLength(21);
    expect(found.slice(0, 20).every((a) => a.what === 'a zero-width space (U+200B)')).toBe(true);
    expect(found[20]).toMatchObject({ what: '2 more characters like these (each shown as <U+XXXX> in the address)', where: 'from position 42' });
  });

  it('an accent on a letter that has no single-character form (x́) is not called decomposed', () => {
    expect(findAnomalies('nx\u0301@acme.in')).toEqual([]);
  });

  it('an address that begins with a combining accent, with nothing to sit on, is read without failing', () => {
    expect(() => findAnomalies('\u0307ravi@acme.in')).not.toThrow();
  });

  it('a lone surrogate half from a broken export is an invisible character, and the key sets it aside', () => {
    expect(findAnomalies('ra\ud800vi@acme.in').map((a) => [a.code, a.where])).toEqual([['invisible-character', 'at position 3, after "ra"']]);
    expect(emailKey('ra\ud800vi@acme.in')).toBe('ravi@acme.in');
  });
});
