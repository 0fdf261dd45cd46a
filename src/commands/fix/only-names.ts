/**
 * A name given to `fix --only`, which takes ids, e-mails and extensions: every table leads with the
 * name ("Ravi Kumar · ext 12 · case"), so a name is what an admin types first, and "no user has
 * that id, e-mail or extension" sent them to the lists that have that user, by that name.
 */
import { reveal, visible } from '../../core/forensics.js';
import { myOperatorWho } from '../../core/reasons.js';
import { nameKey } from '../../core/suggest.js';
import type { MyOperatorUser, ZohoUser } from '../../core/users.js';
import { shownValue } from '../../io/option-words.js';

export interface NameGiven {
  /** The sentence for the value: whose name it is. */
  line: string;
  /** The value (as read, not yet quoted) that names that user for --only, when the name is one MyOperator user's (or, with none, one Zoho user's). */
  instead?: string;
}

const SHOWN = 5;

const zohoWho = (u: ZohoUser): string => reveal(u.email) || visible(u.id);

function listed(side: string, who: string[]): string {
  if (who.length === 0) return '';
  const shown = who.length > SHOWN ? [...who.slice(0, SHOWN - 1), `${who.length - SHOWN + 1} more`] : who;
  return `${side} user${who.length === 1 ? '' : 's'} ${shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`}`;
}

/** Whose name (or a word of whose name) the value is, or undefined when it is nobody's. */
export function nameGiven(value: string, users: { zoho: ZohoUser[]; myoperator: MyOperatorUser[] }): NameGiven | undefined {
  const key = nameKey(value);
  if (!key) return undefined;
  const whole = (name: string) => nameKey(name) === key;
  const word = (name: string) => !key.includes(' ') && nameKey(name).split(' ').includes(key);
  const by = users.zoho.some((u) => whole(u.name)) || users.myoperator.some((u) => whole(u.name)) ? whole : word;
  const z = users.zoho.filter((u) => by(u.name));
  const m = users.myoperator.filter((u) => by(u.name));
  if (z.length === 0 && m.length === 0) return undefined;
  const whose = [listed('Zoho', z.map(zohoWho)), listed('MyOperator', m.map(myOperatorWho))].filter(Boolean).join(' and of ');
  // An extension another MyOperator user has too names both, and fix refuses it: the uuid then.
  const ext = m[0]?.extension;
  const own = ext && users.myoperator.filter((u) => u.extension === ext).length === 1 ? ext : m[0]?.id;
  const one = m.length === 1 ? own : m.length === 0 && z.length === 1 ? z[0]!.email || z[0]!.id : undefined;
  return {
    line: `--only ${shownValue(value)}: --only takes an id, e-mail or extension, not a name; that is ${by === whole ? '' : 'in '}the name of ${whose}.`,
    instead: one,
  };
}
