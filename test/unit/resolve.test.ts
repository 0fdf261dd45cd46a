/** What a person types to name a user on the command line (`map --zoho`, `fix --only`): which users it names. */
import { describe, expect, it } from '@jest/globals';
import { findMyOperator, findZoho } from '../../src/core/resolve.js';
import { moUser, zohoUser } from '../support/builders.js';

describe('findZoho and findMyOperator', () => {
  it('an id, a zuid or a user id, with the spaces of a pasted value set aside', () => {
    const z = zohoUser('asha@acme.in');
    const zs = [zohoUser('ravi@acme.in'), z];
    expect(findZoho(zs, ` ${z.id} `)).toEqual([z]);
    expect(findZoho(zs, z.zuid!)).toEqual([z]);
    const m = moUser('asha@acme.in');
    expect(findMyOperator([moUser('ravi@acme.in'), m], m.userId!)).toEqual([m]);
  });

  it('an e-mail names the user who holds it byte for byte before those it only resembles', () => {
    const upper = zohoUser('Asha@acme.in');
    const lower = zohoUser('asha@acme.in');
    expect(findZoho([upper, lower], 'asha@acme.in')).toEqual([lower]);
    // Typed in another case, it names every user it folds to: the caller asks which one.
    expect(findZoho([upper, lower], 'ASHA@acme.in')).toEqual([upper, lower]);
  });

  it('a MyOperator e-mail with a trailing space is named as typed, quotes and all, not as its trimmed twin', () => {
    const clean = moUser('meena@acme.in');
    const spaced = moUser('meena@acme.in ');
    expect(findMyOperator([clean, spaced], 'meena@acme.in ')).toEqual([spaced]);
  });

  it('a value of only spaces or invisible characters names nobody, not the users without an e-mail', () => {
    const users = [moUser(''), moUser('ravi@acme.in')];
    expect(findMyOperator(users, '\u200b')).toEqual([]);
  });
});
