import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyLine } from '../../src/commands/fix/history.js';
import { changesNotTaken } from '../../src/store/set-email-lines.js';
import type { FixResult } from '../../src/commands/fix/results.js';
import { answeringAgent, CallAudit, type CallLog } from '../../src/core/call-audit.js';
import { planFix } from '../../src/core/fix-plan.js';
import { parseCallPayload } from '../../src/io/webhook.js';
import { matchUsers } from '../../src/core/match.js';
import { mappingOf, savedPairs, type Mapping } from '../../src/core/reconcile.js';
import type { MyOperatorUser, ZohoUser } from '../../src/core/users.js';
import { moUser, zohoUser } from '../support/builders.js';
import { tempDir } from '../support/cli.js';
import { MappingStore } from '../../src/store/mappings.js';

const answered = (name: string, extension: string): CallLog => ({
  status: '1',
  log_details: [{ action: 'received', received_by: [{ name, extension }] }],
});

function audit(zoho: ZohoUser[], myoperator: MyOperatorUser[], mappings: Mapping[] = []) {
  const report = matchUsers({ zoho, myoperator, ...savedPairs({ mappings, ignored: [] }) });
  return new CallAudit(zoho, myoperator, planFix({ zoho, myoperator, mappings, report }), report, mappings);
}

describe('call audit', () => {
  it('a mapped seat whose MyOperator e-mail was changed since it was mapped: the cure gives both of fix\'s own, never "`fix` cannot" before a `fix --only`', () => {
    const sneha = zohoUser('sneha@acme.in', { name: 'Sneha Reddy' });
    const seat = moUser('sneha@acme.in', { name: 'Sneha Reddy', extension: '29' });
    const a = audit([sneha], [{ ...seat, email: 'rohit@acme.in' }], [mappingOf(sneha, seat, 'auto', '2026-11-25T00:00:00.000Z')]);
    expect(a.add(answered('Sneha Reddy', '29'))).toBe('unattributable');
    const cure = a.result().agents[0]!.cure!;
    expect(cure.kind).toBe('conflict');
    expect(cure.message).toMatch(/^MyOperator user Sneha Reddy \(ext 29\) has "rohit@acme\.in" now, not the "sneha@acme\.in" this pair was recorded with\..*`phonebridge-sync fix --only 29` sets it back\./);
    expect(cure.message).not.toContain('`fix` cannot');
  });

  it("an answered call is attributable only when the agent's MyOperator e-mail equals one Zoho e-mail byte for byte", () => {
    const a = audit(
      [zohoUser('asha@acme.in'), zohoUser('Ravi@acme.in')],
      [moUser('asha@acme.in', { name: 'Asha', extension: '11' }), moUser('ravi@acme.in', { name: 'Ravi', extension: '12' })],
    );
    expect(a.add(answered('Asha', '11'))).toBe('attributable');
    expect(a.add(answered('Ravi', '12'))).toBe('unattributable');
    expect(a.add(answered('Ravi', '12'))).toBe('unattributable');
    const { summary, agents } = a.result();
    expect(summary).toEqual({ answered: 3, attributable: 1, unconfirmed: 0, unattributable: 2, unknownAgent: 0, leftUnmapped: 0, misattributed: 0 });
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatchObject({ unattributable: 2, myoperator: { email: 'ravi@acme.in' }, cure: { kind: 'fix' } });
    expect(agents[0]!.cure!.message).toMatch(/`phonebridge-sync fix --only 12` sets its MyOperator e-mail to "Ravi@acme.in"/);
  });

  it('the fix line names the agent by extension only when no one else has it; else by uuid, so it never picks two people', () => {
    const a = audit(
      [zohoUser('Ravi@acme.in')],
      [moUser('ravi@acme.in', { id: 'u-ravi', name: 'Ravi', extension: '12' }), moUser('desk@acme.in', { id: 'u-desk', name: 'Desk', extension: '12' })],
    );
    // Extension 12 is two people's: the call is joined to Ravi by name.
    expect(a.add(answered('Ravi', '12'))).toBe('unattributable');
    const ravi = a.result().agents.find((t) => t.myoperator?.uuid === 'u-ravi')!;
    expect(ravi.cure!.message).toBe('`phonebridge-sync fix --only u-ravi` sets its MyOperator e-mail to "Ravi@acme.in".');
  });

  it('joins the agent by extension, then by name; an agent nobody has is unknown', () => {
    const a = audit([zohoUser('asha@acme.in')], [moUser('asha@acme.in', { name: 'Asha Rao', extension: '11' })]);
    expect(a.add(answered('Asha Rao', '77'))).toBe('attributable'); // extension changed since: found by name
    expect(a.add(answered('asha rao', ''))).toBe('attributable');
    expect(a.add(answered('Karan', '99'))).toBe('unknown-agent');
    const { summary, agents } = a.result();
    expect(summary).toEqual({ answered: 3, attributable: 2, unconfirmed: 0, unattributable: 0, unknownAgent: 1, leftUnmapped: 0, misattributed: 0 });
    expect(agents[0]).toMatchObject({ agent: { name: 'Karan', extension: '99' }, myoperator: null, cure: { kind: 'unknown-agent' } });
  });

  it('counts answered calls only: a missed leg is not one; a call without legs is judged by its status', () => {
    expect(answeringAgent({ status: '2', log_details: [{ action: 'missed', received_by: [] }] })).toEqual({ answered: false, agent: null });
    expect(answeringAgent({ status: '1' })).toEqual({ answered: true, agent: null });
    expect(answeringAgent({ status: 2, log_details: [] })).toEqual({ answered: false, agent: null });
    // the first leg rang out, the second was answered; received_by as a plain object, numbers as numbers
    expect(answeringAgent({ log_details: [{ action: 'missed' }, { action: 'Received', received_by: { name: 'Asha', extension: 11 } }] })).toEqual({
      answered: true,
      agent: { name: 'Asha', extension: '11' },
    });
  });

  it('names the cure: a map then fix for a suggested pair, a Zoho user to add for someone only MyOperator has, and the conflict', () => {
    const a = audit(
      [zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma', id: 'z-deepak' }), zohoUser('anil\u200b@acme.in', { name: 'Anil' })],
      [
        // User ids apart from every extension: map finds a user by its user id before its extension.
        moUser('deepak.vemra@acme.in', { name: 'Deepak Verma', extension: '18', id: 'm-deepak', userId: 'u-deepak' }),
        moUser('reception@acme.in', { name: 'Front Desk', extension: '10', userId: 'u-desk' }),
        moUser('anil@acme.in', { name: 'Anil', extension: '15', userId: 'u-anil' }),
      ],
    );
    a.add(answered('Deepak Verma', '18'));
    a.add(answered('Front Desk', '10'));
    a.add(answered('Front Desk', '10'));
    a.add(answered('Anil', '15'));
    const { agents } = a.result();
    expect(agents.map((x) => [x.agent.extension, x.unattributable, x.cure!.kind])).toEqual([
      ['10', 2, 'missing-zoho-user'],
      ['15', 1, 'conflict'],
      ['18', 1, 'map-then-fix'],
    ]);
    expect(agents[2]!.cure!.message).toContain('map --zoho deepak.verma@acme.in --myoperator 18');
    expect(agents[1]!.cure!.message).toMatch(/change it in Zoho/);
  });
});

describe('call audit, who PhoneBridge can show a call to', () => {
  it('an agent whose e-mail only an inactive Zoho user has is unattributable, with reactivation as the cure', () => {
    const a = audit(
      [zohoUser('farhan@acme.in', { active: false, status: 'disabled', name: 'Farhan' })],
      [moUser('farhan@acme.in', { name: 'Farhan', extension: '25' })],
    );
    expect(a.add(answered('Farhan', '25'))).toBe('unattributable');
    expect(a.result().agents[0]!.cure).toMatchObject({ kind: 'inactive-zoho-user', message: expect.stringMatching(/is "disabled": reactivate it in Zoho/) });
  });

  it('an agent whose e-mail only a Zoho user deleted in Zoho has (a users list that holds them) is not told to reactivate it: fix --only and doctor say there is nobody to switch back on', () => {
    const a = audit(
      [zohoUser('karan@acme.in', { active: false, status: 'deleted', name: 'Karan' }), zohoUser('asha@acme.in', { name: 'Asha' })],
      [moUser('karan@acme.in', { name: 'Karan', extension: '25' })],
    );
    expect(a.add(answered('Karan', '25'))).toBe('unattributable');
    expect(a.result().agents[0]!.cure).toEqual({
      kind: 'inactive-zoho-user',
      message:
        'Zoho user Karan <karan@acme.in> is deleted in Zoho (there is no user to reactivate): map this agent by hand to the Zoho user who takes its calls now, then `phonebridge-sync fix --only 25`, or stop routing calls to this agent.',
    });
  });

  it("an agent whose e-mail only an unconfirmed Zoho user has is unattributable (PhoneBridge takes active, confirmed users only), with confirming as the cure", () => {
    const a = audit(
      [zohoUser('pooja@acme.in', { name: 'Pooja Sharma', confirmed: false })],
      [moUser('pooja@acme.in', { name: 'Pooja', extension: '27' })],
    );
    expect(a.add(answered('Pooja', '27'))).toBe('unattributable');
    expect(a.result().summary).toEqual({ answered: 1, attributable: 0, unconfirmed: 0, unattributable: 1, unknownAgent: 0, leftUnmapped: 0, misattributed: 0 });
    expect(a.result().agents[0]!.cure).toEqual({
      kind: 'unconfirmed-zoho-user',
      message:
        "Zoho user Pooja Sharma <pooja@acme.in> has not accepted Zoho's invitation (not confirmed), and PhoneBridge gives calls to confirmed users only: have them accept it (an admin can resend it from Zoho's Setup → Users), or stop routing calls to this agent.",
    });
  });

  it('an e-mail an active and a disabled Zoho user share is not counted attributable but unconfirmed (which MyOperator links is not known): the cure is to make the Zoho e-mails unique', () => {
    const a = audit(
      [zohoUser('asha@acme.in', { name: 'Asha' }), zohoUser('asha@acme.in', { name: 'Asha (old)', active: false, status: 'disabled' })],
      [moUser('asha@acme.in', { name: 'Asha', extension: '11' })],
    );
    expect(a.add(answered('Asha', '11'))).toBe('unconfirmed');
    expect(a.result().summary).toEqual({ answered: 1, attributable: 0, unconfirmed: 1, unattributable: 0, unknownAgent: 0, leftUnmapped: 0, misattributed: 0 });
    expect(a.result().agents[0]!.cure).toEqual({ kind: 'duplicate-email', message: 'Make the Zoho e-mails unique, so that "asha@acme.in" is the e-mail of the one Zoho user who takes this agent\'s calls.' });
    // None of the holders takes calls: unattributable, with the cure for the Zoho user who could.
    const off = audit(
      [zohoUser('asha@acme.in', { name: 'Asha', active: false, status: 'disabled' }), zohoUser('asha@acme.in', { name: 'Asha (old)', active: false, status: 'disabled' })],
      [moUser('asha@acme.in', { name: 'Asha', extension: '11' })],
    );
    expect(off.add(answered('Asha', '11'))).toBe('unattributable');
    expect(off.result().agents[0]!.cure?.kind).toBe('inactive-zoho-user');
  });

  it("a seat saved with one Zoho user whose e-mail is exactly another's gives its calls to that other: counted apart, not attributable, the agent listed with fix's own sentence", () => {
    // Counted attributable, with no agent line, while fix's plan called the pair a conflict.
    const asha = zohoUser('asha@acme.in', { id: 'z-asha', name: 'Asha' });
    const ravi = zohoUser('ravi@acme.in', { id: 'z-ravi', name: 'Ravi' });
    const desk = moUser('ravi@acme.in', { id: 'u-11', name: 'Desk 11', extension: '11' });
    const at = '2026-11-25T00:00:00.000Z';
    const a = audit([asha, ravi], [desk], [mappingOf(asha, desk, 'manual', at)]);
    expect(a.add(answered('Desk 11', '11'))).toBe('misattributed');
    expect(a.add(answered('Desk 11', '11'))).toBe('misattributed');
    const { summary, agents } = a.result();
    expect(summary).toEqual({ answered: 2, attributable: 0, unconfirmed: 0, unattributable: 0, unknownAgent: 0, leftUnmapped: 0, misattributed: 2 });
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatchObject({ misattributed: 2, unattributable: 0, myoperator: { uuid: 'u-11' } });
    expect(agents[0]!.cure).toEqual({
      kind: 'conflict',
      message:
        '`fix` cannot: PhoneBridge gives the calls of MyOperator user Desk 11 (ext 11) to Zoho user Ravi <ravi@acme.in> now: both have "ravi@acme.in". The change would take those calls from that Zoho user, so check the saved mapping (`phonebridge-sync map --unmap z-asha` removes it) first.',
    });
    // An account handed on (Ravi saved with another seat): still Asha's seat giving Ravi its calls, and fix's change is the cure.
    const newSeat = moUser('ravi.new@acme.in', { id: 'u-12', name: 'Ravi', extension: '12' });
    const handed = audit([asha, ravi], [desk, newSeat], [mappingOf(asha, desk, 'manual', at), mappingOf(ravi, newSeat, 'manual', at)]);
    expect(handed.add(answered('Desk 11', '11'))).toBe('misattributed');
    expect(handed.result().agents.find((x) => x.myoperator?.uuid === 'u-11')!.cure).toEqual({ kind: 'fix', message: '`phonebridge-sync fix --only 11` sets its MyOperator e-mail to "asha@acme.in".' });
    // Saved with the very Zoho user its e-mail is: attributable, as before.
    const own = audit([asha, ravi], [desk], [mappingOf(ravi, desk, 'manual', at)]);
    expect(own.add(answered('Desk 11', '11'))).toBe('attributable');
    expect(own.result().agents).toEqual([]);
  });

  it('an extension two MyOperator users share names nobody: the name decides', () => {
    const a = audit(
      [zohoUser('asha@acme.in'), zohoUser('ravi@acme.in')],
      [moUser('asha@acme.in', { name: 'Asha', extension: '11' }), moUser('ravi@acme.in', { name: 'Ravi', extension: '11' })],
    );
    expect(a.add(answered('Ravi', '11'))).toBe('attributable');
    expect(a.add(answered('Nobody', '11'))).toBe('unknown-agent');
  });

  it('a name two MyOperator users share names nobody either: neither one is credited with the call', () => {
    const a = audit(
      [zohoUser('asha@acme.in')],
      [moUser('asha@acme.in', { name: 'Asha', extension: '11' }), moUser('asha.r@acme.in', { name: 'Asha', extension: '12' })],
    );
    expect(a.add(answered('Asha', '77'))).toBe('unknown-agent');
  });

  it('a leg marked received with no agent named is an answered call, of an unknown agent', () => {
    expect(answeringAgent({ log_details: [{ action: 'received', received_by: [] }] })).toEqual({ answered: true, agent: null });
  });
});

describe('call audit, an agent whose MyOperator user is switched off', () => {
  const SWITCH_ON =
    "MyOperator user Vikram Singh is switched off (deactivated, or call availability off), and fix changes active users only: switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability)";
  // fix leaves a pair with an inactive user alone, and map says so: a cure that starts with `map` or `fix` could never work.
  it('is told to switch it back on first, then the fix for that agent: never `map` then `fix`', () => {
    const z = zohoUser('vikram.singh@acme.in', { name: 'Vikram Singh', id: 'z-vikram' });
    const m = moUser('vikram\u200b.singh@acme.in', { name: 'Vikram Singh', extension: '14', id: 'm-vikram', active: false });
    const a = audit([z], [m]);
    expect(a.add(answered('Vikram Singh', '14'))).toBe('unattributable');
    expect(a.result().agents[0]!.cure).toEqual({
      kind: 'inactive-myoperator-user',
      message: `${SWITCH_ON}, then \`phonebridge-sync fix --only 14\` sets its MyOperator e-mail to "vikram.singh@acme.in".`,
    });
  });

  it('a pair already saved is not to be mapped again: switch on, then fix, even when the e-mails are far apart', () => {
    const z = zohoUser('vikram.singh@acme.in', { name: 'Vikram Singh', id: 'z-vikram' });
    const m = moUser('vs.sales@acme.in', { name: 'Vikram Singh', extension: '14', id: 'm-vikram', active: false });
    const a = audit([z], [m], [mappingOf(z, m, 'manual', '2026-11-24T10:00:00.000Z')]);
    a.add(answered('Vikram Singh', '14'));
    const cure = a.result().agents[0]!.cure!;
    expect(cure).toEqual({
      kind: 'inactive-myoperator-user',
      message: `${SWITCH_ON}, then \`phonebridge-sync fix --only 14\` sets its MyOperator e-mail to "vikram.singh@acme.in".`,
    });
    expect(cure.message).not.toContain('map --zoho');
  });

  it('a pair saved to a Zoho user deleted in Zoho (a users list that holds them): not "reactivate" it, nor a fix --only that copies its e-mail', () => {
    const z = zohoUser('vikram.singh@acme.in', { name: 'Vikram Singh', id: 'z-vikram', active: false, status: 'deleted' });
    const m = moUser('vs.sales@acme.in', { name: 'Vikram Singh', extension: '14', id: 'm-vikram', active: false });
    const a = audit([z], [m], [mappingOf(z, m, 'manual', '2026-11-24T10:00:00.000Z')]);
    a.add(answered('Vikram Singh', '14'));
    expect(a.result().agents[0]!.cure).toEqual({
      kind: 'inactive-myoperator-user',
      message: `${SWITCH_ON}; its Zoho user Vikram Singh <vikram.singh@acme.in> is deleted in Zoho (there is no user to reactivate): then map this agent by hand to the Zoho user who takes its calls now, and \`phonebridge-sync fix --only 14\`.`,
    });
  });

  it('a likely pair not saved yet: switch on, then map and fix, naming the Zoho user; a Zoho user off too is to be reactivated', () => {
    const z = zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma', id: 'z-deepak', active: false, status: 'disabled' });
    const m = moUser('deepak.vemra@acme.in', { name: 'Deepak Verma', extension: '18', id: 'm-deepak', active: false });
    const a = audit([z], [m]);
    a.add(answered('Deepak Verma', '18'));
    expect(a.result().agents[0]!.cure!.message).toBe(
      "MyOperator user Deepak Verma is switched off (deactivated, or call availability off), and fix changes active users only: switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability) and reactivate Zoho user Deepak Verma <deepak.verma@acme.in> in Zoho, then, as it is probably Zoho user Deepak Verma <deepak.verma@acme.in>, `phonebridge-sync map --zoho deepak.verma@acme.in --myoperator 18` and `phonebridge-sync fix --only 18`.",
    );
  });
});

describe('call audit, a switched-off agent whose e-mail needs nothing more, or a Zoho user first', () => {
  // Where fix has nothing to do once the user is on, the cure does not say why fix leaves it alone.
  const switchOn = (who: string) =>
    `MyOperator user ${who} is switched off (deactivated, or call availability off): switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability)`;
  const switchOnThenFix = (who: string) =>
    `MyOperator user ${who} is switched off (deactivated, or call availability off), and fix changes active users only: switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability)`;

  it("its e-mail already the saved Zoho user's, byte for byte, both switched off: switch both back on, and no fix to run", () => {
    const z = zohoUser('vikram.singh@acme.in', { name: 'Vikram Singh', id: 'z-vikram', active: false, status: 'disabled' });
    const m = moUser('vikram.singh@acme.in', { name: 'Vikram Singh', extension: '14', id: 'm-vikram', active: false });
    const a = audit([z], [m], [mappingOf(z, m, 'manual', '2026-11-24T10:00:00.000Z')]);
    expect(a.add(answered('Vikram Singh', '14'))).toBe('unattributable');
    expect(a.result().agents[0]!.cure).toEqual({
      kind: 'inactive-myoperator-user',
      message: `${switchOn('Vikram Singh')} and reactivate Zoho user Vikram Singh <vikram.singh@acme.in> in Zoho.`,
    });
  });

  it("its e-mail already the active Zoho user's, byte for byte (a fix whose update switched it off): not attributable, and the cure is to switch it back on", () => {
    const z = zohoUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', id: 'z-ravi' });
    const m = moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '12', id: 'm-ravi', active: false });
    const a = audit([z], [m]);
    expect(a.add(answered('Ravi Kumar', '12'))).toBe('unattributable');
    expect(a.result().summary).toEqual({ answered: 1, attributable: 0, unconfirmed: 0, unattributable: 1, unknownAgent: 0, leftUnmapped: 0, misattributed: 0 });
    expect(a.result().agents[0]!.cure).toEqual({ kind: 'inactive-myoperator-user', message: `${switchOn('Ravi Kumar')}.` });
  });

  it('both switched off, not saved, its e-mail the Zoho user\'s: each side to switch back on is named', () => {
    const z = zohoUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', id: 'z-ravi', active: false, status: 'disabled' });
    const m = moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', extension: '12', id: 'm-ravi', active: false });
    const a = audit([z], [m]);
    expect(a.add(answered('Ravi Kumar', '12'))).toBe('unattributable');
    expect(a.result().agents[0]!.cure).toEqual({
      kind: 'inactive-myoperator-user',
      message: `${switchOn('Ravi Kumar')} and reactivate Zoho user Ravi Kumar <ravi.kumar@acme.in> in Zoho.`,
    });
  });

  it('nobody in Zoho with its e-mail, and no likely Zoho user: switch on, then add them in Zoho with that e-mail', () => {
    const z = zohoUser('asha.rao@acme.in', { name: 'Asha Rao', id: 'z-asha' });
    const m = moUser('kiran.das@acme.in', { name: 'Kiran Das', extension: '21', id: 'm-kiran', active: false });
    const a = audit([z], [m]);
    a.add(answered('Kiran Das', '21'));
    expect(a.result().agents[0]!.cure).toEqual({
      kind: 'inactive-myoperator-user',
      message: `${switchOnThenFix('Kiran Das')}, then either add them in Zoho with the e-mail "kiran.das@acme.in", which is all it takes (the two e-mails are then equal), or map them by hand to their Zoho user (\`phonebridge-sync map --myoperator 21 --zoho <zoho e-mail>\`) and then run \`phonebridge-sync fix --only 21\`.`,
    });
  });
});

describe('call audit, the commands its cures quote', () => {
  /** The words a POSIX shell makes of a quoted command, pasted as printed (nothing is run: the program is a function that prints its arguments). */
  const pastedWords = (message: string, command: string): string[] => {
    const quoted = new RegExp(`\`(phonebridge-sync ${command}[^\`]*)\``).exec(message)![1]!;
    return execFileSync('sh', ['-c', `phonebridge_sync() { printf '%s\\n' "$@"; }; ${quoted.replace('phonebridge-sync', 'phonebridge_sync')}`], { encoding: 'utf8' }).trimEnd().split('\n');
  };

  it('a remote id with shell characters in it stays one argument when the suggested map is pasted, and runs nothing', () => {
    const zId = '48159; echo injected';
    const mId = "m'1 $(echo x)";
    // The users are named by id and uuid only where no e-mail or extension names them alone (myOperatorWord): here a second Zoho user holds the e-mail, a second seat the extension.
    const a = audit(
      [zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma', id: zId }), zohoUser('deepak.verma@acme.in', { name: 'D Verma', id: 'z-other', active: false, status: 'deleted' })],
      [moUser('deepak.vemra@acme.in', { name: 'Deepak Verma', extension: '18', id: mId }), moUser('desk@acme.in', { name: 'Front Desk', extension: '18' })],
    );
    a.add(answered('Deepak Verma', '18'));
    const cure = a.result().agents[0]!.cure!;
    expect(cure.kind).toBe('map-then-fix');
    expect(pastedWords(cure.message, 'map')).toEqual(['map', '--zoho', zId, '--myoperator', mId]);
  });
});

describe('call audit, the Zoho user a cure names', () => {
  it("names the Zoho user the matcher pairs the agent with, not another one that has the agent only as a weaker candidate", () => {
    // Deepak is paired with his own phone (ext 11); ext 12 resembles him less, and is paired with Verma D.
    const deepak = zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma', id: 'z-deepak' });
    const verma = zohoUser('verma.d@acme.in', { name: 'Verma D', id: 'z-verma' });
    const a = audit(
      [deepak, verma],
      [moUser('deepak.verma@acme.co', { name: 'Deepak Verma', id: 'm-deepak', extension: '11' }), moUser('verma.d@acme.co', { name: 'Deepak Verma', id: 'm-verma', extension: '12' })],
    );
    expect(a.add(answered('', '12'))).toBe('unattributable');
    const cure = a.result().agents[0]!.cure!;
    expect(cure.kind).toBe('map-then-fix');
    expect(cure.message).toBe('Probably Zoho user Verma D <verma.d@acme.in> (suggested): confirm the pair with `phonebridge-sync map --zoho verma.d@acme.in --myoperator 12`, then set its MyOperator e-mail with `phonebridge-sync fix --only 12`.');
  });

  it('a switched-off agent is told to map the Zoho user the matcher pairs it with', () => {
    const deepak = zohoUser('deepak.verma@acme.in', { name: 'Deepak Verma', id: 'z-deepak' });
    const verma = zohoUser('verma.d@acme.in', { name: 'Verma D', id: 'z-verma' });
    const a = audit(
      [deepak, verma],
      [
        moUser('deepak.verma@acme.co', { name: 'Deepak Verma', id: 'm-deepak', extension: '11' }),
        moUser('verma.d@acme.co', { name: 'Deepak Verma', id: 'm-verma', extension: '12', active: false }),
      ],
    );
    a.add(answered('', '12'));
    const cure = a.result().agents[0]!.cure!;
    expect(cure.kind).toBe('inactive-myoperator-user');
    expect(cure.message).toContain('map --zoho verma.d@acme.in --myoperator 12');
  });
});

describe('call audit, which agent answered', () => {
  it('a received leg naming several agents is credited to the first, as doctor --webhook reads a payload', () => {
    const call: CallLog = { log_details: [{ action: 'received', received_by: [{ name: 'Asha', extension: '11' }, { name: 'Ravi', extension: '12' }] }] };
    expect(answeringAgent(call)).toEqual({ answered: true, agent: { name: 'Asha', extension: '11' } });
    expect(parseCallPayload('call.json', JSON.stringify({ _ld: [{ _rr: [{ _na: 'Asha', _ex: '11' }, { _na: 'Ravi', _ex: '12' }] }] })).agent).toMatchObject({ name: 'Asha', extension: '11' });
  });

  it('a call without legs whose status is the word "answered" is an answered call', () => {
    expect(answeringAgent({ status: 'Answered' })).toEqual({ answered: true, agent: null });
    expect(answeringAgent({ status: 'missed' })).toEqual({ answered: false, agent: null });
  });

  it("the extension decides before the name: a call at another user's extension is not given to the one who has the agent's name", () => {
    const a = audit(
      [zohoUser('asha@acme.in'), zohoUser('asha.rao@acme.in')],
      // Extension 11's user was renamed; the old name is someone else's now.
      [moUser('Asha@acme.in', { name: 'Asha Rao', extension: '11', id: 'u-11' }), moUser('asha.rao@acme.in', { name: 'Asha', extension: '12' })],
    );
    expect(a.add(answered('Asha', '11'))).toBe('unattributable');
    expect(a.result().agents.map((t) => t.myoperator?.uuid)).toEqual(['u-11']);
  });

  it('an extension MyOperator holds with spaces around it is still that agent', () => {
    const a = audit([zohoUser('asha@acme.in')], [moUser('asha@acme.in', { name: 'Asha', extension: ' 11 ' })]);
    expect(a.add(answered('', '11'))).toBe('attributable');
  });

  it('one user found under two extensions (it changed during the period) is one row, its calls added up', () => {
    const a = audit([zohoUser('Ravi@acme.in')], [moUser('ravi@acme.in', { name: 'Ravi', extension: '12', id: 'u-ravi' })]);
    a.add(answered('Ravi', '12'));
    a.add(answered('Ravi', '77'));
    expect(a.result().agents.map((t) => [t.myoperator?.uuid, t.answered, t.unattributable])).toEqual([['u-ravi', 2, 2]]);
  });

  it('a switched-off agent whose e-mail a Zoho user already holds is not told to add a Zoho user with it', () => {
    // A deleted Zoho user holds it: it competes for nobody, so the matcher names no one for the agent.
    const a = audit(
      [zohoUser('kiran.das@acme.in', { name: 'Kiran Das', active: false, status: 'deleted' })],
      [moUser('kiran.das@acme.in', { name: 'Kiran Das', extension: '21', active: false })],
    );
    expect(a.add(answered('Kiran Das', '21'))).toBe('unattributable');
    const cure = a.result().agents[0]!.cure!;
    expect(cure.kind).toBe('inactive-myoperator-user');
    expect(cure.message).not.toMatch(/add them in Zoho/);
  });
});

describe('call audit: an agent no Zoho user resembles', () => {
  // Added in Zoho with the agent's very e-mail, the pair is attributed as it is: fix would find
  // nothing to set, so its `fix --only` goes with the by-hand map alone. A shared line (a reception
  // desk) may rightly have no Zoho user, as fix's "Left to settle" says: "add them in Zoho" alone
  // sent an admin to buy a CRM seat for it.
  it('with an e-mail: adding them in Zoho with it needs no fix; mapping by hand does; a shared line can stay', () => {
    const a = audit([zohoUser('asha.rao@acme.in', { name: 'Asha Rao' })], [moUser('reception@acme.in', { name: 'Front Desk', extension: '10' })]);
    a.add(answered('Front Desk', '10'));
    expect(a.result().agents[0]!.cure).toEqual({
      kind: 'missing-zoho-user',
      message:
        'No Zoho user still unmatched resembles Front Desk: either add them in Zoho with the e-mail "reception@acme.in", which is all it takes (the two e-mails are then equal), or map them by hand to their Zoho user (`phonebridge-sync map --myoperator 10 --zoho <zoho e-mail>`) and then run `phonebridge-sync fix --only 10`; a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 10` leaves it unmapped on purpose.',
    });
  });

  it('without an e-mail: add them if missing, map them, then fix; a shared line can stay', () => {
    const a = audit([zohoUser('asha.rao@acme.in', { name: 'Asha Rao' })], [moUser('', { name: 'Night Shift', extension: '31' })]);
    a.add(answered('Night Shift', '31'));
    expect(a.result().agents[0]!.cure!.message).toBe(
      'No Zoho user still unmatched resembles Night Shift: add them in Zoho if they are missing, map them by hand to their Zoho user (`phonebridge-sync map --myoperator 31 --zoho <zoho e-mail>`), then `phonebridge-sync fix --only 31`; a shared line can stay as it is: `phonebridge-sync map --ignore-myoperator 31` leaves it unmapped on purpose.',
    );
  });
});

describe('call audit: which agents are lines that may stay as they are (doctor --calls\' closing step asks)', () => {
  // The closing step sent a reception desk's admin to "a change in Zoho …; then `fix`", though the
  // desk's own line says it can stay as it is: the step must know which agents those lines are.
  it('a line on duty no Zoho user claims, with an e-mail or none, may stay; one matched, one switched off, or one nobody has may not', () => {
    const desk = moUser('reception@acme.in', { name: 'Front Desk', extension: '10', id: 'u-desk' });
    const night = moUser('', { name: 'Night Shift', extension: '31', id: 'u-night' });
    const asha = moUser('asha.rao@acme.in', { name: 'Asha Rao', extension: '11', id: 'u-asha' });
    const off = moUser('old@acme.in', { name: 'Old Desk', extension: '32', id: 'u-off', active: false });
    const a = audit([zohoUser('asha.rao@acme.in', { name: 'Asha Rao' })], [desk, night, asha, off]);
    for (const [name, ext] of [['Front Desk', '10'], ['Night Shift', '31'], ['Old Desk', '32']] as const) a.add(answered(name, ext));
    expect(Object.fromEntries(a.result().agents.map((t) => [t.agent.name, [t.cure!.kind, a.mayStay(t.myoperator!.uuid)]]))).toEqual({
      'Front Desk': ['missing-zoho-user', true],
      'Night Shift': ['missing-zoho-user', true],
      'Old Desk': ['inactive-myoperator-user', false],
    });
    expect([a.mayStay('u-asha'), a.mayStay('u-nobody')]).toEqual([false, false]);
  });
});

describe("call audit: an agent alone beside one its look-alike Zoho user was matched to", () => {
  it('a second MyOperator seat of Asha (plus tag) is not told "no Zoho user resembles" her, as match no longer says it', () => {
    const asha = zohoUser('asha.rao@acme.in', { name: 'Asha Rao' });
    const a = audit([asha], [moUser('asha.rao@acme.in', { name: 'Asha Rao', extension: '11' }), moUser('asha.rao+desk@acme.in', { name: 'Asha Rao', extension: '12' })]);
    expect(a.add(answered('Asha Rao', '12'))).toBe('unattributable');
    const cure = a.result().agents[0]!.cure!;
    expect(cure.kind).toBe('missing-zoho-user');
    expect(cure.message).toMatch(/^No Zoho user still unmatched resembles Asha Rao: either add them in Zoho with the e-mail "asha\.rao\+desk@acme\.in"/);
  });
});

describe("call audit: a change MyOperator did not take when fix last sent it, as the history recorded it", () => {
  const zoho = zohoUser('Ravi@acme.in', { name: 'Ravi', id: 'z-ravi' });
  const seat = moUser('ravi@acme.in', { name: 'Ravi', extension: '12', id: 'm-ravi' });
  /** The audit of Ravi's call, reading a history of fix's own lines: [time, result, detail, the e-mail sent if not Zoho's now]. */
  function cureAfter(lines: Array<[string, FixResult | 'sending', string?, string?]>, extra = '', now: MyOperatorUser = seat) {
    const t = tempDir();
    try {
      const plan = (m: MyOperatorUser) => {
        const report = matchUsers({ zoho: [zoho], myoperator: [m], ...savedPairs({ mappings: [], ignored: [] }) });
        return { report, plan: planFix({ zoho: [zoho], myoperator: [m], mappings: [], report }) };
      };
      // The lines are of the change fix planned while the seat was on; `now` is the seat as the audit reads it.
      const sent = plan(seat).plan[0]!;
      const file = join(t.dir, 'default.history.jsonl');
      writeFileSync(file, lines.map(([time, result, detail, to]) => JSON.stringify({ time, command: 'fix', user: 'admin', ...historyLine({ ...sent, to: to ?? sent.to }, result, seat.email, detail) })).join('\n') + `\n${extra}`);
      const notTaken = changesNotTaken(() => new MappingStore(join(t.dir, 'default.json')).readHistory());
      const { report, plan: planNow } = plan(now);
      const a = new CallAudit([zoho], [now], planNow, report, [], (uuid) => notTaken.get(uuid));
      a.add(answered('Ravi', '12'));
      return a.result().agents[0]!.cure!;
    } finally {
      t.cleanup();
    }
  }
  // With seconds, as `list history` shows the line: the time said is the line to look for there.
  const T = '2026-12-01T10:00:26.000Z';
  const PANEL = `set it by hand in MyOperator's panel: Manage → Users → Ravi → e-mail, set it to "Ravi@acme.in".`;

  it('refused: says when (to the second, as list history shows that line) and what MyOperator answered, and gives the panel, not the `fix --only` that just failed', () => {
    const cure = cureAfter([[T, 'sending'], [T, 'not-applied', 'MyOperator refused: email cannot be updated through the API (code 400)']]);
    expect(cure).toEqual({
      kind: 'set-by-hand',
      message: `MyOperator did not take the change fix sent on 2026-12-01 10:00:26 UTC (it refused: "email cannot be updated through the API (code 400)"): ${PANEL}`,
    });
  });

  // A record that quotes MyOperator's words itself was quoted again: "(it refused: "HTTP 404: "User not found"")".
  it('a refusal whose record quotes MyOperator itself (a 4xx body, a status word) is said as recorded, once-quoted', () => {
    for (const [recorded, said] of [
      ['HTTP 404: "User not found"', 'it refused: HTTP 404: "User not found"'],
      ['HTTP 422: E_EMAIL "Invalid email" (field: email)', 'it refused: HTTP 422: E_EMAIL "Invalid email" (field: email)'],
      ['status "failed": duplicate', 'it refused: status "failed": duplicate'],
      // Without quotes of its own, the record is still quoted once.
      ['HTTP 404', 'it refused: "HTTP 404"'],
    ] as const)
      expect(cureAfter([[T, 'not-applied', `MyOperator refused: ${recorded}`]]).message).toBe(`MyOperator did not take the change fix sent on 2026-12-01 10:00:26 UTC (${said}): ${PANEL}`);
  });

  it('answered success but left the e-mail as it was: the same, quoting what the read-back showed; a control character in the record is shown, not sent', () => {
    expect(cureAfter([[T, 'not-applied', 'MyOperator answered success, but the e-mail is still "ravi@acme.in"']]).message).toBe(
      `MyOperator did not take the change fix sent on 2026-12-01 10:00:26 UTC (it answered success, but the e-mail is still "ravi@acme.in"; not set now either, so it did not take): ${PANEL}`,
    );
    // fix's "it may yet take" was true when fix ran; doctor reads the e-mail unset now, and says so instead.
    expect(cureAfter([[T, 'not-applied', 'MyOperator answered success, but the e-mail is still "ravi@acme.in" on two reads 5 s apart; if MyOperator is only slow to show it, it may yet take']]).message).toBe(
      `MyOperator did not take the change fix sent on 2026-12-01 10:00:26 UTC (it answered success, but the e-mail is still "ravi@acme.in" on two reads 5 s apart; not set now either, so it did not take): ${PANEL}`,
    );
    expect(cureAfter([[T, 'not-applied', 'MyOperator refused: no\u001b[2J']]).message).toContain('(it refused: "no<U+001B>[2J")');
  });

  it('a long record is quoted whole, its e-mails never cut; one too long to quote whole is not quoted in part', () => {
    // fix's own detail of a change left in lower case, with an e-mail of 150 characters: it was cut at 200, "…where PhoneBridge needs the…".
    const long = `${'r'.repeat(136)}@acme.in`;
    const said = `the e-mail is still "${long}" on two reads 300 ms apart; that is the one sent, in lower case: MyOperator ignored the change, or keeps e-mails lower-cased, where PhoneBridge needs the Zoho letter case`;
    expect(cureAfter([[T, 'not-applied', `MyOperator answered success, but ${said}; if MyOperator is only slow to show it, it may yet take`]]).message).toBe(
      `MyOperator did not take the change fix sent on 2026-12-01 10:00:26 UTC (it answered success, but ${said}; not set now either, so it did not take): ${PANEL}`,
    );
    // A hand-edited line of many sentences: its first whole; of one endless sentence, none of it.
    const endless = 'x'.repeat(5000);
    expect(cureAfter([[T, 'not-applied', `MyOperator refused: email cannot be updated. It said ${endless}`]]).message).toBe(
      `MyOperator did not take the change fix sent on 2026-12-01 10:00:26 UTC (it refused: "email cannot be updated."): ${PANEL}`,
    );
    expect(cureAfter([[T, 'not-applied', `MyOperator refused: ${endless}`]]).message).toBe(
      `MyOperator did not take the change fix sent on 2026-12-01 10:00:26 UTC (it refused; \`list history\` shows its answer): ${PANEL}`,
    );
    expect(cureAfter([[T, 'not-applied', `MyOperator answered success, but ${endless}`]]).message).toBe(
      `MyOperator did not take the change fix sent on 2026-12-01 10:00:26 UTC (it answered success, but left the e-mail as it was, and it is not set now either; \`list history\` shows what fix read back): ${PANEL}`,
    );
  });

  it('a later line that took, or a change never sent or stopped by what a later run cures, or no history, or a broken one: fix --only as before', () => {
    const fixOnly = { kind: 'fix', message: '`phonebridge-sync fix --only 12` sets its MyOperator e-mail to "Ravi@acme.in".' };
    expect(cureAfter([[T, 'not-applied', 'MyOperator refused: no'], ['2026-12-02T10:00:00.000Z', 'applied']])).toEqual(fixOnly);
    expect(cureAfter([[T, 'not-applied', 'not sent: MyOperator rejected the API token on an earlier change']])).toEqual(fixOnly);
    expect(cureAfter([[T, 'not-applied', 'MyOperator refused it for too many requests: 429']])).toEqual(fixOnly);
    // fix's rate-limit detail since it said the refusal once: HTTP's own sentence, for a later run too.
    expect(cureAfter([[T, 'not-applied', 'MyOperator refused PUT https://api.example/user with HTTP 429 (too many requests)']])).toEqual(fixOnly);
    expect(cureAfter([])).toEqual(fixOnly);
    expect(cureAfter([[T, 'not-applied', 'MyOperator refused: no']], '{oops\n')).toEqual(fixOnly);
  });

  it('refused, and the user switched off since: the switch-on cure, then the panel, not the `fix --only` MyOperator refused', () => {
    const off = { ...seat, active: false };
    const SWITCH_ON = "MyOperator user Ravi is switched off (deactivated, or call availability off): switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability)";
    expect(cureAfter([[T, 'not-applied', 'MyOperator refused: no']], '', off)).toEqual({
      kind: 'inactive-myoperator-user',
      message: `${SWITCH_ON}. MyOperator did not take the change fix sent on 2026-12-01 10:00:26 UTC (it refused: "no"): ${PANEL}`,
    });
    // A later change that took, or none refused: the `fix --only` it will need once on, as before.
    expect(cureAfter([[T, 'not-applied', 'MyOperator refused: no'], ['2026-12-02T10:00:00.000Z', 'applied']], '', off).message).toMatch(
      /, and fix changes active users only: .*, then `phonebridge-sync fix --only 12` sets its MyOperator e-mail to "Ravi@acme\.in"\.$/,
    );
  });

  it("refused an e-mail Zoho's has changed from since: fix --only sends one MyOperator never refused, and is the cure", () => {
    expect(cureAfter([[T, 'not-applied', 'MyOperator refused: email already in use (code 400)', 'ravi.old@acme.in']])).toEqual({
      kind: 'fix',
      message: '`phonebridge-sync fix --only 12` sets its MyOperator e-mail to "Ravi@acme.in".',
    });
  });

  it('the history is asked about only an agent whose cure would be fix --only', () => {
    const asked: string[] = [];
    const report = matchUsers({ zoho: [zoho], myoperator: [seat], ...savedPairs({ mappings: [], ignored: [] }) });
    const desk = moUser('desk@acme.in', { name: 'Desk', extension: '10', id: 'm-desk' });
    const a = new CallAudit([zoho], [seat, desk], planFix({ zoho: [zoho], myoperator: [seat, desk], mappings: [], report }), report, [], (uuid) => void asked.push(uuid));
    a.add(answered('Desk', '10'));
    expect(a.result().agents[0]!.cure!.kind).toBe('missing-zoho-user');
    a.add(answered('Ravi', '12'));
    a.result();
    expect(asked).toEqual(['m-ravi']);
  });
});

describe('call audit, Zoho users whose e-mails differ only in case', () => {
  // Both are ambiguous with the agent at one confidence (0.48 in match): the report lists "RAVI…"
  // first (its bytes sort first), which the cure named whatever the agent's name said.
  const users = (names: [string, string]) => ({
    zoho: [zohoUser('Ravi.Kumar@acme.in', { name: names[0], id: 'z-ravi' }), zohoUser('RAVI.KUMAR@acme.in', { name: names[1], id: 'z-caps' })],
    myoperator: [moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', id: 'm-ravi', extension: '12' })],
  });

  it("names the one whose name is the agent's, for --calls", () => {
    const { zoho, myoperator } = users(['Ravi Kumar', 'R K Sales']);
    const a = audit(zoho, myoperator);
    expect(a.add(answered('Ravi Kumar', '12'))).toBe('unattributable');
    const cure = a.result().agents[0]!.cure!;
    expect(cure.kind).toBe('map-then-fix');
    expect(cure.message).toBe(
      "Probably Zoho user Ravi Kumar <Ravi.Kumar@acme.in> (ambiguous: Zoho user R K Sales <RAVI.KUMAR@acme.in> is as likely, but only this one has the agent's name): confirm the pair with `phonebridge-sync map --zoho Ravi.Kumar@acme.in --myoperator 12`, then set its MyOperator e-mail with `phonebridge-sync fix --only 12`.",
    );
  });

  it("names the one whose name the call's agent has, for --webhook, when MyOperator's user has no name", () => {
    const { zoho, myoperator } = users(['Ravi Kumar', 'R K Sales']);
    const nameless = [{ ...myoperator[0]!, name: '' }];
    const cure = audit(zoho, nameless).cureForAgent({ name: 'Ravi Kumar', extension: '12' }, nameless[0]);
    expect(cure?.message).toMatch(/^Probably Zoho user Ravi Kumar <Ravi\.Kumar@acme\.in> \(ambiguous: Zoho user R K Sales <RAVI\.KUMAR@acme\.in> is as likely, but only this one has the agent's name\): confirm the pair with `phonebridge-sync map --zoho Ravi\.Kumar@acme\.in --myoperator 12`/);
  });

  it('when the names do not tell them apart, it stays a tie and says so, naming neither as the probable one', () => {
    for (const [names, why] of [
      [['Ravi Kumar', 'Ravi Kumar'], 'and both have the agent\'s name'],
      [['R K Sales', 'R Kumar'], 'and neither has the agent\'s name'],
    ] as const) {
      const { zoho, myoperator } = users([...names]);
      const a = audit(zoho, myoperator);
      a.add(answered('Ravi Kumar', '12'));
      const cure = a.result().agents[0]!.cure!;
      expect(cure.kind).toBe('map-then-fix');
      expect(cure.message).toBe(
        `Zoho users ${names[1]} <RAVI.KUMAR@acme.in> and ${names[0]} <Ravi.Kumar@acme.in> are as likely to be this agent (ambiguous), ${why}: confirm the pair with the one that is theirs (\`phonebridge-sync map --zoho <zoho e-mail> --myoperator 12\`), then set its MyOperator e-mail with \`phonebridge-sync fix --only 12\`.`,
      );
    }
  });
});

// Switched off, such an agent was told "switch it back on …, then `fix --only 12` sets its MyOperator
// e-mail to "RAVI.KUMAR@…"": fix plans no ambiguous pair, so once on, that fix --only said "not in
// the plan: … ambiguous, not confirmed: save the pair with `map`". The pair is mapped first.
describe('call audit, a switched-off agent two Zoho users match by e-mail up to case', () => {
  const switchOn =
    "MyOperator user Ravi Kumar is switched off (deactivated, or call availability off), and fix changes active users only: switch it back on in MyOperator's panel (Manage → Users: activate the user, or ⋮ → Set Call Availability)";
  const cureOf = (names: [string, string]) => {
    const zoho = [zohoUser('Ravi.Kumar@acme.in', { name: names[0], id: 'z-ravi' }), zohoUser('RAVI.KUMAR@acme.in', { name: names[1], id: 'z-caps' })];
    const a = audit(zoho, [moUser('ravi.kumar@acme.in', { name: 'Ravi Kumar', id: 'm-ravi', extension: '12', active: false })]);
    expect(a.add(answered('Ravi Kumar', '12'))).toBe('unattributable');
    return a.result().agents[0]!.cure!;
  };

  it("switch on, then map the one whose name is the agent's, then fix", () => {
    expect(cureOf(['Ravi Kumar', 'R K Sales'])).toEqual({
      kind: 'inactive-myoperator-user',
      message: `${switchOn}, then, as it is probably Zoho user Ravi Kumar <Ravi.Kumar@acme.in>, \`phonebridge-sync map --zoho Ravi.Kumar@acme.in --myoperator 12\` and \`phonebridge-sync fix --only 12\`.`,
    });
  });

  it('switch on, then map the one of them that is theirs, then fix, when the names do not tell them apart', () => {
    expect(cureOf(['R K Sales', 'R Kumar'])).toEqual({
      kind: 'inactive-myoperator-user',
      message: `${switchOn}, then, as it is one of Zoho users R Kumar <RAVI.KUMAR@acme.in> and R K Sales <Ravi.Kumar@acme.in> (as likely as each other, and neither has the agent's name), \`phonebridge-sync map --zoho <zoho e-mail> --myoperator 12\` with the one that is theirs and \`phonebridge-sync fix --only 12\`.`,
    });
  });
});

// A Zoho user with no name, among those as likely: named by id, as every other sentence of this file
// names one, not " <e-mail>" with nothing before it.
it('names a Zoho user with no name by its id beside its e-mail', async () => {
  const { zohoNamed } = await import('../../src/core/likely-zoho.js');
  expect(zohoNamed(zohoUser('ravi@acme.in', { name: '', id: 'z-ravi' }))).toBe('z-ravi <ravi@acme.in>');
  expect(zohoNamed(zohoUser('ravi@acme.in', { name: 'Ravi Kumar', id: 'z-ravi' }))).toBe('Ravi Kumar <ravi@acme.in>');
});
