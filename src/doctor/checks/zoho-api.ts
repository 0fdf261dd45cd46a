import type { Check } from '../check.js';
import { needing } from '../check.js';

/** The users API answers with the granted scopes, and how fast: reachability, scope and permission in one call. */
export const zohoApiCheck: Check = {
  id: 'zoho-api',
  group: 'Zoho',
  needs: ['zoho-credentials'],
  async run(env) {
    return needing(
      async () => (await env.clients()).zoho,
      async (zoho) => {
        const t0 = Date.now();
        const n = await zoho.countUsers();
        const ms = Date.now() - t0;
        const seen = n === undefined ? 'user count unknown (Zoho did not send a number)' : `${n} users visible`;
        return { status: 'pass', message: `users API reachable, ${seen} (${ms} ms)`, data: { users: n ?? null, latencyMs: ms } };
      },
    );
  },
};
