/** What the read-back of MyOperator's users shows of each change a `fix` run sent. */
import { AuthError, clause, lowerFirst, RemoteError, type CliError } from '../../errors.js';
import { emailKey, reveal, visible } from '../../core/forensics.js';
import { nearHolderInTheWay, type FixEntry } from '../../core/fix-plan.js';
import { differenceWords, myOperatorWho } from '../../core/reasons.js';
import { holdersBy, holdersByEmail, type MyOperatorUser } from '../../core/users.js';
import { EXTENSION_NOW, MAY_YET_TAKE, NOT_TAKEN } from '../../store/set-email-lines.js';
import { seconds } from '../../core/duration-words.js';
import type { Outcome } from './results.js';
import type { Sent } from './send.js';

/**
 * The outcome of each change sent, set in `outcomes`, from what became of its request and what the
 * read-back shows: `readBack` is undefined when the read failed; `planned`, the MyOperator users as
 * the plan read them; `stoppedBy`, the name of the signal that stopped the sending, if one did;
 * `pausedMs`, when `readBack` is a read made again after a pause, that pause, or 0 when it is the
 * one read and none follows (what a change answered with success but not shown yet is given, see
 * read-back.ts).
 */
export function verifyResults(
  toSend: readonly FixEntry[],
  sent: ReadonlyMap<FixEntry, Sent>,
  readBack: ReadonlyMap<string, MyOperatorUser> | undefined,
  planned: readonly MyOperatorUser[],
  stoppedBy: string | undefined,
  outcomes: Map<FixEntry, Outcome>,
  pausedMs?: number,
): void {
  // Who holds each e-mail now: a change that took, while someone else was given the same e-mail
  // since the plan was read, leaves two users PhoneBridge cannot tell apart.
  const holders = holdersByEmail(readBack?.values() ?? []);
  // And as a person reads it (letter case, spaces, invisible or look-alike characters), by the
  // plan's own key (conflictOf): a MyOperator that keeps e-mails unique regardless of case
  // (unconfirmed) refuses as taken what another user holds so, and one that does not leaves two
  // users with one address as a person reads it. A case-only check let a zero-width copy pass as "applied".
  // Only a holder the plan would refuse (a switched-off phone with a zero-width copy takes no calls,
  // and the plan sends beside it), and none it saw with that same e-mail and let be: "give that user
  // "arjun.malhotra<U+200B>@…" back" named an e-mail that user already held.
  let byKey: Map<string, MyOperatorUser[]> | undefined;
  let plannedById: Map<string, MyOperatorUser> | undefined;
  const seenByPlan = (u: MyOperatorUser) => (plannedById ??= new Map(planned.map((p) => [p.id, p]))).get(u.id)?.email === u.email;
  const nearTwin = (e: FixEntry) =>
    (byKey ??= holdersBy(readBack?.values() ?? [], emailKey)).get(emailKey(e.to))?.find((u) => u.id !== e.myoperator.id && nearHolderInTheWay(u, e.to) && !seenByPlan(u));
  for (const e of toSend) {
    const s = sent.get(e)!;
    const notRetried = s.notRetried && stoppedBy ? `, and was not tried again after ${stoppedBy}` : '';
    const now = readBack?.get(e.myoperator.id);
    const refused = s.answer && !s.answer.accepted ? s.answer.message : undefined;
    const twin = (holders.get(e.to) ?? []).find((u) => u.id !== e.myoperator.id) ?? (refused !== undefined && now && now.email !== e.to ? nearTwin(e) : undefined);
    // Asked only of a change that took: the plan refused such a holder (conflictOf).
    const variant = !twin && now?.email === e.to ? nearTwin(e) : undefined;
    if (s.unsent) outcomes.set(e, { result: 'not-applied', later: true, detail: `not sent: ${s.unsent.why}` });
    // The e-mail went to someone else (MyOperator updated the wrong user, or an admin gave it away
    // meanwhile, and MyOperator then refused it as taken): "set it by hand" would make two users
    // PhoneBridge cannot tell apart, or meet the same refusal.
    else if (now && now.email !== e.to && twin) {
      const { holds, giveBack } = heldNow(twin, e.to, planned);
      outcomes.set(e, {
        result: 'conflict',
        elsewhere: true,
        detail: `not set: ${holds}, not this one (still "${reveal(now.email)}"); ${giveBack}, then run fix again${refused !== undefined ? ` (MyOperator answered: ${clause(refused)})` : ''}`,
      });
    }
    // MyOperator said no: that is the answer, unless the read-back shows the e-mail set after all
    // (another run set it meanwhile, or the refusal came after the write).
    else if (refused !== undefined && now?.email !== e.to) outcomes.set(e, { result: 'not-applied', detail: `${NOT_TAKEN.refused}${refused}` });
    // A refusal by the token, a proxy or the rate limit is no write, read back or not.
    else if (!readBack) outcomes.set(e, (s.error && definiteFailure(s.error)) ?? { result: 'unverified', detail: s.error ? `the request failed${notRetried}: ${s.error.message}` : 'sent, but the read-back failed' });
    // Listed without this user, the read may be partial: that is no proof it was not applied.
    else if (!now) outcomes.set(e, { result: 'unverified', detail: `${s.error ? `the request failed (${clause(s.error.message)})${notRetried}, and ` : ''}the read-back did not list this user` });
    else if (now.email === e.to && twin)
      outcomes.set(e, {
        result: 'shared',
        detail: `set, but MyOperator user ${myOperatorWho(twin)} holds "${reveal(e.to)}" too (given it since the plan was read): PhoneBridge cannot tell the two apart; settle which one it is`,
      });
    // Set, while another user was given it as a person reads it: two MyOperator users hold one
    // address as a person reads it, what the plan refuses to make (conflictOf), so not "applied".
    else if (now.email === e.to && variant) {
      const { holds, giveBack } = heldNow(variant, e.to, planned);
      outcomes.set(e, {
        result: 'conflict',
        set: true,
        detail: `set, but ${holds}: two MyOperator users hold one address, which fix refuses to make; ${giveBack}, or, if that address is its own, settle which of the two it is`,
      });
    } else if (now && now.email === e.to) {
      // Which other fields an update touches is unconfirmed (reference §4): the e-mail is right,
      // but a user who stopped taking calls, or changed extension, name, a number, its country code or role, must
      // not pass unseen: an alternate number is where calls ring when the first is busy, a country code makes both dialable.
      const also = [
        now.active !== e.myoperator.active ? (now.active ? 'it is now active' : 'it no longer takes calls (inactive, or receive calls off)') : '',
        now.extension !== e.myoperator.extension ? `${EXTENSION_NOW}${visible(now.extension || '-')} (was ${visible(e.myoperator.extension || '-')})` : '',
        now.name !== e.myoperator.name ? `its name is now "${visible(now.name)}" (was "${visible(e.myoperator.name)}")` : '',
        movedFrom('its contact number (mobile)', e.myoperator.contactNumber, now.contactNumber),
        movedFrom('its alternate number (alternate_number)', e.myoperator.alternateNumber, now.alternateNumber),
        movedFrom('its country code (country_code)', e.myoperator.countryCode, now.countryCode),
        movedFrom('its role (role_id)', e.myoperator.roleId, now.roleId),
      ].filter(Boolean);
      // Its answer lost (a timeout, a cut connection) or a refusal, yet it took: said, not hidden.
      const despite =
        refused !== undefined
          ? ` (the read-back shows it set, though MyOperator answered: ${clause(refused)})`
          : s.error
            ? ` (the read-back shows it set, though its request failed (${clause(s.error.message)}))`
            : '';
      outcomes.set(
        e,
        also.length
          ? { result: 'applied', alsoChanged: true, detail: `set, but MyOperator changed more than the e-mail: ${also.join('; ')}; ${panelCheck(e.myoperator.active && !now.active)}${despite}` }
          : despite
            ? { result: 'applied', detail: despite.slice(2, -1) }
            : { result: 'applied' },
      );
    } else if (s.error) outcomes.set(e, failedRequest(s.error, now.email, notRetried));
    else outcomes.set(e, { result: 'not-applied', detail: `${NOT_TAKEN.ignored}${unchanged(e, now.email, pausedMs)}`, ...(pausedMs !== undefined && now.email === e.from ? { mayYetShow: true as const } : {}) });
  }
}

/**
 * Another user holding the e-mail sent (`to`), exactly or as a person reads it, named with what it
 * held when the plan was read: the one thing the panel needs to put back, and no other record holds it.
 */
function heldNow(twin: MyOperatorUser, to: string, planned: readonly MyOperatorUser[]): { holds: string; giveBack: string } {
  const had = planned.find((u) => u.id === twin.id)?.email;
  return {
    holds: `MyOperator user ${visible(twin.name) || visible(twin.id)} (ext ${visible(twin.extension ?? '-')}, ${visible(twin.id)}) holds "${reveal(twin.email)}" now${twin.email !== to ? `, the e-mail sent but for ${differenceWords(to, twin.email)}` : ''}${had !== undefined ? ` (it held "${reveal(had)}" when the plan was read)` : ''}`,
    giveBack: `give that user ${had ? `"${reveal(had)}"` : 'its own e-mail'} back in MyOperator's panel`,
  };
}

/**
 * What the read-back shows of a change MyOperator answered with success and did not make. The
 * e-mail sent, lower-cased, is what a service that keeps e-mails lower-cased would show
 * (unconfirmed, reference §3), where PhoneBridge compares them letter case included. Still the
 * e-mail it was on a read made again after `pausedMs`, it may be a MyOperator slower than that
 * pause (whether its reads lag its writes is unconfirmed, reference §4): said, so that nobody sets
 * by hand a change on its way without looking again first.
 */
function unchanged(e: FixEntry, now: string, pausedMs: number | undefined): string {
  const again = pausedMs ? ` on two reads ${seconds(pausedMs)} apart` : '';
  const lowered = e.to.trim().toLowerCase();
  const caseOnly = now === lowered && lowered !== e.to;
  // With no read after this one, a change on its way is as likely as on two reads: said so, not left for "set it by hand".
  const once = pausedMs === 0 ? ' on the one read after it (no second read)' : '';
  if (now === e.from)
    return `the e-mail is still "${reveal(now)}"${again || once}${caseOnly ? '; that is the one sent, in lower case: MyOperator ignored the change, or keeps e-mails lower-cased, where PhoneBridge needs the Zoho letter case' : ''}${again || once ? MAY_YET_TAKE : ''}`;
  if (caseOnly) return `holds "${reveal(now)}"${again}, the e-mail sent in lower case: MyOperator keeps e-mails lower-cased, where PhoneBridge needs the Zoho letter case`;
  return `holds "${reveal(now)}"${again}, neither the e-mail sent nor the one before`;
}

/**
 * A field the plan read that the read-back shows otherwise, with what it was: the admin puts it back
 * by hand, and no other record holds it. Nothing when the plan had none to compare (not sent), nor
 * for empty read back as absent: "is now - (was -)" made an unchanged user attention.
 */
function movedFrom(what: string, was: string | null | undefined, now: string | null | undefined): string {
  return was == null || (now ?? '') === was ? '' : `${what} is now ${visible(now || '-')} (was ${visible(was || '-')})`;
}

/** Answered success and not shown by the read-back: what a read made again after a pause may yet show (see unchanged). */
export function unseenYet(o: Outcome): boolean {
  return o.result === 'not-applied' && o.detail?.startsWith(NOT_TAKEN.ignored) === true;
}

/**
 * Where to look, said with the path: "check the user in its panel" left the admin to find both the
 * panel and, for a user the update switched off, how to switch it back on.
 */
function panelCheck(switchedOff: boolean): string {
  return `check the user in MyOperator's panel (Manage → Users${switchedOff ? '; to let it take calls again: activate the user, or ⋮ → Set Call Availability' : ''})`;
}

/**
 * A change whose request failed while the read-back shows it not set. A rejected token, a request
 * that never reached MyOperator (a proxy's refusal too) and a rate limit are definite, and for a later run; anything else
 * (no answer within the timeout, a cut connection, an HTTP error after retries, an answer that
 * cannot be read) may have reached MyOperator, which may yet apply it. `notRetried` says when a
 * stop kept it from being tried again: a retry might have got through.
 */
function failedRequest(err: CliError, now: string, notRetried = ''): Outcome {
  return definiteFailure(err) ?? { result: 'unverified', detail: `the request failed (${clause(err.message)})${notRetried}; the read-back still shows "${reveal(now)}", but it may have reached MyOperator, which may yet apply it` };
}

/** The outcome of a request that failed without reaching MyOperator's store, for a later run; undefined when it may have reached it. */
function definiteFailure(err: CliError): Outcome | undefined {
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  if (err instanceof AuthError) return { result: 'not-applied', later: true, detail: `the request failed: ${clause(err.message)}` };
  // These say what happened themselves, as a clause (every detail is one); a prefix said it twice: "the
  // request did not reach MyOperator: Cannot reach MyOperator …", "MyOperator refused it for too many
  // requests: MyOperator refused PUT … with HTTP 429 …". None begins as NOT_TAKEN.refused does, which
  // would make doctor --calls send the admin to the panel rather than to a later run.
  const refusedAtTheDoor = err instanceof RemoteError && err.kind === 'network' && (code === 'ECONNREFUSED' || code === 'ENOTFOUND');
  // A proxy's refusal names the user for the sentence that stops the run; under its row, which names it, `unnamed`.
  if (refusedAtTheDoor || (err instanceof RemoteError && (err.kind === 'proxy' || err.kind === 'rate-limit' || err.kind === 'redirect')))
    return { result: 'not-applied', later: true, detail: lowerFirst(clause((err instanceof RemoteError && err.unnamed) || err.message)) };
  return undefined;
}
