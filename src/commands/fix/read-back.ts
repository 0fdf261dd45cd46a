/** Reading MyOperator's users back after a `fix` run sent its changes, and what that shows of each. */
import { setTimeout as sleep } from 'node:timers/promises';
import { clause, CliError, lowerFirst, RemoteError } from '../../errors.js';
import { num } from '../../clients/connect.js';
import { seconds } from '../../core/duration-words.js';
import type { Context } from '../../context.js';
import type { FixEntry } from '../../core/fix-plan.js';
import type { MyOperatorUser } from '../../core/users.js';
import { plural } from '../../io/plural.js';
import { MAY_YET_TAKE } from '../../store/set-email-lines.js';
import { withSpinner, withSpinnerOrLine } from '../../ui/spinner.js';
import { quitsAtOnce } from '../../io/graceful-stop.js';
import type { FixDeps } from '../fix.js';
import type { Outcome } from './results.js';
import type { Sent } from './send.js';
import { unseenYet, verifyResults } from './verify.js';

/**
 * How long a run waits before it reads again the users whose change MyOperator answered with
 * success but does not show yet: whether its reads lag its writes is unconfirmed (reference §4),
 * and "set it by hand" of a change on its way is work for nothing. One pause, one read more.
 */
export const READ_AGAIN_MS = 5_000;

/** The pause PHONEBRIDGE_FIX_READ_AGAIN_MS asks for (0: no second read), else READ_AGAIN_MS. */
export function readAgainMsFrom(env: NodeJS.ProcessEnv): number {
  return num(env, 'PHONEBRIDGE_FIX_READ_AGAIN_MS') ?? READ_AGAIN_MS;
}

/**
 * Reads every user back and sets each change's outcome; when some answered success and do not
 * show, reads once more after `deps.readAgainMs` (none when 0 or unset) and judges them all by that
 * read. A second read that fails leaves the first's outcomes (`readAgainFailed`). The read used, or the first one's error.
 * `stop.signal`, aborted by a Ctrl-C, SIGTERM or SIGHUP with its name, ends the pause (or skips it): those
 * not shown yet are "not verified", since they may yet take; `stop.pausing` says when the pause is on.
 */
export async function readUsersBack(
  ctx: Context,
  deps: Pick<FixDeps, 'myoperator' | 'readAgainMs'>,
  toSend: readonly FixEntry[],
  sent: ReadonlyMap<FixEntry, Sent>,
  planned: readonly MyOperatorUser[],
  stoppedBy: string | undefined,
  outcomes: Map<FixEntry, Outcome>,
  stop?: { signal: AbortSignal; pausing(on: boolean): void },
): Promise<{ users?: Map<string, MyOperatorUser>; error?: CliError; readAgainFailed?: true }> {
  let users: Map<string, MyOperatorUser>;
  try {
    users = await read(ctx, deps, 'Reading MyOperator users back to verify…');
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    verifyResults(toSend, sent, undefined, planned, stoppedBy, outcomes);
    return { error: e };
  }
  const pause = deps.readAgainMs ?? 0;
  // No second read to come: this one is the last, and what it does not show yet may still take (0 says so).
  verifyResults(toSend, sent, users, planned, stoppedBy, outcomes, pause > 0 ? undefined : 0);
  const unseen = toSend.filter((e) => unseenYet(outcomes.get(e)!)).length;
  if (unseen === 0 || pause <= 0) return { users };
  let cut = stop?.signal.aborted ?? false;
  if (!cut) {
    stop?.pausing(true);
    cut = await withSpinnerOrLine(ctx, `${plural(unseen, 'change')} answered success but not shown yet; reading again in ${seconds(pause)}…`, () =>
      sleep(pause, false, { signal: stop?.signal }).catch(() => true),
    );
    stop?.pausing(false);
  }
  if (stop && cut) {
    const by = String(stop.signal.reason);
    // Said here, once the spinner is gone (a line written under it is wiped); a stop while sending said its own.
    if (!stoppedBy) ctx.say(`Every change was sent; not waiting to read again: recording what the read-back showed (${quitsAtOnce(by)}).\n`);
    for (const e of toSend) {
      const o = outcomes.get(e)!;
      if (unseenYet(o)) outcomes.set(e, { result: 'unverified', detail: `${o.detail}; not read again after ${by}, so it may yet take` });
    }
    return { users };
  }
  try {
    const again = await read(ctx, deps, 'Reading MyOperator users again…');
    verifyResults(toSend, sent, again, planned, stoppedBy, outcomes, pause);
    return { users: again };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    // The first read's verdict stands, with why there is no second: "the e-mail is still …" alone
    // hid a failed read. Still the e-mail it was on the one read there was, it may yet take, as
    // with no second read asked for: "set it by hand" at once would do twice what may be on its way.
    for (const entry of toSend) {
      const o = outcomes.get(entry)!;
      if (!unseenYet(o)) continue;
      const still = users.get(entry.myoperator.id)?.email === entry.from;
      outcomes.set(entry, {
        ...o,
        detail: `${o.detail}; read again after ${seconds(pause)}, the users could not be listed: ${lowerFirst(clause(e.message))}${still ? MAY_YET_TAKE : ''}`,
        ...(still ? { mayYetShow: true as const } : {}),
      });
    }
    return { users, readAgainFailed: true };
  }
}

async function read(ctx: Context, deps: Pick<FixDeps, 'myoperator'>, text: string): Promise<Map<string, MyOperatorUser>> {
  const listed = await withSpinner(ctx, text, () => deps.myoperator.listUsers());
  // No users at all is a bad read, as it is for the plan: it must not turn every change into
  // "no longer listed, not applied, set it by hand".
  if (listed.length === 0) throw new RemoteError('bad-response', 'MyOperator listed no users at all.');
  return new Map(listed.map((u) => [u.id, u]));
}
