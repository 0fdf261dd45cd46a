import { reveal } from '../../core/forensics.js';
import { emailFindings } from '../../core/diagnose.js';
import type { Check } from '../check.js';
import type { MyOperatorUser, ZohoUser } from '../../core/users.js';
import { needingUsers, notCheckedForEmptySide } from '../check.js';
import { plural } from '../../io/plural.js';

/** Every e-mail on one side that carries invisible, space, look-alike or unnormalised characters. */
function forensics(side: 'zoho' | 'myoperator'): Check {
  const label = side === 'zoho' ? 'Zoho' : 'MyOperator';
  return {
    id: `${side}-emails`,
    group: 'Users',
    async run(env) {
      // One side's users: Zoho's e-mails are checked when MyOperator is not logged in yet.
      return needingUsers((): Promise<Array<ZohoUser | MyOperatorUser>> => (side === 'zoho' ? env.sideUsers('zoho') : env.sideUsers('myoperator')), (users) => {
        const found = emailFindings(users, side);
        // Of a side that listed nobody, "no hidden characters" would vouch for e-mails nobody saw.
        const notChecked = found.length === 0 ? notCheckedForEmptySide({ [side]: users }) : undefined;
        if (notChecked) return notChecked;
        if (found.length === 0) return { status: 'pass', message: `no hidden characters in ${label} e-mails` };
        const lines = found.slice(0, 8).map((f) => `${reveal(f.email)}: ${f.reasons.map((r) => r.message.replace(`${label} e-mail has `, '')).join('; ')}`);
        return {
          status: 'fail',
          message: `${plural(found.length, `${label} e-mail`)} will never match byte for byte:\n${lines.join('\n')}${found.length > 8 ? `\n… and ${found.length - 8} more (--json lists all)` : ''}`,
          // MyOperator's are the tool's to set (fix copies the Zoho e-mail); Zoho's are never changed.
          hint:
            side === 'myoperator'
              ? '`phonebridge-sync fix` sets each MyOperator e-mail that has a Zoho user to that user\'s (`phonebridge-sync fix --dry-run` shows the plan); retype any other in MyOperator\'s user settings (copy-paste carries invisible characters).'
              : `Retype ${found.length === 1 ? 'that e-mail' : 'those e-mails'} in Zoho's user settings (copy-paste carries invisible characters).`,
          // At a terminal fix's one step: the plan's command and where to retype are --verbose's.
          ...(side === 'myoperator' ? { brief: "`phonebridge-sync fix` sets each that has a Zoho user to that user's; retype the rest in MyOperator." } : {}),
          data: found,
        };
      });
    },
  };
}

export const zohoEmailsCheck = forensics('zoho');
export const myOperatorEmailsCheck = forensics('myoperator');
