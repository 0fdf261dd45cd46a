/**
 * What a `fix` with nothing to set leaves between the admin and every call attributed: the users
 * only a person can pair (fix sets their e-mails once `map` has saved the pair), the stale
 * mappings, and the MyOperator users no Zoho user claims. "nothing to fix" alone read as if
 * nothing were left at all.
 */
import { nameAndEmail, namedWhenFew, pruneRemoves, sharedLineMayStay, UNCLAIMED_LISTED, unclaimedOnDuty, unmapCommand } from '../../core/reasons.js';
import { myOperatorWord, zohoWord } from '../../core/resolve.js';
import { ignoredUndoWord, reconcile, type MappingData } from '../../core/reconcile.js';
import { markedSentences } from '../../core/marked-match.js';
import type { MatchReport } from '../../core/match.js';
import type { MyOperatorUser, ZohoUser } from '../../core/users.js';
import { plural } from '../../io/plural.js';

/** Statuses whose MyOperator user is probably known: a person confirms it in `map`. */
const LIKELY = new Set(['suggested', 'ambiguous', 'mismatch']);

/**
 * A heading and one "- " line per kind of item, each with its cure, or '' when nothing is left: in
 * one paragraph the kinds ran together (12 lines at 80 columns on the sandbox's day one). `idle`:
 * the saved pairs with an inactive user, already named with their own cure, so not counted again
 * among the stale. `matched`: fix's own match of the same users and saved pairs, which is map's too
 * unless a mapping is stale (see reconcile). `saidAbove`: the pairs (Zoho id, NUL, MyOperator uuid) the
 * run has just said are not saved yet, with the resync that saves them: counted again here, a
 * `fix --only` said them twice.
 */
export function stillLeft(
  saved: MappingData,
  users: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] },
  idle: ReadonlyArray<{ zoho: ZohoUser; myoperator: MyOperatorUser }>,
  now: string,
  matched: MatchReport,
  saidAbove: ReadonlySet<string> = new Set(),
): string {
  const plan = reconcile({ ...saved, ...users, auto: true, prune: false, now, matched });
  const named = new Set(idle.map((p) => `${p.zoho.id}\0${p.myoperator.id}`));
  const stale = plan.stale.filter((s) => !named.has(`${s.mapping.zoho.id}\0${s.mapping.myoperator.uuid}`)).length;
  const unresolved = plan.unresolved.length;
  // A line a Zoho user's "never map" mark alone leaves unclaimed has a line of its own: "attributed to nobody" was untrue of
  // one holding that user's e-mail byte for byte, and "add the person to Zoho" or `map --ignore-myoperator` dead ends.
  const unmapOf = (z: ZohoUser) => unmapCommand(ignoredUndoWord(zohoWord(users.zoho, z), z.id, saved));
  const onDuty = unclaimedOnDuty(plan.report.results);
  const marked = markedSentences(onDuty, plan.report, unmapOf, (u) => myOperatorWord(users, u), 'myoperator-only');
  const unclaimed = marked.size === 0 ? onDuty : onDuty.filter((u) => !marked.has(u));
  // Pairs equal now (often the ones an earlier fix set) that the mappings file still lacks: the run
  // that set them said `resync` saves them, and the next run, with nothing to set, forgot it.
  const unsaved = plan.add.filter((m) => !saidAbove.has(`${m.zoho.id}\0${m.myoperator.uuid}`)).length;
  const more = unsaved < plan.add.length;
  const likely = plan.unresolved.filter((r) => LIKELY.has(r.status)).length;
  const items = [
    unsaved &&
      `${more ? `${unsaved} more ${unsaved === 1 ? 'pair' : 'pairs'}` : plural(unsaved, 'pair')} whose e-mails are equal now, not saved as ${unsaved === 1 ? 'a mapping' : 'mappings'} yet: \`phonebridge-sync resync\` saves ${unsaved === 1 ? 'it' : 'them'}${more ? ' too' : ''}.`,
    unresolved &&
      `${plural(unresolved, 'unresolved Zoho user')}${likely ? ` (${likely === unresolved ? (unresolved === 1 ? 'with' : 'each with') : `${likely} with`} a likely MyOperator user)` : ''}: \`phonebridge-sync map\` asks about ${unresolved === 1 ? 'it' : 'each'}, and \`fix\` then sets the e-mails of the pairs it saves.`,
    stale &&
      // The prune takes the pairs named above too: its --max-prune counts them.
      `${plural(stale, 'stale mapping')}, whose ${stale === 1 ? 'user has left or is' : 'users have left or are'} switched off: ${pruneRemoves(plan.stale.length, stale === 1 ? 'it' : 'them')}.`,
    unclaimedItem(unclaimed, users),
    ...marked.values(),
  ].filter(Boolean);
  return items.length ? `Left to settle:\n${items.map((item) => `- ${item}\n`).join('')}` : '';
}

/**
 * The MyOperator users no Zoho user claims, and what ties one to a Zoho user. They keep no Zoho
 * user's calls from being attributed, and a shared line may rightly have no Zoho user, so that is
 * said too: the item is there because calls to them are attributed to nobody.
 */
function unclaimedItem(users: readonly MyOperatorUser[], everyone: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] }): string {
  const n = users.length;
  if (n === 0) return '';
  // Named when few, as resync's table names them; else where they are listed.
  const who = ` (${namedWhenFew(users, nameAndEmail) ?? UNCLAIMED_LISTED})`;
  return `${n} active MyOperator user${n === 1 ? '' : 's'} no Zoho user claims${who}, so ${n === 1 ? 'its' : 'their'} calls are attributed to nobody: ${claimCure(users)}; ${sharedLineMayStay(n === 1 ? myOperatorWord(everyone, users[0]!) : undefined)}.`;
}

/**
 * How a Zoho user comes to claim them. A seat without an e-mail gives none to add the person with,
 * and resync maps no pair without one: "add the person to Zoho with that e-mail (then `resync` maps
 * the pair)" was said of Night Shift too. Only `map` pairs such a seat, and fix then sets its e-mail.
 */
function claimCure(users: readonly MyOperatorUser[]): string {
  const bare = users.filter((u) => !u.email).length;
  const byMap = '`phonebridge-sync map` pairs the seat with its Zoho user';
  if (bare === 0) return `add the person to Zoho with that e-mail (then \`phonebridge-sync resync\` maps the pair), or ${byMap}`;
  if (bare < users.length)
    return `add the person to Zoho with the seat's e-mail (then \`phonebridge-sync resync\` maps the pair), or ${byMap}, the one way for a seat without an e-mail, whose e-mail \`phonebridge-sync fix\` then sets`;
  const one = bare === 1;
  return `\`phonebridge-sync map\` pairs ${one ? 'the seat' : 'each seat'} with its Zoho user (add the person to Zoho first, if they are not there), and \`phonebridge-sync fix\` then sets ${one ? 'its e-mail' : 'their e-mails'}`;
}
