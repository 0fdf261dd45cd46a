/** fix --only given names: the hint asks for what names that user instead, in the words map uses. */
import { describe, expect, it } from '@jest/globals';
import { selectOnly } from '../../src/commands/fix/only.js';
import { UsageError } from '../../src/errors.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';

/** The refusal of --only `only` among `users`: its sentence and its hint. */
function refusal(only: string[], users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }): { message: string; hint?: string } {
  try {
    // Refused before the plan, the report or the context is read: none is given.
    selectOnly([], only, users, undefined as never, [], undefined as never);
  } catch (e) {
    if (e instanceof UsageError) return { message: e.message, hint: e.hint };
    throw e;
  }
  throw new Error(`--only ${only.join(' ')} was not refused`);
}

describe('fix --only given a name', () => {
  it('asks for the uuid of a MyOperator user whose extension another user has, as map does', () => {
    const ravi = moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' });
    const desk = moUser('desk@acme.in', { name: 'Front Desk', extension: '12' });
    expect(refusal(['Ravi'], { zoho: [], myoperator: [ravi, desk] }).hint).toBe(`Give the uuid instead: --only ${ravi.id}.`);
  });

  it('asks for the id of a Zoho user with no e-mail, and for the e-mail of one with it', () => {
    const gaurav = zohoUser('', { name: 'Gaurav Bose' });
    const sneha = zohoUser('sneha@acme.in', { name: 'Sneha Reddy' });
    expect(refusal(['Gaurav'], { zoho: [gaurav, sneha], myoperator: [] }).hint).toBe(`Give the id instead: --only ${gaurav.id}.`);
    expect(refusal(['Gaurav', 'Sneha'], { zoho: [gaurav, sneha], myoperator: [] }).hint).toBe(`Give the id and the e-mail instead: --only ${gaurav.id} sneha@acme.in.`);
  });

  it('asks for the extension of a MyOperator user, one word per kind however many users', () => {
    const ravi = moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' });
    const asha = moUser('asha@acme.in', { name: 'Asha Rao', extension: '11' });
    expect(refusal(['Ravi', 'Asha'], { zoho: [], myoperator: [ravi, asha] }).hint).toBe('Give the extensions instead: --only 12 11.');
  });

  it('asks, of names that stand for no one user, for the extension or the e-mail of each: "the extension and the e-mail" read as both', () => {
    const arjun = moUser('arjun@acme.in', { name: 'Arjun Malhotra', extension: '22' });
    const old = moUser('arjun.m@acme.in', { name: 'Arjun M.', extension: '23' });
    const ravi = moUser('ravi@acme.in', { name: 'Ravi Kumar', extension: '12' });
    const gaurav = zohoUser('gaurav@acme.in', { name: 'Gaurav Bose' });
    expect(refusal(['Arjun', 'Gaurav', 'Ravi'], { zoho: [gaurav], myoperator: [arjun, old, ravi] }).hint).toBe(
      'Give the extension or the e-mail of each user you mean instead; `phonebridge-sync list myoperator` and `phonebridge-sync list zoho` show them.',
    );
  });
});
