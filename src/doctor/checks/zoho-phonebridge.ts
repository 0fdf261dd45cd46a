import { reveal, visible } from '../../core/forensics.js';
import { CliError } from '../../errors.js';
import { ScopeMissing } from '../../clients/zoho.js';
import type { Check } from '../check.js';
import { needing, needingUsers, notCheckedForEmptySide } from '../check.js';
import { plural, seriesUpTo } from '../../io/plural.js';
import { listedUser } from '../../core/reasons.js';

/** How many users each of this check's lists names, past that the first four and how many more (seriesUpTo). */
const NAMED_HERE = 5;

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
            // The other way round: CRM users PhoneBridge does not list. "21 users visible" under
            // zoho-api beside "19 PhoneBridge users" here left a newcomer to guess who the two were.
            const listed = new Set(pb.map((u) => u.zohouser));
            const notListed = users.filter((u) => u.zuid && !listed.has(u.zuid));
            const onDuty = notListed.filter((u) => u.active);
            const data = { phonebridge: pb.length, ...(notListed.length ? { notInPhoneBridge: notListed.map((u) => u.id) } : {}) };
            if (unknown.length || onDuty.length) {
              const problems = [
                unknown.length &&
                  `${plural(unknown.length, 'PhoneBridge user')} ${unknown.length === 1 ? 'matches' : 'match'} no CRM user by zuid: ${seriesUpTo(
                    // Zoho's strings: an escape or an invisible character shows as its code point, never raw.
                    unknown.map((u) => (u.email ? reveal(u.email) : visible(u.zohouser))),
                    NAMED_HERE,
                  )}`,
                onDuty.length &&
                  `${plural(onDuty.length, 'active CRM user')} ${onDuty.length === 1 ? 'is not a PhoneBridge user' : 'are not PhoneBridge users'}: ${seriesUpTo(onDuty.map(listedUser), NAMED_HERE)}`,
              ];
              const hints = [
                unknown.length && 'They joined or left since the CRM list was read; run doctor again.',
                // MyOperator's PhoneBridge panel maps the users PhoneBridge lists (reference: zoho-api
                // §4.3, myoperator-api §8); the telephony path is the one the reference gives for
                // PhoneBridge itself, the per-user choice in it is not documented there.
                onDuty.length &&
                  `If they joined Zoho just now, run doctor again; if not, make them PhoneBridge users in Zoho's telephony settings (Settings → Channels → Telephony; where Zoho keeps that choice for each user is unconfirmed), then click "Resync Users" in MyOperator's PhoneBridge panel, which offers only the users PhoneBridge lists.`,
              ];
              return { status: 'warn', message: problems.filter(Boolean).join('; '), hint: hints.filter(Boolean).join(' '), data };
            }
            // Those not active take no calls whether PhoneBridge lists them or not (user-status says so).
            const off = notListed.length
              ? `; the ${plural(notListed.length, 'CRM user')} it does not list ${notListed.length === 1 ? 'is not active and takes' : 'are not active and take'} no calls anyway: ${seriesUpTo(notListed.map((u) => `${listedUser(u)} (${visible(u.status)})`), NAMED_HERE)}`
              : '';
            return { status: 'pass', message: `${plural(pb.length, 'PhoneBridge user')}, each a CRM user (by zuid)${off}`, data };
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
