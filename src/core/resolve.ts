/** What a person types to name a user (an id, an e-mail, an extension) → the users it names. */
import { emailKey } from './forensics.js';
import type { MyOperatorUser, ZohoUser } from './users.js';

function byEmail<T extends { email: string }>(users: readonly T[], x: string): T[] {
  const exact = users.filter((u) => u.email === x);
  if (exact.length > 0) return exact;
  const k = emailKey(x);
  return k ? users.filter((u) => emailKey(u.email) === k) : [];
}

/** A Zoho user by id, zuid or e-mail (byte-exact first, then as the matcher folds it). */
export function findZoho(users: readonly ZohoUser[], x: string): ZohoUser[] {
  const t = x.trim();
  const byId = users.filter((u) => u.id === t || u.zuid === t);
  return byId.length > 0 ? byId : byEmail(users, x);
}

/** A MyOperator user by uuid, user id, extension or e-mail. */
export function findMyOperator(users: readonly MyOperatorUser[], x: string): MyOperatorUser[] {
  const t = x.trim();
  const byId = users.filter((u) => u.id === t || u.userId === t);
  if (byId.length > 0) return byId;
  const byExt = users.filter((u) => u.extension !== null && u.extension === t);
  return byExt.length > 0 ? byExt : byEmail(users, x);
}
