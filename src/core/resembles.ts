/**
 * Whom a MyOperator user chosen by hand for a Zoho user (`map --zoho … --myoperator …`) resembles
 * instead, as the matcher sees it: flags were taken as typed, and a slip of one extension (ext 21
 * for ext 18) mapped Neha Kapoor's seat to Deepak Verma with nothing said, which `fix` then sent.
 */
import { reveal, visible } from './forensics.js';
import type { MatchResult, Status } from './match.js';
import type { MyOperatorUser, ZohoUser } from './users.js';
import { seriesUpTo } from '../io/plural.js';

/**
 * The matcher's ties a person would take for that Zoho user's seat. Not `exact`: byte for byte, that
 * Zoho user keeps the seat's calls whatever is mapped (and map says so in a note of its own); not
 * `mapped`: replacing a mapping is asked already; not `inactive` nor `ignored`: nobody's calls.
 * Nor a Zoho user switched off, whom the matcher still weighs (a disabled namesake came out
 * `ambiguous`, and held a right pair for a user who takes no calls).
 */
const RESEMBLES: ReadonlySet<Status> = new Set<Status>(['mismatch', 'suggested', 'ambiguous']);

const resembling = (r: MatchResult): r is MatchResult & { zoho: ZohoUser } => r.zoho !== null && r.zoho.active && RESEMBLES.has(r.status);

export interface Resemblance {
  /** The other Zoho user whose likely match or candidate the MyOperator user is. */
  zoho: ZohoUser;
  /** That Zoho user's status in `match`, and the reason codes it shows for this MyOperator user (an ambiguous one's own: duplicate-email). */
  status: Status;
  codes: string[];
  /** The MyOperator user the matcher gives that Zoho user itself (ownOf), this one or another. */
  own: MyOperatorUser | undefined;
}

/**
 * The one MyOperator user a result gives its Zoho user: its match, else its only candidate. A
 * seat among several candidates is no one's likely match: called so, the second candidate of a
 * namesake whose own match was another seat read as that namesake's.
 */
const ownOf = (r: MatchResult): MyOperatorUser | undefined => r.myoperator ?? (r.candidates.length === 1 ? r.candidates[0]!.user : undefined);

/** The other Zoho users (at most a few) whose match or candidate `m` is, in the matcher's order. */
export function resemblesOthers(results: readonly MatchResult[], z: Pick<ZohoUser, 'id'>, m: Pick<MyOperatorUser, 'id'>): Resemblance[] {
  return resemblances(results)(z, m);
}

/**
 * resemblesOthers for many pairs (an import's, fix's saved ones): the results indexed once by the
 * MyOperator users they claim, not searched whole once per pair.
 */
export function resemblances(results: readonly MatchResult[]): (z: Pick<ZohoUser, 'id'>, m: Pick<MyOperatorUser, 'id'>) => Resemblance[] {
  const byM = new Map<string, Resemblance[]>();
  for (const r of results) {
    if (!resembling(r)) continue;
    const claimed = new Set(r.candidates.map((c) => c.user.id));
    if (r.myoperator) claimed.add(r.myoperator.id);
    for (const id of claimed) {
      const candidate = r.candidates.find((c) => c.user.id === id);
      const codes = (candidate?.reasons.length ? candidate.reasons : r.reasons).map((x) => x.code);
      const seen = byM.get(id) ?? byM.set(id, []).get(id)!;
      seen.push({ zoho: r.zoho, status: r.status, codes, own: ownOf(r) });
    }
  }
  return (z, m) => (byM.get(m.id) ?? []).filter((x) => x.zoho.id !== z.id);
}

/** Another Zoho user, with what makes the MyOperator user theirs as `match` says it: "Neha Kapoor (neha.k@…; suggested: same-name)". */
const like = (o: Resemblance) => `${visible(o.zoho.name) || visible(o.zoho.id)} (${reveal(o.zoho.email) || '(no e-mail)'}; ${o.status}${o.codes.length ? `: ${o.codes.join(', ')}` : ''})`;

/** Whose a MyOperator user `m` is instead (`others`, not empty), as map asks it and fix holds it: "the likely match of Zoho user Neha Kapoor (…)". */
export function whoseInstead(others: readonly Resemblance[], m: Pick<MyOperatorUser, 'id'>): string {
  const one = others.length === 1 ? others[0]! : undefined;
  return one
    ? `${one.status !== 'ambiguous' && one.own?.id === m.id ? 'the likely match' : 'a candidate'} of Zoho user ${like(one)}`
    : `a candidate of Zoho users ${seriesUpTo(others.map(like), 3)}`;
}

/** The MyOperator user the matcher itself would give `z` (its one match or first candidate), when not `m`. */
export function ownLikelyMatch(results: readonly MatchResult[], z: Pick<ZohoUser, 'id'>, m: Pick<MyOperatorUser, 'id'>): MyOperatorUser | undefined {
  const r = results.find((x) => x.zoho?.id === z.id);
  if (!r || !resembling(r)) return undefined;
  const own = ownOf(r);
  return own && own.id !== m.id ? own : undefined;
}

const words = (name: string) => new Set(name.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** Two names that share no word ("Deepak Verma", "Neha Kapoor"); a side with no name is not judged. */
export function shareNoWord(a: string, b: string): boolean {
  const [x, y] = [words(a), words(b)];
  if (x.size === 0 || y.size === 0) return false;
  return ![...x].some((w) => y.has(w));
}
