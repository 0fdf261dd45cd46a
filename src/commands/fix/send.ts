/** Sending a `fix` run's changes to MyOperator, one at a time, and which failure stops the changes after it. */
import { AuthError, CliError, RemoteError } from '../../errors.js';
import type { FixEntry } from '../../core/fix-plan.js';
import { myOperatorWho } from '../../core/reasons.js';
import type { EmailUpdate } from '../../clients/myoperator.js';
import type { FixDeps } from '../fix.js';

/**
 * Why a change was never sent, in words for its line, and what stopped it, for the run's closing
 * sentence: it was told by the words' first ones ("this run was paused…"), which a rewording broke unseen.
 */
export interface Unsent {
  by: 'stop' | 'takeover' | 'failure';
  why: string;
}

/** What became of one request: MyOperator's answer, the error, or why it was never sent. */
export interface Sent {
  answer?: EmailUpdate;
  error?: CliError;
  unsent?: Unsent;
  /** The request failed after the stop came: its retries were not sent. */
  notRetried?: true;
}

/**
 * One change at a time: MyOperator's published limits are tight (20 requests a minute, reference
 * §7). What would fail every change after it (haltsSending) stops the changes not yet sent.
 * Once `signal` is aborted (the first Ctrl-C), the change in flight sends no further attempt.
 */
export async function apply(changes: readonly FixEntry[], deps: FixDeps, stopped: () => Unsent | undefined, signal: AbortSignal): Promise<Map<FixEntry, Sent>> {
  const sent = new Map<FixEntry, Sent>();
  let halt: Unsent | undefined;
  for (const e of changes) {
    // A stop wins over the failure of the change that was in flight when it came: the person asked
    // for it, and "MyOperator could not be reached" would send them after the wrong cure.
    halt = stopped() ?? halt;
    if (halt) {
      sent.set(e, { unsent: halt });
      continue;
    }
    try {
      sent.set(e, { answer: await deps.myoperator.updateEmail(e.myoperator.id, e.to, signal, `MyOperator user ${myOperatorWho(e.myoperator)}`) });
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      sent.set(e, signal.aborted ? { error: err, notRetried: true } : { error: err });
      const why = haltsSending(err);
      if (why) halt = { by: 'failure', why };
    }
  }
  return sent;
}

/**
 * Why the changes after this failure are not sent, or undefined to go on: each would meet the same
 * (a rejected token; a proxy refusing writes; a MyOperator unreachable or silent, each change waiting out its own timeouts
 * and retries, minutes each; a rate limit longer than a run waits). `fix` again later plans only
 * what still differs. An HTTP error after retries, or an answer of the wrong shape, comes quickly
 * and may concern that change alone: the rest are sent.
 */
export function haltsSending(err: CliError): string | undefined {
  if (err instanceof AuthError) return 'MyOperator rejected the API token on an earlier change';
  if (!(err instanceof RemoteError)) return undefined;
  if (err.kind === 'network') return 'MyOperator could not be reached, or stopped answering, on an earlier change';
  if (err.kind === 'rate-limit') return 'MyOperator refused an earlier change for too many requests';
  if (err.kind === 'proxy') return 'a proxy or firewall between here and MyOperator refused an earlier change';
  // Not followed (no credential goes to another host): every change would be sent to the same one.
  if (err.kind === 'redirect') return 'MyOperator answered an earlier change with a redirect, which is not followed';
  return undefined;
}
