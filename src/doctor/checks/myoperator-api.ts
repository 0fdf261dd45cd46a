import type { Check } from '../check.js';

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
    await (await env.clients()).myoperator.verify();
    return { status: 'pass', message: `API token ${source} accepted (${Date.now() - t0} ms)`, data: { source, latencyMs: Date.now() - t0 } };
  },
};
