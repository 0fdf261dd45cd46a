import type { Check } from '../check.js';

export const myOperatorApiCheck: Check = {
  id: 'myoperator-api',
  group: 'MyOperator',
  async run(env) {
    let source = 'built in (sandbox)';
    if (!env.ctx.globals.sandbox) {
      const s = env.credentials.myOperatorSettings(env.ctx.env);
      if (!s.token) return { status: 'fail', message: 'no API token', hint: 'Run `phonebridge-sync login myoperator`, or set PHONEBRIDGE_MYOPERATOR_TOKEN.' };
      source = s.token.source === 'env' ? 'from the environment' : 'from the file';
    }
    const t0 = Date.now();
    await (await env.clients()).myoperator.verify();
    return { status: 'pass', message: `API token ${source} accepted (${Date.now() - t0} ms)`, data: { source, latencyMs: Date.now() - t0 } };
  },
};
