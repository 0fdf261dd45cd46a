import { emailKey, visible } from '../../core/forensics.js';
import { listedUser, myOperatorWho, NO_USER_TO_REACTIVATE, RESEND_INVITATION, sharedLineMayStay } from '../../core/reasons.js';
import { myOperatorWord } from '../../core/resolve.js';
import { deletedInZoho, leftUnmappedIds } from '../../core/users.js';
import { SWITCH_ON_IN_PANEL } from '../../core/myoperator-panel.js';
import type { MyOperatorUser } from '../../core/users.js';
import type { Check, DoctorEnv } from '../check.js';
import { needingUsers, notCheckedForEmptySide } from '../check.js';
import { namedUpTo, plural } from '../../io/plural.js';

/** How many MyOperator users without an e-mail a fix at a terminal gives the cure of: past it, the first few and how many more. */
const CURED_AT_TERMINAL = 3;

export const userStatusCheck: Check = {
  id: 'user-status',
  group: 'Users',
  async run(env) {
    return needingUsers(env.users, async (users) => {
      const unconfirmed = users.zoho.filter((u) => u.active && !u.confirmed);
      const inactive = users.zoho.filter((u) => !u.active);
      const deleted = inactive.filter(deletedInZoho).length;
      // A line left unmapped on purpose (map --ignore-myoperator) needs no Zoho user's e-mail: no fault,
      // and "it needs one added in Zoho first" was the very advice the admin declined.
      const leftAlone = leftUnmapped(env);
      const noEmail = users.myoperator.filter((u) => !u.email && !leftAlone.has(u.id));
      const leftNoEmail = users.myoperator.filter((u) => !u.email && leftAlone.has(u.id));
      // Named in every outcome: a warning (or a side unread) said nothing of them, as if unseen.
      const leftSaid = leftNoEmail.length ? `${leftNoEmail.length} left unmapped on purpose without one: ${leftNoEmail.map(listedUser).join(', ')}` : '';
      const butLeft = leftSaid && `, but for ${leftSaid}`;
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
          `${plural(unconfirmed.length, 'Zoho user')} not confirmed (invitation not accepted): ${unconfirmed.map(listedUser).join(', ')}`,
        inactive.length && `${plural(inactive.length, 'Zoho user')} not active: ${inactive.map((u) => `${listedUser(u)} (${visible(u.status)})`).join(', ')}`,
        offDuty.length &&
          `${plural(offDuty.length, 'MyOperator user')} not taking calls (deactivated, or call availability off), though the Zoho user of that e-mail (up to case, spaces or look-alikes) is active: ${offDuty.map(listedUser).join(', ')}`,
        noEmail.length &&
          `${plural(noEmail.length, 'MyOperator user')} without an e-mail: ${noEmail.map(listedUser).join(', ')}${leftSaid && `, and ${leftSaid}`}`,
      ].filter(Boolean) as string[];
      // Beside other findings, no other MyOperator user lacking an e-mail: said as the pass says it.
      if (parts.length && !noEmail.length && leftSaid) parts.push(`every MyOperator user has an e-mail${butLeft}`);
      const data = { unconfirmed: unconfirmed.map((u) => u.id), inactive: inactive.map((u) => u.id), notTakingCalls: offDuty.map((u) => u.id), noEmail: noEmail.map((u) => u.id) };
      // A side that listed nobody: nothing is said of its users (none was seen), and whether the other
      // side's take calls cannot be judged without it. What the side seen holds is still said; the fix
      // is the read first, as every cure here assumes the other side was read.
      const notChecked = notCheckedForEmptySide(users);
      if (notChecked) {
        const seen = users.zoho.length ? 'every Zoho user is active and confirmed' : users.myoperator.length ? `every MyOperator user has an e-mail${butLeft}` : '';
        return {
          ...notChecked,
          message: parts.length ? [notChecked.message, ...parts].join('\n') : [notChecked.message, seen].filter(Boolean).join('; '),
          data: { ...data, ...notChecked.data },
        };
      }
      if (parts.length === 0) return { status: 'pass', message: `every Zoho user is active and confirmed; every MyOperator user takes calls and has an e-mail${butLeft}` };
      // A clause per kind listed: the Zoho users' clause above only MyOperator users spoke of users not on screen.
      const cures = (noEmailSaid: string) =>
        `${[
          // "Unconfirmed and inactive Zoho users get no calls." was the fix line: it named no fix.
          unconfirmed.length && `unconfirmed Zoho users get no calls until they accept Zoho's invitation (${RESEND_INVITATION})`,
          inactive.length &&
            `inactive ${unconfirmed.length ? 'ones get none' : 'Zoho users get no calls'}${
              deleted === inactive.length ? ` (deleted in Zoho: ${NO_USER_TO_REACTIVATE})` : ` until reactivated in Zoho${deleted ? ' (a deleted one cannot be)' : ''}`
            }`,
          offDuty.length && `a MyOperator user not taking calls gets none until turned back on ${SWITCH_ON_IN_PANEL}`,
          noEmail.length && `MyOperator users without an e-mail take no attributed calls until they hold their Zoho user's: ${noEmailSaid}`,
        ]
          .filter(Boolean)
          .join('; ')
          .replace(/^./, (first) => first.toUpperCase())}.`;
      const cureOf = noEmail.length ? await noEmailCures(env) : undefined;
      const word = (u: MyOperatorUser) => myOperatorWord(users, u);
      const whole = noEmail.length ? noEmailCure(cureOf, noEmail, word) : '';
      // At a terminal the same cures, the users without an e-mail named up to a few: only that clause
      // grows with them. "`match` says each one's cure beside its row" alone (8e5b637, for a --help
      // that promised a one-line fix) hid from the person at the screen what a piped run told a log.
      const few = noEmail.length ? noEmailCure(cureOf, noEmail, word, CURED_AT_TERMINAL) : whole;
      return {
        status: 'warn',
        message: parts.join('\n'),
        hint: cures(whole),
        ...(few === whole ? {} : { brief: cures(few) }),
        data,
      };
    });
  },
};

/** The MyOperator users left unmapped on purpose, by uuid; none where the mappings cannot be read (mappings-file says why). */
function leftUnmapped(env: DoctorEnv): Set<string> {
  try {
    return leftUnmappedIds(env.mappings());
  } catch {
    return new Set();
  }
}

type NoEmailCure = 'fix' | 'map' | 'add in Zoho';

/**
 * A line on duty that resembles no Zoho user is as often a shared line (a night shift, a desk) as a
 * person: one-side-only, match and fix offer to leave it unmapped on purpose, and this fix sent the
 * admin alone to add a Zoho user for it. A switched-off one takes no calls: nothing to leave.
 */
function mayStay(nobody: readonly MyOperatorUser[], word: (u: MyOperatorUser) => string): string {
  const onDuty = nobody.filter((u) => u.active);
  if (!onDuty.length) return '';
  return ` (${sharedLineMayStay(onDuty.length === 1 ? word(onDuty[0]!) : undefined)})`;
}

/**
 * Which cure each MyOperator user without an e-mail takes, by what it is to the mappings and the
 * matcher: "map each by hand (`map`), then `fix` sets it" was said of all of them, of one mapped
 * already (fix alone sets it) and of one like Night Shift that resembles no Zoho user, whom `map`,
 * asking about Zoho users, never offers. Undefined without the mappings or the report.
 */
async function noEmailCures(env: DoctorEnv): Promise<((u: MyOperatorUser) => NoEmailCure) | undefined> {
  try {
    const mapped = new Set(env.mappings().mappings.map((m) => m.myoperator.uuid));
    const offered = new Set((await env.report()).results.flatMap((r) => r.candidates.map((c) => c.user.id)));
    return (u) => (mapped.has(u.id) ? 'fix' : offered.has(u.id) ? 'map' : 'add in Zoho');
  } catch {
    return undefined;
  }
}

/**
 * The cures of `noEmail` by `cureOf` (else the generic one): past `most` users, the first few and how many more `match` says.
 * `word` names a MyOperator user in a command to paste.
 */
function noEmailCure(
  cureOf: ((u: MyOperatorUser) => NoEmailCure) | undefined,
  noEmail: readonly MyOperatorUser[],
  word: (u: MyOperatorUser) => string,
  most = noEmail.length,
): string {
  if (!cureOf) return 'map each by hand (`phonebridge-sync map`), then `phonebridge-sync fix` sets it';
  const names = (us: readonly MyOperatorUser[]) => us.map(myOperatorWho).join(', ');
  const { named, more } = namedUpTo(noEmail, most);
  const saved = named.filter((u) => cureOf(u) === 'fix');
  const suggested = named.filter((u) => cureOf(u) === 'map');
  const nobody = named.filter((u) => cureOf(u) === 'add in Zoho');
  return [
    saved.length && `\`phonebridge-sync fix\` sets it for ${names(saved)}, mapped already`,
    suggested.length && `\`phonebridge-sync map\` offers ${names(suggested)} to the Zoho user ${suggested.length === 1 ? 'it resembles' : 'each resembles'}: map ${suggested.length === 1 ? 'it' : 'each'} there, then \`phonebridge-sync fix\` sets it`,
    nobody.length &&
      `${names(nobody)} ${nobody.length === 1 ? 'resembles no Zoho user: it needs one' : 'resemble no Zoho user: each needs one'} added in Zoho first, whom \`phonebridge-sync map\` then asks about${mayStay(nobody, word)}`,
    more && `and ${more} more: \`phonebridge-sync match\` says each one's cure beside its row`,
  ]
    .filter(Boolean)
    .join('; ');
}
