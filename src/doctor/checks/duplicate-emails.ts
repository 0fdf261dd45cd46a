import { reveal, visible } from '../../core/forensics.js';
import { duplicateEmails } from '../../core/diagnose.js';
import { listedUser, SHARED_EMAIL_UNCONFIRMED, ZOHO_SHARED_EMAIL_UNCONFIRMED } from '../../core/reasons.js';
import type { MyOperatorUser, ZohoUser } from '../../core/users.js';
import type { Check, DoctorEnv } from '../check.js';
import { needingUsers, notCheckedForEmptySide } from '../check.js';
import { plural } from '../../io/plural.js';
import { inMyOperatorPanel } from '../../core/myoperator-panel.js';

export const duplicateEmailsCheck: Check = {
  id: 'duplicate-emails',
  group: 'Users',
  async run(env) {
    return needingUsers(env.users, (users) => {
      const byId = {
        Zoho: new Map<string, ZohoUser | MyOperatorUser>(users.zoho.map((u) => [u.id, u])),
        MyOperator: new Map<string, ZohoUser | MyOperatorUser>(users.myoperator.map((u) => [u.id, u])),
      };
      const groups = (['Zoho', 'MyOperator'] as const).flatMap((side) =>
        duplicateEmails(side === 'Zoho' ? users.zoho : users.myoperator).map((g) => ({ side, ...g, inactive: g.ids.filter((id) => byId[side].get(id)?.active === false) })),
      );
      if (groups.length === 0) {
        // A side that listed nobody: its e-mails were not seen, so "of one side" is said of the other alone.
        const notChecked = notCheckedForEmptySide(users);
        const seen = users.zoho.length ? 'Zoho' : users.myoperator.length ? 'MyOperator' : '';
        if (notChecked) return { ...notChecked, message: [notChecked.message, seen && `no e-mail is shared by two ${seen} users`].filter(Boolean).join('; ') };
        return { status: 'pass', message: 'no e-mail is shared by two users of one side' };
      }
      // Whether PhoneBridge passes over an inactive holder is unconfirmed, so it still counts; but
      // "deactivate the old account" cannot clear a group whose old account is inactive already:
      // only its e-mail going can.
      const held = groups.flatMap((g) => g.inactive.map((id) => ({ side: g.side, user: byId[g.side].get(id)! })));
      const labels = new Map(groups.flatMap((g) => [...holderLabels(g.side, g.ids.map((id) => byId[g.side].get(id)!))]));
      const who = (u: ZohoUser | MyOperatorUser) => {
        const { label, id } = labels.get(u)!;
        return id ? `${label} (${id})` : label;
      };
      // Where each side's e-mail is changed; in MyOperator's panel the user is named when there is one.
      const heldMo = held.filter((h) => h.side === 'MyOperator').map((h) => h.user);
      const where = [
        held.some((h) => h.side === 'Zoho') && 'in Zoho: Setup → Users',
        heldMo.length > 0 && inMyOperatorPanel(heldMo.length === 1 ? visible(heldMo[0]!.name) || visible(heldMo[0]!.id) : undefined),
      ]
        .filter(Boolean)
        .join('; ');
      // Not "or deactivate the old account": deactivated, it still holds the e-mail, and this check,
      // run again, failed on it with the cure below.
      const cures = [
        groups.some((g) => g.inactive.length === 0) && 'Give each user a distinct e-mail (an old account too: deactivated, it still holds the e-mail)',
        held.length > 0 &&
          `${held.map((h) => `${h.side} user ${who(h.user)}`).join(', ')} ${held.length === 1 ? 'is' : 'are'} inactive already and still ${held.length === 1 ? 'holds' : 'hold'} the e-mail, which deactivating does not clear: change or remove ${held.length === 1 ? 'its' : 'their'} e-mail (${where})`,
      ].filter(Boolean);
      // At a terminal the step alone: the list above marks who is inactive, and --verbose says where
      // in the panel (6 lines at 80 columns, the old account named twice).
      const heldSides = [...new Set(held.map((h) => h.side))].join(' and ');
      const brief = [
        groups.some((g) => g.inactive.length === 0) && 'Give each user a distinct e-mail',
        held.length > 0 &&
          `change or remove the inactive ${held.length === 1 ? "holder's e-mail" : "holders' e-mails"} in ${heldSides} (deactivating does not clear ${held.length === 1 ? 'it' : 'them'})`,
      ].filter(Boolean);
      // Plain `map` asks only about Zoho users without a saved pair: where a saved mapping already
      // names an active holder of every shared e-mail, it would ask about none of these.
      const settled = settledHolders(env, groups, byId.MyOperator);
      return {
        status: 'fail',
        // Which agent a call rings is MyOperator's routing: what a shared e-mail spoils is PhoneBridge's
        // attribution, by e-mail ("calls may go to the wrong agent" told a telephony admin otherwise).
        // Of every group: which of two Zoho holders of one exact e-mail gets the calls is unconfirmed, an old MyOperator
        // holder's calls go to the other's Zoho user, and holders that differ only as people read
        // them are told apart byte for byte, perhaps the wrong way round.
        message: `${plural(groups.length, 'e-mail')} shared within one side, so PhoneBridge, which attributes calls by e-mail, may give ${groups.length === 1 ? 'its' : 'their'} holders' calls to the wrong user or to nobody:\n${groups
          .map((g) => {
            const lines = g.ids.map((id) => {
              const { label, id: told } = labels.get(byId[g.side].get(id)!)!;
              const notes = [told, g.inactive.includes(id) && 'inactive'].filter(Boolean);
              return `  ${label}${notes.length ? ` (${notes.join(', ')})` : ''}`;
            });
            return `${g.side}: ${reveal(g.email)}${g.exact ? '' : ' (up to case, spaces, invisible or look-alike characters)'}\n${lines.join('\n')}`;
          })
          .join('\n')}${groups.some((g) => g.side === 'Zoho' && g.exact) ? `\n${ZOHO_SHARED_EMAIL_UNCONFIRMED}.` : ''}${groups.some((g) => g.side === 'MyOperator') ? `\n${SHARED_EMAIL_UNCONFIRMED}.` : ''}`,
        hint: settled
          ? `${cures.join('; ')}; the saved ${settled.length === 1 ? 'mapping already names' : 'mappings already name'} ${settled.map((h) => `${h.side} user ${who(h.user)}`).join(', ')}.`
          : `${cures.join('; ')}, then map the right one with \`phonebridge-sync map\`.`,
        ...(settled ? {} : { brief: `${brief.join('; ').replace(/^./, (first) => first.toUpperCase())}, then map the right one with \`phonebridge-sync map\`.` }),
        data: groups,
      };
    });
  },
};

/**
 * Each holder of one e-mail as a person knows it: name, extension, e-mail, as doctor's other lists
 * say a user. They were listed by uuid alone. The id is kept aside, to be said only where two
 * holders would read alike.
 */
function holderLabels(side: 'Zoho' | 'MyOperator', users: ReadonlyArray<ZohoUser | MyOperatorUser>): Map<ZohoUser | MyOperatorUser, { label: string; id?: string }> {
  const plain = users.map(listedUser);
  return new Map(
    users.map((u, i) => {
      const alike = plain.filter((p) => p === plain[i]).length > 1;
      const id = alike ? `${side === 'Zoho' ? 'id' : 'uuid'} ${visible(u.id)}` : undefined;
      return [u, { label: plain[i]!, ...(id ? { id } : {}) }];
    }),
  );
}

/** The active MyOperator holder a saved mapping names, for each group; undefined when a group has none (or the store cannot be read). */
function settledHolders(
  env: DoctorEnv,
  groups: ReadonlyArray<{ side: 'Zoho' | 'MyOperator'; ids: string[] }>,
  myoperator: Map<string, ZohoUser | MyOperatorUser>,
): Array<{ side: 'MyOperator'; user: ZohoUser | MyOperatorUser }> | undefined {
  let mappings;
  try {
    mappings = env.mappings().mappings;
  } catch {
    return undefined; // mappings-file says why; the generic cure stands
  }
  const saved = new Set(mappings.map((m) => m.myoperator.uuid));
  const out = [];
  for (const g of groups) {
    // A Zoho user sharing a mapped one's e-mail is still unresolved, and `map` does ask about it.
    if (g.side === 'Zoho') return undefined;
    const id = g.ids.find((i) => saved.has(i) && myoperator.get(i)?.active !== false);
    if (id === undefined) return undefined;
    out.push({ side: g.side, user: myoperator.get(id)! });
  }
  return out;
}
