/** Small fixture builders: a user is its e-mail plus whatever the test is about. */
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';

let n = 0;
export function zohoUser(email: string, over: Partial<ZohoUser> = {}): ZohoUser {
  n++;
  return { id: `z${n}`, zuid: `${9000 + n}`, email, name: '', active: true, status: 'active', confirmed: true, ...over };
}

export function moUser(email: string, over: Partial<MyOperatorUser> = {}): MyOperatorUser {
  n++;
  return { id: `m${n}`, userId: `${n}`, email, name: '', extension: `${100 + n}`, active: true, ...over };
}
