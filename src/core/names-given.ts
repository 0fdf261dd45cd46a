/**
 * A name given to an option that takes ids, e-mails and extensions (`fix --only`, `map --zoho`,
 * `map --myoperator`): every table leads with the name ("Ravi Kumar · ext 12 · case"), so a name is
 * what an admin types first, and "no user has that id, e-mail or extension" (or "No Zoho user
 * matches") sent them to the lists that have that user, by that name.
 */
import { reveal, visible } from './forensics.js';
import { myOperatorWho } from './reasons.js';
import { myOperatorWord } from './resolve.js';
import { nameKey } from './suggest.js';
import type { MyOperatorUser, ZohoUser } from './users.js';
import { shownValue } from '../io/option-words.js';
import { series, seriesUpTo } from '../io/plural.js';

export interface NameGiven {
  /** The sentence for the value: whose name it is. */
  line: string;
  /** The value (as read, not yet quoted) that names that user for the option, when the name is one MyOperator user's (or, with none, one Zoho user's). */
  instead?: string;
  /** What `instead` is; without one, what names the users of that name best (a MyOperator user's extension, else a Zoho user's e-mail). */
  give: GiveInstead;
}

/** What a hint asks for in place of a name, as map and fix say it. */
export type GiveInstead = 'extension' | 'uuid' | 'e-mail' | 'id';

/** "the extension", "the extensions", "the e-mail and the extension": one word per kind, in the order given. */
export function theKinds(kinds: readonly GiveInstead[]): string {
  const counts = new Map<GiveInstead, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `the ${k}${n > 1 ? 's' : ''}`).join(' and ');
}

/**
 * The hint's start where a name given stands for no one user: what to give for each, "Give the
 * extension of the user you mean instead". map and fix say it in these words. Of several kinds,
 * "or … of each user": "the extensions and the e-mail of the users you mean" read as both of each,
 * where one of them names a user. `kinds`: one per name given.
 */
export function giveForEach(kinds: readonly GiveInstead[]): string {
  const distinct = [...new Set(kinds)];
  if (distinct.length > 1) return `Give ${series(distinct.map((k) => `the ${k}`))} of each user you mean instead`;
  return `Give ${theKinds(kinds)} of the user${kinds.length === 1 ? '' : 's'} you mean instead`;
}

/** "`phonebridge-sync list zoho` shows them", naming each list once: where the users of a hint's names are found. */
export function listsShowing(lists: readonly ('zoho' | 'myoperator')[]): string {
  const named = [...new Set(lists)];
  return `${series(named.map((l) => `\`phonebridge-sync list ${l}\``), 'and')} ${named.length === 1 ? 'shows' : 'show'} them`;
}

/** The option the value was given to, and what it takes, as its sentence says them. */
export interface NamedOption {
  flag: string;
  takes: string;
}

const ONLY: NamedOption = { flag: '--only', takes: 'an id, e-mail or extension' };

const SHOWN = 5;

const zohoWho = (u: ZohoUser): string => reveal(u.email) || visible(u.id);

function listed(side: string, who: string[]): string {
  if (who.length === 0) return '';
  return `${side} user${who.length === 1 ? '' : 's'} ${seriesUpTo(who, SHOWN)}`;
}

/** The part of an e-mail before its last @, in lower case; '' for a value with no @. */
const beforeAt = (email: string | null | undefined): string => (email?.includes('@') ? email.slice(0, email.lastIndexOf('@')).toLowerCase() : '');

/**
 * Whose name (or a word of whose name) the value is, or whose e-mail's part before the @ (`ravi.kumar`,
 * which the name key reads as "ravi kumar": it was said to be the name of the user whose e-mail it
 * begins); undefined when it is nobody's. An option of one side's users is given that side's users
 * alone (the other side's list empty).
 */
export function nameGiven(value: string, users: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] }, option: NamedOption = ONLY): NameGiven | undefined {
  const local = value.includes('@') ? '' : value.trim().toLowerCase();
  const zLocal = local ? users.zoho.filter((u) => beforeAt(u.email) === local) : [];
  const mLocal = local ? users.myoperator.filter((u) => beforeAt(u.email) === local) : [];
  const key = nameKey(value);
  const whole = (name: string) => nameKey(name) === key;
  const word = (name: string) => !key.includes(' ') && nameKey(name).split(' ').includes(key);
  const by = users.zoho.some((u) => whole(u.name)) || users.myoperator.some((u) => whole(u.name)) ? whole : word;
  const zName = key ? users.zoho.filter((u) => by(u.name)) : [];
  const mName = key ? users.myoperator.filter((u) => by(u.name)) : [];
  // A plain word ("Arjun") is read as a name first, though it may begin an e-mail too; one with a
  // dot, a plus… ("ravi.kumar") is an e-mail's, as no name is typed so.
  const ofEmail = zLocal.length + mLocal.length > 0 && (/[^\p{L}\p{N}]/u.test(local) || zName.length + mName.length === 0);
  const z = ofEmail ? zLocal : zName;
  const m = ofEmail ? mLocal : mName;
  if (z.length === 0 && m.length === 0) return undefined;
  const whose = [listed('Zoho', z.map(zohoWho)), listed('MyOperator', m.map(myOperatorWho))].filter(Boolean).join(' and of ');
  // An extension another MyOperator user has too (or a Zoho user as id or zuid) names both, and fix refuses it: the uuid then.
  const ext = m[0]?.extension;
  const own = m[0] && myOperatorWord(users, m[0]);
  const one = m.length === 1 ? own : m.length === 0 && z.length === 1 ? z[0]!.email || z[0]!.id : undefined;
  const give: GiveInstead = m.length === 1 ? (own === ext ? 'extension' : 'uuid') : m.length > 1 ? 'extension' : z.length === 1 && !z[0]!.email ? 'id' : 'e-mail';
  return {
    line: ofEmail
      ? `${option.flag} ${shownValue(value)}: ${option.flag} takes ${option.takes}; that is the part before the @ of the e-mail of ${whose}.`
      : `${option.flag} ${shownValue(value)}: ${option.flag} takes ${option.takes}, not a name; that is ${by === whole ? '' : 'in '}the name of ${whose}.`,
    instead: one,
    give,
  };
}
