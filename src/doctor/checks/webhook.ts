import { attributeCall } from '../../core/diagnose.js';
import { visible } from '../../core/forensics.js';
import { readCallPayload } from '../../io/webhook.js';
import type { Check } from '../check.js';
import { needing, needingUsers } from '../check.js';

/** `--webhook F`: which Zoho user a MyOperator call would be attributed to, and why, or why nobody. */
export const webhookCheck: Check = {
  id: 'webhook',
  group: 'Calls',
  async run(env) {
    const file = env.webhookFile!;
    const payload = await readCallPayload(file);
    return needing(env.mappings, (saved) =>
      needingUsers(env.users, (users) => {
        const a = attributeCall(payload.agent, saved.mappings, users.zoho, users.myoperator);
        const data = {
          form: payload.form,
          callId: payload.callId ?? null,
          agent: payload.agent,
          myoperator: a.myoperator?.id ?? null,
          agentBy: a.agentBy,
          zoho: a.zoho && { id: a.zoho.id, zuid: a.zoho.zuid, email: a.zoho.email, name: a.zoho.name },
          via: a.via,
          steps: a.steps,
        };
        if (a.zoho)
          return {
            status: a.zoho.active ? 'pass' : 'warn',
            message: `call ${visible(payload.callId ?? '')} goes to Zoho user ${visible(a.zoho.name)} <${visible(a.zoho.email)}> (zohouser ${a.zoho.zuid ?? '?'}) through ${a.via === 'mapping' ? 'a saved mapping' : 'the e-mail rule'}\n${a.steps.join('\n')}`,
            data,
          };
        return {
          status: 'fail',
          message: `call ${visible(payload.callId ?? '')} would be attributed to nobody\n${a.steps.join('\n')}`,
          hint: 'Map the agent with `phonebridge-sync map --zoho <zoho user> --myoperator <uuid or extension>`, or make the e-mails identical.',
          data,
        };
      }),
    );
  },
};
