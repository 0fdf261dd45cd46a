import { reveal, visible } from '../../core/forensics.js';
import type { Check } from '../check.js';
import { needingUsers, plural } from '../check.js';

export const userStatusCheck: Check = {
  id: 'user-status',
  group: 'Users',
  async run(env) {
    return needingUsers(env.users, (users) => {
      const unconfirmed = users.zoho.filter((u) => u.active && !u.confirmed);
      const inactive = users.zoho.filter((u) => !u.active);
      const noEmail = users.myoperator.filter((u) => !u.email);
      const parts = [
        unconfirmed.length &&
          `${plural(unconfirmed.length, 'Zoho user')} not confirmed (invitation not accepted): ${unconfirmed.map((u) => reveal(u.email)).join(', ')}`,
        inactive.length && `${plural(inactive.length, 'Zoho user')} not active: ${inactive.map((u) => `${reveal(u.email)} (${u.status})`).join(', ')}`,
        noEmail.length &&
          `${plural(noEmail.length, 'MyOperator user')} without an e-mail: ${noEmail.map((u) => `${visible(u.name) || visible(u.id)} (ext ${visible(u.extension ?? '-')})`).join(', ')}`,
      ].filter(Boolean) as string[];
      if (parts.length === 0) return { status: 'pass', message: 'every Zoho user is active and confirmed; every MyOperator user has an e-mail' };
      return {
        status: 'warn',
        message: parts.join('\n'),
        hint: 'Unconfirmed and inactive Zoho users get no calls; MyOperator users without an e-mail can only be mapped by hand.',
        data: { unconfirmed: unconfirmed.map((u) => u.id), inactive: inactive.map((u) => u.id), noEmail: noEmail.map((u) => u.id) },
      };
    });
  },
};
