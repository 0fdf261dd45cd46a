/** Machine-readable reason codes, each carried with a sentence that names the side and the characters. */
import { caseDifference, describeChar, emailKey, findAnomalies, lookAlikes, pastable, reveal, visible } from './forensics.js';
import { clause, upperFirst } from '../errors.js';
import { namedUpTo, series, seriesUpTo } from '../io/plural.js';
import { deletedInZoho, type MyOperatorUser, type ZohoUser } from './users.js';
import { DEFAULT_MAX_PRUNE } from './max-changes.js';
import { inMyOperatorPanel } from './myoperator-panel.js';
import { myOperatorWord, zohoWord } from './resolve.js';
import type { MatchResult } from './match.js';

export type ReasonCode =
  | 'case'
  | 'whitespace'
  | 'invisible-character'
  | 'unicode-normalization'
  | 'confusable-character'
  | 'plus-address'
  | 'local-part-typo'
  | 'domain-typo'
  | 'other-domain'
  | 'same-name'
  | 'duplicate-email'
  | 'empty-email'
  | 'inactive'
  | 'needs-fix'
  | 'stale-mapping'
  | 'zoho-mapped-elsewhere'
  | 'left-unmapped-holder'
  | 'unconfirmed'
  | 'zoho-side-empty'
  | 'myoperator-side-empty';

export const REASON_CODES: readonly ReasonCode[] = [
  'case',
  'whitespace',
  'invisible-character',
  'unicode-normalization',
  'confusable-character',
  'plus-address',
  'local-part-typo',
  'domain-typo',
  'other-domain',
  'same-name',
  'duplicate-email',
  'empty-email',
  'inactive',
  'needs-fix',
  'stale-mapping',
  'zoho-mapped-elsewhere',
  'left-unmapped-holder',
  'unconfirmed',
  'zoho-side-empty',
  'myoperator-side-empty',
];

export type Side = 'zoho' | 'myoperator' | 'both';

export interface Reason {
  code: ReasonCode;
  side: Side;
  message: string;
}

export const SIDE_LABEL: Record<Exclude<Side, 'both'>, string> = { zoho: 'Zoho', myoperator: 'MyOperator' };

/** Per-character anomalies of one side's e-mail, as reasons. */
export function anomalyReasons(email: string, side: Exclude<Side, 'both'>): Reason[] {
  return findAnomalies(email).map((a) => ({
    code: a.code,
    side,
    message: `${SIDE_LABEL[side]} e-mail has ${a.what} ${a.where}`,
  }));
}

/**
 * One difference of two e-mails that are the same address once normalised: `detail` says it as a
 * clause that can stand inside a sentence (opening in lower case unless with a side's name), `rule`
 * the byte-for-byte rule it breaks, where it says one. Apart, so that doctor --webhook, which has
 * said the rule already, takes the detail alone rather than cut the rule off a sentence.
 */
export interface MismatchPart {
  code: ReasonCode;
  side: Side;
  detail: string;
  rule?: string;
}

/**
 * Why two e-mails that are the same address once normalised are not byte-equal: every anomaly on
 * either side, the look-alikes neither side's anomalies name, then the letter-case difference of
 * what remains. `mismatchReason` makes each a reason.
 */
export function explainMismatch(zohoEmail: string, myoperatorEmail: string): MismatchPart[] {
  const parts: MismatchPart[] = [...anomalyReasons(zohoEmail, 'zoho'), ...anomalyReasons(myoperatorEmail, 'myoperator')].map(({ code, side, message }) => ({ code, side, detail: message }));
  const alike = lookAlikes(zohoEmail, myoperatorEmail, 4);
  if (alike.count > 0) {
    const shown = alike.first.map((l) => `${l.position} (${describeChar(l.a)} in Zoho, ${describeChar(l.b)} in MyOperator)`).join(', ');
    const more = alike.count > 4 ? ` and ${alike.count - 4} more` : '';
    parts.push({
      code: 'confusable-character',
      side: 'both',
      detail: `look-alike characters at position${alike.count > 1 ? 's' : ''} ${shown}${more}`,
      rule: 'PhoneBridge compares e-mails byte for byte',
    });
  }
  const diff = caseDifference(zohoEmail, myoperatorEmail);
  if (diff) {
    const side: Side = diff.upperSide === 'a' ? 'zoho' : diff.upperSide === 'b' ? 'myoperator' : 'both';
    const shown = diff.positions
      .slice(0, 4)
      .map((p, i) => `${p} ("${diff.pairs[i]![0]}" in Zoho, "${diff.pairs[i]![1]}" in MyOperator)`)
      .join(', ');
    const more = diff.positions.length > 4 ? ` and ${diff.positions.length - 4} more` : '';
    parts.push({
      code: 'case',
      side,
      detail: `letter case differs at position${diff.positions.length > 1 ? 's' : ''} ${shown}${more}`,
      rule: 'PhoneBridge compares e-mails case-sensitively',
    });
  }
  return parts;
}

/** What kinds of difference a mismatch's reasons are, in the words doctor uses ("case, spaces, invisible or look-alike characters"). */
const KIND_WORDS: Partial<Record<Reason['code'], string>> = {
  case: 'letter case',
  whitespace: 'spaces',
  'invisible-character': 'invisible characters',
  'unicode-normalization': 'look-alike characters',
  'confusable-character': 'look-alike characters',
};

export function differenceKinds(parts: readonly MismatchPart[]): string[] {
  return kindWords(parts.map((p) => p.code));
}

/** differenceKinds' words for bare codes, each once ("letter case", "spaces", …). */
export function kindWords(codes: readonly ReasonCode[]): string[] {
  return [...new Set(codes.map((c) => KIND_WORDS[c] ?? 'other characters'))];
}

/** A difference as a reason of its own: "Letter case differs at position 1 (…); PhoneBridge compares e-mails case-sensitively". */
export function mismatchReason({ code, side, detail, rule }: MismatchPart): Reason {
  return { code, side, message: rule ? `${upperFirst(detail)}; ${rule}` : upperFirst(detail) };
}

/**
 * Where a MyOperator user without an e-mail stands: offered to a Zoho user it resembles (a
 * suggested or ambiguous candidate), resembled by no Zoho user still unmatched (myoperator-only),
 * or mapped already (fix's plan).
 */
export type EmptyEmailStanding = 'offered' | 'alone' | 'mapped';

/**
 * The cure of a MyOperator user without an e-mail, by where it stands, as doctor's user-status
 * words each: "`fix` sets it once the pair is mapped" was said of Night Shift too, whom no Zoho
 * user resembles, so that no pair could be mapped. `cmd` names a command: bare on match's row, a
 * cell of a narrow column whose closing lines give the commands whole; whole in doctor's report,
 * whose every other fix is pasted as it stands.
 */
const emptyEmailCure = (standing: EmptyEmailStanding, cmd: (name: string) => string): string =>
  ({
    offered: ` (${cmd('map')} asks about the pair; once it is mapped, ${cmd('fix')} sets it)`,
    alone: `, and no Zoho user still unmatched resembles it: it needs one added in Zoho first, whom ${cmd('map')} then asks about (${cmd('fix')} sets the e-mail once the pair is mapped)`,
    mapped: ` (${cmd('fix')} sets it: the pair is mapped)`,
  })[standing];

const bareCommand = (name: string): string => `\`${name}\``;
const wholeCommand = (name: string): string => `\`phonebridge-sync ${name}\``;

/** Not "or map by hand": PhoneBridge reads no mapping of ours, so a mapping alone attributes nothing. `cmd`: the MyOperator side's cure's commands. */
export function emptyEmailReason(side: Exclude<Side, 'both'>, standing: EmptyEmailStanding = 'offered', cmd = bareCommand): Reason {
  const reason: Reason = {
    code: 'empty-email',
    side,
    message:
      side === 'zoho'
        ? 'Zoho user has no e-mail, so PhoneBridge attributes none of its calls until it has one in Zoho (`fix` never changes Zoho)'
        : `MyOperator user has no e-mail, so PhoneBridge attributes none of its calls until it holds its Zoho user's${emptyEmailCure(standing, cmd)}`,
  };
  if (side === 'myoperator') standingOf.set(reason, standing);
  return reason;
}

/** The standing a MyOperator empty-e-mail reason was made with, kept beside it (not in --json): read, not told from its words. */
const standingOf = new WeakMap<Reason, EmptyEmailStanding>();

/**
 * A reason as a report a person pastes from says it (doctor's mismatches): an empty e-mail's cure
 * with its commands whole, where match's row names them bare ("`map` asks about the pair"). `only`:
 * the word that names its MyOperator user to `fix --only`, whose one change no --max-changes
 * refuses, where a plain `fix` pasted was refused for the whole plan's count past the cap.
 */
export function reasonWithWholeCommands(x: Reason, only?: string): string {
  if (x.code !== 'empty-email' || x.side !== 'myoperator') return x.message;
  const standing = standingOf.get(x);
  const cmd = (name: string) => wholeCommand(name === 'fix' && only !== undefined ? `fix --only ${only}` : name);
  return standing ? emptyEmailReason('myoperator', standing, cmd).message : x.message;
}

/** `what` says what the user is or has not done, its verb first ("is inactive or not receiving calls"). */
export function inactiveReason(side: Exclude<Side, 'both'>, what: string, cure = 'reactivate it, or leave it'): Reason {
  return {
    code: 'inactive',
    side,
    message: `${SIDE_LABEL[side]} user ${what}; it is never mapped automatically (${cure})`,
  };
}

/**
 * On the row of a Zoho user matched to the phone on duty `onDuty` (a mismatch) or left between
 * several phones (ambiguous, none): switched-off MyOperator users `holders` (old phones) still hold
 * the Zoho e-mail byte for byte, so they give it up first (oldPhoneCure).
 */
export function switchedOffHolderReason(holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id' | 'extension'>>, onDuty?: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>): Reason {
  return { code: 'duplicate-email', side: 'myoperator', message: oldPhoneCure(holders, { onDuty }) };
}

/**
 * The old-phone cure, in one sentence wherever it is said (match's row of the phone on duty, the
 * holders' zoho-mapped-elsewhere, fix's conflict, doctor), which had three wordings: switched-off
 * `holders` still hold the e-mail, which switching them off did not clear, and `fix` gives no e-mail
 * to two users, so their e-mails change first; then `fix` sets that of `onDuty`, the phone the Zoho
 * user is matched or mapped to (none between several). `email`: the address, revealed (a look-alike
 * must not pass for it), or "this e-mail" on the row that shows it; `of`: whose it is exactly, in
 * place of the address (a Zoho user named with its e-mail, which said it twice).
 */
export function oldPhoneCure(
  holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id' | 'extension'>>,
  { email, of, onDuty }: { email?: string; of?: string; onDuty?: Pick<MyOperatorUser, 'name' | 'id' | 'extension'> },
): string {
  const held = of ? `exactly the e-mail of ${of}` : `${email === undefined ? 'this e-mail' : `"${reveal(email)}"`} exactly`;
  return `${oldPhones(holders)} still ${holders.length === 1 ? 'has' : 'have'} ${held}, and ${OFF_KEEPS_EMAIL}: two users with one e-mail cannot be told apart, so ${oldPhonesFirst(holders, onDuty)}`;
}

/** The old phones' part of the cure: their e-mails first, where in the panel, then the phone on duty's by `fix`. */
export function oldPhonesFirst(holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id'>>, onDuty?: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>): string {
  const then = onDuty ? `; then \`fix\` sets the e-mail of ${myOperatorWho(onDuty)}` : '';
  return `change ${holders.length === 1 ? "that user's e-mail" : 'their e-mails'} first (${oldPhonesPanel(holders)})${then}`;
}

/**
 * Switched-off MyOperator users still holding an e-mail, named in the order of their ids (as match's
 * duplicate-email names them, whatever order MyOperator listed them in): "MyOperator user X (ext 23,
 * switched off)", or "users X (…) and Y (…)"; past NAMED_AT_MOST, counted: "12 MyOperator users, all
 * switched off," (it named every one, then all but the first again in the panel's "and likewise").
 */
function oldPhones(holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id' | 'extension'>>): string {
  if (holders.length > NAMED_AT_MOST) return `${holders.length} MyOperator users, all switched off,`;
  const who = series(byId(holders).map((u) => myOperatorNoted(u, 'switched off')), 'and');
  return `MyOperator ${holders.length === 1 ? 'user' : 'users'} ${who}`;
}

/** Where the old phones' e-mails are changed: the panel's path for the first, the others named after it, ten in all at most. */
function oldPhonesPanel(holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id'>>): string {
  const [first, ...rest] = byId(holders).map((u) => visible(u.name) || visible(u.id));
  return `${inMyOperatorPanel(first)}${rest.length ? `, and likewise ${holdersUpTo(rest, NAMED_AT_MOST - 1)}` : ''}`;
}

/** Where every holder of a shared e-mail is listed, one per line: said where a sentence's list of them was cut short. */
const ALL_HOLDERS_LISTED = '`phonebridge-sync doctor --only duplicate-emails` lists them all';

/**
 * `seriesUpTo` of holders of one e-mail: cut short, it ended "… and 3 more", saying nowhere where
 * the rest are. Once a sentence has said it (`said`), a later list in it leaves it out.
 */
function holdersUpTo(words: readonly string[], most: number, said = false): string {
  const cut = namedUpTo(words, most).more > 0;
  return `${seriesUpTo(words, most)}${cut && !said ? ` (${ALL_HOLDERS_LISTED})` : ''}`;
}

function byId<T extends { id: string }>(users: readonly T[]): T[] {
  return [...users].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A Zoho user who is off, as a reason: a deleted one is a record Zoho keeps, with none to reactivate.
 */
export function inactiveZohoReason(zoho: Pick<ZohoUser, 'status' | 'active' | 'confirmed'>): Reason {
  return inactiveReason('zoho', zohoOff(zoho), deletedInZoho(zoho) ? NO_USER_TO_REACTIVATE : undefined);
}

/**
 * What a Zoho user who is off is, said after its name: one wording for match's reasons, doctor
 * --calls' cures and doctor --webhook's verdict, which had drifted apart ("is disabled" beside
 * 'is "disabled"'). Deleted in Zoho; else Zoho's own status word, quoted as Zoho's and shown
 * visible (it is a remote string); or, active, an invitation not accepted.
 */
export function zohoOff(zoho: Pick<ZohoUser, 'status' | 'active' | 'confirmed'>): string {
  if (deletedInZoho(zoho)) return 'is deleted in Zoho';
  return zoho.active ? "has not accepted Zoho's invitation (not confirmed)" : `is "${visible(zoho.status)}"`;
}

/** What a side that lists nobody most likely is, said beside it: a bad read, not an empty company. One wording for resync, match and doctor. */
export const EMPTY_SIDE_LIKELY = 'far likelier a wrong account, a token that may not list users, or an outage than a company with nobody in it';

export type SideName = 'Zoho' | 'MyOperator';

/**
 * Sides that listed nobody, with what that most likely is and what to check first: one sentence
 * for doctor's cures ("Zoho listing nobody is …: check which account that side's login belongs
 * to …") and login's note on the login it just saved (`justLoggedIn`: "the Zoho login works but
 * lists no users, …: check which account it belongs to …"), which were near-copies. Both sides
 * named when both listed nobody: "Zoho listing nobody" alone sent the admin to one login of two.
 */
export function listingNobody(sides: readonly SideName[], { justLoggedIn = false } = {}): string {
  const named = sides.join(' and ');
  const [said, login] = justLoggedIn ? [`the ${named} login works but lists no users,`, 'it'] : [`${named} listing nobody is`, `${sides.length > 1 ? 'each' : 'that'} side's login`];
  return `${said} ${EMPTY_SIDE_LIKELY}: check which account ${login} belongs to and what it may list, before anything else`;
}

/**
 * Beside a user alone on its side because the other side listed nobody at all: "no MyOperator user
 * still unmatched resembles this one" was true, but read as if each had been compared and found
 * alone. Said of the listing, not the service: an empty export is matched too. One frozen reason
 * per side, coded as resync's plan codes the same fact (zoho-side-empty…).
 */
export const NOT_COMPARED: Readonly<Record<Exclude<Side, 'both'>, Reason>> = Object.freeze({
  zoho: Object.freeze(notCompared('zoho')),
  myoperator: Object.freeze(notCompared('myoperator')),
});

function notCompared(empty: Exclude<Side, 'both'>): Reason {
  return { code: `${empty}-side-empty`, side: empty, message: `Not compared with anyone: no ${SIDE_LABEL[empty]} user was listed at all` };
}

/** What is unknown of several users holding one e-mail, in the words every sentence of it shares. */
const ONE_EACH_OR_NONE = '(one of them, each, or none) is unconfirmed';

/**
 * What the reference (myoperator-api.md §8) says of MyOperator users who hold one e-mail, and what it
 * does not: MyOperator links a user to a Zoho user only when the e-mails are exactly equal, and says
 * nothing of several holders. One wording for doctor's duplicate-emails, `--webhook` and `--calls`:
 * duplicate-emails said their calls may go to nobody while the other two counted them attributed.
 */
export const SHARED_EMAIL_UNCONFIRMED = `MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several MyOperator users holding one e-mail it links ${ONE_EACH_OR_NONE}`;

/**
 * The same of several Zoho users holding one e-mail: the reference says nothing of them either.
 * `--calls` and `--webhook` said "PhoneBridge cannot choose" as a fact and counted such calls
 * unattributable, where a748bae counts the MyOperator side's unconfirmed.
 */
export const ZOHO_SHARED_EMAIL_UNCONFIRMED = `MyOperator links a user to the Zoho user whose e-mail is exactly its own, but which of several Zoho users holding one e-mail it links it to ${ONE_EACH_OR_NONE}`;

/** "2 Zoho users hold its e-mail: Asha Rao and Asha (old) (disabled)": the holders of an agent's e-mail, one taking no calls said so. */
export function zohoHoldersOfEmail(holders: readonly ZohoUser[]): string {
  const who = (u: ZohoUser) => `${visible(u.name) || visible(u.id)}${u.active ? (u.confirmed ? '' : ' (not confirmed)') : ` (${visible(u.status)})`}`;
  return `${holders.length} Zoho users hold its e-mail: ${series(holders.map(who), 'and')}`;
}

/** What an admin can do for a Zoho user who has not accepted the invitation, said after it: one wording for match and doctor. */
export const RESEND_INVITATION = "an admin can resend it from Zoho's Setup → Users";

/**
 * Beside a pair whose Zoho user is active but has not accepted Zoho's invitation: the pair is right
 * and stays as it is (exact, mapped…), but PhoneBridge shows calls to confirmed users only, which
 * doctor's user-status alone said. One frozen object for every such result: no allocation per user.
 */
export const UNCONFIRMED_REASON: Reason = Object.freeze({
  code: 'unconfirmed',
  side: 'zoho',
  message: `Zoho user ${zohoOff({ status: 'active', active: true, confirmed: false })}, so PhoneBridge attributes none of its calls until the invitation is accepted (${RESEND_INVITATION})`,
});

/** Why a Zoho user deleted in Zoho is given no reactivation: Zoho keeps it only as a record. */
export const NO_USER_TO_REACTIVATE = 'there is no user to reactivate';

/**
 * Why `fix` must not copy this Zoho e-mail to MyOperator, with where to change it; undefined when
 * it may. Its own invisible, space or look-alike characters would be copied too, and spread the
 * error. One rule for fix's conflict and match's needs-fix, so match never sends to `fix` a pair
 * that fix refuses.
 */
export function zohoEmailFlaw(email: string, who: string): string | undefined {
  const anomalies = anomalyReasons(email, 'zoho');
  if (anomalies.length === 0) return undefined;
  return `${anomalies.map((a) => a.message).join('; ')}; copying it would spread the error, so change it in Zoho (Setup → Users → ${who}) first`;
}

/**
 * A saved pair whose e-mails are not byte-equal. Neither Zoho nor MyOperator reads our mappings:
 * PhoneBridge ties the two only when MyOperator holds the Zoho e-mail exactly, so the pair is
 * saved but its calls are attributed to nobody until `fix` (or an admin) sets it, or, when the
 * Zoho e-mail is the faulty one, until it is changed in Zoho. `heldElsewhere`: another MyOperator
 * user has the Zoho e-mail, so `fix` is not the cure (a zoho-mapped-elsewhere reason says what is).
 */
export function needsFixReason(zoho: Pick<ZohoUser, 'email' | 'name' | 'id'>, myoperator: Pick<MyOperatorUser, 'email' | 'name' | 'id' | 'extension'>, heldElsewhere = false): Reason {
  if (!zoho.email)
    return {
      code: 'needs-fix',
      side: 'zoho',
      message: `Saved mapping, but the Zoho user has no e-mail: PhoneBridge attributes none of ${callsOf(myoperator)} until the Zoho user has one (add it in Zoho, then \`phonebridge-sync fix\`)`,
    };
  const flaw = zohoEmailFlaw(zoho.email, visible(zoho.name) || visible(zoho.id));
  if (flaw)
    return {
      code: 'needs-fix',
      side: 'zoho',
      message: `Saved mapping, but PhoneBridge attributes none of ${callsOf(myoperator)}, and \`fix\` will not copy the Zoho e-mail: ${flaw}`,
    };
  // Revealed: a look-alike "а" would otherwise read as the Zoho e-mail it is not.
  const holds = holdsNow(myoperator.email);
  return {
    code: 'needs-fix',
    side: 'myoperator',
    // Another MyOperator user holding the Zoho e-mail makes `fix` refuse the pair: the reason after this one names the cure.
    message: `Saved mapping, but ${holds}: PhoneBridge attributes none of ${callsOf(myoperator)} until it holds the Zoho one${heldElsewhere ? '' : ' (`phonebridge-sync fix` sets it)'}`,
  };
}

/**
 * Whose calls a saved pair whose e-mails differ leaves unattributed: its MyOperator user's, named.
 * "none of these calls" named nothing on the row, or the screen, it was read on (no call is listed
 * there). One wording for match's and doctor's rows and map's sentence (unattributedYet).
 */
export function callsOf(m: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>): string {
  return `the calls of MyOperator user ${myOperatorWho(m)}`;
}

/**
 * A saved pair whose MyOperator e-mail is not the one it was recorded with (`recorded`): `fix`
 * holds it back, since the seat may have gone to someone else, until `fix --only` names it. Its row
 * says fix's own two cures, never "`fix` sets it" of a pair fix leaves alone, and only what is
 * known: a pair from `map --import` of another day's or company's export was recorded with an
 * e-mail this MyOperator may never have held ("someone changed it in MyOperator since" was a guess,
 * as fix-plan's retypedSentence says). `onlyWord` is the word `--only` takes for the MyOperator user.
 */
export function heldNeedsFixReason(zoho: Pick<ZohoUser, 'name' | 'id' | 'email'>, myoperatorEmail: string, recorded: string, onlyWord: string): Reason {
  const holds = holdsNow(myoperatorEmail);
  const had = recorded ? `"${reveal(recorded)}"` : 'no e-mail';
  return {
    code: 'needs-fix',
    side: 'myoperator',
    message: `Saved mapping, but ${holds}, and this pair was recorded with ${had}, so \`fix\` leaves it alone until told. Still ${listedUser(zoho)}? \`phonebridge-sync fix --only ${pastable(onlyWord)}\` ${setsHeld(recorded, zoho.email)}. Someone else now? \`phonebridge-sync map --unmap ${pastable(zoho.id)}\` removes the pair`,
  };
}

/**
 * What `fix --only` does to a held pair's MyOperator e-mail. "Back" only when the pair was mapped
 * holding the Zoho e-mail: one mapped while the two differed (a suggested pair saved by hand) is
 * given the Zoho e-mail, which it never had, and "sets it back" read as restoring the old one.
 */
export function setsHeld(recorded: string, zohoEmail: string): string {
  return recorded === zohoEmail ? 'sets it back' : 'sets it to the Zoho e-mail';
}

/**
 * The saved pairs whose MyOperator e-mail is not the one they were recorded with, which plain `fix`
 * holds back, and their cure: one wording wherever it is said, in map --import's words (heldSaid),
 * which know no more than that. `where` is what shows each pair's
 * own `fix --only`: a row of match and resync, a line of doctor --calls.
 */
export function heldPairs(held: number, where: HeldShownIn | 'line above' | 'line' = 'row'): string {
  // Piped or as JSON, no row shows a command (a line of codes, a record of reasons): "its row names" pointed at nothing.
  const naming = where === 'fix --dry-run' ? `that \`phonebridge-sync fix --dry-run\` names for ${held === 1 ? 'it' : 'each'}` : `${held === 1 ? 'its' : 'each'} ${where} names`;
  return `${held} recorded with another MyOperator e-mail than ${held === 1 ? 'it holds' : 'they hold'} now, set only by the \`fix --only\` ${naming} where it is still the same person`;
}

/**
 * What a `resync --prune` offered beside `n` stale pairs whose e-mail alone changed also does: it
 * removes them too, though they are often still the same person. One wording wherever the prune is
 * offered (resync's closing line, fix --only, doctor). `first` is their cure, by default their own
 * `fix --only`; `where` says where that is named.
 */
export function pruneAlsoTakes(n: number, { first, where = '' }: { first?: string; where?: string } = {}): string {
  const one = n === 1;
  return `, also the ${n} whose e-mail${one ? '' : 's'} alone changed: first ${first ?? `\`fix --only\` ${one ? 'it' : 'each one'}`} where ${one ? 'it is' : 'they are'} still the same person${where}`;
}

/**
 * The `resync --prune` that removes `stale` stale mappings (`what`: the words for them), as every
 * hint offers it: "after checking" said nothing of what is checked (pruneRefusal's two refusals),
 * and past the default --max-prune the plain command was refused as pasted (exit 5).
 */
export function pruneRemoves(stale: number, what: string, maxPrune = DEFAULT_MAX_PRUNE): string {
  const over = stale > maxPrune;
  return `\`phonebridge-sync resync --prune${over ? ` --max-prune ${stale}` : ''}\` removes ${what}, after checking that both sides returned users and that no more than --max-prune ${over ? stale : maxPrune} go`;
}

/** Where a held pair's own `fix --only` is shown to the reader: its table row, or only by fix's plan. */
export type HeldShownIn = 'row' | 'fix --dry-run';

/**
 * The pairs needing fix that `fix` refuses as they stand for a conflict of its own (core/fix-plan:
 * the MyOperator e-mail is, exactly or as a person reads it, another active Zoho user's; another
 * MyOperator user holds the target; several Zoho users share it), and where to read why: one
 * wording wherever it is said (match's summary, resync's, --fail-on-unresolved, doctor --calls).
 */
export function refusedPairs(refused: number): string {
  return `${refused} that fix refuses as ${refused === 1 ? 'it stands' : 'they stand'}, as \`phonebridge-sync fix --dry-run\` says why`;
}

/**
 * A saved pair's needs-fix when `fix` refuses the pair as it stands (`conflict`, fix's own
 * sentence): never "`fix` sets it" of a pair fix will not write.
 */
export function refusedNeedsFixReason(myoperatorEmail: string, conflict: string): Reason {
  const holds = holdsNow(myoperatorEmail);
  return {
    code: 'needs-fix',
    side: 'myoperator',
    message: `Saved mapping, but ${holds}, and \`fix\` refuses to set it as it stands: ${clause(conflict)}`,
  };
}

/**
 * A user as a saved record holds it, whether or not it is still listed: the e-mail, the extension and
 * the id. "MyOperator user u-12 (ravi@acme.in)" put the id a person cannot place first, and left out
 * the extension they know the seat by. `name`: a line left unmapped on purpose keeps one (a mapping
 * records none), which names it where it has no e-mail.
 */
export function asRecorded(email: string, id: string, extension?: string | null, name?: string): string {
  const who = reveal(email) || (name ? `${visible(name)} (no e-mail)` : 'with no e-mail');
  return `${who} ${seat(id, extension)}`;
}

const seat = (id: string, extension?: string | null): string => `(${extension ? `ext ${visible(extension)}, ` : ''}id ${visible(id)})`;

/**
 * A line left unmapped on purpose as map's sentences on its mark name it: by its name where it has
 * one, its e-mail in angle brackets as listedUser puts it. "reception@acmetraders.in (ext 10, …)" gave
 * Front Desk by e-mail alone, where Night Shift, with none, was named.
 */
export function asLeftUnmapped(email: string, id: string, extension?: string | null, name?: string): string {
  return email && name ? `${visible(name)} <${reveal(email)}> ${seat(id, extension)}` : asRecorded(email, id, extension, name);
}

/** asRecorded with its side: doctor --webhook, map, and match's stale-mapping reason name one so. */
export function recordedUser(side: 'Zoho' | 'MyOperator', email: string, id: string, extension?: string | null, name?: string): string {
  return `${side} user ${asRecorded(email, id, extension, name)}`;
}

/**
 * A saved pair the matcher cannot honour because a user of it has left (gone, or inactive): the
 * result would otherwise read as if nobody had ever mapped the Zoho user. `stale`: how many saved
 * mappings the prune it offers would remove. `unlisted`: MyOperator listed nobody at all, so the
 * pair is not checked (not "no longer in MyOperator"), and no prune is offered: resync refuses one then.
 */
export function staleMappingReason(
  zoho: Pick<ZohoUser, 'active' | 'status' | 'confirmed'>,
  myoperator: Pick<MyOperatorUser, 'id' | 'email' | 'active' | 'extension' | 'name'> | undefined,
  saved: { myoperatorId: string; recorded?: { email: string; extension?: string | null } },
  stale: number,
  unlisted = false,
): Reason {
  const uuid = saved.myoperatorId;
  // A user not listed (gone, or not checked) as the mapping recorded it, as resync's stale row names it;
  // with nothing recorded, its uuid said what it is ("MyOperator user u-imran" read as a name), as list mappings' column does.
  const unseen = saved.recorded ? recordedUser('MyOperator', saved.recorded.email, uuid, saved.recorded.extension) : `MyOperator user with uuid ${visible(uuid)}`;
  if (unlisted)
    return {
      code: 'stale-mapping',
      side: zoho.active ? 'myoperator' : 'both',
      message: `Saved mapping to ${unseen}, not checked: MyOperator returned no users at all${zoho.active ? '' : `; the Zoho user ${zohoOff(zoho)}`}`,
    };
  const why = [
    !myoperator && 'that user is no longer in MyOperator',
    myoperator && !myoperator.active && 'that user is inactive or not receiving calls',
    !zoho.active && `the Zoho user ${zohoOff(zoho)}`,
  ].filter(Boolean);
  // A listed user in the form every other sentence names one: "e (uuid)" left out the extension a person knows the seat by.
  const who = !myoperator ? unseen : recordedUser('MyOperator', myoperator.email, uuid, myoperator.extension, myoperator.name);
  const myoperatorSide = !myoperator || !myoperator.active;
  return {
    code: 'stale-mapping',
    side: myoperatorSide && !zoho.active ? 'both' : myoperatorSide ? 'myoperator' : 'zoho',
    message: `Saved mapping to ${who}, but ${why.join(' and ')}: the mapping is stale (${pruneRemoves(stale, 'every stale mapping, this one among them')})`,
  };
}

/** What a saved pair's MyOperator user holds, for the needs-fix sentences: one wording for all three. */
function holdsNow(myoperatorEmail: string): string {
  return myoperatorEmail ? `MyOperator holds "${reveal(myoperatorEmail)}", not the Zoho e-mail byte for byte` : 'the MyOperator user has no e-mail';
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/**
 * How two e-mails of one key differ, as explainMismatch's codes, less an anomaly both have alike: two Zoho users'
 * "ravi@acme.in " and "Ravi@acme.in " differ but for case alone, where explainMismatch names each one's space too.
 */
export function twinDifferenceCodes(a: string, b: string): ReasonCode[] {
  // Most such twins are ASCII apart from letter case alone (spaces they have alike included): said without the walks below, a fifth more CPU where every row had such a twin.
  if (a !== b && ASCII_ONLY.test(a) && ASCII_ONLY.test(b) && a.toLowerCase() === b.toLowerCase()) return ['case'];
  const said = (email: string) => findAnomalies(email).map((x) => ({ code: x.code, as: `${x.index} ${x.what}` }));
  const [inA, inB] = [said(a), said(b)];
  const unlike = (xs: typeof inA, ys: typeof inA) => xs.filter((x) => !ys.some((y) => y.as === x.as)).map((x) => x.code);
  // explainMismatch's other parts as codes alone, in its order: its sentences cost more than the rest of the row.
  const rest: ReasonCode[] = [...(lookAlikes(a, b, 0).count > 0 ? (['confusable-character'] as const) : []), ...(caseDifference(a, b) ? (['case'] as const) : [])];
  return [...new Set([...unlike(inA, inB), ...unlike(inB, inA), ...rest])];
}

/** How two e-mails that read alike differ, in the words the sentences use: "spaces", "letter case and look-alike characters". */
export function differenceWords(a: string, b: string): string {
  return series(differenceKinds(explainMismatch(a, b)), 'and');
}

/** A MyOperator user as the sentences name one: its name (else its id) and extension. */
export function myOperatorWho(u: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>): string {
  return myOperatorNoted(u);
}

/** The same, with a note beside its extension: "Arjun M. (old) (ext 23, switched off)". */
export function myOperatorNoted(u: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>, note?: string): string {
  return `${visible(u.name) || visible(u.id)} (ext ${visible(u.extension ?? '-')}${note ? `, ${note}` : ''})`;
}

/**
 * A user as doctor's lists of users name one, whatever the list: its name (else its id), a
 * MyOperator user's extension, then the e-mail where it has one. One-side-only named Night Shift by
 * name and Front Desk by e-mail alone, user-status Zoho users by e-mail and Lakshmi by name.
 */
export function listedUser(u: Pick<ZohoUser, 'name' | 'id' | 'email'> | Pick<MyOperatorUser, 'name' | 'id' | 'email' | 'extension'>): string {
  // A Zoho user without a name is told by its e-mail, which an id beside it only crowds.
  if (!('extension' in u) && !visible(u.name)) return reveal(u.email) || visible(u.id);
  const who = 'extension' in u ? myOperatorWho(u) : visible(u.name);
  return u.email ? `${who} <${reveal(u.email)}>` : who;
}

/**
 * A MyOperator user as resync's and fix's sentences on the unclaimed name one: its name (else its
 * id), then its e-mail or "no e-mail" in angle brackets. Not listedUser: doctor's lists add the
 * extension and leave a missing e-mail out.
 */
export function nameAndEmail(u: Pick<MyOperatorUser, 'name' | 'id' | 'email'>): string {
  return `${visible(u.name) || visible(u.id)} <${reveal(u.email) || 'no e-mail'}>`;
}

/**
 * Where the MyOperator users no Zoho user claims are listed when they are too many to name: list
 * has no filter for them (--unmapped keeps the candidates and the exact matches not yet saved);
 * match's rows with no Zoho user are they, with the inactive ones fix leaves out of its count.
 */
export const UNCLAIMED_LISTED = '`phonebridge-sync match` lists them among its rows with no Zoho user';

/**
 * The MyOperator users no Zoho user claims whose calls reach no Zoho user's record: matched by
 * nobody, and on. Not one whose e-mail is exactly that of a Zoho user mapped elsewhere (PhoneBridge
 * ties it by e-mail), nor one switched off (it takes no calls). fix's "Left to settle", doctor
 * --calls and --webhook (call-audit's cure of an agent no Zoho user resembles) and doctor's
 * one-side-only all offer such a user sharedLineMayStay beside the cures, so all ask this.
 */
export function unclaimedOnDuty(results: ReadonlyArray<Pick<MatchResult, 'status' | 'myoperator'>>): MyOperatorUser[] {
  return results.flatMap((r) => (r.status === 'myoperator-only' && r.myoperator?.active ? [r.myoperator] : []));
}

/**
 * The command that leaves a MyOperator user unmapped on purpose (a shared line), whole: `word` is
 * the user as map takes it (myOperatorWord) where one user is meant, else a placeholder.
 */
export function ignoreMyOperatorCommand(word?: string, placeholder = '<extension>'): string {
  return `\`phonebridge-sync map --ignore-myoperator ${word === undefined ? placeholder : pastable(word)}\``;
}

/** The whole `map --unmap` of a user (what undoes ignoreMyOperatorCommand): `word`, as map takes it (myOperatorWord), else a placeholder. */
export function unmapCommand(word?: string): string {
  return `\`phonebridge-sync map --unmap ${word === undefined ? '<user>' : pastable(word)}\``;
}

/**
 * The "why" of a MyOperator user left unmapped on purpose, with the whole command that undoes it:
 * "map --unmap of it" named no user to give it. `word`: the user as map takes it (myOperatorWord).
 */
export function leftUnmappedWhy(word: string): string {
  return `left unmapped on purpose (map --ignore-myoperator): ${unmapCommand(word)} undoes it`;
}

/**
 * Beside the cures of an unclaimed user on duty: a reception desk may rightly have no Zoho user, and
 * adding one can cost a paid CRM seat. With the command that records the choice: "can stay as it is"
 * alone left doctor and match asking about the line for ever. `word`: as ignoreMyOperatorCommand's.
 */
export function sharedLineMayStay(word?: string): string {
  return `a shared line can stay as it is: ${ignoreMyOperatorCommand(word)} leaves ${word === undefined ? 'one' : 'it'} unmapped on purpose`;
}

/**
 * Users a sentence names, joined with commas, when there are up to 10 of them; undefined when more,
 * where the sentence says where they are listed or leaves them out. One cap for resync's and fix's
 * sentences, so a user named in one is named in the other. `name` is called only when they are named.
 */
export function namedWhenFew<T>(users: readonly T[], name: (user: T) => string): string | undefined {
  return users.length <= NAMED_AT_MOST ? users.map(name).join(', ') : undefined;
}

/** How many users a sentence names one by one; past that it counts them. */
export const NAMED_AT_MOST = 10;

/** Why a switched-off user is still in the way: fix's sentences and match's summary say it in these words. */
export const OFF_KEEPS_EMAIL = 'switching a user off does not clear its e-mail';

/** The cure of a pair an old phone holds up (oldPhoneHolds), as match's summary and its gate count it. */
export const OLD_PHONE_FIRST = `to change the e-mail of the switched-off user still holding it first (${OFF_KEEPS_EMAIL})`;

/**
 * `holder`, switched off, holds exactly the e-mail of Zoho user `zoho`, whose mapped phone has it as a
 * person reads it (the phone on duty, as match leads with it): an old phone, never the better
 * mapping, so its e-mail is the whole cure. heldByAnotherSentence and match's summary decide it here.
 */
export function oldPhoneHolds(zoho: Pick<ZohoUser, 'email'>, mapped: Pick<MyOperatorUser, 'email'>, holder: Pick<MyOperatorUser, 'active'>): boolean {
  const twin = emailKey(mapped.email);
  return !holder.active && twin !== '' && twin === emailKey(zoho.email);
}

/**
 * Whether only old phones hold up the saved pair of `zoho` to `mapped`: every one of `holders` (those
 * heldByAnotherSentence names) is switched off beside a mapped phone that is the phone on duty, so the
 * cure is their e-mails alone. The sentence and match's and resync's summaries judge it here.
 */
export function oldPhonesAlone(zoho: Pick<ZohoUser, 'email'>, mapped: Pick<MyOperatorUser, 'email'>, holders: ReadonlyArray<Pick<MyOperatorUser, 'active'>>): boolean {
  return holders.every((u) => oldPhoneHolds(zoho, mapped, u));
}

/**
 * A MyOperator user `holder`, in no saved mapping, has exactly the e-mail of Zoho user `zoho`, whom a
 * saved mapping pairs with another MyOperator user `mapped`. PhoneBridge gives the holder's calls to that Zoho user
 * today, and `fix` cannot give `mapped` the e-mail while the holder has it (two users with one
 * e-mail cannot be told apart), so the cure is the mapping or the holder's e-mail, never `fix`
 * alone (a switched-off holder: its e-mail alone). One sentence for fix's conflict, match's row of
 * the holder and doctor, so none of them sends the admin to a cure another refuses.
 */
export function heldByAnotherSentence(
  zoho: Pick<ZohoUser, 'id' | 'name' | 'email'>,
  mapped: Pick<MyOperatorUser, 'name' | 'id' | 'extension' | 'email'>,
  /** Every MyOperator user but `mapped` holding the e-mail, in no saved mapping; at least one. */
  holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id' | 'extension' | 'active'>>,
  users: UserLists,
): string {
  // Switched-off holders all, beside a mapped phone with the Zoho e-mail as a person reads it (the
  // phone on duty, as match leads with it): old phones, never the better mapping: the cure is only
  // their e-mails, which switching them off did not clear (as fix says of a mismatch's). Beside any
  // other mapped phone (Night Shift, no e-mail) one may be the seat the mapping meant. Each named, or
  // fix refuses again for the next once the first is changed.
  if (oldPhonesAlone(zoho, mapped, holders)) {
    return oldPhoneCure(holders, { of: `Zoho user ${listedUser(zoho)}, who is mapped to MyOperator user ${myOperatorWho(mapped)}`, onDuty: mapped });
  }
  // An active holder takes the calls, so it is the one to name first, an old phone beside it or not.
  const named = leadFirst(holders);
  const [holder, ...rest] = named;
  const onDuty = named.filter((u) => u.active);
  // Several on duty: which of them PhoneBridge ties to the Zoho user is unconfirmed (SHARED_EMAIL_UNCONFIRMED),
  // so none is said to be the one; "user X … so PhoneBridge ties its calls" named the first by id alone.
  // Ten named at most, as every list of holders here, the rest counted.
  // Named once by name and e-mail (which says the e-mail held, exactly), then "that Zoho user": two may share a name.
  const held = `exactly the e-mail of Zoho user ${listedUser(zoho)}`;
  const that = 'that Zoho user';
  const opening =
    onDuty.length > 1
      ? `MyOperator users ${holdersUpTo(onDuty.map(myOperatorWho), NAMED_AT_MOST)} already have ${held}, and whose calls PhoneBridge ties to ${that} ${ONE_EACH_OR_NONE}`
      : onDuty.length === 1
        ? `MyOperator user ${myOperatorWho(holder!)} already has ${held}, so PhoneBridge ties its calls to ${that}`
        : switchedOffHolders(named, held, that);
  return (
    `${opening}; ` +
    `but ${that} is mapped to MyOperator user ${myOperatorWho(mapped)}, and \`fix\` cannot give that MyOperator user the e-mail too (two users with one e-mail cannot be told apart). ` +
    slipCure(zoho, holder!, users, rest, onDuty.length > NAMED_AT_MOST)
  );
}

/**
 * The opening of heldByAnotherSentence where every holder is switched off: each named and said so,
 * up to NAMED_AT_MOST, past that counted. It named the first alone, with no "switched off", as if it
 * took the calls, and the others only in the cure after it.
 */
function switchedOffHolders(holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id' | 'extension'>>, held: string, z: string): string {
  if (holders.length === 1) return `MyOperator user ${myOperatorNoted(holders[0]!, 'switched off')} already has ${held}, so PhoneBridge would tie its calls to ${z} once it takes calls again`;
  return `${oldPhones(holders)} already have ${held}, so PhoneBridge would tie to ${z} the calls of whichever takes calls again`;
}

/** The users a run fetched, among which a hint's command names a user (resolve.ts' zohoWord, myOperatorWord). */
export interface UserLists {
  zoho: readonly ZohoUser[];
  myoperator: readonly MyOperatorUser[];
}

/** The re-map a slip's cure offers, by e-mail and extension as map's lookup finds them (ids and uuids were offered, which nobody reads). */
function slipMap(zoho: Pick<ZohoUser, 'id' | 'email'>, holder: Pick<MyOperatorUser, 'id' | 'extension'>, users: UserLists): string {
  return `\`phonebridge-sync map --zoho ${pastable(zohoWord(users.zoho, zoho))} --myoperator ${pastable(myOperatorWord(users, holder))} --yes\``;
}

/**
 * Holders of one e-mail in the order the sentences name them, whatever order MyOperator listed them
 * in: the active ones first (they take the calls), each group by id.
 */
export function leadFirst<T extends Pick<MyOperatorUser, 'id' | 'active'>>(holders: readonly T[]): T[] {
  const sorted = byId(holders);
  return [...sorted.filter((u) => u.active), ...sorted.filter((u) => !u.active)];
}

/**
 * The cure of a saved pair whose target e-mail another MyOperator user `holder`, in no mapping,
 * holds (exactly, or as a person reads it: fix-plan's conflict): that user may be the one the
 * mapping meant. One sentence for both, so fix, match and doctor name the same two ways out.
 * `rest`: the other holders, whose e-mails must change too before `fix` can set the mapped one's;
 * those that take calls, after a re-map to `holder` too. With `holder`, ten are named at most, the
 * rest counted, as the opening counts them: past ten it named every one. The Zoho user is the one
 * the sentence before it names by name and e-mail (listedUser: by its name alone, it could be
 * either of two namesakes), so here it is "that Zoho user".
 */
export function slipCure(
  zoho: Pick<ZohoUser, 'id' | 'name' | 'email'>,
  holder: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>,
  users: UserLists,
  rest: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id' | 'extension' | 'active'>> = [],
  /** The sentence's opening cut its list of holders short and said where they are all listed. */
  listedAll = false,
): string {
  const h = myOperatorWho(holder);
  // Re-mapped to the first, the others that take calls still hold the e-mail: the re-map alone is not the cure.
  const onDuty = rest.filter((u) => u.active);
  const lone = onDuty.length === 1;
  const still = onDuty.length
    ? `, but MyOperator ${lone ? 'user' : 'users'} ${holdersUpTo(onDuty.map(myOperatorWho), NAMED_AT_MOST - 1, listedAll)} still ${lone ? 'has' : 'have'} the e-mail too: change ${lone ? "that user's e-mail" : 'their e-mails'} in MyOperator as well`
    : '';
  const one = rest.length === 1;
  const stillCut = namedUpTo(onDuty, NAMED_AT_MOST - 1).more > 0;
  const also = rest.length
    ? `, and ${one ? 'that' : 'those'} of MyOperator ${one ? 'user' : 'users'} ${holdersUpTo(rest.map((u) => myOperatorNoted(u, u.active ? undefined : 'switched off')), NAMED_AT_MOST - 1, listedAll || stillCut)}, which ${one ? 'has' : 'have'} it too` +
      (rest.some((u) => !u.active) ? ` (${OFF_KEEPS_EMAIL})` : '')
    : '';
  return (
    `If the mapping is a slip, ${slipMap(zoho, holder, users)} maps that Zoho user to MyOperator user ${h} instead${still}; ` +
    `if not, change the e-mail of ${h} in MyOperator first${also}`
  );
}

/**
 * The reason on the row of a MyOperator user nobody claimed whose e-mail is a mapped Zoho user's
 * but for case, spaces, invisible or look-alike characters: not "no Zoho user resembles this one".
 * That Zoho user is mapped to another MyOperator user, perhaps by a slip of the extension (fix
 * refuses such a pair when the other user's e-mail reads as someone else's). Coded by how the two
 * e-mails differ.
 */
export function mappedAlikeReason(
  zoho: Pick<ZohoUser, 'id' | 'name' | 'email'>,
  mapped: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>,
  holder: Pick<MyOperatorUser, 'id' | 'email' | 'extension'>,
  users: UserLists,
): Reason {
  // Named once by name and e-mail (which says the e-mail the seat's differs from), then "that Zoho user": two may share a name.
  return {
    code: explainMismatch(zoho.email, holder.email)[0]?.code ?? 'case',
    side: 'myoperator',
    message:
      `Zoho user ${listedUser(zoho)} has this e-mail but for ${differenceWords(zoho.email, holder.email)}, and is mapped to MyOperator user ${myOperatorWho(mapped)}: ` +
      `if that mapping is a slip, ${slipMap(zoho, holder, users)} maps that Zoho user to this one instead`,
  };
}

/**
 * The reason on the row of a Zoho user left zoho-only because other Zoho users hold its e-mail but
 * for case, spaces or look-alikes, each matched exactly to a line of its own (`twins`, in Zoho
 * order): it read no reason at all, or "no MyOperator user still unmatched resembles this one", as
 * if it had no such twin. In the words of the ambiguous row of two such (match.ts ambiguous).
 */
export function zohoTwinsMatchedReason(zoho: Pick<ZohoUser, 'email'>, twins: ReadonlyArray<Pick<ZohoUser, 'id' | 'name' | 'email' | 'active' | 'status' | 'confirmed'>>): Reason {
  const kinds = kindWords(twins.flatMap((t) => twinDifferenceCodes(zoho.email, t.email)));
  // A switched-off twin holds its line all the same (its e-mail is still one PhoneBridge may tie the line to), so it is
  // counted, and said to be off: "matched exactly" alone read as if it took that line's calls.
  const off = twins.filter((t) => !t.active);
  const offToo = off.length === 0 ? '' : off.length === 1 ? ` (that of ${listedUser(off[0]!)} too, though it ${zohoOff(off[0]!)})` : ` (those of ${zohoUsersUpTo(off)} too, though they are not active in Zoho)`;
  return {
    code: 'duplicate-email',
    side: 'zoho',
    message: `${otherZohoUsers(twins, 'has')} this e-mail but for ${series(kinds, 'and')}, and each has a MyOperator line of its own, matched exactly${offToo}: none is left for this one`,
  };
}

/**
 * Zoho users a row's sentence names (its case twins, those as likely as it): as listedUser names
 * one, four at the most, past that the first three and how many more. Their 19-digit ids named
 * nobody a person could find, and a list of them all ran on past a table's column.
 */
const zohoUsersUpTo = (users: ReadonlyArray<Pick<ZohoUser, 'name' | 'id' | 'email'>>): string => {
  const labels = users.map(listedUser);
  // Two with no name and one e-mail read as one user said twice ("ravi@acme.in and ravi@acme.in"): their ids tell them apart.
  const twice = new Set(labels.filter((l, i) => labels.indexOf(l) !== i));
  return seriesUpTo(labels.map((l, i) => (twice.has(l) ? `${l} (id ${visible(users[i]!.id)})` : l)), 4);
};

/**
 * The others a row's sentence names as its subject, with its verb ("has" or "is") agreeing: "Another
 * Zoho user (Ravi K <Ravi@…>) has", "Other Zoho users (A <…> and B <…>) have". "Other Zoho users (…)
 * have", said of one user, had the reader look for the others.
 */
export function otherZohoUsers(users: ReadonlyArray<Pick<ZohoUser, 'name' | 'id' | 'email'>>, verb: 'has' | 'is'): string {
  const one = users.length === 1;
  return `${one ? 'Another Zoho user' : 'Other Zoho users'} (${zohoUsersUpTo(users)}) ${one ? verb : verb === 'has' ? 'have' : 'are'}`;
}

/**
 * zoho-mapped-elsewhere on a holder's row of match's table, below the row of the Zoho user whose
 * e-mail it holds (`mapped` there), which shows heldByAnotherSentence whole: it stood whole on each
 * holder's row too. What is the row's own is kept (it holds the e-mail, whose, mapped to whom).
 */
export function heldByAnotherAbove(zoho: Pick<ZohoUser, 'id' | 'name' | 'email'>, mapped: Pick<MyOperatorUser, 'name' | 'id' | 'extension'>): string {
  // By name and e-mail, which says the e-mail held, then "that Zoho user": two may share a name.
  return `MyOperator user has exactly the e-mail of Zoho user ${listedUser(zoho)}, who is mapped to MyOperator user ${myOperatorWho(mapped)}: what PhoneBridge makes of that, and the way out, are on the row of that Zoho user (mapped, above)`;
}

/** The reason on the holder's own row (see heldByAnotherSentence): it has a Zoho user, by e-mail, who is mapped elsewhere. */
export function zohoMappedElsewhereReason(
  zoho: Pick<ZohoUser, 'id' | 'name' | 'email'>,
  mapped: Pick<MyOperatorUser, 'name' | 'id' | 'extension' | 'email'>,
  holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id' | 'extension' | 'active'>>,
  users: UserLists,
): Reason {
  return { code: 'zoho-mapped-elsewhere', side: 'myoperator', message: heldByAnotherSentence(zoho, mapped, holders, users) };
}

/**
 * A Zoho user with no MyOperator user at all: zoho-only, and not tied by its e-mail to a line left
 * unmapped on purpose (leftUnmappedHolderReason), which is a MyOperator user, so none to create.
 */
export const nobodyInMyOperator = (r: Pick<MatchResult, 'status' | 'reasons'>): boolean =>
  r.status === 'zoho-only' && !r.reasons.some((x) => x.code === 'left-unmapped-holder');

/**
 * The reason on the row of a Zoho user whose e-mail MyOperator users left unmapped on purpose hold
 * exactly: the matcher pairs no one with such a line, but PhoneBridge links by the e-mail itself,
 * so "no MyOperator user … resembles this one" and one-side-only's "create the missing user" were
 * untrue. The two ways out are `map --ignore-myoperator`'s when it refuses such a line.
 */
export function leftUnmappedHolderReason(
  zoho: Pick<ZohoUser, 'id' | 'name' | 'email'>,
  holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id' | 'extension' | 'active'>>,
  users: UserLists,
): Reason {
  // Told by its e-mail too: two Zoho users may share a name.
  const z = listedUser(zoho);
  const named = leadFirst(holders);
  const one = named.length === 1;
  const who = seriesUpTo(
    named.map((u) => myOperatorNoted(u, u.active ? undefined : 'switched off')),
    NAMED_AT_MOST,
  );
  const onDuty = named.filter((u) => u.active).length;
  const ties = onDuty === 0
    ? `so PhoneBridge would tie ${one ? 'its calls' : 'the calls of whichever takes calls again'} to ${z}${one ? ' once it takes calls again' : ''}, whatever the mappings file says`
    : onDuty === 1 && one
      ? `so PhoneBridge ties its calls to ${z} whatever the mappings file says`
      : `and whose calls PhoneBridge ties to ${z} ${ONE_EACH_OR_NONE}, whatever the mappings file says`;
  return {
    code: 'left-unmapped-holder',
    side: 'myoperator',
    message: `MyOperator ${one ? 'user' : 'users'} ${who}, left unmapped on purpose, ${one ? 'has' : 'have'} exactly this e-mail, ${ties}: ${tiedLineWaysOut(zoho, named, users, 'that Zoho user')}`,
  };
}

/**
 * The two ways out for MyOperator lines holding exactly an active Zoho user's e-mail, which
 * PhoneBridge ties to that user whatever the mappings file says: map them, or change the e-mail.
 * match's reason says them, and `map --ignore-myoperator` when it refuses such a line.
 */
export function tiedLineWaysOut(
  zoho: Pick<ZohoUser, 'id' | 'name' | 'email'>,
  holders: ReadonlyArray<Pick<MyOperatorUser, 'name' | 'id' | 'extension'>>,
  users: UserLists,
  /** How the sentence names the Zoho user here: by name and e-mail (two may share a name), or as one just named so. */
  z = listedUser(zoho),
): string {
  const one = holders.length === 1;
  const line = one ? `\`phonebridge-sync map --zoho ${pastable(zohoWord(users.zoho, zoho))} --myoperator ${pastable(myOperatorWord(users, holders[0]!))}\` maps the two` : `map one of them to ${z} with \`phonebridge-sync map --zoho ${pastable(zohoWord(users.zoho, zoho))} --myoperator <extension>\``;
  return `to give them to ${z}, ${line}; to leave ${one ? 'the line' : 'the lines'} unmapped, change or remove ${one ? 'its e-mail' : 'their e-mails'} ${inMyOperatorPanel(one ? visible(holders[0]!.name) || undefined : undefined)}`;
}
