import type { Check } from '../check.js';
import { listedNobody, needing } from '../check.js';
import { listingNobody } from '../../core/reasons.js';

/** The users API answers with the granted scopes, and how fast: reachability, scope and permission, as login's check of them. */
export const zohoApiCheck: Check = {
  id: 'zoho-api',
  group: 'Zoho',
  needs: ['zoho-credentials'],
  async run(env) {
    return needing(
      async () => (await env.clients()).zoho,
      async (zoho) => {
        const t0 = Date.now();
        // Bigin documents no count (reference §5): asking it alone was a 404 for every Bigin login, so
        // Bigin is checked as login checks it, its empty first page saying it lists nobody. CRM's count
        // stays the one request, and its failure a failure: verifyUsers passes over a failed count.
        const n = zoho.countsUsers ? await zoho.countUsers() : await zoho.verifyUsers();
        const ms = Date.now() - t0;
        // The login itself is what to doubt when it sees nobody: "0 users visible" passed a wrong account.
        if (n === 0) return { status: 'warn', message: `users API reachable, but 0 users visible (${ms} ms)`, reason: listedNobody('Zoho'), hint: `${listingNobody(['Zoho'])}.`, data: { users: 0, latencyMs: ms } };
        const seen = n === undefined ? 'user count unknown (Zoho did not send a number)' : `${n} users visible`;
        return { status: 'pass', message: `users API reachable, ${seen} (${ms} ms)`, data: { users: n ?? null, latencyMs: ms } };
      },
    );
  },
};
