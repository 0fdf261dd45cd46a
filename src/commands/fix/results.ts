/**
 * What became of each entry of a `fix` run: its result, and what follows from it (set by hand in
 * MyOperator's panel, or left for a later run), counted for the summary.
 */
import type { FixEntry } from '../../core/fix-plan.js';

/** `shared`: set and read back, but another MyOperator user was given the same e-mail meanwhile. */
export type FixResult = 'planned' | 'applied' | 'not-applied' | 'conflict' | 'unverified' | 'shared';

export interface Outcome {
  result: FixResult;
  /** Why it was not applied, or the conflict; for an applied one, what else changed. */
  detail?: string;
  /** Applied, and the read-back shows more changed than the e-mail (what, in `detail`). */
  alsoChanged?: true;
  /** A conflict found after sending: the e-mail was written, but another user holds it now. */
  elsewhere?: true;
  /** A conflict found after sending with the e-mail set all the same: another user holds it now but for letter case. */
  set?: true;
  /**
   * Not applied, and for a later run rather than the panel: never sent (an earlier failure stopped
   * the run), or stopped by what a later run is the cure for (a rejected token, a request that did
   * not reach MyOperator, a rate limit).
   */
  later?: true;
  /**
   * Not applied: answered with success, and still the e-mail it was on two reads a pause apart (or
   * on the one read, when no second was asked for or it failed). A
   * MyOperator that is only slow may yet show it, so the cure is to look again later, then the panel.
   */
  mayYetShow?: true;
}

/** The MyOperator user holds the e-mail sent now: applied, set but shared, or set beside a holder but for letter case. */
export function holdsTarget(o: Outcome): boolean {
  return o.result === 'applied' || o.result === 'shared' || o.set === true;
}

/** Only a change that was sent and that MyOperator refused, or ignored, is one to set by hand: the rest may yet take, or are for a later run. */
export function byHand(o: Outcome): boolean {
  return o.result === 'not-applied' && !o.later;
}

export function summaryOf(entries: readonly FixEntry[], outcomes: ReadonlyMap<FixEntry, Outcome>) {
  const count = (r: FixResult) => entries.filter((e) => outcomes.get(e)!.result === r).length;
  return {
    planned: entries.filter((e) => !e.conflict).length,
    applied: count('applied'),
    notApplied: count('not-applied'),
    conflicts: count('conflict'),
    unverified: count('unverified'),
    shared: count('shared'),
    /** Applied, but the read-back shows more changed than the e-mail. */
    alsoChanged: entries.filter((e) => outcomes.get(e)!.alsoChanged).length,
  };
}
