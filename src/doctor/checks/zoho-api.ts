import type { Check } from '../check.js';
import { needing } from '../check.js';

/** The users API answers with the granted scopes, and how fast: reachability, scope and permission in one call. */
export const zohoApiCheck: Check = {
  id: 'zoho-api',
  group: 'Zoho',
  async run(env) {
    return needing(
      async () => (await env.clients()).zoho,
      async (zoho) => {
        const t0 = Date.now();
        const n = await zoho.countUsers();
        return { status: 'pass', message: `users API reachable, ${n} users visible (${Date.now() - t0} ms)`, data: { users: n, latencyMs: Date.now() - t0 } };
      },
    );
  },
};
