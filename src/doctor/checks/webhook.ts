import { CallAudit } from '../../core/call-audit.js';
import { agentWords, attributeCall, type CallAgent } from '../../core/diagnose.js';
import { reveal, visible } from '../../core/forensics.js';
import { myOperatorWord, zohoWord } from '../../core/resolve.js';
import { ignoredUndoWord, leftUndoCommand } from '../../core/reconcile.js';
import { leftUnmappedIds, type ZohoUser } from '../../core/users.js';
import { myOperatorWho, zohoOff } from '../../core/reasons.js';
import { readCallPayload } from '../../io/webhook.js';
import { historyAnswers } from '../../store/set-email-lines.js';
import type { Check } from '../check.js';
import { needing, needingUsers } from '../check.js';

/** "call 123", or "the call" when the payload has no id (never "call  goes to"). */
const callName = (id: string | null | undefined): string => (id ? `call ${visible(id)}` : 'the call');

/** A Zoho user a call goes to, as the line says it: name, e-mail and the zohouser id PhoneBridge's calls carry. */
const zohoWho = (u: ZohoUser): string => `Zoho user ${visible(u.name)} <${reveal(u.email)}> (zohouser ${visible(u.zuid ?? '?')})`;

/** What an agent switched off means for the calls after this one: one wording for a call attributed and for one that is not. */
const switchedOffNow = (meaning: string): string => `is switched off in MyOperator now: ${meaning}`;

/**
 * Why no MyOperator user is the agent a payload names. Named by e-mail or uuid alone, not "was
 * renamed" (a name is not what was looked up), nor "no agent is named" under the step that had
 * just quoted the agent's e-mail, as --calls' words (its logs name agents by name and extension) said.
 */
function agentGone({ email, id, extension }: CallAgent): string {
  if (extension || !(email || id)) return 'the agent has left, or was renamed';
  return `the agent has left${email ? ', or its e-mail was changed since the call' : ''}`;
}

/** `--webhook F`: which Zoho user a MyOperator call would be attributed to, and why, or why nobody. */
export const webhookCheck: Check = {
  id: 'webhook',
  group: 'Calls',
  needs: ['mappings-file'],
  async run(env) {
    const file = env.webhookFile!;
    const payload = await readCallPayload(file);
    // As --calls judges answered calls only: a missed call was ✗ "attributed to nobody", exit 5,
    // beside "fix: … nothing to fix".
    if (payload.answered === false)
      return {
        status: 'skip',
        message: `${callName(payload.callId)} was not answered (no leg of it was received): PhoneBridge has no agent to attribute it to, so there is nothing to check`,
        data: { form: payload.form, callId: payload.callId ?? null, agent: payload.agent, answered: false },
      };
    if (payload.noLegs)
      return {
        status: 'skip',
        message: `${callName(payload.callId)} lists no legs (its "_ld" is empty): it reached no agent, so PhoneBridge has no one to attribute it to, and there is nothing to check`,
        data: { form: payload.form, callId: payload.callId ?? null, agent: payload.agent, answered: null, legs: 0 },
      };
    // No agent named anywhere (no `_ld`, or legs neither answered nor missed that name nobody): as
    // for `{"_ld":[]}`, nothing to judge. It was ✗ "would be attributed to nobody", exit 5, beside
    // "nothing to fix": a failure with no cure.
    const { id, email, extension, name } = payload.agent;
    if (!id && !email && !extension && !name?.trim() && !payload.answeredByNobody && !payload.missedAgent)
      return {
        status: 'skip',
        message: `${callName(payload.callId)} names no agent (${payload.form === 'envelope' ? 'no agent id, e-mail or extension in it' : 'no _id, _ex or _em'}): nobody answered it, or it is not an after-call payload, so there is nothing to check`,
        data: { form: payload.form, callId: payload.callId ?? null, agent: payload.agent, answered: null },
      };
    // Asha's leg missed, the other leg neither answered nor missed and naming nobody: as the call
    // above that names no agent, nothing to judge. It was ✗ "would be attributed to nobody", exit 5,
    // beside "No agent is recorded as answering it (Asha Rao's leg was missed); nothing to fix."
    if (!id && !email && !extension && !name?.trim() && !payload.answeredByNobody && payload.missedAgent)
      return {
        status: 'skip',
        message: `${callName(payload.callId)} names an agent only on a leg marked missed (${agentWords(payload.missedAgent)}), and no leg that may have answered it records one (no _id, _ex or _em in _rr): PhoneBridge has no agent to attribute it to, so there is nothing to check`,
        data: { form: payload.form, callId: payload.callId ?? null, agent: payload.agent, answered: null, missedAgent: payload.missedAgent },
      };
    // The flat form's leg naming "Asha Rao" alone, not marked answered: said to name no agent, beside
    // "No MyOperator user has "Asha Rao"" (a name alone is not looked up in this form), ✗ and exit 5.
    // As for a leg that records nobody, nothing to judge; an answered one is judged below (a warning).
    if (payload.form === 'legacy' && !id && !email && !extension && name?.trim() && !payload.answeredByNobody)
      return {
        status: 'skip',
        message: `${callName(payload.callId)} names its agent by name alone ("${visible(name)}": no _id, _ex or _em in _rr), on a leg not marked answered: PhoneBridge does not attribute a call by the agent's name alone, so there is nothing to check`,
        data: { form: payload.form, callId: payload.callId ?? null, agent: payload.agent, answered: null },
      };
    return needing(env.mappings, (saved) =>
      needingUsers(env.users, async (users) => {
        const a = attributeCall(payload.agent, saved.mappings, users.zoho, users.myoperator, payload);
        const data = {
          form: payload.form,
          callId: payload.callId ?? null,
          agent: payload.agent,
          myoperator: a.myoperator?.id ?? null,
          agentBy: a.agentBy,
          zoho: a.zoho && { id: a.zoho.id, zuid: a.zoho.zuid, email: a.zoho.email, name: a.zoho.name },
          via: a.via,
          mapped: a.mapped && { id: a.mapped.id, email: a.mapped.email, name: a.mapped.name },
          steps: a.steps,
        };
        const mapped = a.via === 'mapping' ? ', as the saved mapping says' : '';
        const who = a.zoho && zohoWho(a.zoho);
        // The same cure --calls gives this agent: fix, map then fix, the Zoho side, or nothing (gone).
        // The history too: a `fix --only` MyOperator refused is not offered again (read once, only for such a cure).
        const { lastTry, setAt } = historyAnswers(env.history);
        let audit: CallAudit | undefined;
        const auditOf = async () => (audit ??= new CallAudit(users.zoho, users.myoperator, await env.fixPlan(), await env.report(), saved.mappings, lastTry, setAt, undefined, (z) => ignoredUndoWord(zohoWord(users.zoho, z), z.id, saved)));
        const cureOf = async (said?: { id: string }) =>
          (await auditOf()).cureForAgent({ name: payload.agent.name ?? '', extension: payload.agent.extension ?? '' }, a.myoperator ?? undefined, said);
        if (a.zoho && a.zoho.active && a.zoho.confirmed) {
          // Where the call goes, said alike whether its agent is on or switched off now.
          // Another MyOperator user holding the agent's very e-mail (found without the audit, which
          // reads the fix plan): the call goes there only if MyOperator links this agent, which is
          // unconfirmed (SHARED_EMAIL_UNCONFIRMED), whether the agent is on or switched off now.
          const agent = a.myoperator;
          const coHeld = agent !== null && agent.email !== '' && users.myoperator.some((u) => u.id !== agent.id && u.email === agent.email);
          const goes = `${callName(payload.callId)} goes to ${who} through the e-mail rule${coHeld ? ' only if MyOperator links its agent to that user, not another holder of its e-mail' : ''}${mapped}`;
          // The agent is switched off now. Decided, beside --calls: the payload shows the agent took
          // this call (perhaps while on), and the e-mail rule gives it to this Zoho user, so the call
          // is not said to be unattributed. But a user switched off takes no calls from now on, and
          // --calls (judging against the users as they are now) counts its calls unattributable: a
          // pass here contradicted it. So it fails too, saying the switch is of now and what it means
          // for the next calls, beside the cure --calls gives (switch it back on).
          if (a.myoperator && !a.myoperator.active) {
            const cure = await cureOf();
            // An old phone another active one took over from: a warning, as --calls says, its e-mail to go if it still holds it.
            const retired = (await auditOf()).retiredPhone(a.myoperator);
            return {
              status: retired ? 'warn' : 'fail',
              message: `${goes}, but its agent ${switchedOffNow(retired?.status ?? 'it takes no more calls until it is switched back on')}\n${a.steps.join('\n')}`,
              hint: retired ? retired.emailFix : cure?.message,
              data: { ...data, cure: cure?.kind ?? null },
            };
          }
          // Attributed, to another Zoho user than the saved pair's: fix refuses that pair as it
          // stands (this e-mail is that user's), and it is said with fix's own sentence. The steps
          // said "`fix` sets the MyOperator e-mail to the Zoho one", which fix then refused to do.
          // Another MyOperator user holds the agent's e-mail too (an old phone left with it): the
          // call goes there only if MyOperator links this agent, which is unconfirmed. A pass here
          // said it went, where duplicate-emails said such calls may go to nobody.
          const shared = coHeld && a.myoperator ? (await auditOf()).sharedEmail(a.myoperator) : undefined;
          if (shared)
            return {
              status: 'warn',
              message: `${goes}: ${shared.status}\n${a.steps.join('\n')}`,
              hint: shared.cure,
              data: { ...data, cure: 'shared-email' },
            };
          const pair = a.mapped && a.mapped.id !== a.zoho.id ? await cureOf() : undefined;
          const message = `${goes}\n${[...a.steps, ...(pair ? [pair.message] : [])].join('\n')}`;
          // --calls counts such a call apart, a warning (which of the record and the e-mail is wrong
          // is the admin's to say): a pass here contradicted it.
          if (pair && a.myoperator && (await auditOf()).againstSaved(a.myoperator)) return { status: 'warn', message, data: { ...data, cure: pair.kind } };
          return { status: 'pass', message, data };
        }
        // Several Zoho users hold the agent's e-mail, one or more taking calls: the call goes to one of
        // them only if MyOperator links the agent to it, which is unconfirmed (ZOHO_SHARED_EMAIL_UNCONFIRMED).
        // It was ✗ "would be attributed to nobody", beside "PhoneBridge cannot choose", said as a fact.
        const takers = a.sharedBy ?? [];
        if (takers.length && a.myoperator?.active) {
          const cure = await cureOf();
          const goes =
            takers.length === 1
              ? `${zohoWho(takers[0]!)} through the e-mail rule only if MyOperator links its agent to that user, not another Zoho user holding its e-mail`
              : `one of ${takers.map(zohoWho).join(' and ')} through the e-mail rule only if MyOperator links its agent to one of them`;
          return { status: 'warn', message: `${callName(payload.callId)} goes to ${goes}\n${a.steps.join('\n')}`, hint: cure?.message, data: { ...data, cure: cure?.kind ?? null } };
        }
        // A name several MyOperator users have names none of them: who took the call, and so where
        // it goes, is not in this payload (nor is it "nobody"; the cure for a user who has left was untrue).
        if (a.sameName !== undefined && a.sameName > 1)
          return {
            status: 'warn',
            message: `cannot say where ${callName(payload.callId)} goes: its payload names the agent by a name ${a.sameName} MyOperator users have\n${a.steps.join('\n')}`,
            hint: "MyOperator's call log records the answering agent's extension: `phonebridge-sync doctor --calls` judges each answered call by it.",
            data: { ...data, sameName: a.sameName },
          };
        // A line the admin left unmapped on purpose (`map --ignore-myoperator`): nobody in Zoho is to take
        // its calls, and --calls counts them apart, not unattributable; so is this call, with the undo.
        const agent = a.myoperator;
        if (agent && leftUnmappedIds(saved).has(agent.id))
          return {
            status: 'warn',
            message: `${callName(payload.callId)} goes to no Zoho user: its agent, MyOperator user ${myOperatorWho(agent)}, is left unmapped on purpose (${leftUndoCommand(myOperatorWord(users, agent), agent.id, saved)} undoes it)\n${a.steps.join('\n')}`,
            data: { ...data, cure: null, leftUnmapped: true },
          };
        // A Zoho user who takes no calls (inactive, or not confirmed) is nobody to PhoneBridge:
        // --calls counts such a call unattributable, so it fails here too.
        // The verdict says this user's status: the fix line after it gives the cure alone.
        const cure = await cureOf(a.zoho ?? undefined);
        const verdict = a.zoho
          ? `${callName(payload.callId)} will not be attributed: the e-mail rule gives it to ${who}${mapped}, who ${zohoOff(a.zoho)}; PhoneBridge shows calls to active, confirmed users only`
          : `${callName(payload.callId)} would be attributed to nobody`;
        // An agent no MyOperator user is (none recorded, a name alone, or one who has left): no change
        // of ours cures the call. It was ✗ beside "nothing to fix"; --calls counts such a call `!`
        // (an unknown agent), and so does this, saying why.
        const unknown = cure?.kind === 'unknown-agent';
        // Answered by nobody recorded, or by a name alone: the step says why, and there is no fix line.
        if (unknown && payload.answeredByNobody) return { status: 'warn', message: `${verdict}\n${a.steps.join('\n')}`, data: { ...data, cure: cure.kind } };
        // Nothing cures a past call of an agent no MyOperator user is: a fix line ending "nothing to
        // fix for past calls" named no step, so, as --calls does, the reason goes on the `!` line.
        if (unknown) return { status: 'warn', message: `${verdict}: ${agentGone(payload.agent)}, and a past call cannot be attributed after the fact\n${a.steps.join('\n')}`, data: { ...data, cure: cure.kind } };
        // A phone switched off whose Zoho user another, on, takes now: as --calls says, a warning, and no switch-on.
        const retired = cure?.kind === 'retired-myoperator-user' && a.myoperator ? (await auditOf()).retiredPhone(a.myoperator) : undefined;
        if (retired && a.myoperator)
          return {
            status: 'warn',
            message: `${verdict}; its agent, MyOperator user ${myOperatorWho(a.myoperator)}, ${switchedOffNow(retired.status)}\n${a.steps.join('\n')}`,
            ...(retired.emailFix ? { hint: retired.emailFix } : {}),
            data: { ...data, cure: 'retired-myoperator-user' },
          };
        // A seat fix's change emptied: its agent named on the line, as --calls lists it, not by the fix line alone.
        const seat = cure?.kind === 'emptied-by-fix' ? (await auditOf()).seatOf({ extension: payload.agent.extension ?? '' }) : undefined;
        return {
          status: 'fail',
          message: `${verdict}${seat ? `: its agent is ${seat.words}` : ''}\n${a.steps.join('\n')}`,
          hint: cure?.message,
          data: { ...data, ...(seat ? { myoperator: seat.seat.uuid, seat: seat.seat } : {}), cure: cure?.kind ?? null },
        };
      }),
    );
  },
};
