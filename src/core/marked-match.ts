/**
 * A MyOperator user paired with nobody whose e-mail is that of a Zoho user marked "never map", as a person reads it.
 * Such a seat is likelier the marked user's: fix refuses to give it another Zoho user's e-mail (fix-plan.ts), so the
 * steps that work for it are the mark's (lift it, or leave the line unmapped on purpose), whatever else resembles it.
 */
import { emailKey } from './forensics.js';
import type { MatchReport, MatchResult } from './match.js';
import type { MyOperatorUser, ZohoUser } from './users.js';

/**
 * The one Zoho user marked "never map" whose e-mail `u` holds but for case or look-alikes (active, where the seat is
 * another Zoho user's candidate: fix refuses that pair only then). Not one it holds byte for byte: PhoneBridge links
 * those whatever the mark, and map refuses to leave such a line unmapped on purpose (markedHolderOf).
 */
export function markedMatchOf(u: MyOperatorUser, report: MatchReport): MatchResult | undefined {
  const marked = markedAlike(u, report);
  const r = marked.length === 1 && marked[0]!.zoho!.email !== u.email ? marked[0] : undefined;
  return r && (unclaimed(u, report) || r.zoho!.active) ? r : undefined;
}

/** The one active Zoho user marked "never map" whose e-mail a myoperator-only user holds byte for byte: PhoneBridge links the two whatever the mark. */
export function markedHolderOf(u: MyOperatorUser, report: MatchReport): ZohoUser | undefined {
  const marked = unclaimed(u, report) ? markedAlike(u, report) : [];
  const z = marked.length === 1 ? marked[0]!.zoho! : undefined;
  return z && z.email === u.email && z.active ? z : undefined;
}

/** Whether `u` is myoperator-only: no Zoho user's partner nor candidate. */
export function unclaimed(u: MyOperatorUser, report: MatchReport): boolean {
  return report.results.some((x) => x.myoperator?.id === u.id && x.status === 'myoperator-only');
}

/** Statuses that leave a MyOperator user paired with nobody: matched by none, or only suggested for a Zoho user. */
const UNPAIRED: ReadonlySet<MatchResult['status']> = new Set(['myoperator-only', 'suggested', 'ambiguous']);

/** The results of Zoho users marked "never map" whose e-mail `u` holds, as a person reads it, where no result pairs `u` (myoperator-only, or only suggested). */
function markedAlike(u: MyOperatorUser, report: MatchReport): MatchResult[] {
  if (!u.email || report.results.some((x) => (x.myoperator?.id === u.id || x.candidates.some((c) => c.user.id === u.id)) && !UNPAIRED.has(x.status))) return [];
  return report.results.filter((x) => x.status === 'ignored' && x.zoho?.email && emailKey(x.zoho.email) === emailKey(u.email));
}
