/** What a person types to name a user (an id, an e-mail, an extension) → the users it names. */
import { emailKey } from './forensics.js';
import type { MyOperatorUser, ZohoUser } from './users.js';

/** The users under each of their keys, in their order; a user is listed once per key however many of its fields hold it. */
function indexed<T>(users: readonly T[], keys: (u: T) => Array<string | null>): (k: string) => T[] {
  const at = new Map<string, T[]>();
  for (const u of users)
    for (const k of new Set(keys(u))) {
      if (k === null) continue;
      const list = at.get(k);
      if (list) list.push(u);
      else at.set(k, [u]);
    }
  // A copy: the index is kept for the next lookup, and a caller may sort or change what it gets.
  return (k) => at.get(k)?.slice() ?? [];
}

/**
 * Byte-exact first, then as the matcher folds it. The folded keys are worked out only when an
 * e-mail is not found as typed, and then once for every user.
 */
function byEmail<T extends { email: string }>(users: readonly T[]): (x: string) => T[] {
  const exact = indexed(users, (u) => [u.email]);
  let folded: ((k: string) => T[]) | undefined;
  return (x) => {
    const found = exact(x);
    if (found.length > 0) return found;
    const k = emailKey(x);
    return k ? (folded ??= indexed(users, (u) => [emailKey(u.email)]))(k) : [];
  };
}

/**
 * findZoho for many names among the same users (the pairs of an import): the users are indexed
 * once. Searched through for each pair, 10,000 pairs were 10^8 comparisons and more.
 */
export function zohoFinder(users: readonly ZohoUser[]): (x: string) => ZohoUser[] {
  const byId = indexed(users, (u) => [u.id, u.zuid]);
  const email = byEmail(users);
  return (x) => {
    const found = byId(x.trim());
    return found.length > 0 ? found : email(x);
  };
}

/** findMyOperator for many names among the same users (see zohoFinder). */
export function myOperatorFinder(users: readonly MyOperatorUser[]): (x: string) => MyOperatorUser[] {
  const byId = indexed(users, (u) => [u.id, u.userId]);
  const byExt = indexed(users, (u) => [u.extension]);
  const email = byEmail(users);
  return (x) => {
    const t = x.trim();
    const found = byId(t);
    if (found.length > 0) return found;
    const atExt = byExt(t);
    return atExt.length > 0 ? atExt : email(x);
  };
}

/**
 * The finder of a list, made once: a lookup built an index of every user each time, and fix --only
 * of a few values, or map's checks of which side a name is on, look up in the same lists again
 * and again. The lists a run fetched are not changed afterwards.
 */
const zohoFinders = new WeakMap<readonly ZohoUser[], (x: string) => ZohoUser[]>();
const myOperatorFinders = new WeakMap<readonly MyOperatorUser[], (x: string) => MyOperatorUser[]>();

/** A Zoho user by id, zuid or e-mail (byte-exact first, then as the matcher folds it). */
export function findZoho(users: readonly ZohoUser[], x: string): ZohoUser[] {
  let find = zohoFinders.get(users);
  if (!find) zohoFinders.set(users, (find = zohoFinder(users)));
  return find(x);
}

/** A MyOperator user by uuid, user id, extension or e-mail. */
export function findMyOperator(users: readonly MyOperatorUser[], x: string): MyOperatorUser[] {
  let find = myOperatorFinders.get(users);
  if (!find) myOperatorFinders.set(users, (find = myOperatorFinder(users)));
  return find(x);
}

/**
 * A Zoho user as `map --zoho` takes it, as the hints name one: its e-mail where that names it alone,
 * else its id. Hints offered `map --zoho 4815900000000163352` beside others saying "deepak.verma@…".
 */
export function zohoWord(users: readonly ZohoUser[], z: Pick<ZohoUser, 'id' | 'email'>): string {
  const named = z.email ? findZoho(users, z.email) : [];
  return named.length === 1 && named[0]!.id === z.id ? z.email : z.id;
}

/**
 * A MyOperator user as `map --myoperator` and `fix --only` take it: its extension where that names
 * it alone, else its uuid (never two people). Alone on both sides: `fix --only` takes a Zoho user's
 * id or zuid too, and an extension that is one named that Zoho user as well.
 */
export function myOperatorWord(users: { zoho: readonly ZohoUser[]; myoperator: readonly MyOperatorUser[] }, m: Pick<MyOperatorUser, 'id' | 'extension'>): string {
  const named = m.extension ? findMyOperator(users.myoperator, m.extension) : [];
  return named.length === 1 && named[0]!.id === m.id && findZoho(users.zoho, m.extension!).length === 0 ? m.extension! : m.id;
}
