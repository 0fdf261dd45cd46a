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
        return {
          status: 'pass',
          message: `access token valid for ${minutes} more minutes (${Date.now() - t0} ms to get it)`,
          data: { expiresAt: new Date(token.expiresAt).toISOString() },
        };
      },
    );
  },
};
