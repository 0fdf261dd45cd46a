import type { Check } from '../check.js';
import { needing } from '../check.js';

export const zohoTokenCheck: Check = {
  id: 'zoho-token',
  group: 'Zoho',
  needs: ['zoho-credentials'],
  async run(env) {
    return needing(
      async () => (await env.clients()).zohoAuth,
      async (auth) => {
        const t0 = Date.now();
        const token = await auth.token();
        const minutes = Math.round((token.expiresAt - Date.now()) / 60_000);
        // A cached token proves nothing of the refresh token (revoked since, or a wrong secret in the
        // environment): said as what it is, with zoho-api the check that uses it.
        return {
          status: 'pass',
          message: auth.refreshedNow
            ? `refreshed just now: Zoho accepted the refresh token; access token valid for ${minutes} more minutes (${Date.now() - t0} ms to get it)`
            : `a cached access token, valid for ${minutes} more minutes (not asked of Zoho here; zoho-api uses it)`,
          data: { expiresAt: new Date(token.expiresAt).toISOString() },
        };
      },
    );
  },
};
