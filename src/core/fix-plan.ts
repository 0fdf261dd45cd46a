/**
 * The `fix` plan, pure: which MyOperator e-mails to set to their Zoho user's exact string so that
 * MyOperator's own byte-for-byte rule ties the two, and which of those must not be written.
 *
 * An entry comes from a saved mapping (the admin said who is who) or from a `mismatch` result (the
 * same address once invisible differences are set aside, one candidate); both users active. Zoho
 * is never the side that changes: Zoho does not let an admin change a confirmed user's e-mail.
 * An entry is a conflict, never written, when the Zoho e-mail is empty or itself carries an
 * invisible, space or look-alike character (copying it would spread the error), when several Zoho
 * users hold it, when another MyOperator user already holds the target (two users with one
 * e-mail cannot be told apart), even as a person reads it (see conflictOf), or when the MyOperator
 * user's e-mail now is exactly another active Zoho user's (it carries that user's calls today: the
 * saved mapping is the likelier mistake), or is that user's as a person reads it (case, spaces,
 * look-alikes: the seat is likelier that user's).
 */
import { emailKey, pastable, reveal, visible } from './forensics.js';
import { matchUsers, type MatchReport, type MatchResult } from './match.js';
import { upperFirst } from '../errors.js';
import { inMyOperatorPanel } from './myoperator-panel.js';
import { callsOf, differenceWords, emptyEmailReason, heldByAnotherSentence, leadFirst, listedUser, myOperatorNoted, myOperatorWho, needsFixReason, OFF_KEEPS_EMAIL, oldPhoneCure, oldPhoneHolds, oldPhonesFirst, setsHeld, slipCure, zohoEmailFlaw, type Reason, type UserLists } from './reasons.js';
import { savedPairs, type Mapping, type MappingData } from './reconcile.js';
import { myOperatorWord, zohoWord } from './resolve.js';
import { resemblances, whoseInstead, type Resemblance } from './resembles.js';
import { deletedInZoho, holdersBy, holdersByEmail, leftUnmappedIds, unsavedHolders, type MyOperatorUser, type ZohoUser } from './users.js';

export interface FixEntry {
  zoho: ZohoUser;
  myoperator: MyOperatorUser;
  /** The MyOperator e-mail now, exactly. */
  from: string;
  /** The Zoho e-mail, exactly: what MyOperator must hold. */
  to: string;
  /** Why the two differ: the matcher's reasons. */
  reasons: Reason[];
  source: 'mapping' | 'mismatch';
  /**
   * For a saved pair: the MyOperator e-mail recorded when it was mapped, when MyOperator now holds
   * another. Retyped in MyOperator's panel since (a slip, or the seat handed to a new person, whose
   * calls the old e-mail, set back, would give to the old one), or recorded elsewhere (`map --import`).
   */
  recorded?: string;
  /** Set when the entry must not be written: one sentence saying why and where the fix is. */
  conflict?: string;
  /**
   * The conflict is only that `recorded` differs: lifted when `--only` names the entry (the admin
   * says it is still the same person). Every other conflict stands whatever names it.
   */
  untilNamed?: boolean;
  /** Set when `--only` lifted the hold (see liftsHold): said in the plan and recorded with the change. */
  lifted?: string;
  /**
   * For a saved pair held because its MyOperator user is another Zoho user's likely match or
   * candidate (whoseInstead's words): the pairing `map --zoho … --myoperator …` asks about, saved
   * with --yes or imported, which fix would make that seat this Zoho user's. Lifted as `recorded` is.
   */
  resembles?: string;
}

/** Where an admin changes the e-mail by hand: fix says it of a change MyOperator did not take, and doctor --calls after it. */
export function panelPath(e: Pick<FixEntry, 'myoperator' | 'to'>): string {
  return `${inMyOperatorPanel(visible(e.myoperator.name) || visible(e.myoperator.id))}, set it to "${reveal(e.to)}"`;
}

export interface FixInput {
  zoho: readonly ZohoUser[];
  myoperator: readonly MyOperatorUser[];
  mappings: readonly Mapping[];
  /** The matcher's report on the same users, with the saved mappings applied. */
  report: MatchReport;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Why a mapped pair's e-mails differ, in the matcher's words: as `match` would explain them among
 * all the users without the saved pairs (a domain typo is told by how many others share the
 * domain), else as the pair alone.
 */
function pairReasons(z: ZohoUser, m: MyOperatorUser, loose: () => ReadonlyMap<string, MatchResult>): Reason[] {
  const mine = loose().get(z.id);
  const own = mine && differences(mine.reasons);
  const found = mine?.myoperator?.id === m.id && own?.length ? own : mine?.candidates.find((c) => c.user.id === m.id)?.reasons;
  if (found?.length) return found;
  const r = matchUsers({ zoho: [z], myoperator: [m] }).results.find((x) => x.zoho);
  const pair = r && differences(r.reasons);
  const alone = pair?.length ? pair : r?.candidates[0]?.reasons;
  if (alone?.length) return alone;
  // Nothing to compare (a MyOperator user with no e-mail): still a reason, so every view of the
  // entry (--json's reasons, the codes piped) says the same.
  return [m.email ? needsFixReason(z, m) : emptyEmailReason('myoperator', 'mapped')];
}

/**
 * Of a result's reasons, why the two e-mails differ: neither the Zoho user's stale saved pair (to a
 * phone now inactive) nor an invitation not accepted is one of those.
 */
function differences(reasons: readonly Reason[]): Reason[] {
  return reasons.filter((x) => x.code !== 'stale-mapping' && x.code !== 'unconfirmed');
}

/** Why an entry must not be written, judged among these users and mappings (the indexes built once). */
function conflictsAmong(input: Pick<FixInput, 'zoho' | 'myoperator' | 'mappings'>): (entry: FixEntry) => string | undefined {
  const holders = holdersByEmail(input.myoperator);
  const zohoHolders = new Map<string, number>();
  for (const u of input.zoho) if (u.email) zohoHolders.set(u.email, (zohoHolders.get(u.email) ?? 0) + 1);
  const activeZoho = new Map<string, ZohoUser>();
  for (const u of input.zoho) if (u.email && u.active) activeZoho.set(u.email, u);
  const mappedTo = new Map(input.mappings.map((mp) => [mp.zoho.id, mp.myoperator.uuid]));
  const mappedM = new Set(input.mappings.map((mp) => mp.myoperator.uuid));
  // Built on first need (a MyOperator e-mail tied to no Zoho user exactly, and not the target's up
  // to case or look-alikes): a key per Zoho user is not free at a million users.
  let byKey: Map<string, ZohoUser> | undefined;
  const activeZohoByKey = (key: string): ZohoUser | undefined => {
    if (!byKey) {
      byKey = new Map();
      for (const u of input.zoho) if (u.email && u.active) byKey.set(emailKey(u.email), u);
    }
    return byKey.get(key);
  };
  // Built on first need too: most plans ask of targets no one else holds even as a person reads them.
  let byNear: Map<string, MyOperatorUser[]> | undefined;
  const nearHolders = (email: string): readonly MyOperatorUser[] => {
    byNear ??= holdersBy(input.myoperator, emailKey);
    return byNear.get(emailKey(email)) ?? [];
  };
  return (entry) => conflictOf(entry, input, holders, zohoHolders, activeZoho, activeZohoByKey, mappedTo, mappedM, nearHolders);
}

/**
 * An e-mail as a service that keeps e-mails unique regardless of letter case and padding would
 * compare it: what MyOperator may refuse as taken. Narrower than emailKey (no invisible or
 * look-alike characters), which is how a person reads it.
 */
function caseFold(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Whether a MyOperator user holding `to` as a person reads it, not byte for byte, is in the way of
 * setting it (conflictOf), as the plan and fix's check after sending judge it. A switched-off holder
 * takes no calls and is no one's better mapping, so it is in the way only where MyOperator may refuse
 * the e-mail as taken: equal but for case (a zero-width copy on a dead phone refused Asha's fix to
 * the phone on duty for nothing).
 */
export function nearHolderInTheWay(holder: Pick<MyOperatorUser, 'active' | 'email'>, to: string): boolean {
  return holder.active || caseFold(holder.email) === caseFold(to);
}

/**
 * What `fix` would say of this saved pair: undefined when it would set MyOperator's e-mail, else
 * the conflict that keeps it from doing so (for `map`, which must not promise a fix that will not come).
 */
export function fixConflict(z: ZohoUser, m: MyOperatorUser, input: Pick<FixInput, 'zoho' | 'myoperator' | 'mappings'>): string | undefined {
  return fixConflicts(input)(z, m);
}

/**
 * Whose calls a pair just mapped with differing e-mails leaves unattributed: the MyOperator user's,
 * named. "none of these calls" followed a line that listed no calls.
 */
export const unattributedYet = (m: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>): string =>
  `Their e-mails differ, so PhoneBridge attributes none of ${callsOf(m)} yet`;

/** A pair just mapped whose e-mails differ, and which `fix` refuses as it stands: said by every way `map` saves one. */
export function unfixableYet(m: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>, conflict: string): string {
  return `${unattributedYet(m)}, and \`fix\` cannot set MyOperator's until this is settled: ${conflict}`;
}

/**
 * fixConflict for many saved pairs among the same users (doctor's mapping health): the indexes
 * are built once, not once per pair.
 */
export function fixConflicts(input: Pick<FixInput, 'zoho' | 'myoperator' | 'mappings'>): (z: ZohoUser, m: MyOperatorUser) => string | undefined {
  const among = conflictsAmong(input);
  return (z, m) => {
    // planFix leaves such a pair out, as it takes no calls: said, rather than a `fix --only` that finds nothing to do.
    if (!z.active || !m.active) return inactivePairSentence(z, m);
    return among({ zoho: z, myoperator: m, from: m.email, to: z.email, reasons: [], source: 'mapping' });
  };
}

/** Why planFix leaves out a pair with a user that is off: which one, and the cure. */
export function inactivePairSentence(z: ZohoUser, m: MyOperatorUser): string {
  // Where Zoho's users list holds its deleted users, one is listed "deleted": "switch it back on"
  // was said of a user Zoho keeps only as a record. The pair is what to remove.
  if (deletedInZoho(z))
    return `Zoho user ${visible(z.name) || visible(z.id)} is deleted in Zoho, and fix leaves a pair with an inactive user alone (it takes no calls); \`phonebridge-sync map --unmap ${pastable(z.id)}\` removes the pair.`;
  const off = [!z.active && `Zoho user ${visible(z.name) || visible(z.id)}`, !m.active && `MyOperator user ${visible(m.name) || visible(m.id)}`].filter(Boolean);
  return `${off.join(' and ')} ${off.length === 1 ? 'is' : 'are'} inactive, and fix leaves a pair with an inactive user alone (it takes no calls); switch ${off.length === 1 ? 'it' : 'them'} back on first.`;
}

/**
 * The saved pairs planFix leaves out although their e-mails differ, because a user of the pair is
 * off: a run with nothing to send must not claim every mapped user holds the Zoho e-mail.
 */
export function inactiveMappedPairs(input: Pick<FixInput, 'zoho' | 'myoperator' | 'mappings'>): Array<{ zoho: ZohoUser; myoperator: MyOperatorUser }> {
  const zById = new Map(input.zoho.map((u) => [u.id, u]));
  const mById = new Map(input.myoperator.map((u) => [u.id, u]));
  const pairs: Array<{ zoho: ZohoUser; myoperator: MyOperatorUser }> = [];
  for (const mp of input.mappings) {
    const z = zById.get(mp.zoho.id);
    const m = mById.get(mp.myoperator.uuid);
    if (z && m && z.email !== m.email && (!z.active || !m.active)) pairs.push({ zoho: z, myoperator: m });
  }
  return pairs;
}

/**
 * fixConflicts with its indexes built on first use, from `input` asked then: for the advice that
 * counts which pairs needing fix `fix` would refuse (match, resync), where often no pair needs fix
 * and a million users must not be indexed for nothing. Only the pairs asked about are judged.
 */
export function fixConflictsWhenAsked(input: () => Pick<FixInput, 'zoho' | 'myoperator' | 'mappings'>): (z: ZohoUser, m: MyOperatorUser) => string | undefined {
  let judge: ((z: ZohoUser, m: MyOperatorUser) => string | undefined) | undefined;
  return (z, m) => (judge ??= fixConflicts(input()))(z, m);
}

function conflictOf(
  entry: FixEntry,
  users: UserLists,
  holders: ReadonlyMap<string, MyOperatorUser[]>,
  zohoHolders: ReadonlyMap<string, number>,
  activeZoho: ReadonlyMap<string, ZohoUser>,
  activeZohoByKey: (key: string) => ZohoUser | undefined,
  mappedTo: ReadonlyMap<string, string>,
  mappedM: ReadonlySet<string>,
  nearHolders: (email: string) => readonly MyOperatorUser[],
): string | undefined {
  const { zoho: z, myoperator: m, from, to } = entry;
  const check = entry.source === 'mapping' ? `check the saved mapping (\`phonebridge-sync map --unmap ${pastable(z.id)}\` removes it)` : 'check who this MyOperator user is (`phonebridge-sync map` pairs them)';
  // The MyOperator user already ties, byte for byte, to another active Zoho user: PhoneBridge gives
  // that user its calls today. Unless a saved mapping puts that Zoho user elsewhere (an account
  // handed on: this change is the first of two), the pairing is the likelier mistake.
  const tied = from ? activeZoho.get(from) : undefined;
  const tiedMappedTo = tied && mappedTo.get(tied.id);
  if (tied && tied.id !== z.id && (tiedMappedTo === undefined || tiedMappedTo === m.id)) {
    // Named by name and e-mail, then "that Zoho user": it and the pair's Zoho user may share a name.
    return `PhoneBridge gives the calls of MyOperator user ${myOperatorWho(m)} to Zoho user ${listedUser(tied)} now: both have "${reveal(from)}". The change would take those calls from that Zoho user, so ${check} first.`;
  }
  // Not byte for byte, but the same address as a person reads it (case, spaces, invisible or
  // look-alike characters): the seat is another Zoho user's, whose e-mail fix would set right for
  // them, and this change would hand it to this one instead (a slip of the extension, seen: Meena
  // mapped to ext 16, "ｐriya.nair@…", and fix about to make Priya's phone Meena's).
  if (!tied && from && emailKey(from) !== emailKey(to)) {
    const like = activeZohoByKey(emailKey(from));
    const likeMappedTo = like && mappedTo.get(like.id);
    if (like && like.id !== z.id && (likeMappedTo === undefined || likeMappedTo === m.id)) {
      const how = differenceWords(like.email, from);
      // Each Zoho user by name and e-mail ("likelier Ravi Kumar's, and the change would give it to Ravi Kumar" of namesakes).
      return `MyOperator user ${myOperatorWho(m)} has "${reveal(from)}", which reads as the e-mail of Zoho user ${listedUser(like)}${how ? ` but for ${how}` : ''}: the seat is likelier that Zoho user's, and the change would give it to Zoho user ${listedUser(z)}, so ${check} first.`;
    }
  }
  if (!to) return `Zoho user ${visible(z.name) || visible(z.id)} has no e-mail to copy; add one in Zoho first.`;
  const flaw = zohoEmailFlaw(to, visible(z.name) || visible(z.id));
  if (flaw) return `${flaw}.`;
  const sharing = zohoHolders.get(to) ?? 0;
  if (sharing > 1) return `${sharing} Zoho users have "${reveal(to)}": PhoneBridge could not choose between them, so make the Zoho e-mails unique first.`;
  // Named the active first, whatever order MyOperator listed them in: it takes the calls.
  const others = leadFirst((holders.get(to) ?? []).filter((u) => u.id !== m.id));
  const other = others[0];
  // A saved pair, and holders no mapping claims: one may be the person the mapping meant (a slip of
  // the extension), so the sentence names the re-map. A holder mapped to someone else has its own
  // entry, which may take the e-mail away (an account handed on). match names the same holders.
  const unclaimed = entry.source === 'mapping' ? leadFirst(unsavedHolders(holders, to, m.id, mappedM)) : [];
  if (unclaimed.length) return `${heldByAnotherSentence(z, m, unclaimed, users)}.`;
  // Switched-off holders alone of a mismatch's target: match leads with the phone on duty (this
  // entry), so nothing is left to settle but the old phones' e-mails, which switching them off did
  // not clear. Every one is named: after the first alone, fix refused again for the next.
  // `to` passed zohoEmailFlaw above: revealed, as the cure quotes it, it reads as `visible` shows it.
  if (other && entry.source === 'mismatch' && others.every((u) => oldPhoneHolds(z, m, u))) return `${oldPhoneCure(others, { email: to, onDuty: m })}.`;
  if (other)
    return `MyOperator user ${myOperatorWho(other)} already has "${reveal(to)}"; two users with one e-mail cannot be told apart, so settle which one it is first.`;
  // Another user holds the target as a person reads it (emailKey: case, spaces, invisible or
  // look-alike characters). Whether MyOperator keeps e-mails unique regardless of case is
  // unconfirmed (reference §3–4; the emulator's emailTakenStatus is that switch), so the plan
  // refuses it before sending rather than send to find out: where MyOperator refuses, the change
  // came back "not applied … set it by hand", and the panel meets the same refusal; where it takes
  // it, two MyOperator users hold one address as a person reads it, and the holder, whom match
  // reads as this Zoho user (a mismatch), is likelier the person the pair meant. That holds of a
  // zero-width or look-alike copy as much as of a case one (a case-only check let ext 12's
  // "asha<U+200B>@…" stand while ext 11 was given Asha's e-mail). Either way the admin settles
  // who it is first, as for an exact holder above, if it is in the way (nearHolderInTheWay).
  const variant = nearHolders(to).find((u) => u.id !== m.id && u.email !== to && nearHolderInTheWay(u, to));
  if (!variant) return undefined;
  // A switched-off holder beside this phone, which holds the target as a person reads it (the phone
  // on duty): an old phone, never the better mapping (as heldByAnotherSentence says of an exact one).
  const oldPhone = oldPhoneHolds(z, m, variant);
  return heldNearCopySentence(z, m, variant, oldPhone ? 'old-phone' : entry.source === 'mapping' && !mappedM.has(variant.id) ? 'slip' : 'settle', users);
}

/**
 * A target another MyOperator user holds as a person reads it (a near copy: case, spaces, invisible
 * or look-alike characters; see conflictOf), and its cure: `slip`, a saved pair whose holder no
 * mapping claims, so the re-map is named; `old-phone`, a switched-off holder beside the phone on
 * duty `m` (the entry's), whose e-mail alone is in the way. Named for
 * how the two differ: only one differing in letter case alone may MyOperator refuse as taken.
 */
function heldNearCopySentence(z: ZohoUser, m: MyOperatorUser, holder: MyOperatorUser, cure: 'slip' | 'settle' | 'old-phone', users: UserLists): string {
  const h = cure === 'old-phone' ? myOperatorNoted(holder, 'switched off') : myOperatorWho(holder);
  const said =
    cure === 'slip'
      ? `${slipCure(z, holder, users)}.`
      : cure === 'old-phone'
        ? `${upperFirst(OFF_KEEPS_EMAIL)}: ${oldPhonesFirst([holder], m)}.`
        : 'Settle which one it is first.';
  // Only letter case alone may MyOperator refuse as taken (caseFold's trim would call a space case);
  // an old phone is never the likelier seat (it takes no calls).
  const why =
    holder.email.toLowerCase() === z.email.toLowerCase()
      ? 'MyOperator may refuse the change as an e-mail already taken, and where it takes it, two users hold one address'
      : `the change would leave two users with one address as a person reads it${cure === 'old-phone' ? '' : ", and that seat is likelier that Zoho user's"}`;
  // Named once by name and e-mail, as the slip cure's re-map names it after: two Zoho users may share a name.
  return `MyOperator user ${h} ${cure === 'old-phone' ? 'still' : 'already'} has "${reveal(holder.email)}", the e-mail of Zoho user ${listedUser(z)} but for ${differenceWords(z.email, holder.email)}: ${why}. ${said}`;
}

/**
 * Held back rather than set: a MyOperator e-mail other than the one the pair was recorded with.
 * Set back unasked, a seat handed to a new hire would send the new hire's calls to the person who
 * left (a CI job with --yes would do it every run). The admin who knows says which: --only names
 * it. Only the difference is said: a pair from `map --import` of another day's or company's export
 * was recorded with an e-mail this MyOperator may never have held ("someone changed it" was a guess).
 */
function retypedSentence(e: FixEntry, only: string): string {
  const m = e.myoperator;
  // By name and e-mail: two Zoho users may share a name.
  return `MyOperator user ${myOperatorWho(m)} has "${reveal(e.from)}" now, not the "${reveal(e.recorded!)}" this pair was recorded with. Still ${listedUser(e.zoho)}? \`phonebridge-sync fix --only ${pastable(only)}\` ${setsHeld(e.recorded!, e.to)}. Someone else now? \`phonebridge-sync map --unmap ${pastable(e.zoho.id)}\` removes the pair.`;
}

/**
 * Held back rather than set: a saved pair whose MyOperator user is the likely match or a candidate
 * of another Zoho user (`others`), as map asks before saving one (a slip of one extension, ext 21
 * for 18). Saved with --yes, or by an import, plain `fix` (a CI job's) gave Neha Kapoor's seat
 * Deepak's e-mail, and her calls to him. The admin who knows says which: --only names it.
 */
function crossedSentence(e: Pick<FixEntry, 'zoho' | 'myoperator'>, others: readonly Resemblance[], only: string, users: UserLists): string {
  // Name and e-mail, as the slip cure names a Zoho user: the two are often namesakes.
  const who = listedUser(e.zoho);
  const other = others.length === 1 ? others[0]!.zoho : undefined;
  const instead = other
    ? `if it is that of ${listedUser(other)}, \`phonebridge-sync map --zoho ${pastable(zohoWord(users.zoho, other))} --myoperator ${pastable(only)} --yes\` maps that pair instead`
    : `if not, \`phonebridge-sync map --unmap ${pastable(e.zoho.id)}\` removes the pair`;
  return `MyOperator user ${myOperatorWho(e.myoperator)} is ${whoseInstead(others, e.myoperator)}, not of ${who}, so fix leaves this pair alone until told: if the seat is that of ${who}, \`phonebridge-sync fix --only ${pastable(only)}\` sets it; ${instead}.`;
}

/**
 * The Zoho users a saved pair's MyOperator user resembles instead, among those free to be its person
 * (in no saved pair, not marked "never map"), as map judged the pair before saving it: in the match
 * without the saved pairs (`loose`), indexed on first need. Not one whose own likely match is
 * another seat in no saved pair: that seat is theirs, and this one only their next candidate.
 */
function resemblingAmong(mappings: readonly Mapping[], loose: () => ReadonlyMap<string, MatchResult>, ignored: () => ReadonlySet<string>): (z: ZohoUser, m: MyOperatorUser) => Resemblance[] {
  let others: ((z: ZohoUser, m: MyOperatorUser) => Resemblance[]) | undefined;
  let mappedZ: Set<string> | undefined;
  let mappedM: Set<string> | undefined;
  return (z, m) => {
    others ??= resemblances([...loose().values()]);
    const found = others(z, m);
    if (found.length === 0) return found;
    mappedZ ??= new Set(mappings.map((mp) => mp.zoho.id));
    mappedM ??= new Set(mappings.map((mp) => mp.myoperator.uuid));
    const ownFree = (o: Resemblance) => o.own !== undefined && o.own.id !== m.id && !mappedM!.has(o.own.id);
    return found.filter((o) => !mappedZ!.has(o.zoho.id) && !ignored().has(o.zoho.id) && !ownFree(o));
  };
}

/**
 * fix's hold on a saved pair whose MyOperator user is another Zoho user's likely match, as its
 * sentence (crossedSentence), for a view that says fix's verdict on a mapped row (match, resync):
 * judged as planFix judges it, with the match it needs made on first need.
 */
export function crossedWhenAsked(input: () => Pick<FixInput, 'zoho' | 'myoperator' | 'mappings'> & { ignored: ReadonlySet<string> }): (z: ZohoUser, m: MyOperatorUser) => string | undefined {
  let judge: ((z: ZohoUser, m: MyOperatorUser) => string | undefined) | undefined;
  return (z, m) => {
    if (!judge) {
      const given = input();
      const resembling = resemblingAmong(given.mappings, looseMatch(given), () => given.ignored);
      judge = (zoho, mo) => {
        const others = resembling(zoho, mo);
        return others.length ? crossedSentence({ zoho, myoperator: mo }, others, myOperatorWord(given, mo), given) : undefined;
      };
    }
    return judge(z, m);
  };
}

/** The Zoho users a report (savedPairs') has marked "never map": they take no calls, so no seat is theirs. */
export function ignoredZohoIn(report: MatchReport): Set<string> {
  return new Set(report.results.flatMap((r) => (r.status === 'ignored' && r.zoho ? [r.zoho.id] : [])));
}

/**
 * The match of the users alone, without the saved pairs, made on first need: its results by Zoho id
 * (10,000 lookups would otherwise search 10,000 results each). Kept per pair of user lists, as
 * read once in a run: each view that says fix's verdict asks for it (doctor's mapping-health and
 * fix's plan, resync's rows and its count after the picker), and each made a whole match more.
 */
function looseMatch(users: UserLists): () => ReadonlyMap<string, MatchResult> {
  return () => {
    const byMyOperator = looseByLists.get(users.zoho) ?? looseByLists.set(users.zoho, new WeakMap()).get(users.zoho)!;
    const kept = byMyOperator.get(users.myoperator);
    if (kept) return kept;
    const results = new Map<string, MatchResult>();
    for (const r of matchUsers({ zoho: users.zoho, myoperator: users.myoperator }).results) if (r.zoho && !results.has(r.zoho.id)) results.set(r.zoho.id, r);
    byMyOperator.set(users.myoperator, results);
    return results;
  };
}

const looseByLists = new WeakMap<UserLists['zoho'], WeakMap<UserLists['myoperator'], ReadonlyMap<string, MatchResult>>>();

/**
 * A match result fix plans with no saved pair: a mismatch with one candidate, both users active.
 * Whether it is then written is fix's conflict verdict (fixConflicts), as for a saved pair.
 */
export function takenUnmapped(r: MatchResult): r is MatchResult & { zoho: ZohoUser; myoperator: MyOperatorUser } {
  return r.status === 'mismatch' && r.zoho !== null && r.myoperator !== null && r.zoho.active && r.myoperator.active && r.candidates.length <= 1;
}

/** What a mismatch is, said beside the count of those fix sets with no mapping (resync's closing line, map's). */
export const MISMATCH_MEANS = 'one address on both sides but for case, spaces or look-alike characters';

/**
 * Of the unresolved, the mismatches fix sets with no mapping: takenUnmapped, and not refused by
 * fix's conflict verdict (`refuses`, fixConflicts). No person need pair them, so map's picker and
 * resync's ask about the others only, and each says these are fix's.
 */
export function setByFixAlone(unresolved: readonly MatchResult[], refuses: (z: ZohoUser, m: MyOperatorUser) => string | undefined): Set<MatchResult> {
  return new Set(unresolved.filter((r) => takenUnmapped(r) && !refuses(r.zoho, r.myoperator)));
}

/** A saved pair's entry, with the MyOperator e-mail recorded when it was mapped where MyOperator now holds another. */
function savedPairEntry(mp: Mapping, z: ZohoUser, m: MyOperatorUser, reasons: Reason[]): FixEntry {
  const entry: FixEntry = { zoho: z, myoperator: m, from: m.email, to: z.email, reasons, source: 'mapping' };
  if (mp.myoperator.email !== m.email) entry.recorded = mp.myoperator.email;
  return entry;
}

/**
 * Sets an entry's conflict, or its hold (`untilNamed`) where only its pairing is in doubt: its
 * MyOperator user another Zoho user's likely match (`resembling`), or its recorded MyOperator
 * e-mail not the one held now. Fix's verdict on it.
 */
function judgeAmong(input: Pick<FixInput, 'zoho' | 'myoperator' | 'mappings'>, resembling: (z: ZohoUser, m: MyOperatorUser) => Resemblance[]): (e: FixEntry) => void {
  const conflictOf = conflictsAmong(input);
  return (e) => {
    const conflict = conflictOf(e);
    const others = conflict || e.source !== 'mapping' ? [] : resembling(e.zoho, e.myoperator);
    if (conflict) e.conflict = conflict;
    else if (others.length) {
      e.conflict = crossedSentence(e, others, myOperatorWord(input, e.myoperator), input);
      e.resembles = whoseInstead(others, e.myoperator);
      e.untilNamed = true;
    } else if (e.recorded !== undefined) {
      e.conflict = retypedSentence(e, myOperatorWord(input, e.myoperator));
      e.untilNamed = true;
    }
  };
}

/**
 * What plain `fix` does with saved pairs whose e-mails differ, as its plan judges each: `sets` it,
 * `holds` it until `--only` names it (the MyOperator e-mail recorded with the mapping is not the
 * one held now), or `refuses` it (a conflict, or a user switched off). For `map --import`, whose
 * file may record e-mails another day or company held: fixConflicts alone promised plain `fix`
 * for pairs fix then left alone (exit 5). The indexes are built once, not once per pair.
 */
export function fixVerdicts(
  input: Pick<FixInput, 'zoho' | 'myoperator' | 'mappings'> & { ignored: readonly string[] },
): (mp: Mapping, z: ZohoUser, m: MyOperatorUser) => 'sets' | 'holds' | 'crossed' | 'refuses' {
  const ignored = new Set(input.ignored);
  const judge = judgeAmong(input, resemblingAmong(input.mappings, looseMatch(input), () => ignored));
  return (mp, z, m) => {
    if (!z.active || !m.active) return 'refuses';
    const entry = savedPairEntry(mp, z, m, []);
    judge(entry);
    return entry.resembles ? 'crossed' : entry.untilNamed ? 'holds' : entry.conflict ? 'refuses' : 'sets';
  };
}

/**
 * `countOnly`, for a caller that counts the plan: a saved pair's `reasons` are left empty
 * (explaining one matches every user once more, and the pair alone again), and nothing is sorted.
 */
export function planFix(input: FixInput, countOnly = false): FixEntry[] {
  const zById = new Map(input.zoho.map((u) => [u.id, u]));
  const mById = new Map(input.myoperator.map((u) => [u.id, u]));
  const entries: FixEntry[] = [];
  const seen = new Set<string>();
  // Matched once, and only when a saved pair needs explaining or judging.
  const loose = looseMatch(input);
  for (const mp of input.mappings) {
    const z = zById.get(mp.zoho.id);
    const m = mById.get(mp.myoperator.uuid);
    // A mapping whose user is gone is resync's business (stale); an inactive user takes no calls.
    if (!z || !m || !z.active || !m.active || z.email === m.email || seen.has(m.id)) continue;
    seen.add(m.id);
    entries.push(savedPairEntry(mp, z, m, countOnly ? [] : pairReasons(z, m, loose)));
  }
  for (const r of input.report.results) {
    if (!takenUnmapped(r) || seen.has(r.myoperator.id)) continue;
    seen.add(r.myoperator.id);
    const reasons = differences(r.reasons);
    entries.push({ zoho: r.zoho, myoperator: r.myoperator, from: r.myoperator.email, to: r.zoho.email, reasons, source: 'mismatch' });
  }
  let ignored: Set<string> | undefined;
  const judge = judgeAmong(input, resemblingAmong(input.mappings, loose, () => (ignored ??= ignoredZohoIn(input.report))));
  for (const e of entries) judge(e);
  if (countOnly) return entries;
  // Each key made once, not twice per comparison.
  const keyed = entries.map((e) => ({ e, k: emailKey(e.to) }));
  keyed.sort((a, b) => compare(a.k, b.k) || compare(a.e.to, b.e.to) || compare(a.e.myoperator.id, b.e.myoperator.id));
  return keyed.map((x) => x.e);
}

/**
 * How many MyOperator e-mails a plain `fix` would set now: its whole plan over these users and this
 * store, as fix makes it, less what it would not write. Said by a step that sends the admin to it:
 * over the default cap, plain `fix` is refused. `report`: the caller's match of these users with
 * every saved pair, fix's own (reconcile's, when no mapping is stale); else one is made. At 10,000
 * users a side the match, and the match more that explaining the mapped pairs cost, took ~0.5 s.
 */
export function wholePlanChanges(users: Pick<FixInput, 'zoho' | 'myoperator'>, data: MappingData, report?: MatchReport): number {
  const matched = report ?? matchUsers({ ...users, ...savedPairs(data) });
  return planFix({ ...users, mappings: data.mappings, report: matched }, true).filter((e) => !e.conflict).length;
}

/** The entries `--only` keeps: each value names a user of either side by id, e-mail or extension. */
export function entriesNamed(entries: readonly FixEntry[], value: string): FixEntry[] {
  const x = value.trim();
  if (x === '') return []; // names nobody, not every user without an e-mail or extension
  const key = emailKey(x);
  return entries.filter((e) => {
    const z = e.zoho;
    const m = e.myoperator;
    if ([z.id, z.zuid, m.id, m.userId, m.extension].includes(x)) return true;
    return [z.email, m.email].some((email) => email === value || (key !== '' && emailKey(email) === key));
  });
}

/**
 * Whether `--only value` lifts a held entry's hold (see `untilNamed`): only a value that names the
 * pair as the admin knows it, by the MyOperator user's uuid or extension or the Zoho user's id, zuid
 * or e-mail. Not by the e-mail MyOperator holds now (the new hire's, perhaps: `--only rohit@…` to
 * fix Rohit's own seat set Sneha's back), nor by its user_id, another number an extension shares.
 */
function liftsHold(e: FixEntry, value: string): boolean {
  const x = value.trim();
  if (x === '') return false;
  const z = e.zoho;
  const m = e.myoperator;
  return [m.id, m.extension, z.id, z.zuid].includes(x) || (z.email !== '' && (z.email === x || emailKey(z.email) === emailKey(x)));
}

/**
 * The entries `--only` kept, with each held one it names as the pair (see liftsHold) planned after
 * all: the admin says the retyped MyOperator e-mail is still this person's. Said on the entry still
 * (`lifted`), for the plan, the piped line and the history.
 */
export function liftNamedHolds(entries: readonly FixEntry[], only: readonly string[]): void {
  for (const e of entries)
    if (e.untilNamed && only.some((v) => liftsHold(e, v))) {
      delete e.conflict;
      delete e.untilNamed;
      // What is known, as the held sentence says it: a pair from `map --import` may never have held it here.
      const recorded = e.recorded !== undefined ? `recorded with "${reveal(e.recorded)}", not the e-mail MyOperator holds now` : '';
      e.lifted = e.resembles
        ? `${upperFirst(e.resembles)}${recorded && `, and ${recorded}`}: set all the same, as --only asks`
        : `${recorded}: set ${e.recorded === e.to ? 'back' : 'to the Zoho e-mail'}, as --only asks`;
    }
}

/** Who is tied to whom in a store, by id, for changedSince: built once per store, not searched per entry. */
export interface MappingTies {
  ignored: ReadonlySet<string>;
  /** The MyOperator uuids left unmapped on purpose (`map --ignore-myoperator`): fix never sets them. */
  leftUnmapped: ReadonlySet<string>;
  /** Zoho id → the MyOperator uuid of its (first) mapping. */
  byZoho: ReadonlyMap<string, string>;
  /** MyOperator uuid → the Zoho id of its (first) mapping. */
  byMyOperator: ReadonlyMap<string, string>;
}

export function mappingTies(d: Pick<MappingData, 'mappings' | 'ignored' | 'ignoredMyOperator'>): MappingTies {
  const byZoho = new Map<string, string>();
  const byMyOperator = new Map<string, string>();
  for (const mp of d.mappings) {
    if (!byZoho.has(mp.zoho.id)) byZoho.set(mp.zoho.id, mp.myoperator.uuid);
    if (!byMyOperator.has(mp.myoperator.uuid)) byMyOperator.set(mp.myoperator.uuid, mp.zoho.id);
  }
  return { ignored: new Set(d.ignored.map((i) => i.zohoId)), leftUnmapped: leftUnmappedIds(d), byZoho, byMyOperator };
}

/**
 * Why a planned change no longer stands, or undefined when it does: what another run (a `map`, a
 * resync) changed in the mappings between `then` (the store the plan was made from, before the
 * fetch and the confirmation) and `now`. Only a change counts: a pair the plan already knew of
 * (a Zoho user still mapped to an inactive phone, its mismatch with the new one planned) stands.
 * A change sent for a pair that was unmapped or re-pointed would give someone's calls to the wrong person.
 */
export function changedSince(e: FixEntry, then: MappingTies, now: MappingTies): string | undefined {
  const tiesOf = (t: MappingTies) => ({
    ignored: t.ignored.has(e.zoho.id),
    leftUnmapped: t.leftUnmapped.has(e.myoperator.id),
    zohoTo: t.byZoho.get(e.zoho.id),
    myoperatorTo: t.byMyOperator.get(e.myoperator.id),
  });
  const a = tiesOf(then);
  const b = tiesOf(now);
  const zName = visible(e.zoho.name) || visible(e.zoho.id);
  const mName = visible(e.myoperator.name) || visible(e.myoperator.id);
  const since = 'since the plan was read (another run changed the mappings), so it was not sent; run fix again for a plan from the mappings as they are';
  if (b.ignored && !a.ignored) return `Zoho user ${zName} was marked "never map" ${since}`;
  if (b.leftUnmapped && !a.leftUnmapped) return `MyOperator user ${mName} was left unmapped on purpose ${since}`;
  if (e.source === 'mapping' && b.zohoTo !== e.myoperator.id)
    return `The saved mapping of Zoho user ${zName} and MyOperator user ${mName} was ${b.zohoTo ? 'pointed elsewhere' : 'removed'} ${since}`;
  if (b.zohoTo !== a.zohoTo && b.zohoTo !== undefined && b.zohoTo !== e.myoperator.id) return `Zoho user ${zName} was mapped to another MyOperator user ${since}`;
  if (b.myoperatorTo !== a.myoperatorTo && b.myoperatorTo !== undefined && b.myoperatorTo !== e.zoho.id)
    return `MyOperator user ${mName} was mapped to another Zoho user ${since}`;
  return undefined;
}
