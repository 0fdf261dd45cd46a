import { reveal, visible } from '../../core/forensics.js';
import { CliError } from '../../errors.js';
import { ScopeMissing } from '../../clients/zoho.js';
import type { Check } from '../check.js';
import { needing, needingUsers, notCheckedForEmptySide } from '../check.js';
import { plural } from '../../io/plural.js';

/** PhoneBridge's own user list: the zohouser ids calls carry, joined to CRM users by zuid. */
export const zohoPhoneBridgeCheck: Check = {
  id: 'zoho-phonebridge',
  group: 'Zoho',
  needs: ['zoho-credentials'],
  async run(env) {
    return needing(
      async () => (await env.clients()).zoho,
      (zoho) =>
        needingUsers(() => env.sideUsers('zoho'), async (users) => {
          try {
            const pb = await zoho.phoneBridgeUsers();
            // A CRM that listed nobody makes every PhoneBridge user a stranger, and none a pass: the read is what to doubt.
            const notChecked = notCheckedForEmptySide({ zoho: users });
            if (notChecked) return { ...notChecked, data: { ...notChecked.data, phonebridge: pb.length } };
            const zuids = new Set(users.map((u) => u.zuid));
            const unknown = pb.filter((u) => !zuids.has(u.zohouser));
            if (unknown.length)
              return {
                status: 'warn',
                message: `${plural(unknown.length, 'PhoneBridge user')} ${unknown.length === 1 ? 'matches' : 'match'} no CRM user by zuid: ${unknown
                  .slice(0, 5)
                  // Zoho's strings: an escape or an invisible character shows as its code point, never raw.
                  .map((u) => (u.email ? reveal(u.email) : visible(u.zohouser)))
                  .join(', ')}`,
                hint: 'They joined or left since the CRM list was read; run doctor again.',
                data: { phonebridge: pb.length },
              };
            return { status: 'pass', message: `${plural(pb.length, 'PhoneBridge user')}, each a CRM user (by zuid)`, data: { phonebridge: pb.length } };
          } catch (e) {
            if (!(e instanceof CliError)) throw e;
            // A Self Client can never hold a PhoneBridge scope (Zoho gives them to telephony
            // providers): a warning no one can clear would keep every doctor from green.
            if (e instanceof ScopeMissing && /^PhoneBridge\./.test(e.scope))
              return {
                status: 'skip',
                message: `skipped: PhoneBridge's own user list needs the scope ${e.scope}, which Zoho gives only to telephony providers (a Self Client cannot have it); only call attribution by zohouser id uses it`,
              };
            return {
              status: 'warn',
              message: `PhoneBridge users not readable: ${e.message}`,
              hint: e.hint ?? 'Needed only for call attribution by zohouser id.',
            };
          }
        }),
    );
  },
};
