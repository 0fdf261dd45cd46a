import { emailKey, reveal, visible } from '../../core/forensics.js';
import { myOperatorWho, NO_USER_TO_REACTIVATE, RESEND_INVITATION } from '../../core/reasons.js';
import { deletedInZoho } from '../../core/users.js';
import { SWITCH_ON_IN_PANEL } from '../../core/fix-plan.js';
import type { Check } from '../check.js';
import { needingUsers } from '../check.js';
import { plural } from '../../io/plural.js';

export const userStatusCheck: Check = {
  id: 'user-status',
  group: 'Users',
  async run(env) {
    return needingUsers(env.users, (users) => {
      const unconfirmed = users.zoho.filter((u) => u.active && !u.confirmed);
      const inactive = users.zoho.filter((u) => !u.active);
      const deleted = inactive.filter(deletedInZoho).length;
      const noEmail = users.myoperator.filter((u) => !u.email);
      // Off (is_active) or paused (is_enabled, "call availability"): no call reaches them, and a
      // fix that turned a user off (reported then) would otherwise pass every later doctor. Only
      // those who hold an active Zoho user's e-mail that no active MyOperator user holds: an old
      // duplicate account left off on purpose (as duplicate-emails advises) is no problem. Compared
      // as a person reads them (case, spaces, look-alikes folded): before a fix, "ravi.kumar@" is
      // Zoho's "Ravi.Kumar@" all the same.
      const activeZoho = new Set(users.zoho.filter((u) => u.active && u.email).map((u) => emailKey(u.email)));
      const covered = new Set(users.myoperator.filter((u) => u.active && u.email).map((u) => emailKey(u.email)));
      const offDuty = users.myoperator.filter((u) => !u.active && u.email && activeZoho.has(emailKey(u.email)) && !covered.has(emailKey(u.email)));
      const parts = [
        unconfirmed.length &&
          `${plural(unconfirmed.length, 'Zoho user')} not confirmed (invitation not accepted): ${unconfirmed.map((u) => reveal(u.email)).join(', ')}`,
        inactive.length && `${plural(inactive.length, 'Zoho user')} not active: ${inactive.map((u) => `${reveal(u.email)} (${u.status})`).join(', ')}`,
        offDuty.length &&
          `${plural(offDuty.length, 'MyOperator user')} not taking calls (deactivated, or call availability off), though the Zoho user of that e-mail (up to case, spaces or look-alikes) is active: ${offDuty.map((u) => `${visible(u.name) || visible(u.id)} (${reveal(u.email)})`).join(', ')}`,
        noEmail.length &&
          `${plural(noEmail.length, 'MyOperator user')} without an e-mail: ${noEmail.map((u) => `${myOperatorWho(u)}`).join(', ')}`,
      ].filter(Boolean) as string[];
      if (parts.length === 0) return { status: 'pass', message: 'every Zoho user is active and confirmed; every MyOperator user takes calls and has an e-mail' };
      return {
        status: 'warn',
        message: parts.join('\n'),
        // A clause per kind listed: the Zoho users' clause above only MyOperator users spoke of users not on screen.
        hint: `${[
          // "Unconfirmed and inactive Zoho users get no calls." was the fix line: it named no fix.
          unconfirmed.length && `unconfirmed Zoho users get no calls until they accept Zoho's invitation (${RESEND_INVITATION})`,
          inactive.length &&
            `inactive ${unconfirmed.length ? 'ones get none' : 'Zoho users get no calls'}${
              deleted === inactive.length ? ` (deleted in Zoho: ${NO_USER_TO_REACTIVATE})` : ` until reactivated in Zoho${deleted ? ' (a deleted one cannot be)' : ''}`
            }`,
          offDuty.length && `a MyOperator user not taking calls gets none until turned back on ${SWITCH_ON_IN_PANEL}`,
          noEmail.length && "MyOperator users without an e-mail take no attributed calls until they hold their Zoho user's: map each by hand (`phonebridge-sync map`), then `phonebridge-sync fix` sets it",
        ]
          .filter(Boolean)
          .join('; ')
          .replace(/^./, (first) => first.toUpperCase())}.`,
        data: { unconfirmed: unconfirmed.map((u) => u.id), inactive: inactive.map((u) => u.id), notTakingCalls: offDuty.map((u) => u.id), noEmail: noEmail.map((u) => u.id) },
      };
    });
  },
};
