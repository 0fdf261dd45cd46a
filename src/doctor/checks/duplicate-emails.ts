import { reveal, visible } from '../../core/forensics.js';
import { duplicateEmails } from '../../core/diagnose.js';
import type { Check } from '../check.js';
import { needingUsers, plural } from '../check.js';

export const duplicateEmailsCheck: Check = {
  id: 'duplicate-emails',
  group: 'Users',
  async run(env) {
    return needingUsers(env.users, (users) => {
      const groups = [
        ...duplicateEmails(users.zoho).map((g) => ({ side: 'Zoho', ...g })),
        ...duplicateEmails(users.myoperator).map((g) => ({ side: 'MyOperator', ...g })),
      ];
      if (groups.length === 0) return { status: 'pass', message: 'no e-mail is shared by two users of one side' };
      return {
        status: 'fail',
        message: `${plural(groups.length, 'e-mail')} shared within one side, so calls may go to the wrong agent:\n${groups.map((g) => `${g.side}: ${reveal(g.email)}${g.exact ? '' : ' (up to case or invisible characters)'} — ${g.ids.map(visible).join(', ')}`).join('\n')}`,
        hint: 'Give each user a distinct e-mail, or deactivate the old account, then map the right one with `phonebridge-sync map`.',
        data: groups,
      };
    });
  },
};
