/** What a person types to name a user on the command line (`map --zoho`, `fix --only`): which users it names. */
import { describe, expect, it } from '@jest/globals';
import { findMyOperator, findZoho, myOperatorWord, zohoWord } from '../../src/core/resolve.js';
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

// Hints offered `map --zoho 4815900000000202947 --myoperator s5f3afc2a9b2f`, ids nobody reads, beside
// hints that name users by e-mail and extension: the word is the readable one wherever map's own
// lookup finds that one user by it.
describe('zohoWord and myOperatorWord', () => {
  it("an e-mail and an extension where they name the one user alone, else the id and the uuid", () => {
    const asha = zohoUser('asha@acme.in', { id: 'z-asha' });
    const twin = zohoUser('asha@acme.in', { id: 'z-twin' });
    const blank = zohoUser('', { id: 'z-blank' });
    expect(zohoWord([asha, blank], asha)).toBe('asha@acme.in');
    expect(zohoWord([asha, twin], asha)).toBe('z-asha');
    expect(zohoWord([asha, blank], blank)).toBe('z-blank');
    const m = moUser('a@acme.in', { id: 'u-a', extension: '11' });
    const sharing = moUser('b@acme.in', { id: 'u-b', extension: '11' });
    // Another user whose user id is "11": map finds that one by it first.
    const byUserId = moUser('c@acme.in', { id: 'u-c', extension: '12', userId: '11' });
    const none = moUser('d@acme.in', { id: 'u-d', extension: null });
    expect(myOperatorWord({ zoho: [], myoperator: [m, none] }, m)).toBe('11');
    expect(myOperatorWord({ zoho: [], myoperator: [m, sharing] }, m)).toBe('u-a');
    expect(myOperatorWord({ zoho: [], myoperator: [m, byUserId] }, m)).toBe('u-a');
    expect(myOperatorWord({ zoho: [], myoperator: [m, none] }, none)).toBe('u-d');
  });

  // `fix --only` takes either side's words: an extension that is a Zoho user's zuid or id too names two people there.
  it("the uuid where the extension is a Zoho user's zuid or id", () => {
    const m = moUser('a@acme.in', { id: 'u-a', extension: '11' });
    expect(myOperatorWord({ zoho: [zohoUser('z@acme.in', { zuid: '11' })], myoperator: [m] }, m)).toBe('u-a');
    expect(myOperatorWord({ zoho: [zohoUser('z@acme.in', { id: '11' })], myoperator: [m] }, m)).toBe('u-a');
    expect(myOperatorWord({ zoho: [zohoUser('z@acme.in')], myoperator: [m] }, m)).toBe('11');
  });
});
