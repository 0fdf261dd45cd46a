import { listedNobody, type Check } from '../check.js';
import { listingNobody } from '../../core/reasons.js';

export const myOperatorApiCheck: Check = {
  id: 'myoperator-api',
  group: 'MyOperator',
  async run(env) {
    let source = 'built in (sandbox)';
    if (!env.ctx.globals.sandbox) {
      // Without a token, the client refuses below in its own words: they name the profile, and a
      // PHONEBRIDGE_MYOPERATOR_TOKEN set but empty (a CI secret not defined), which "no API token …
      // or set PHONEBRIDGE_MYOPERATOR_TOKEN" sent the admin past.
      const { token } = env.credentials.myOperatorSettings(env.ctx.env);
      source = token?.source === 'env' ? 'from the environment' : 'from the file';
    }
    const t0 = Date.now();
    const listsSomeone = await (await env.clients()).myoperator.verify();
    const ms = Date.now() - t0;
    // The login itself is what to doubt when it sees nobody: "accepted" alone passed a wrong account.
    if (!listsSomeone) return { status: 'warn', message: `API token ${source} accepted, but it lists no users (${ms} ms)`, reason: listedNobody('MyOperator'), hint: `${listingNobody(['MyOperator'])}.`, data: { source, latencyMs: ms, users: 0 } };
    return { status: 'pass', message: `API token ${source} accepted (${ms} ms)`, data: { source, latencyMs: ms } };
  },
};
