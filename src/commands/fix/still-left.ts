/**
 * What a `fix` with nothing to set leaves between the admin and every call attributed: the users
 * only a person can pair (fix sets their e-mails once `map` has saved the pair), and the stale
 * mappings. "nothing to fix" alone read as if nothing were left at all.
 */
import { reconcile, type MappingData } from '../../core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../../core/users.js';
import { plural } from '../../doctor/check.js';

/** Statuses whose MyOperator user is probably known: a person confirms it in `map`. */
const LIKELY = new Set(['suggested', 'ambiguous', 'mismatch']);

/**
 * One line, or '' when nothing is left. `idle`: the saved pairs with an inactive user, already
 * named with their own cure, so not counted again among the stale.
 */
export function stillLeft(
  saved: MappingData,
  users: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] },
  idle: ReadonlyArray<{ zoho: ZohoUser; myoperator: MyOperatorUser }>,
  now: string,
): string {
  const plan = reconcile({ ...saved, ...users, auto: true, prune: false, now });
  const named = new Set(idle.map((p) => `${p.zoho.id}\0${p.myoperator.id}`));
  const stale = plan.stale.filter((s) => !named.has(`${s.mapping.zoho.id}\0${s.mapping.myoperator.uuid}`)).length;
  const unresolved = plan.unresolved.length;
  if (unresolved === 0 && stale === 0) return '';
  const likely = plan.unresolved.filter((r) => LIKELY.has(r.status)).length;
  const toMap = unresolved
    ? ` ${plural(unresolved, 'unresolved Zoho user')}${likely ? ` (${likely === unresolved ? (unresolved === 1 ? 'with' : 'each with') : `${likely} with`} a likely MyOperator user)` : ''}: \`phonebridge-sync map\` asks about ${unresolved === 1 ? 'it' : 'each'}, and \`fix\` then sets the e-mails of the pairs it saves.`
    : '';
  const toPrune = stale
    ? ` ${plural(stale, 'stale mapping')}, whose ${stale === 1 ? 'user has left or is' : 'users have left or are'} switched off: \`phonebridge-sync resync --prune\` removes ${stale === 1 ? 'it' : 'them'}, after checking.`
    : '';
  return `Left to settle:${toMap}${toPrune}\n`;
}
