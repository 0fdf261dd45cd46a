/** doctor's user-status: who cannot take calls, judged as a person reads the e-mails. */
import { describe, expect, it } from '@jest/globals';
import { userStatusCheck } from '../../src/doctor/checks/user-status.js';
import type { DoctorEnv } from '../../src/doctor/check.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';

const status = (zoho: ZohoUser[], myoperator: MyOperatorUser[]) => userStatusCheck.run({ users: async () => ({ zoho, myoperator }) } as unknown as DoctorEnv);

describe('user-status: MyOperator users not taking calls', () => {
  it('names one whose e-mail differs from its active Zoho user only by case (before a fix), and gives both remedies', async () => {
    const o = await status([zohoUser('Ravi.Kumar@acme.in')], [moUser('ravi.kumar@acme.in', { name: 'Ravi', active: false })]);
    expect(o.status).toBe('warn');
    expect(o.message).toMatch(/^1 MyOperator user not taking calls \(deactivated, or call availability off\), though the Zoho user of that e-mail \(up to case, spaces or look-alikes\) is active: Ravi \(ext \d+\) <ravi\.kumar@acme\.in>$/m);
    expect(o.hint).toMatch(/activate the user, or ⋮ → Set Call Availability/);
  });

  it('leaves out an old account switched off while an active one holds the e-mail, and one whose Zoho user is gone', async () => {
    const o = await status(
      [zohoUser('arjun@acme.in'), zohoUser('left@acme.in', { active: false, status: 'disabled' })],
      [moUser('arjun@acme.in', { name: 'Arjun' }), moUser('arjun@acme.in', { name: 'Arjun (old)', active: false }), moUser('left@acme.in', { name: 'Left', active: false })],
    );
    expect(o.message).not.toMatch(/not taking calls/);
  });
});

describe('user-status: Zoho users who get no calls', () => {
  it('an inactive user is named once, as not active, even when its invitation was never accepted; an active unconfirmed one as not confirmed', async () => {
    const o = await status(
      [zohoUser('gone@acme.in', { active: false, status: 'disabled', confirmed: false }), zohoUser('pooja@acme.in', { confirmed: false })],
      [moUser('gone@acme.in'), moUser('pooja@acme.in')],
    );
    expect(o.message).toBe('1 Zoho user not confirmed (invitation not accepted): pooja@acme.in\n1 Zoho user not active: gone@acme.in (disabled)');
  });

  // The fix said only "Unconfirmed and inactive Zoho users get no calls.": what gives them calls was not said.
  it('the fix speaks only of the kinds listed, each with what gives them calls: inactive users alone are not told of unconfirmed ones, nor the other way round', async () => {
    const inactive = await status([zohoUser('gone@acme.in', { active: false, status: 'disabled' })], [moUser('gone@acme.in')]);
    expect(inactive.hint).toBe('Inactive Zoho users get no calls until reactivated in Zoho.');
    const unconfirmed = await status([zohoUser('pooja@acme.in', { confirmed: false })], [moUser('pooja@acme.in')]);
    expect(unconfirmed.hint).toBe("Unconfirmed Zoho users get no calls until they accept Zoho's invitation (an admin can resend it from Zoho's Setup → Users).");
    const both = await status([zohoUser('gone@acme.in', { active: false, status: 'disabled' }), zohoUser('pooja@acme.in', { confirmed: false })], [moUser('gone@acme.in'), moUser('pooja@acme.in')]);
    expect(both.hint).toBe("Unconfirmed Zoho users get no calls until they accept Zoho's invitation (an admin can resend it from Zoho's Setup → Users); inactive ones get none until reactivated in Zoho.");
  });

  it('a Zoho user deleted in Zoho is not told to be reactivated', async () => {
    const deleted = await status([zohoUser('karan@acme.in', { active: false, status: 'deleted' })], [moUser('karan@acme.in')]);
    expect(deleted.message).toBe('1 Zoho user not active: karan@acme.in (deleted)');
    expect(deleted.hint).toBe('Inactive Zoho users get no calls (deleted in Zoho: there is no user to reactivate).');
    const mixed = await status([zohoUser('karan@acme.in', { active: false, status: 'deleted' }), zohoUser('gone@acme.in', { active: false, status: 'disabled' })], [moUser('karan@acme.in'), moUser('gone@acme.in')]);
    expect(mixed.hint).toBe('Inactive Zoho users get no calls until reactivated in Zoho (a deleted one cannot be).');
  });
});
